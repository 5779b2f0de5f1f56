import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/product-list/define';
import '../../components/provider/define';
import type { CkProductList } from '../../components/product-list/product-list';
import { cartStore, currencyStore } from '../../components/core/store';
import { apiError, json, mockApi, never, type MockApi } from '../../stories/support/mock-api';
import { catalog } from '../../stories/support/recorded';
import { resetStores } from '../../stories/support/seed';
import { waitUntil } from '../helpers/wait-until';

const q = (el: Element, s: string) => el.shadowRoot!.querySelector(s) as HTMLElement;
const qa = (el: Element, s: string) => [...el.shadowRoot!.querySelectorAll(s)] as HTMLElement[];
const ready = (el: CkProductList) => waitUntil(() => qa(el, '[part="add-button"]').length > 0, 'products render');

describe('ck-product-list', () => {
  let api: MockApi;
  beforeEach(() => resetStores());
  afterEach(() => api.restore());

  it('lists the catalog with prices in the base currency and is accessible', async () => {
    api = mockApi();
    const el = await fixture<CkProductList>(html`<ck-product-list></ck-product-list>`);
    await ready(el);
    expect(qa(el, '[part="product"]')).to.have.length(catalog.products.length);
    expect(q(el, '[part="price"]').textContent).to.contain('HK$199.00');
    await expect(el).to.be.accessible();
  });

  it('filters by category', async () => {
    api = mockApi();
    const el = await fixture<CkProductList>(html`<ck-product-list category="chargers"></ck-product-list>`);
    await ready(el);
    expect(qa(el, '[part="name"]').map((n) => n.textContent)).to.deep.equal(['USB-C charger 30 W']);
  });

  it('shows the regional price or the converted one in the chosen currency', async () => {
    api = mockApi();
    currencyStore().set('USD');
    const el = await fixture<CkProductList>(html`<ck-product-list></ck-product-list>`);
    await ready(el);
    const prices = qa(el, '[part="price"]').map((p) => p.textContent);
    expect(prices[0]).to.equal('$25.00'); // the merchant's USD price
    expect(prices[2]).to.equal('$35.77'); // HK$279 × 0.1282
    currencyStore().set('JPY');
    await el.updateComplete;
    expect(q(el, '[part="price"]').textContent).to.match(/¥3,835$/);
  });

  it('adds to the cart from the keyboard, emits ck-cart-change and announces it', async () => {
    api = mockApi();
    const el = await fixture<CkProductList>(html`<ck-product-list></ck-product-list>`);
    await ready(el);
    const button = q(el, '[part="add-button"]');
    expect(button.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Add to cart Clear case for iPhone 16');
    button.focus();
    const added = oneEvent(el, 'ck-cart-change');
    await sendKeys({ press: 'Enter' });
    const event = await added;
    expect(event.detail).to.include({ reason: 'add', reference: 'case-iphone16-clear' });
    expect(cartStore().items[0]).to.include({ unitAmount: 19900, currency: 'HKD', quantity: 1 });
    await el.updateComplete;
    expect(q(el, '[role="status"]').textContent).to.contain('Clear case for iPhone 16 added to cart');
  });

  it('shows a busy placeholder while loading', async () => {
    api = mockApi({ 'GET /api/catalog': never });
    const el = await fixture<CkProductList>(html`<ck-product-list></ck-product-list>`);
    expect(q(el, '[part="base"]').getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('shows an error with a retry that loads again', async () => {
    let fail = true;
    api = mockApi({ 'GET /api/catalog': () => (fail ? apiError(503, 'upstream_unavailable') : json(catalog)) });
    const el = await fixture<CkProductList>(html`<ck-product-list></ck-product-list>`);
    await waitUntil(() => q(el, '[part="alert"]'), 'error shows');
    expect(q(el, '[part="alert"]').textContent).to.contain('unavailable');
    await expect(el).to.be.accessible();
    fail = false;
    (q(el, '[part="alert"] button') as HTMLButtonElement).click();
    await ready(el);
  });

  it('shows the empty state when no product matches', async () => {
    api = mockApi();
    const el = await fixture<CkProductList>(html`<ck-product-list category="nothing"></ck-product-list>`);
    await waitUntil(() => q(el, '[part="empty"]'), 'empty state');
    expect(q(el, '[part="empty"]').textContent).to.contain('No products');
  });

  it('shows catalog images from the proxy, not from the page that embeds it, and puts that URL in the cart', async () => {
    const products = [
      { ...catalog.products[0]!, image: '/assets/products/case-iphone16-clear.svg' },
      { ...catalog.products[1]!, image: 'assets/products/case-iphone16-leather.svg' },
      catalog.products[2]!, // a data: URL stays as it is
    ];
    api = mockApi({ 'GET /api/catalog': json({ ...catalog, products }) });
    // The test server serves the repository, so this "proxy" has the demo's images under /assets/.
    const proxy = `${location.origin}/demo-pages`;
    const wrapper = await fixture(html`<ck-provider endpoint=${proxy}><ck-product-list></ck-product-list></ck-provider>`);
    const el = wrapper.querySelector('ck-product-list')!;
    await ready(el);
    const sources = qa(el, 'img[part="image"]').map((img) => img.getAttribute('src'));
    expect(sources).to.deep.equal([`${proxy}/assets/products/case-iphone16-clear.svg`, `${proxy}/assets/products/case-iphone16-leather.svg`, catalog.products[2]!.image]);
    const images = qa(el, 'img[part="image"]') as HTMLImageElement[];
    for (const img of images) img.loading = 'eager';
    await waitUntil(() => images.every((img) => img.complete), 'the images to load');
    expect(images.map((img) => img.naturalWidth > 0)).to.deep.equal([true, true, true]);
    (q(el, '[part="add-button"]') as HTMLButtonElement).click();
    expect(cartStore().items[0]!.image).to.equal(`${proxy}/assets/products/case-iphone16-clear.svg`);
  });

  it('calls the endpoint of the nearest ck-provider', async () => {
    api = mockApi();
    const wrapper = await fixture(html`<ck-provider endpoint="${location.origin}/shop-proxy" currency="EUR"><ck-product-list></ck-product-list></ck-provider>`);
    const el = wrapper.querySelector('ck-product-list')!;
    await ready(el);
    expect(api.calls.map((c) => c.path)).to.include('/shop-proxy/api/catalog');
    expect(q(el, '[part="price"]').textContent).to.contain('€23.00');
  });
});
