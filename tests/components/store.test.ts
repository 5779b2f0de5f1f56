import { expect } from '@open-wc/testing';
import {
  CART_STORAGE_KEY,
  CartChangeEvent,
  CartStore,
  MAX_QUANTITY,
  StoredValueChangeEvent,
} from '../../components/core/store';

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
    window.dispatchEvent(new StorageEvent('storage', { key: CART_STORAGE_KEY, newValue, storageArea: localStorage }));
    expect(seen?.source).to.equal('other-tab');
    expect(store.items[0]!.quantity).to.equal(4);
    window.dispatchEvent(new StorageEvent('storage', { key: 'unrelated', newValue: '[]', storageArea: localStorage }));
    // sessionStorage is not where the cart lives, even under the same key.
    window.dispatchEvent(
      new StorageEvent('storage', { key: CART_STORAGE_KEY, newValue: '[]', storageArea: sessionStorage }),
    );
    expect(store.items).to.have.length(1);
  });

  it('normalises a malformed or oversized cart written by another tab, as it does a stored one', () => {
    const store = new CartStore(localStorage, window);
    store.add(caseItem);
    const events: CartChangeEvent[] = [];
    store.addEventListener(CartChangeEvent.type, (e) => events.push(e as CartChangeEvent));
    const newValue = JSON.stringify([
      { ...caseItem, quantity: 500 },
      { ...caseItem, reference: 'case-2', quantity: 0 },
      { ...caseItem, reference: 'case-3', quantity: 2, currency: 'hkd' },
      { ...caseItem, reference: '', quantity: 1 },
      { ...caseItem, reference: 'case-4', quantity: 1.5 },
      { ...caseItem, reference: 'case-5', quantity: 1, unitAmount: -1 },
      { ...caseItem, reference: 'case-6', quantity: 1, image: 7 },
      { ...caseItem, reference: 'case-7', quantity: 2, image: '/img/7.png' },
      null,
      'x',
    ]);
    window.dispatchEvent(new StorageEvent('storage', { key: CART_STORAGE_KEY, newValue, storageArea: localStorage }));
    const expected = [
      { ...caseItem, quantity: MAX_QUANTITY },
      { ...caseItem, reference: 'case-7', quantity: 2, image: '/img/7.png' },
    ];
    expect(store.items).to.deep.equal(expected);
    expect(store.count).to.equal(MAX_QUANTITY + 2);
    expect(events).to.have.length(1);
    expect(events[0]).to.be.instanceOf(StoredValueChangeEvent);
    expect(events[0]!.source).to.equal('other-tab');
    expect(events[0]!.items).to.deep.equal(expected);

    window.dispatchEvent(
      new StorageEvent('storage', { key: CART_STORAGE_KEY, newValue: '{"not":"a cart"}', storageArea: localStorage }),
    );
    expect(store.items).to.deep.equal([]);
    store.add(caseItem);
    window.dispatchEvent(new StorageEvent('storage', { key: null, storageArea: localStorage })); // another tab cleared storage
    expect(store.items).to.deep.equal([]);
    expect(events.map((e) => [e.source, e.items.length])).to.deep.equal([
      ['other-tab', 2],
      ['other-tab', 0],
      ['local', 1],
      ['other-tab', 0],
    ]);
  });

  it('caps stored quantities when restoring', () => {
    localStorage.setItem(CART_STORAGE_KEY, JSON.stringify([{ ...caseItem, quantity: 1000 }]));
    expect(new CartStore(localStorage, undefined).items).to.deep.equal([{ ...caseItem, quantity: MAX_QUANTITY }]);
  });

  it('keeps the cart in memory when storage fails', () => {
    const failing = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    } as unknown as Storage;
    const store = new CartStore(failing, undefined);
    expect(store.items).to.deep.equal([]);
    store.add(caseItem);
    expect(store.items).to.deep.equal([{ ...caseItem, quantity: 1 }]);
  });

  it('survives a corrupted stored cart', () => {
    localStorage.setItem(CART_STORAGE_KEY, '{not json');
    expect(new CartStore(localStorage, undefined).items).to.deep.equal([]);
    localStorage.setItem(CART_STORAGE_KEY, JSON.stringify([caseItem, { ...caseItem, quantity: -2 }, 'x']));
    expect(new CartStore(localStorage, undefined).items).to.deep.equal([]);
  });
});
