import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/cart/define';
import type { CkCart } from '../../components/cart/cart';
import { cartStore } from '../../components/core/store';
import { waitUntil } from '../helpers/wait-until';

const store = cartStore();

async function cartWith(items: Array<{ reference: string; name: string; unitAmount: number; currency: string; quantity?: number }>) {
  store.clear();
  for (const item of items) store.add(item);
  const el = await fixture<CkCart>(html`<ck-cart></ck-cart>`);
  await el.updateComplete;
  return el;
}

const q = (el: CkCart, selector: string) => el.shadowRoot!.querySelector(selector) as HTMLElement;
const qa = (el: CkCart, selector: string) => [...el.shadowRoot!.querySelectorAll(selector)] as HTMLElement[];

describe('ck-cart', () => {
  afterEach(() => store.clear());

  it('shows an empty state and is accessible', async () => {
    const el = await cartWith([]);
    expect(q(el, '[part="empty"]').textContent).to.contain('Your cart is empty');
    await expect(el).to.be.accessible();
  });

  it('lists line items with line totals and a subtotal in the item currency', async () => {
    const el = await cartWith([
      { reference: 'a', name: 'Clear case', unitAmount: 12800, currency: 'HKD', quantity: 2 },
      { reference: 'b', name: 'Leather case', unitAmount: 34800, currency: 'HKD' },
    ]);
    const lines = qa(el, '[part="line-item"]');
    expect(lines).to.have.length(2);
    expect(q(el, '[part="line-total"]').textContent).to.contain('256.00');
    expect(q(el, '[part="subtotal"] dd').textContent).to.contain('HK$604.00');
    expect(q(el, '[part="count"]').textContent).to.equal('3 items');
    await expect(el).to.be.accessible();
  });

  it('formats yen without decimals', async () => {
    const el = await cartWith([{ reference: 'y', name: 'Ticket', unitAmount: 8800, currency: 'JPY', quantity: 2 }]);
    expect(q(el, '[part="subtotal"] dd').textContent).to.match(/17,600$/);
  });

  it('changes quantity with the keyboard and announces it', async () => {
    const el = await cartWith([{ reference: 'a', name: 'Clear case', unitAmount: 12800, currency: 'HKD' }]);
    const input = q(el, 'input') as HTMLInputElement;
    input.focus();
    input.select();
    const changed = oneEvent(el, 'ck-cart-change');
    await sendKeys({ type: '3' });
    await sendKeys({ press: 'Tab' });
    const event = await changed;
    expect(event.detail.reason).to.equal('quantity');
    expect(event.detail.reference).to.equal('a');
    expect(event.detail.items[0]!.quantity).to.equal(3);
    await el.updateComplete;
    expect(store.items[0]!.quantity).to.equal(3);
    expect(q(el, '[part="subtotal"] dd').textContent).to.contain('384.00');
    expect(q(el, '[role="status"]').textContent).to.contain('Quantity of Clear case is now 3');
  });

  it('steps quantity with the + and − buttons, which stop at the limits', async () => {
    const el = await cartWith([{ reference: 'a', name: 'Clear case', unitAmount: 12800, currency: 'HKD' }]);
    const [decrease, increase] = qa(el, '[part="quantity"] button') as HTMLButtonElement[];
    expect(decrease!.disabled).to.equal(true);
    increase!.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(store.items[0]!.quantity).to.equal(2);
    expect(decrease!.disabled).to.equal(false);
  });

  it('removes an item by keyboard and moves focus to the next line', async () => {
    const el = await cartWith([
      { reference: 'a', name: 'Clear case', unitAmount: 12800, currency: 'HKD' },
      { reference: 'b', name: 'Leather case', unitAmount: 34800, currency: 'HKD' },
    ]);
    const removeFirst = q(el, '[part="remove-button"]');
    expect(removeFirst.getAttribute('aria-label')).to.equal('Remove Clear case from cart');
    removeFirst.focus();
    const changed = oneEvent(el, 'ck-cart-change');
    await sendKeys({ press: 'Enter' });
    const event = await changed;
    expect(event.detail).to.include({ reason: 'remove', reference: 'a' });
    await el.updateComplete;
    await el.updateComplete;
    expect(qa(el, '[part="line-item"]')).to.have.length(1);
    expect(el.shadowRoot!.activeElement?.getAttribute('aria-label')).to.equal('Remove Leather case from cart');
    expect(q(el, '[role="status"]').textContent).to.contain('Clear case removed from cart');
  });

  it('follows changes made by another element or tab', async () => {
    const el = await cartWith([]);
    store.add({ reference: 'c', name: 'Rugged case', unitAmount: 22800, currency: 'HKD' });
    await el.updateComplete;
    expect(qa(el, '[part="line-item"]')).to.have.length(1);
  });

  it('on an Arabic page, a name the catalog does not translate reads in its own order ("30 W USB-C charger", not "W USB-C 30 charger")', async () => {
    store.clear();
    store.add({ reference: 'charger', name: '30 W USB-C charger', unitAmount: 24900, currency: 'HKD' });
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="ar" dir="rtl"><ck-cart></ck-cart></div>`);
    const el = wrapper.querySelector('ck-cart')!;
    await waitUntil(() => q(el, '[part="title"]')?.textContent?.includes('سلة التسوق'), 'Arabic strings load');
    const name = q(el, '.name');
    const walker = document.createTreeWalker(name, NodeFilter.SHOW_TEXT);
    let node = walker.nextNode();
    while (node && !node.textContent!.includes('USB-C')) node = walker.nextNode();
    const x = (text: string) => {
      const range = document.createRange();
      const at = node!.textContent!.indexOf(text);
      range.setStart(node!, at);
      range.setEnd(node!, at + text.length);
      return range.getBoundingClientRect().left;
    };
    expect(x('30')).to.be.lessThan(x('W '));
    expect(x('W ')).to.be.lessThan(x('charger'));
    // Still laid out right to left: the name starts at the right edge of its column.
    const line = document.createRange();
    line.selectNodeContents(node!);
    expect(line.getBoundingClientRect().right).to.be.closeTo(name.getBoundingClientRect().right, 1);
  });

  it('renders in the page language, lazily loaded, and right-to-left for Arabic', async () => {
    store.clear();
    store.add({ reference: 'a', name: 'Clear case', unitAmount: 12800, currency: 'HKD' });
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="ar"><ck-cart></ck-cart></div>`);
    const el = wrapper.querySelector('ck-cart')!;
    await waitUntil(() => q(el, '[part="title"]')?.textContent?.includes('سلة التسوق'), 'Arabic strings load');
    expect(q(el, '[part="base"]').getAttribute('dir')).to.equal('rtl');
    expect(q(el, '[part="title"]').textContent).to.contain('سلة التسوق');
    await expect(el).to.be.accessible();
  });
});
