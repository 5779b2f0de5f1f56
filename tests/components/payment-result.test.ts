import { expect, fixture, html } from '@open-wc/testing';
import '../../components/payment-result/define';
import type { CkPaymentResult } from '../../components/payment-result/payment-result';
import { cartStore, paymentContextStore } from '../../components/core/store';
import { apiError, json, mockApi, type MockApi } from '../../stories/support/mock-api';
import { resetStores } from '../../stories/support/seed';
import { installFakeClock, turn, turnsUntil } from '../helpers/fake-clock';
import { waitUntil } from '../helpers/wait-until';

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

  it('tells the shopper about seats taken before the payment completed and their refund, or that the shop will refund them', async () => {
    const refunded = (refundStatus: string, seats: number) => () =>
      json({ id: 'pay_bbbbbbbbbbbbbbbbbbbbbbbb', status: 'Partially Refunded', approved: true, outcome: 'succeeded', amount: 126000, currency: 'HKD', orderId: 'ord_9', refunds: [{ reason: 'seats_lost', seats, amount: 38000, currency: 'HKD', status: refundStatus }] });
    api = mockApi({ 'GET /api/payments/': refunded('accepted', 1) });
    let el = await fixture<CkPaymentResult>(html`<ck-payment-result payment-id="pay_bbbbbbbbbbbbbbbbbbbbbbbb"></ck-payment-result>`);
    await waitUntil(() => q(el, '[part="refund"]'), 'the refund note');
    expect(heading(el)).to.contain('successful');
    expect(q(el, '[part="refund"]').textContent).to.equal('One of your seats was taken by another buyer before your payment completed. HK$380.00 is being refunded to your card.');
    expect(q(el, '[part="refund"]').closest('[role="status"]'), 'announced with the result').to.not.equal(null);
    await expect(el).to.be.accessible();

    api.restore();
    api = mockApi({ 'GET /api/payments/': refunded('failed', 2) });
    el = await fixture<CkPaymentResult>(html`<ck-payment-result payment-id="pay_bbbbbbbbbbbbbbbbbbbbbbbb"></ck-payment-result>`);
    await waitUntil(() => q(el, '[part="refund"]'), 'the refund note');
    expect(q(el, '[part="refund"]').textContent).to.contain('2 of your seats were taken').and.contain('the shop will refund it and contact you');
  });

  describe('a presale payment voided because the card that paid was not eligible', () => {
    const GENERAL_SALE = '2031-01-01T10:00:00+08:00';
    const voided = () =>
      json({
        id: 'pay_bbbbbbbbbbbbbbbbbbbbbbbb',
        status: 'Voided',
        approved: true,
        outcome: 'failed',
        amount: 176000,
        currency: 'HKD',
        orderId: 'ORD9',
        card: { scheme: 'MASTERCARD', last4: '6378' },
        voided: { reason: 'presale_card_ineligible', eventId: 'harbour-strings-2031', eventName: 'Harbour Strings', generalSaleAt: GENERAL_SALE },
      });
    const generalSale = (el: CkPaymentResult) => q(el, '[part="general-sale"]').textContent!.trim();
    const date = (lang: string) => new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(GENERAL_SALE));

    it('says so in English — even on the success page — with the general sale date, and keeps the cart', async () => {
      api = mockApi({ 'GET /api/payments/': voided });
      cartStore().add({ reference: 'a', name: 'A', unitAmount: 100, currency: 'HKD' });
      const el = await fixture<CkPaymentResult>(html`<ck-payment-result expect="success" payment-id="pay_bbbbbbbbbbbbbbbbbbbbbbbb"></ck-payment-result>`);
      await waitUntil(() => q(el, '[part="general-sale"]'), 'the voided result');
      expect(heading(el)).to.equal('This card is not eligible for the presale');
      expect(q(el, '[part="message"]').textContent).to.equal(
        'Harbour Strings is in presale for eligible cards only, so your payment was cancelled and nothing was charged. Your seats have been released.',
      );
      expect(generalSale(el)).to.equal(`You can try again with an eligible card, or buy tickets in the general sale from ${date('en')}.`);
      expect(q(el, '[part="general-sale"]').closest('[role="status"]'), 'announced with the result').to.not.equal(null);
      expect(q(el, '[part="base"]').classList.contains('voided')).to.equal(true);
      expect(q(el, '[part="details"]').textContent).to.contain('Voided').and.contain('•••• 6378');
      expect(cartStore().items, 'nothing was bought').to.have.length(1);
      await expect(el).to.be.accessible();
    });

    it('says so in the shopper’s language (Japanese, and Arabic right to left)', async () => {
      api = mockApi({ 'GET /api/payments/': voided });
      const ja = await fixture<HTMLElement>(html`<div lang="ja"><ck-payment-result payment-id="pay_bbbbbbbbbbbbbbbbbbbbbbbb"></ck-payment-result></div>`);
      const jaEl = ja.querySelector('ck-payment-result') as CkPaymentResult;
      await waitUntil(() => q(jaEl, '[part="general-sale"]') && heading(jaEl) === 'このカードは先行販売の対象外です', 'Japanese');
      expect(q(jaEl, '[part="message"]').textContent).to.equal(
        'Harbour Stringsの先行販売は対象のカードでのみご利用いただけます。そのためお支払いは取り消され、請求は発生していません。お席の確保も解除されました。',
      );
      expect(generalSale(jaEl)).to.equal(`対象のカードでもう一度お試しいただくか、${date('ja')}からの一般販売でチケットをお求めください。`);

      const ar = await fixture<HTMLElement>(html`<div lang="ar"><ck-payment-result payment-id="pay_bbbbbbbbbbbbbbbbbbbbbbbb"></ck-payment-result></div>`);
      const arEl = ar.querySelector('ck-payment-result') as CkPaymentResult;
      await waitUntil(() => q(arEl, '[part="general-sale"]') && heading(arEl) === 'هذه البطاقة غير مؤهلة للبيع المسبق', 'Arabic');
      expect(q(arEl, '[part="base"]').getAttribute('dir')).to.equal('rtl');
      expect(generalSale(arEl)).to.contain(date('ar'));
      await expect(arEl).to.be.accessible();
    });

    it('without a general sale date, points to another card or the general sale', async () => {
      api = mockApi({
        'GET /api/payments/': () =>
          json({ id: 'pay_bbbbbbbbbbbbbbbbbbbbbbbb', status: 'Voided', approved: true, outcome: 'failed', amount: 1, currency: 'HKD', voided: { reason: 'presale_card_ineligible', eventId: 'x', eventName: 'X' } }),
      });
      const el = await fixture<CkPaymentResult>(html`<ck-payment-result payment-id="pay_bbbbbbbbbbbbbbbbbbbbbbbb"></ck-payment-result>`);
      await waitUntil(() => q(el, '[part="general-sale"]'), 'the voided result');
      expect(generalSale(el)).to.equal('Try another card, or buy tickets in the general sale.');
    });
  });

  it('shows no refund note for an ordinary payment', async () => {
    api = mockApi({ 'GET /api/payments/': status('succeeded', 'Captured') });
    const el = await fixture<CkPaymentResult>(html`<ck-payment-result payment-id="pay_bbbbbbbbbbbbbbbbbbbbbbbb"></ck-payment-result>`);
    await waitUntil(() => q(el, '[part="details"]'), 'verified');
    expect(q(el, '[part="refund"]')).to.equal(null);
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

  it('after a redirect back from the hosted page, asks with this tab’s order token and shows the detail; without one, the status only', async () => {
    // What the pay button kept in sessionStorage before the same-tab redirect to the hosted page.
    paymentContextStore().set({ idempotencyKey: 'key-1', mode: 'hpp', orderId: 'ord_9', orderToken: 'order-token-of-ord_9-000000000000000000000000' });
    api = mockApi({
      'GET /api/payments/': (call) =>
        call.headers.get('x-ck-order-token') === 'order-token-of-ord_9-000000000000000000000000'
          ? status('succeeded', 'Captured')()
          : json({ id: 'pay_bbbbbbbbbbbbbbbbbbbbbbbb', status: 'Captured', approved: true, outcome: 'succeeded' }),
    });
    let el = await fixture<CkPaymentResult>(html`<ck-payment-result payment-id="pay_bbbbbbbbbbbbbbbbbbbbbbbb"></ck-payment-result>`);
    await waitUntil(() => q(el, '[part="details"]'), 'verified');
    expect(q(el, '[part="details"]').textContent).to.contain('HK$623.00').and.contain('ord_9').and.contain('•••• 4242');

    // Another browser holding the same link (the id is in the URL) sees that it was paid, nothing more.
    paymentContextStore().set(undefined);
    el = await fixture<CkPaymentResult>(html`<ck-payment-result payment-id="pay_bbbbbbbbbbbbbbbbbbbbbbbb"></ck-payment-result>`);
    await waitUntil(() => q(el, '[part="details"]'), 'verified');
    expect(heading(el)).to.contain('successful');
    const details = q(el, '[part="details"]').textContent!;
    expect(details).to.contain('pay_bbbbbbbbbbbbbbbbbbbbbbbb').and.not.contain('HK$').and.not.contain('4242').and.not.contain('ord_9');
    await expect(el).to.be.accessible();
  });

  it('keeps checking a pending payment: again a second later, until it is final', async () => {
    let calls = 0;
    api = mockApi({ 'GET /api/payments/': () => (++calls === 1 ? status('pending', 'Pending')() : status('succeeded', 'Captured')()) });
    // The next check is scheduled on the test's clock.
    const clock = installFakeClock(Date.now(), { timeouts: true });
    try {
      const el = await fixture<CkPaymentResult>(html`<ck-payment-result payment-id="pay_bbbbbbbbbbbbbbbbbbbbbbbb"></ck-payment-result>`);
      await turnsUntil(() => heading(el).includes('being processed'), 'pending shown');
      clock.advance(999);
      await turn();
      expect(calls, 'no second check before a second has passed').to.equal(1);
      clock.advance(1);
      await turnsUntil(() => heading(el).includes('successful'), 'then succeeded');
      expect(calls).to.equal(2);
      clock.advance(60_000);
      await turn();
      expect(calls, 'a final payment is not checked again').to.equal(2);
    } finally {
      clock.restore();
    }
  });
  it('offers this tab’s paid order its PDF receipt ("Download receipt (PDF)"), fetched with the order token; another tab (no token) gets no link', async () => {
    api = mockApi({
      'GET /api/payments/': () =>
        json({ id: 'pay_bbbbbbbbbbbbbbbbbbbbbbbb', status: 'Captured', approved: true, outcome: 'succeeded', amount: 52300, currency: 'HKD', orderId: 'ord_9', giftCard: { last4: 'P3CA', amount: 10000 } }),
    });
    paymentContextStore().set({ idempotencyKey: 'key-1', mode: 'flow', orderId: 'ord_9', orderToken: 'order-token-of-ord_9-000000000000000000000000' });
    const el = await fixture<CkPaymentResult>(html`<ck-payment-result payment-id="pay_bbbbbbbbbbbbbbbbbbbbbbbb"></ck-payment-result>`);
    await waitUntil(() => q(el, '[part="receipt"]'), 'the receipt link');
    const link = q(el, '[part="receipt"]') as HTMLAnchorElement;
    expect(link.tagName).to.equal('A');
    expect(link.textContent).to.equal('Download receipt (PDF)');
    expect(q(el, '[part="details"]').textContent).to.contain('Gift card ending P3CA').and.contain('HK$100.00');
    await expect(el).to.be.accessible();
    const downloaded = new Promise((resolve) => el.addEventListener('ck-receipt-download', resolve, { once: true }));
    link.click();
    await downloaded;
    const call = api.calls.find((c) => c.path.includes('/receipt.pdf'))!;
    expect(call.path).to.match(/\/api\/orders\/ord_9\/receipt\.pdf$/);
    expect(call.headers.get('x-ck-order-token')).to.equal('order-token-of-ord_9-000000000000000000000000');

    paymentContextStore().set(undefined);
    const other = await fixture<CkPaymentResult>(html`<ck-payment-result payment-id="pay_bbbbbbbbbbbbbbbbbbbbbbbb"></ck-payment-result>`);
    await waitUntil(() => q(other, '[part="details"]'), 'verified');
    expect(other.shadowRoot!.querySelector('[part="receipt"]')).to.equal(null);
  });

  it('says so when the receipt cannot be downloaded', async () => {
    api = mockApi({ 'GET /api/payments/': status('succeeded', 'Captured'), 'GET /api/orders/': apiError(503, 'unavailable') });
    paymentContextStore().set({ idempotencyKey: 'key-1', mode: 'flow', orderId: 'ord_9', orderToken: 'order-token-of-ord_9-000000000000000000000000' });
    const el = await fixture<CkPaymentResult>(html`<ck-payment-result payment-id="pay_bbbbbbbbbbbbbbbbbbbbbbbb"></ck-payment-result>`);
    await waitUntil(() => q(el, '[part="receipt"]'), 'the receipt link');
    q(el, '[part="receipt"]').click();
    await waitUntil(() => q(el, '[part="receipt-error"]'), 'the error');
    expect(q(el, '[part="receipt-error"]').textContent).to.contain('The receipt could not be downloaded.');
    await expect(el).to.be.accessible();
  });
});
