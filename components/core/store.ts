/**
 * The kit's shared state: the cart (localStorage, synced across tabs through the
 * `storage` event), plus (values.ts) the chosen currency, the checkout draft and the payment
 * context (sessionStorage).
 *
 * Elements subscribe through `StoreController`; the store itself knows nothing of Lit.
 * Prices held here are for display only: the proxy re-prices every order from its catalog.
 */
import { lineAmount } from './money';

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

export const MAX_QUANTITY = 99;
export const CART_STORAGE_KEY = 'ck:cart:v1';

export type CartChangeSource = 'local' | 'other-tab';

/** Fired on the store (not the DOM) whenever the cart changes, in this tab or another. */
export class CartChangeEvent extends Event {
  static readonly type = 'change';
  constructor(
    readonly items: readonly CartItem[],
    readonly source: CartChangeSource,
  ) {
    super(CartChangeEvent.type);
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

/** Reads the stored cart, dropping anything malformed (a corrupted entry never breaks the page). */
function parseCart(raw: string | null): CartItem[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter(isCartItem)
      .map((item) => ({ ...item, quantity: Math.min(item.quantity, MAX_QUANTITY) }));
  } catch {
    return [];
  }
}

function clampQuantity(quantity: number): number {
  if (!Number.isFinite(quantity)) return 1;
  return Math.max(1, Math.min(MAX_QUANTITY, Math.trunc(quantity)));
}

export class CartStore extends EventTarget {
  #items: CartItem[];
  readonly #storage: Storage | undefined;

  constructor(storage: Storage | undefined = globalThis.localStorage, win: Window | undefined = globalThis.window) {
    super();
    this.#storage = storage;
    this.#items = parseCart(this.#read());
    win?.addEventListener('storage', (event: StorageEvent) => {
      if (event.key !== CART_STORAGE_KEY && event.key !== null) return;
      this.#items = parseCart(event.key === null ? null : event.newValue);
      this.dispatchEvent(new CartChangeEvent(this.items, 'other-tab'));
    });
  }

  get items(): readonly CartItem[] {
    return this.#items;
  }

  get count(): number {
    return this.#items.reduce((sum, item) => sum + item.quantity, 0);
  }

  add(item: Omit<CartItem, 'quantity'> & { quantity?: number }): void {
    const quantity = clampQuantity(item.quantity ?? 1);
    const existing = this.#items.find((i) => i.reference === item.reference);
    if (existing) {
      this.#commit(
        this.#items.map((i) =>
          i.reference === item.reference ? { ...i, quantity: clampQuantity(i.quantity + quantity) } : i,
        ),
      );
    } else {
      this.#commit([...this.#items, { ...item, quantity }]);
    }
  }

  setQuantity(reference: string, quantity: number): void {
    if (!this.#items.some((i) => i.reference === reference)) return;
    const next = clampQuantity(quantity);
    this.#commit(this.#items.map((i) => (i.reference === reference ? { ...i, quantity: next } : i)));
  }

  remove(reference: string): void {
    this.#commit(this.#items.filter((i) => i.reference !== reference));
  }

  clear(): void {
    this.#commit([]);
  }

  #read(): string | null {
    try {
      return this.#storage?.getItem(CART_STORAGE_KEY) ?? null;
    } catch {
      // Storage can throw (privacy modes, sandboxed iframes): the cart then lives in memory.
      return null;
    }
  }

  #commit(items: CartItem[]): void {
    this.#items = items;
    try {
      this.#storage?.setItem(CART_STORAGE_KEY, JSON.stringify(items));
    } catch {
      // Quota or privacy mode: keep the in-memory cart so the shopper loses nothing now.
    }
    this.dispatchEvent(new CartChangeEvent(this.items, 'local'));
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
