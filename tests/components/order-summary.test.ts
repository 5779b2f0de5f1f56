import { expect, fixture, html } from '@open-wc/testing';
import '../../components/order-summary/define';
import type { CkOrderSummary } from '../../components/order-summary/order-summary';
import { cartStore, checkoutDraftStore, currencyStore } from '../../components/core/store';
import { apiError, json, mockApi, type Call, type MockApi } from '../../stories/support/mock-api';
import { resetStores } from '../../stories/support/seed';
import { waitUntil } from '../helpers/wait-until';

const q = (el: CkOrderSummary, s: string) => el.shadowRoot!.querySelector(s) as HTMLElement;

const quote = (call: Call) => {
  const body = call.body as { currency: string; shippingMethod?: string };
  const shipping = body.shippingMethod === 'express' ? 18000 : 0;
  return json({
    order: { currency: body.currency, lines: [{ reference: 'a', name: 'Clear case', quantity: 2, unitAmount: 19900, amount: 39800 }], subtotal: 39800, discount: 3980, shipping, tax: 0, amount: 35820 + shipping, coupon: 'WELCOME10' },
  });
};

describe('ck-order-summary', () => {
  let api: MockApi;
  beforeEach(() => resetStores());
  afterEach(() => api.restore());

  it('shows the server-priced order and is accessible', async () => {
    api = mockApi({ 'POST /api/orders/quote': quote });
    cartStore().add({ reference: 'a', name: 'Clear case', unitAmount: 19900, currency: 'HKD', quantity: 2 });
    const el = await fixture<CkOrderSummary>(html`<ck-order-summary></ck-order-summary>`);
    await waitUntil(() => q(el, '[part="total"]'), 'priced');
    expect(q(el, '[part="line-item"]').textContent).to.contain('Clear case').and.contain('× 2');
    expect(q(el, '[part="discount"] dd').textContent).to.contain('39.80');
    expect(q(el, '[part="shipping"] dd').textContent).to.equal('Free');
    expect(q(el, '[part="total"] dd').textContent).to.contain('HK$358.20');
    await expect(el).to.be.accessible();
  });

  it('re-prices when the delivery or the currency changes', async () => {
    api = mockApi({ 'POST /api/orders/quote': quote });
    cartStore().add({ reference: 'a', name: 'Clear case', unitAmount: 19900, currency: 'HKD', quantity: 2 });
    const el = await fixture<CkOrderSummary>(html`<ck-order-summary></ck-order-summary>`);
    await waitUntil(() => q(el, '[part="total"]'), 'priced');
    checkoutDraftStore().set({ shippingMethod: 'express' });
    await waitUntil(() => q(el, '[part="total"] dd').textContent!.includes('538.20'), 're-priced with shipping');
    currencyStore().set('USD');
    await waitUntil(() => api.calls.some((c) => (c.body as { currency?: string })?.currency === 'USD'), 'asked in USD');
  });

  it('shows an error with a retry that prices the order again', async () => {
    let down = true;
    api = mockApi({ 'POST /api/orders/quote': (call) => (down ? apiError(502, 'upstream_error') : quote(call)) });
    cartStore().add({ reference: 'a', name: 'Clear case', unitAmount: 19900, currency: 'HKD', quantity: 2 });
    const el = await fixture<CkOrderSummary>(html`<ck-order-summary></ck-order-summary>`);
    await waitUntil(() => q(el, '[part="alert"]'), 'error');
    expect(q(el, '[part="alert"]').textContent).to.contain('The payment service is unavailable right now.');
    expect(q(el, '[part="total"]')).to.equal(null);
    await expect(el).to.be.accessible();

    down = false;
    (q(el, '[part="alert"] button') as HTMLButtonElement).click();
    await waitUntil(() => q(el, '[part="total"]'), 'the retry prices the order');
    expect(api.calls.filter((c) => c.path === '/api/orders/quote')).to.have.length(2);
    expect(q(el, '[part="total"] dd').textContent).to.contain('HK$358.20');
    expect(q(el, '[part="alert"]')).to.equal(null);
  });

  it('shows the empty state without calling the server', async () => {
    api = mockApi();
    const el = await fixture<CkOrderSummary>(html`<ck-order-summary></ck-order-summary>`);
    expect(q(el, '[part="empty"]').textContent).to.contain('empty');
    expect(api.calls).to.have.length(0);
  });

  it('prices a given order request (held seats) instead of the empty cart, again when it changes, never sending its customer', async () => {
    api = mockApi({ 'POST /api/orders/quote': quote });
    const el = await fixture<CkOrderSummary>(html`<ck-order-summary></ck-order-summary>`);
    const customer = { email: 'mei@example.com', name: 'Mei Chan' };
    el.request = { items: [], seatHoldId: 'hold_1', currency: 'HKD', country: 'HK', customer };
    await waitUntil(() => q(el, '[part="total"]'), 'priced');
    expect(q(el, '[part="empty"]')).to.equal(null);
    const first = api.calls.filter((c) => c.path === '/api/orders/quote');
    expect(first).to.have.length(1);
    expect(first[0]!.body).to.deep.include({ seatHoldId: 'hold_1', currency: 'HKD' });
    expect(JSON.stringify(first[0]!.body), "the shopper's details stay out of a price quote").to.not.contain('mei@example.com').and.not.contain('Mei Chan');

    el.request = { items: [], seatHoldId: 'hold_1', currency: 'HKD', country: 'HK', customer: { ...customer, name: 'Mei C.' } };
    await el.updateComplete;
    expect(api.calls.filter((c) => c.path === '/api/orders/quote'), 'the customer does not change the price').to.have.length(1);
    el.request = { items: [], seatHoldId: 'hold_1', currency: 'USD', country: 'HK', customer };
    await waitUntil(() => api.calls.some((c) => (c.body as { currency?: string })?.currency === 'USD'), 're-priced in USD');
  });

  it('a gift-card code applied: the proxy’s figures — the total, “Gift card ••••P3CA −HK$200.00” and what is left to pay', async () => {
    api = mockApi({
      'POST /api/orders/quote': (call) => {
        const body = call.body as { giftCardCode?: string };
        if (!body.giftCardCode) return quote(call);
        return json({ order: { currency: 'HKD', lines: [{ reference: 'a', name: 'Clear case', quantity: 2, unitAmount: 19900, amount: 39800 }], subtotal: 39800, discount: 3980, shipping: 0, tax: 0, amount: 15820, coupon: 'WELCOME10', giftCard: { last4: 'P3CA', amount: 20000 } } });
      },
    });
    cartStore().add({ reference: 'a', name: 'Clear case', unitAmount: 19900, currency: 'HKD', quantity: 2 });
    const el = await fixture<CkOrderSummary>(html`<ck-order-summary gift-card-code=" 7KQ4-M2XD-9HVT-P3CA "></ck-order-summary>`);
    await waitUntil(() => q(el, '[part="to-pay"]'), 'priced with the gift card');
    expect((api.calls[0]!.body as { giftCardCode?: string }).giftCardCode, 'the code goes to the proxy, trimmed').to.equal('7KQ4-M2XD-9HVT-P3CA');
    expect(q(el, '[part="total"] dd').textContent).to.equal('HK$358.20');
    expect(q(el, '[part="gift-card"] dt').textContent).to.equal('Gift card ••••P3CA');
    expect(q(el, '[part="gift-card"] dd').textContent).to.equal('−HK$200.00');
    expect(q(el, '[part="to-pay"] dt').textContent).to.equal('To pay');
    expect(q(el, '[part="to-pay"] dd').textContent).to.equal('HK$158.20');
    await expect(el).to.be.accessible();

    // The code taken away: the total only, priced again.
    el.giftCardCode = undefined;
    await waitUntil(() => !q(el, '[part="to-pay"]'), 'priced without the gift card');
    expect(q(el, '[part="total"] dd').textContent).to.contain('HK$358.20');
    expect(q(el, '[part="gift-card"]')).to.equal(null);
  });

  it('a code that cannot pay: the order is still shown (priced without it) and the reason said; nothing is guessed in the browser', async () => {
    api = mockApi({
      'POST /api/orders/quote': (call) => ((call.body as { giftCardCode?: string }).giftCardCode
        ? apiError(404, 'gift_card_not_found', { message: 'This is not a gift-card code of this shop.', fields: [{ path: 'giftCardCode', message: 'is not a gift-card code' }] })
        : quote(call)),
    });
    cartStore().add({ reference: 'a', name: 'Clear case', unitAmount: 19900, currency: 'HKD', quantity: 2 });
    const el = await fixture<CkOrderSummary>(html`<ck-order-summary gift-card-code="AAAA-BBBB-CCCC-DDDD"></ck-order-summary>`);
    await waitUntil(() => q(el, '[part="gift-card-error"]') && q(el, '[part="total"]'), 'the reason and the order');
    expect(q(el, '[part="gift-card-error"]').textContent).to.contain('This code doesn\'t match a gift card.');
    expect(q(el, '[part="total"] dd').textContent).to.contain('HK$358.20');
    expect(q(el, '[part="to-pay"]')).to.equal(null);
    expect(api.calls.filter((c) => c.path === '/api/orders/quote')).to.have.length(2);
    await expect(el).to.be.accessible();
  });
});
