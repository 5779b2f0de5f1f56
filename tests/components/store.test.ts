import { expect } from '@open-wc/testing';
import { CART_STORAGE_KEY, CartChangeEvent, CartStore, MAX_QUANTITY } from '../../components/core/store';

const caseItem = { reference: 'case-1', name: 'Clear case', unitAmount: 12800, currency: 'HKD' };

describe('CartStore', () => {
  beforeEach(() => localStorage.clear());

  it('persists the cart in localStorage and restores it', () => {
    const store = new CartStore(localStorage, undefined);
    store.add(caseItem);
    store.add({ ...caseItem, quantity: 2 });
    expect(store.items).to.have.length(1);
    expect(store.items[0]!.quantity).to.equal(3);
    const restored = new CartStore(localStorage, undefined);
    expect(restored.items).to.deep.equal(store.items);
  });

  it('clamps quantities to 1–99 and ignores unknown references', () => {
    const store = new CartStore(localStorage, undefined);
    store.add(caseItem);
    store.setQuantity('case-1', 0);
    expect(store.items[0]!.quantity).to.equal(1);
    store.setQuantity('case-1', 500);
    expect(store.items[0]!.quantity).to.equal(MAX_QUANTITY);
    store.setQuantity('nope', 3);
    expect(store.items).to.have.length(1);
  });

  it('fires a typed change event on every change', () => {
    const store = new CartStore(localStorage, undefined);
    const events: CartChangeEvent[] = [];
    store.addEventListener(CartChangeEvent.type, (e) => events.push(e as CartChangeEvent));
    store.add(caseItem);
    store.remove('case-1');
    expect(events.map((e) => [e.source, e.items.length])).to.deep.equal([
      ['local', 1],
      ['local', 0],
    ]);
  });

  it('follows changes made in another tab (storage event)', () => {
    const store = new CartStore(localStorage, window);
    let seen: CartChangeEvent | undefined;
    store.addEventListener(CartChangeEvent.type, (e) => (seen = e as CartChangeEvent));
    const newValue = JSON.stringify([{ ...caseItem, quantity: 4 }]);
    window.dispatchEvent(new StorageEvent('storage', { key: CART_STORAGE_KEY, newValue }));
    expect(seen?.source).to.equal('other-tab');
    expect(store.items[0]!.quantity).to.equal(4);
    window.dispatchEvent(new StorageEvent('storage', { key: 'unrelated', newValue: '[]' }));
    expect(store.items).to.have.length(1);
  });

  it('survives a corrupted stored cart', () => {
    localStorage.setItem(CART_STORAGE_KEY, '{not json');
    expect(new CartStore(localStorage, undefined).items).to.deep.equal([]);
    localStorage.setItem(CART_STORAGE_KEY, JSON.stringify([caseItem, { ...caseItem, quantity: -2 }, 'x']));
    expect(new CartStore(localStorage, undefined).items).to.deep.equal([]);
  });
});
