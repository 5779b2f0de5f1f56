import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../components/payment-result/define';
import type { CkPaymentResult } from '../../components/payment-result/payment-result';
import { cartStore } from '../../components/core/store';
import { apiError, json, mockApi, type MockApi } from '../../stories/support/mock-api';
import { resetStores } from '../../stories/support/seed';

const q = (el: CkPaymentResult, s: string) => el.shadowRoot!.querySelector(s) as HTMLElement;
const status = (outcome: string, status: string) => () =>
  json({ id: 'pay_bbbbbbbbbbbbbbbbbbbbbbbb', status, approved: outcome === 'succeeded', outcome, amount: 62300, currency: 'HKD', orderId: 'ord_9', card: { scheme: 'Visa', last4: '4242' } });
const heading = (el: CkPaymentResult) => q(el, '[part="heading"]').textContent!.trim();

describe('ck-payment-result', () => {
  let api: MockApi;
  beforeEach(() => resetStores());
  afterEach(() => api.restore());

  it('verifies a payment with the proxy, shows it and empties the cart', async () => {
    api = mockApi({ 'GET /api/payments/': status('succeeded', 'Captured') });
    cartStore().add({ reference: 'a', name: 'A', unitAmount: 100, currency: 'HKD' });
    const el = await fixture<CkPaymentResult>(html`<ck-payment-result payment-id="pay_bbbbbbbbbbbbbbbbbbbbbbbb"></ck-payment-result>`);
    await waitUntil(() => q(el, '[part="details"]'), 'verified');
    expect(heading(el)).to.contain('successful');
    expect(q(el, '[data-payment-id]').textContent).to.equal('pay_bbbbbbbbbbbbbbbbbbbbbbbb');
    expect(q(el, '[part="details"]').textContent).to.contain('HK$623.00').and.contain('•••• 4242');
    expect(cartStore().items).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('reads cko-payment-id from the URL', async () => {
    api = mockApi({ 'GET /api/payments/': status('succeeded', 'Authorized') });
    history.replaceState(null, '', '?cko-payment-id=pay_bbbbbbbbbbbbbbbbbbbbbbbb');
    const el = await fixture<CkPaymentResult>(html`<ck-payment-result></ck-payment-result>`);
    await waitUntil(() => q(el, '[part="details"]'), 'verified');
    expect(api.calls[0]!.path).to.equal('/api/payments/pay_bbbbbbbbbbbbbbbbbbbbbbbb');
    history.replaceState(null, '', location.pathname);
  });

  it('trusts the proxy over the page: a declined payment on the success page shows failure and keeps the cart', async () => {
    api = mockApi({ 'GET /api/payments/': status('failed', 'Declined') });
    cartStore().add({ reference: 'a', name: 'A', unitAmount: 100, currency: 'HKD' });
    const el = await fixture<CkPaymentResult>(html`<ck-payment-result expect="success" payment-id="pay_bbbbbbbbbbbbbbbbbbbbbbbb"></ck-payment-result>`);
    await waitUntil(() => heading(el).includes('not completed'), 'failure shown');
    expect(cartStore().items).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('cannot be fooled by a made-up id', async () => {
    api = mockApi({ 'GET /api/payments/': () => apiError(404, 'payment_not_found') });
    const el = await fixture<CkPaymentResult>(html`<ck-payment-result payment-id="pay_forged"></ck-payment-result>`);
    await waitUntil(() => q(el, '[part="alert"]'), 'error shown');
    expect(heading(el)).to.contain("couldn't verify");
    await expect(el).to.be.accessible();
  });

  it('shows a cancel page without any id', async () => {
    api = mockApi();
    const el = await fixture<CkPaymentResult>(html`<ck-payment-result expect="cancel"></ck-payment-result>`);
    expect(heading(el)).to.equal('Payment cancelled');
    expect(api.calls).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('keeps checking a pending payment', async () => {
    let calls = 0;
    api = mockApi({ 'GET /api/payments/': () => (++calls === 1 ? status('pending', 'Pending')() : status('succeeded', 'Captured')()) });
    const el = await fixture<CkPaymentResult>(html`<ck-payment-result payment-id="pay_bbbbbbbbbbbbbbbbbbbbbbbb"></ck-payment-result>`);
    await waitUntil(() => heading(el).includes('being processed'), 'pending shown');
    await waitUntil(() => heading(el).includes('successful'), 'then succeeded', { timeout: 3000 });
  });
});
