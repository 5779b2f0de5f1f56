/**
 * Small persisted values shared by the elements: the chosen currency (localStorage, every tab),
 * the checkout draft and the payment context (sessionStorage, this tab).
 */

/** Where a stored value's change was made: by this tab, or by another tab (the `storage` event). */
export type StoredValueChangeSource = 'local' | 'other-tab';

/** Fired on a `StoredValue` when its value changes, in this tab or (for localStorage) another. */
export class StoredValueChangeEvent extends Event {
  static readonly type = 'change';
  constructor(readonly source: StoredValueChangeSource) {
    super(StoredValueChangeEvent.type);
  }
}

/**
 * One JSON value in Web Storage, observable, followed across tabs through the `storage` event.
 * Whatever is read back (this tab's storage at start-up, another tab's write) goes through
 * `parse`, which returns the value, normalised, or undefined to reject it (old shapes,
 * tampering); unreadable JSON reads as undefined too. Values given to `set` are stored as they
 * are. Storage errors (privacy modes, quota) leave an in-memory copy.
 */
export class StoredValue<T> extends EventTarget {
  #value: T | undefined;
  readonly #storage: Storage | undefined;

  constructor(
    readonly key: string,
    storage: Storage | undefined,
    private readonly parse: (value: unknown) => T | undefined,
    win: Window | undefined = globalThis.window,
  ) {
    super();
    this.#storage = storage;
    this.#value = this.#decode(this.#read());
    // `storage` events only fire for changes made by other tabs (for localStorage: the same
    // origin's other tabs); `key` is null when another tab cleared the whole storage.
    win?.addEventListener('storage', (event: StorageEvent) => {
      if (event.storageArea !== storage || (event.key !== key && event.key !== null)) return;
      this.#value = this.#decode(event.key === null ? null : event.newValue);
      this.dispatchEvent(new StoredValueChangeEvent('other-tab'));
    });
  }

  get value(): T | undefined {
    return this.#value;
  }

  set(value: T | undefined): void {
    this.#value = value;
    try {
      if (value === undefined) this.#storage?.removeItem(this.key);
      else this.#storage?.setItem(this.key, JSON.stringify(value));
    } catch {
      // Keep the in-memory value.
    }
    this.dispatchEvent(new StoredValueChangeEvent('local'));
  }

  #read(): string | null {
    try {
      return this.#storage?.getItem(this.key) ?? null;
    } catch {
      return null;
    }
  }

  #decode(raw: string | null): T | undefined {
    if (!raw) return undefined;
    try {
      return this.parse(JSON.parse(raw));
    } catch {
      return undefined;
    }
  }
}

/** The value if it is a plain JSON object, else undefined. */
const asObject = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** `localStorage` or `sessionStorage`, or undefined where merely reading it throws (sandboxed iframes). */
export function safeStorage(kind: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try {
    return globalThis[kind];
  } catch {
    return undefined;
  }
}

let sharedCurrency: StoredValue<string> | undefined;

/** The shopper's chosen display currency, shared by every element and every tab. */
export function currencyStore(): StoredValue<string> {
  sharedCurrency ??= new StoredValue('ck:currency:v1', safeStorage('localStorage'), (v) =>
    typeof v === 'string' && /^[A-Z]{3}$/.test(v) ? v : undefined,
  );
  return sharedCurrency;
}

/** What the shopper has entered during checkout; kept for the tab's session so a reload loses nothing. */
export interface CheckoutDraft {
  step?: string;
  coupon?: string;
  customer?: { email?: string; name?: string; phone?: string };
  shippingAddress?: Record<string, string>;
  billingAddress?: Record<string, string>;
  /** Billing address equals the shipping address (the default). */
  billingSameAsShipping?: boolean;
  shippingMethod?: string;
}

let sharedDraft: StoredValue<CheckoutDraft> | undefined;

export function checkoutDraftStore(): StoredValue<CheckoutDraft> {
  sharedDraft ??= new StoredValue<CheckoutDraft>('ck:checkout:v1', safeStorage('sessionStorage'), asObject);
  return sharedDraft;
}

/** The payment in progress in this tab (docs/design.md: the payment context lives in sessionStorage). */
export interface PaymentContext {
  idempotencyKey: string;
  orderId?: string;
  /** The order's payment-detail token: lets this tab (and the result page after a redirect) read the payment's amount and card. */
  orderToken?: string;
  paymentSessionId?: string;
  paymentId?: string;
  mode?: 'flow' | 'hpp';
}

let sharedPayment: StoredValue<PaymentContext> | undefined;

export function paymentContextStore(): StoredValue<PaymentContext> {
  sharedPayment ??= new StoredValue('ck:payment:v1', safeStorage('sessionStorage'), (v) =>
    typeof asObject(v)?.idempotencyKey === 'string' ? (v as PaymentContext) : undefined,
  );
  return sharedPayment;
}
