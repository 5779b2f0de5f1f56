import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/gift-card-balance/define';
import type { CkGiftCardBalance } from '../../components/gift-card-balance/gift-card-balance';
import { apiError, mockApi, type MockApi } from '../../stories/support/mock-api';
import { GIFT_CARD } from '../../stories/support/recorded';
import { waitUntil } from '../helpers/wait-until';

const q = <T extends HTMLElement = HTMLElement>(el: CkGiftCardBalance, s: string) => el.shadowRoot!.querySelector<T>(s)!;
const input = (el: CkGiftCardBalance) => q<HTMLInputElement>(el, 'input');

async function check(el: CkGiftCardBalance, code: string) {
  input(el).focus();
  await sendKeys({ type: code });
  q<HTMLButtonElement>(el, '[part="button"]').click();
}

describe('ck-gift-card-balance', () => {
  let api: MockApi;
  afterEach(() => api.restore());

  it('is a labelled code field with its hint and a button, accessible', async () => {
    api = mockApi();
    const el = await fixture<CkGiftCardBalance>(html`<ck-gift-card-balance></ck-gift-card-balance>`);
    expect(q(el, '[part="title"]').textContent).to.contain('Gift card balance');
    expect(input(el).labels?.[0]?.textContent).to.equal('Gift card code');
    expect(input(el).autocomplete).to.equal('off');
    expect(input(el).getAttribute('aria-describedby')).to.contain('hint');
    expect(q(el, '#hint').textContent).to.contain('16 letters and digits');
    await expect(el).to.be.accessible();
  });

  it('shows the balance, expiry and last four of a card, asking with the code in the body (never the URL), and tells the page', async () => {
    api = mockApi();
    const el = await fixture<CkGiftCardBalance>(html`<ck-gift-card-balance></ck-gift-card-balance>`);
    const found = oneEvent(el, 'ck-gift-card-balance');
    await check(el, GIFT_CARD.code.toLowerCase());
    const { detail } = await found;
    expect(detail).to.deep.equal({ balance: 35000, currency: 'HKD', expiresAt: '2028-12-06T00:00:00.000Z', expired: false, last4: 'P3CA' });
    expect(JSON.stringify(detail)).not.to.contain('M2XD');
    const call = api.calls.find((c) => c.path.endsWith('/api/gift-cards/balance'))!;
    expect(call.method).to.equal('POST');
    expect(call.path).not.to.contain('7KQ4');
    expect(call.body).to.deep.equal({ code: GIFT_CARD.code.toLowerCase() });
    await el.updateComplete;
    const result = q(el, '[part="result"]');
    expect(result.textContent).to.contain('The gift card ending P3CA has HK$350.00 to spend.').and.contain('Valid until December 6, 2028');
    expect(q(el, '[aria-live="polite"]').contains(result)).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('says when a card has expired or has nothing left', async () => {
    api = mockApi();
    const el = await fixture<CkGiftCardBalance>(html`<ck-gift-card-balance></ck-gift-card-balance>`);
    await check(el, GIFT_CARD.expired);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="result"]'), 'the expired card is shown');
    expect(q(el, '[part="result"]').textContent).to.contain('This gift card expired on March 31, 2025.');
    input(el).value = '';
    input(el).dispatchEvent(new InputEvent('input'));
    await check(el, GIFT_CARD.empty);
    await waitUntil(() => q(el, '[part="result"]')?.textContent?.includes('nothing left'), 'the spent card is shown');
    await expect(el).to.be.accessible();
  });

  it('checks the field before asking: empty or not 16 characters is said under the field, nothing is sent', async () => {
    api = mockApi();
    const el = await fixture<CkGiftCardBalance>(html`<ck-gift-card-balance></ck-gift-card-balance>`);
    q<HTMLButtonElement>(el, '[part="button"]').click();
    await el.updateComplete;
    expect(q(el, '.field-error').textContent).to.equal('Enter a gift card code.');
    expect(input(el).getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.activeElement).to.equal(input(el));
    await check(el, 'ABCD-1234');
    await el.updateComplete;
    expect(q(el, '.field-error').textContent).to.equal('A gift card code has 16 letters and digits.');
    expect(api.calls.filter((c) => c.path.endsWith('/api/gift-cards/balance'))).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('a wrong code and too many tries are announced as alerts, with the wait', async () => {
    api = mockApi();
    const el = await fixture<CkGiftCardBalance>(html`<ck-gift-card-balance></ck-gift-card-balance>`);
    await check(el, 'AAAA-BBBB-CCCC-DDDD');
    await waitUntil(() => el.shadowRoot!.querySelector('[part="alert"]'), 'the alert');
    expect(q(el, '[part="alert"]').getAttribute('role')).to.equal('alert');
    expect(q(el, '[part="alert"]').textContent).to.contain("This code doesn't match a gift card.");
    expect(input(el).getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();

    api.set('POST /api/gift-cards/balance', apiError(429, 'gift_card_guesses', { message: 'Too many wrong gift-card codes.', headers: { 'retry-after': '840' } }));
    q<HTMLButtonElement>(el, '[part="button"]').click();
    await waitUntil(() => q(el, '[part="alert"]')?.textContent?.includes('840'), 'the wait');
    expect(q(el, '[part="alert"]').textContent).to.contain('Too many attempts. Please wait 840 seconds');
  });

  it('reads in Arabic, right to left', async () => {
    api = mockApi();
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="ar"><ck-gift-card-balance></ck-gift-card-balance></div>`);
    const el = wrapper.querySelector<CkGiftCardBalance>('ck-gift-card-balance')!;
    await waitUntil(() => q(el, '[part="title"]')?.textContent?.includes('رصيد بطاقة الهدية'), 'the Arabic title');
    expect(q(el, '[part="base"]').getAttribute('dir')).to.equal('rtl');
    expect(input(el).labels?.[0]?.textContent).to.equal('رمز بطاقة الهدية');
    await expect(el).to.be.accessible();
  });
});
