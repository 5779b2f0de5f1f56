import { expect, fixture, html } from '@open-wc/testing';
import '../../components/product-list/define';
import '../../components/cart/define';
import type { CkProductList } from '../../components/product-list/product-list';
import type { CkCart } from '../../components/cart/cart';
import { cartStore } from '../../components/core/store';
import { mockApi, type MockApi } from '../../stories/support/mock-api';
import { catalog } from '../../stories/support/recorded';
import { resetStores } from '../../stories/support/seed';
import { waitUntil } from '../helpers/wait-until';

const q = (el: Element, s: string) => el.shadowRoot!.querySelector(s) as HTMLElement;

/** The recorded catalog with the proxy's `available` counts: 2 clear cases left, the fabric case sold out, the rest unlimited or plenty. */
const stocked = {
  ...catalog,
  products: catalog.products.map((p) =>
    p.reference === 'case-iphone16-clear' ? { ...p, available: 2 } : p.reference === 'case-pixel9-fabric' ? { ...p, available: 0 } : p.reference === 'case-iphone16-leather' ? { ...p, available: 40 } : p,
  ),
};

const card = (el: Element, reference: string) => el.shadowRoot!.querySelector(`[data-reference="${reference}"]`) as HTMLElement;

describe('stock labels', () => {
  let api: MockApi;
  beforeEach(() => {
    resetStores();
    api = mockApi({ 'GET /api/catalog': { body: stocked } });
  });
  afterEach(() => api.restore());

  it('ck-product-list: "Only 2 left", "Sold out" with the add button disabled, nothing for plenty or unlimited; add stops at what is left', async () => {
    const el = await fixture<CkProductList>(html`<ck-product-list></ck-product-list>`);
    await waitUntil(() => el.shadowRoot!.querySelectorAll('[part="product"]').length === catalog.products.length, 'products render');
    const label = (reference: string) => card(el, reference).querySelector('[part="stock"]')?.textContent?.trim();
    const add = (reference: string) => card(el, reference).querySelector<HTMLButtonElement>('[part="add-button"]')!;
    expect(label('case-iphone16-clear')).to.equal('Only 2 left');
    expect(add('case-iphone16-clear').disabled).to.equal(false);
    expect(label('case-pixel9-fabric')).to.equal('Sold out');
    expect(add('case-pixel9-fabric').disabled).to.equal(true);
    expect(label('case-iphone16-leather')).to.equal(undefined, '40 left: no label');
    expect(label('charger-usbc-30w')).to.equal(undefined, 'unlimited: no label');
    await expect(el).to.be.accessible();
    // Two left: the third add is not offered.
    add('case-iphone16-clear').click();
    await el.updateComplete;
    expect(add('case-iphone16-clear').disabled).to.equal(false);
    add('case-iphone16-clear').click();
    await el.updateComplete;
    expect(cartStore().items.find((i) => i.reference === 'case-iphone16-clear')?.quantity).to.equal(2);
    expect(add('case-iphone16-clear').disabled).to.equal(true, 'the cart holds all that is left');
  });

  it('ck-product-list: the labels in the shopper\'s language', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="de"><ck-product-list></ck-product-list></div>`);
    const el = wrapper.querySelector('ck-product-list')!;
    await waitUntil(() => card(el, 'case-pixel9-fabric')?.querySelector('[part="stock"]')?.textContent === 'Ausverkauft', 'German labels');
    expect(card(el, 'case-iphone16-clear').querySelector('[part="stock"]')!.textContent).to.equal('Nur noch 2 verfügbar');
  });

  it('ck-cart: a line says what is left and its + stops there; a sold-out line says so', async () => {
    cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case for iPhone 16', unitAmount: 19900, currency: 'HKD', quantity: 2 });
    cartStore().add({ reference: 'case-pixel9-fabric', name: 'Fabric case for Pixel 9', unitAmount: 27900, currency: 'HKD' });
    const el = await fixture<CkCart>(html`<ck-cart></ck-cart>`);
    await waitUntil(() => card(el, 'case-pixel9-fabric')?.querySelector('[part="stock"]'), 'stock labels');
    const clear = card(el, 'case-iphone16-clear');
    expect(clear.querySelector('[part="stock"]')!.textContent).to.equal('Only 2 left');
    expect(clear.querySelector<HTMLButtonElement>(`button[aria-label^="Increase"]`)!.disabled).to.equal(true, 'two in the cart, two left');
    expect(card(el, 'case-pixel9-fabric').querySelector('[part="stock"]')!.textContent).to.equal('Sold out');
    await expect(el).to.be.accessible();
    expect(q(el, '[part="subtotal"]')).to.not.equal(null);
  });
});
