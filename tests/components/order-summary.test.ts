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
});
