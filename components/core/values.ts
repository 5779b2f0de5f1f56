/**
 * Small persisted values shared by the elements: the chosen currency (localStorage, every tab),
 * the checkout draft and the payment context (sessionStorage, this tab).
 */

/** Fired on a `StoredValue` when its value changes, in this tab or (for localStorage) another. */
export class StoredValueChangeEvent extends Event {
  static readonly type = 'change';
  constructor() {
    super(StoredValueChangeEvent.type);
  }
}

/**
 * One JSON value in Web Storage, observable. Values that fail `accept` (old shapes, tampering)
 * read as undefined; storage errors (privacy modes, quota) leave an in-memory copy.
 */
export class StoredValue<T> extends EventTarget {
  #value: T | undefined;
  readonly #storage: Storage | undefined;

  constructor(
    readonly key: string,
    storage: Storage | undefined,
    private readonly accept: (value: unknown) => value is T,
    win: Window | undefined = globalThis.window,
  ) {
    super();
    this.#storage = storage;
    this.#value = this.#parse(this.#read());
    // `storage` events only fire for localStorage changes made by other tabs.
    win?.addEventListener('storage', (event: StorageEvent) => {
      if (event.storageArea !== storage || (event.key !== key && event.key !== null)) return;
      this.#value = this.#parse(event.key === null ? null : event.newValue);
      this.dispatchEvent(new StoredValueChangeEvent());
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
    this.dispatchEvent(new StoredValueChangeEvent());
  }

  #read(): string | null {
    try {
      return this.#storage?.getItem(this.key) ?? null;
    } catch {
      return null;
    }
  }

  #parse(raw: string | null): T | undefined {
    if (!raw) return undefined;
    try {
      const parsed: unknown = JSON.parse(raw);
      return this.accept(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function safeStorage(kind: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try {
    return globalThis[kind];
  } catch {
    return undefined;
  }
}

let sharedCurrency: StoredValue<string> | undefined;

/** The shopper's chosen display currency, shared by every element and every tab. */
export function currencyStore(): StoredValue<string> {
  sharedCurrency ??= new StoredValue('ck:currency:v1', safeStorage('localStorage'), (v): v is string => typeof v === 'string' && /^[A-Z]{3}$/.test(v));
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
  sharedDraft ??= new StoredValue('ck:checkout:v1', safeStorage('sessionStorage'), (v): v is CheckoutDraft => isObject(v));
  return sharedDraft;
}

/** The payment in progress in this tab (DESIGN.md: the payment context lives in sessionStorage). */
export interface PaymentContext {
  idempotencyKey: string;
  orderId?: string;
  paymentSessionId?: string;
  paymentId?: string;
  mode?: 'flow' | 'hpp';
}

let sharedPayment: StoredValue<PaymentContext> | undefined;

export function paymentContextStore(): StoredValue<PaymentContext> {
  sharedPayment ??= new StoredValue(
    'ck:payment:v1',
    safeStorage('sessionStorage'),
    (v): v is PaymentContext => isObject(v) && typeof v.idempotencyKey === 'string',
  );
  return sharedPayment;
}
