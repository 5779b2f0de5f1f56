import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/cart/define';
import type { CkCart } from '../../components/cart/cart';
import { cartStore, checkoutDraftStore } from '../../components/core/store';
import { apiError, mockApi, type MockApi } from '../../stories/support/mock-api';
import { resetStores } from '../../stories/support/seed';
import { waitUntil } from '../helpers/wait-until';

const q = (el: Element, s: string) => el.shadowRoot!.querySelector(s) as HTMLElement;

/** Each refusal code of the proxy's coupon rules, and the sentence the cart shows for it. */
const REFUSALS: Array<[string, string]> = [
  ['coupon_invalid', "This code isn't valid for your cart."],
  ['coupon_expired', 'This code has expired.'],
  ['coupon_not_started', "This code isn't valid yet."],
  ['coupon_currency', "This code isn't valid in the currency you chose."],
  ['coupon_min_subtotal', 'Your cart is below the minimum amount for this code.'],
  ['coupon_not_applicable', "This code doesn't apply to the items in your cart."],
  ['coupon_used_up', 'This code has been used up.'],
  ['coupon_customer_limit', "You've already used this code as many times as it allows."],
  ['coupon_first_order_only', 'This code is for your first order only.'],
];

async function refusedWith(code: string, lang = 'en') {
  const api = mockApi({ 'POST /api/orders/quote': apiError(400, code, { fields: [{ path: 'coupon', message: code }] }) });
  cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD' });
  const wrapper = await fixture<HTMLDivElement>(html`<div lang=${lang}><ck-cart></ck-cart></div>`);
  const el = wrapper.querySelector<CkCart>('ck-cart')!;
  await el.updateComplete;
  (q(el, '[part="coupon-input"]') as HTMLInputElement).focus();
  await sendKeys({ type: 'SOMECODE' });
  await sendKeys({ press: 'Enter' });
  await waitUntil(() => q(el, '#coupon-error'), 'the refusal');
  return { el, api };
}

describe('ck-cart: each coupon refusal in its own words', () => {
  let api: MockApi | undefined;
  beforeEach(() => resetStores());
  afterEach(() => api?.restore());

  for (const [code, sentence] of REFUSALS) {
    it(`${code}: "${sentence}"`, async () => {
      const result = await refusedWith(code);
      api = result.api;
      expect(q(result.el, '#coupon-error').textContent).to.equal(sentence);
      expect(q(result.el, '[part="coupon-input"]').getAttribute('aria-invalid')).to.equal('true');
      expect(checkoutDraftStore().value?.coupon).to.equal(undefined, 'a refused code is not kept');
    });
  }

  it('localized: first order only, in Japanese', async () => {
    const result = await refusedWith('coupon_first_order_only', 'ja');
    api = result.api;
    expect(q(result.el, '#coupon-error').textContent).to.equal('このコードは初回のご注文のみ使用できます。');
  });
});
