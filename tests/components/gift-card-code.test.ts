/**
 * The gift-card code field of `ck-pay-button` (and of `ck-checkout`, which shows it on its pay
 * step): the code typed goes with the order, an order the card covers in full is paid with no
 * Flow at all, and a code the proxy refuses is said in words and marks the field.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/pay-button/define';
import '../../components/checkout/define';
import type { CkPayButton } from '../../components/pay-button/pay-button';
import type { CkCheckout } from '../../components/checkout/checkout';
import { cartStore, checkoutDraftStore } from '../../components/core/store';
import { apiError, json, mockApi, type MockApi } from '../../stories/support/mock-api';
import { filledDraft, resetStores } from '../../stories/support/seed';
import { waitUntil } from '../helpers/wait-until';

/** A Flow stand-in: records that it was loaded at all. */
const flow: { loaded: boolean } = { loaded: false };
(window as unknown as { CheckoutWebComponents: unknown }).CheckoutWebComponents = async () => {
  flow.loaded = true;
  return { create: () => ({ mount: () => undefined, unmount: () => undefined }) };
};

const CODE = '7KQ4-M2XD-9HVT-P3CA';
const ORDER_TOKEN = 'order-token-of-gift-card-order-000000000000';
const order = { id: 'ORD0000000000000000000GC', currency: 'HKD', lines: [], subtotal: 19900, discount: 0, shipping: 0, tax: 0, amount: 0, giftCard: { last4: 'P3CA', amount: 19900 } };

const q = (el: Element, s: string) => el.shadowRoot!.querySelector(s) as HTMLElement;
const field = (el: CkPayButton) => q(el, '[part="gift-card"] input') as HTMLInputElement;

async function payButton(template = html`<ck-pay-button gift-card></ck-pay-button>`) {
  cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD' });
  checkoutDraftStore().set({ customer: { email: 'mei@example.com', name: 'Mei Chan' }, shippingAddress: { line1: '1 Queen’s Road', city: 'Central', country: 'HK' } });
  return fixture<CkPayButton>(template);
}

async function typeCode(el: CkPayButton, code: string) {
  field(el).focus();
  await sendKeys({ type: code });
}

describe('gift-card code field', () => {
  let api: MockApi;
  beforeEach(() => {
    resetStores();
    flow.loaded = false;
  });
  afterEach(() => api.restore());

  it('ck-pay-button with `gift-card` shows an optional, labelled code field; accessible', async () => {
    api = mockApi();
    const el = await payButton();
    expect(field(el).labels?.[0]?.textContent).to.equal('Gift card code (optional)');
    expect(field(el).autocomplete).to.equal('off');
    expect(field(el).required).to.equal(false);
    await expect(el).to.be.accessible();
    const plain = await fixture<CkPayButton>(html`<ck-pay-button></ck-pay-button>`);
    expect(plain.shadowRoot!.querySelector('[part="gift-card"]')).to.equal(null, 'no field without the attribute');
  });

  it('the typed code goes with the order; an order the card covers in full is paid with no card form and verified', async () => {
    api = mockApi({
      'POST /create-payment-sessions': () => json({ order, orderToken: ORDER_TOKEN, paidByGiftCard: { paymentId: 'gcp_0000000000000000000gc', redirectUrl: '/success.html' } }, 201),
      'GET /api/payments/': () => json({ id: 'gcp_0000000000000000000gc', status: 'Captured', approved: true, outcome: 'succeeded', amount: 0, currency: 'HKD', orderId: order.id, giftCard: order.giftCard }),
    });
    const el = await payButton();
    await typeCode(el, CODE);
    const success = oneEvent(el, 'ck-payment-success');
    (q(el, '[part="button"]') as HTMLButtonElement).click();
    const { detail } = await success;
    expect(detail.paymentId).to.equal('gcp_0000000000000000000gc');
    const created = api.calls.find((c) => c.path.endsWith('/create-payment-sessions'))!;
    expect((created.body as { giftCardCode?: string }).giftCardCode).to.equal(CODE);
    const verified = api.calls.find((c) => c.path.includes('/api/payments/gcp_'))!;
    expect(verified.headers.get('x-ck-order-token')).to.equal(ORDER_TOKEN);
    expect(flow.loaded, 'no card form').to.equal(false);
    await el.updateComplete;
    expect(q(el, '[part="status"]').textContent).to.contain('Payment successful.');
  });

  it('no code typed: the order carries none', async () => {
    api = mockApi();
    const el = await payButton();
    (q(el, '[part="button"]') as HTMLButtonElement).click();
    await waitUntil(() => api.calls.some((c) => c.path.endsWith('/create-payment-sessions')), 'the session is asked for');
    const created = api.calls.find((c) => c.path.endsWith('/create-payment-sessions'))!;
    expect(created.body).not.to.have.property('giftCardCode');
  });

  for (const [code, fields, says] of [
    ['gift_card_not_found', [{ path: 'giftCardCode', message: 'is not a gift-card code' }], "This code doesn't match a gift card."],
    ['gift_card_currency', [{ path: 'giftCardCode', message: 'is in USD' }], 'This gift card is in USD. Pay in USD to use it.'],
    ['gift_card_empty', [{ path: 'giftCardCode', message: 'has no balance left' }], 'This gift card has nothing left to spend.'],
  ] as const) {
    it(`a refused code (${code}) is said in words and marks the field`, async () => {
      api = mockApi({ 'POST /create-payment-sessions': apiError(code === 'gift_card_not_found' ? 404 : 409, code, { fields: [...fields] }) });
      const el = await payButton();
      await typeCode(el, 'AAAA-BBBB-CCCC-DDDD');
      const failed = oneEvent(el, 'ck-payment-error');
      (q(el, '[part="button"]') as HTMLButtonElement).click();
      expect((await failed).detail.code).to.equal(code);
      await el.updateComplete;
      expect(q(el, '[part="alert"]').textContent).to.contain(says);
      expect(field(el).getAttribute('aria-invalid')).to.equal('true');
      expect(field(el).getAttribute('aria-describedby')).to.equal('alert');
      expect(field(el).value, 'the code stays for a correction').to.equal('AAAA-BBBB-CCCC-DDDD');
      await expect(el).to.be.accessible();
    });
  }

  it('ck-checkout offers the field on its pay step, and passes a code it was given; gift-cards="off" hides it', async () => {
    api = mockApi();
    cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD' });
    checkoutDraftStore().set({ ...filledDraft, step: 'review' });
    const el = await fixture<CkCheckout>(html`<ck-checkout gift-card-code=${CODE}></ck-checkout>`);
    await waitUntil(() => el.shadowRoot!.querySelector('ck-pay-button'), 'the pay button');
    const pay = q(el, 'ck-pay-button') as CkPayButton;
    await waitUntil(() => pay.shadowRoot?.querySelector('[part="gift-card"] input'), 'the field');
    expect(field(pay).value).to.equal(CODE);

    const off = await fixture<CkCheckout>(html`<ck-checkout gift-cards="off"></ck-checkout>`);
    await waitUntil(() => off.shadowRoot!.querySelector('ck-pay-button'), 'the pay button');
    const offPay = q(off, 'ck-pay-button') as CkPayButton;
    await offPay.updateComplete;
    expect(offPay.giftCard).to.equal(false);
    expect(offPay.shadowRoot!.querySelector('[part="gift-card"]')).to.equal(null);
  });

  it('ck-checkout: a code applied in the pay step (on leaving the field, not per keystroke) makes the summary show what the card pays and the rest to pay, as the proxy quotes it', async () => {
    api = mockApi();
    cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD', quantity: 3 });
    checkoutDraftStore().set({ ...filledDraft, step: 'review' });
    const el = await fixture<CkCheckout>(html`<ck-checkout></ck-checkout>`);
    await waitUntil(() => el.shadowRoot!.querySelector('ck-pay-button')?.shadowRoot?.querySelector('[part="gift-card"] input'), 'the field');
    const summary = q(el, 'ck-order-summary');
    await waitUntil(() => summary.shadowRoot?.querySelector('[part="total"]'), 'the summary');
    expect(summary.shadowRoot!.querySelector('[part="gift-card"]')).to.equal(null);
    const pay = q(el, 'ck-pay-button') as CkPayButton;
    await typeCode(pay, CODE);
    const withCode = () => api.calls.filter((c) => c.path === '/api/orders/quote' && (c.body as { giftCardCode?: string }).giftCardCode === CODE);
    expect(withCode(), 'typing alone asks nothing').to.have.length(0);
    await sendKeys({ press: 'Tab' });
    await waitUntil(() => summary.shadowRoot?.querySelector('[part="to-pay"]'), 'the rest to pay');
    expect(withCode()).to.have.length(1);
    expect(summary.shadowRoot!.querySelector('[part="gift-card"] dt')!.textContent).to.equal('Gift card ••••P3CA');
    expect(summary.shadowRoot!.querySelector('[part="gift-card"] dd')!.textContent).to.equal('−HK$350.00');
  });
});
