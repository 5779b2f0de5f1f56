/**
 * The kit's shared state: the cart (localStorage, synced across tabs through the
 * `storage` event), plus (values.ts) the chosen currency, the checkout draft and the payment
 * context (sessionStorage).
 *
 * Elements subscribe through `StoreController`; the store itself knows nothing of Lit.
 * Prices held here are for display only: the proxy re-prices every order from its catalog.
 */
import { lineAmount } from '../../contract/money';
import { ORDER_LIMITS } from '../../contract/limits';
import { safeStorage, StoredValue, StoredValueChangeEvent, type StoredValueChangeSource } from './values';

export interface CartItem {
  /** Catalog product reference, e.g. "case-iphone-clear". */
  reference: string;
  name: string;
  /** Display unit price in minor units of `currency`. */
  unitAmount: number;
  currency: string;
  quantity: number;
  image?: string;
}

export const MAX_QUANTITY = ORDER_LIMITS.maxQuantity;
export const CART_STORAGE_KEY = 'ck:cart:v1';

export type CartChangeSource = StoredValueChangeSource;

/** Fired on the store (not the DOM) whenever the cart changes, in this tab or another. */
export class CartChangeEvent extends StoredValueChangeEvent {
  constructor(
    readonly items: readonly CartItem[],
    source: CartChangeSource,
  ) {
    super(source);
  }
}

function isCartItem(value: unknown): value is CartItem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.reference === 'string' &&
    v.reference.length > 0 &&
    typeof v.name === 'string' &&
    Number.isInteger(v.unitAmount) &&
    (v.unitAmount as number) >= 0 &&
    typeof v.currency === 'string' &&
    /^[A-Z]{3}$/.test(v.currency) &&
    Number.isInteger(v.quantity) &&
    (v.quantity as number) >= 1 &&
    (v.image === undefined || typeof v.image === 'string')
  );
}

/**
 * Normalises a stored cart (this tab's at start-up, or another tab's): malformed entries are
 * dropped and quantities capped, so a corrupted entry never breaks the page. Not an array: no cart.
 */
function parseCart(value: unknown): CartItem[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isCartItem).map((item) => ({ ...item, quantity: Math.min(item.quantity, MAX_QUANTITY) }));
}

function clampQuantity(quantity: number): number {
  if (!Number.isFinite(quantity)) return 1;
  return Math.max(1, Math.min(MAX_QUANTITY, Math.trunc(quantity)));
}

const NO_ITEMS: readonly CartItem[] = [];

/**
 * The cart, kept in a `StoredValue` (which persists it, follows other tabs and tolerates
 * storage errors: without storage the cart lives in memory).
 */
export class CartStore extends EventTarget {
  readonly #stored: StoredValue<CartItem[]>;

  constructor(storage: Storage | undefined = safeStorage('localStorage'), win: Window | undefined = globalThis.window) {
    super();
    this.#stored = new StoredValue(CART_STORAGE_KEY, storage, parseCart, win);
    this.#stored.addEventListener(StoredValueChangeEvent.type, (event) =>
      this.dispatchEvent(new CartChangeEvent(this.items, (event as StoredValueChangeEvent).source)),
    );
  }

  get items(): readonly CartItem[] {
    return this.#stored.value ?? NO_ITEMS;
  }

  get count(): number {
    return this.items.reduce((sum, item) => sum + item.quantity, 0);
  }

  add(item: Omit<CartItem, 'quantity'> & { quantity?: number }): void {
    const quantity = clampQuantity(item.quantity ?? 1);
    const existing = this.items.find((i) => i.reference === item.reference);
    if (existing) {
      this.#stored.set(
        this.items.map((i) =>
          i.reference === item.reference ? { ...i, quantity: clampQuantity(i.quantity + quantity) } : i,
        ),
      );
    } else {
      this.#stored.set([...this.items, { ...item, quantity }]);
    }
  }

  setQuantity(reference: string, quantity: number): void {
    if (!this.items.some((i) => i.reference === reference)) return;
    const next = clampQuantity(quantity);
    this.#stored.set(this.items.map((i) => (i.reference === reference ? { ...i, quantity: next } : i)));
  }

  remove(reference: string): void {
    this.#stored.set(this.items.filter((i) => i.reference !== reference));
  }

  clear(): void {
    this.#stored.set([]);
  }
}

let sharedCart: CartStore | undefined;

/** The one cart of the page, shared by every element. */
export function cartStore(): CartStore {
  sharedCart ??= new CartStore();
  return sharedCart;
}

/** Subtotals per currency, in minor units. */
export function subtotals(items: readonly CartItem[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const item of items) {
    totals.set(item.currency, (totals.get(item.currency) ?? 0) + lineAmount(item.unitAmount, item.quantity));
  }
  return totals;
}

// The small persisted values (currency, checkout draft, payment context) live apart, so elements
// that need only them (the pay button) do not load the cart.
export * from './values';
