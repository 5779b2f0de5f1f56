import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/cart/define';
import type { CkCart } from '../../components/cart/cart';
import { cartStore, checkoutDraftStore, currencyStore } from '../../components/core/store';
import { apiError, json, mockApi, type Call, type MockApi } from '../../stories/support/mock-api';
import { resetStores } from '../../stories/support/seed';
import { waitUntil } from '../helpers/wait-until';

const q = (el: CkCart, s: string) => el.shadowRoot!.querySelector(s) as HTMLElement;

const quote = (call: Call) => {
  const body = call.body as { coupon?: string; currency: string };
  if (body.coupon !== 'WELCOME10') return apiError(400, 'coupon_invalid', { fields: [{ path: 'coupon', message: 'unknown coupon' }] });
  return json({ order: { currency: body.currency, lines: [], subtotal: 60400, discount: 6040, shipping: 0, tax: 0, amount: 54360, coupon: 'WELCOME10' } });
};

async function cart() {
  cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 12800, currency: 'HKD', quantity: 2 });
  cartStore().add({ reference: 'case-galaxys25-rugged', name: 'Rugged case', unitAmount: 34800, currency: 'HKD' });
  return fixture<CkCart>(html`<ck-cart></ck-cart>`);
}

async function typeCoupon(el: CkCart, code: string) {
  (q(el, '[part="coupon-input"]') as HTMLInputElement).focus();
  await sendKeys({ type: code });
  await sendKeys({ press: 'Enter' });
}

describe('ck-cart coupon and currency', () => {
  let api: MockApi;
  beforeEach(() => resetStores());
  afterEach(() => api.restore());

  it('shows a catalog product at the catalog price, whatever price the page stored when it added it', async () => {
    // The page (or a tampered localStorage) stored HK$1.00; the catalog, and so the proxy, says HK$199.00.
    api = mockApi({});
    cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 100, currency: 'HKD' });
    const el = await fixture<CkCart>(html`<ck-cart></ck-cart>`);
    await waitUntil(() => q(el, '[part="subtotal"] dd')?.textContent?.includes('HK$199.00'), 'the catalog price');
    expect(q(el, '[part="line-total"]').textContent).to.contain('HK$199.00');
  });

  it('applies a coupon the server accepts: discount, total, event, focus and draft', async () => {
    api = mockApi({ 'POST /api/orders/quote': quote });
    const el = await cart();
    const changed = oneEvent(el, 'ck-coupon-change');
    await typeCoupon(el, 'welcome10');
    const event = await changed;
    expect(event.detail).to.deep.equal({ coupon: 'WELCOME10', discount: 6040, currency: 'HKD' });
    const body = api.calls.find((c) => c.path === '/api/orders/quote')!.body as Record<string, unknown>;
    expect(body).to.deep.include({ coupon: 'WELCOME10', currency: 'HKD' });
    expect(body.items).to.deep.equal([
      { reference: 'case-iphone16-clear', quantity: 2 },
      { reference: 'case-galaxys25-rugged', quantity: 1 },
    ]);
    await el.updateComplete;
    expect(q(el, '[part="discount"] dd').textContent).to.contain('60.40');
    expect(q(el, '[part="total"] dd').textContent).to.contain('HK$543.60');
    expect(checkoutDraftStore().value?.coupon).to.equal('WELCOME10');
    expect(el.shadowRoot!.activeElement?.textContent).to.contain('Remove code WELCOME10');
    await expect(el).to.be.accessible();
  });

  it('marks a refused code on the field, accessibly', async () => {
    api = mockApi({ 'POST /api/orders/quote': quote });
    const el = await cart();
    await typeCoupon(el, 'NOPE');
    await waitUntil(() => q(el, '#coupon-error'), 'error shows');
    const input = q(el, '[part="coupon-input"]');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.equal('coupon-error');
    expect(q(el, '#coupon-error').textContent).to.contain("isn't valid");
    expect(checkoutDraftStore().value?.coupon).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('asks for a code before calling the server', async () => {
    api = mockApi({ 'POST /api/orders/quote': quote });
    const el = await cart();
    await typeCoupon(el, '');
    await el.updateComplete;
    expect(q(el, '#coupon-error').textContent).to.contain('Enter a coupon code');
    expect(api.calls.filter((c) => c.method === 'POST')).to.have.length(0);
  });

  it('removes the coupon and emits it', async () => {
    api = mockApi({ 'POST /api/orders/quote': quote });
    const el = await cart();
    await typeCoupon(el, 'WELCOME10');
    await waitUntil(() => q(el, '[part="discount"]'), 'discount shows');
    const removed = oneEvent(el, 'ck-coupon-change');
    (q(el, '[part="coupon"] .link') as HTMLButtonElement).click();
    expect((await removed).detail.coupon).to.equal(null);
    await el.updateComplete;
    expect(q(el, '[part="discount"]')).to.equal(null);
  });

  it('shows prices in the chosen currency: the regional price where there is one, else converted at the served rate', async () => {
    api = mockApi();
    currencyStore().set('USD');
    cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD', quantity: 2 });
    cartStore().add({ reference: 'case-pixel9-fabric', name: 'Fabric case', unitAmount: 27900, currency: 'HKD' });
    const el = await fixture<CkCart>(html`<ck-cart></ck-cart>`);
    await waitUntil(() => q(el, '[part="subtotal"] dd')?.textContent?.startsWith('$'), 'converted');
    const lines = [...el.shadowRoot!.querySelectorAll('[part="line-item"]')].map((l) => l.textContent!.replace(/\s+/g, ' '));
    // The clear case has a regional USD price: 2 × $25.00.
    expect(lines[0]).to.contain('$50.00');
    // The fabric case has none: HK$279.00 at the served USD rate 0.1282 = $35.7678 → $35.77.
    expect(lines[1]).to.contain('$35.77');
    expect(q(el, '[part="subtotal"] dd').textContent).to.equal('$85.77');
    // Nothing was asked of the proxy but the catalog and its rates (no coupon, no quote).
    expect(api.calls.map((c) => c.path).sort()).to.deep.equal(['/api/catalog', '/api/fx-rates']);
  });

  it('explains a server failure without blaming the code', async () => {
    api = mockApi({ 'POST /api/orders/quote': () => apiError(503, 'upstream_unavailable') });
    const el = await cart();
    await typeCoupon(el, 'WELCOME10');
    await waitUntil(() => q(el, '[part="alert"]'), 'alert shows');
    expect(q(el, '#coupon-error')).to.equal(null);
  });
});
