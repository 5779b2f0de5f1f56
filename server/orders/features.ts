/**
 * The features an order is made of, each declared in ONE place at the top of its plugin:
 *
 *   app.orders.features.register({ name: 'seats', price: { seatHolds }, onCreate, onPaid, onVoided });
 *
 * "What happens when an order is paid" is this list, run by the order store inside the
 * transaction that moves the order (OrderStore.applyPayment): each feature's `onPaid` in the
 * order the features were registered (server/app.ts), then each `afterPaid`. A reaction makes no
 * network call: what is owed upstream (a refund, a capture) is recorded in the same transaction
 * and asked of Checkout.com after the commit (server/upstream-actions/).
 */
import type { Queryable } from '../storage/db';
import type { PricingExtensions } from './pricing';
import type { NewOrder, OrderRecord, PaidBy } from './store';

export interface OrderFeature {
  /** Names the feature (one registration per name). */
  name: string;
  /** What it lets pricing charge for: the records an order refers to (seat holds, insurance quotes). */
  price?: Partial<PricingExtensions>;
  /**
   * In a new order's transaction, before its row is written; throwing refuses the order (nothing
   * is written). Seats check here that the hold still holds what was priced.
   */
  onCreate?(order: NewOrder, tx: Queryable): Promise<void>;
  /**
   * In the transaction that makes the order paid; runs once per order (nothing moves to `paid`
   * twice), so what the order bought changes hands atomically with the payment.
   */
  onPaid?(order: OrderRecord, tx: Queryable, paidBy: PaidBy): Promise<void>;
  /**
   * In the transaction that would make the order paid, before it moves: why it can no longer be
   * paid, or undefined. What it held was given back (it expired) and another order has taken it
   * since: a payment arriving late must not get it twice. A refusal voids the order instead (each
   * feature's onVoided runs) and the refusing feature records the payment's money owed back
   * (server/upstream-actions/) in the same transaction.
   */
  refusePaid?(order: OrderRecord, tx: Queryable, payment: LatePayment): Promise<string | undefined>;
  /** In the transaction that voids the order (nothing was charged): what it was holding goes back. */
  onVoided?(order: OrderRecord, tx: Queryable, voidedBy: PaidBy): Promise<void>;
  /** In the paid transaction once the move is applied and audited (webhook events kept for the order apply here). */
  afterPaid?(order: OrderRecord, tx: Queryable, paidBy: PaidBy): Promise<void>;
  /** In the transaction that moves the order to `declined` (the shopper may still pay with another card). */
  onDeclined?(order: OrderRecord, tx: Queryable, declinedBy: PaidBy): Promise<void>;
  /** In the transaction that applies a refund (its amount, and Checkout.com's action id when known). */
  onRefunded?(order: OrderRecord, tx: Queryable, refund: RefundApplied): Promise<void>;
  /**
   * What the order was paid with other than the payment card (a gift card's share) and is not
   * refunded yet: an order is `refunded` only once the card's part and this are all back.
   */
  unrefunded?(order: OrderRecord, tx: Queryable): Promise<number>;
  /**
   * In the transaction that applies any payment result of the order (approved, declined…),
   * whether or not it moves the order: a second card declined in one Flow session is a result
   * too. Reported more than once (webhook, status check) for one payment: count it once.
   */
  onPaymentResult?(order: OrderRecord, tx: Queryable, result: PaymentResult): Promise<void>;
}

/** The payment that would make an order paid (`refusePaid`): its Checkout.com status and what it took. */
export interface LatePayment extends PaidBy {
  paymentStatus: string;
  amount: number;
  currency: string;
}

/** A refund applied to an order (OrderStore.applyRefund). */
export interface RefundApplied extends PaidBy {
  amount: number;
  currency: string;
  actionId?: string;
}

/** One payment's outcome as applied to its order, with the card it was made with when known. */
export interface PaymentResult {
  paymentId: string;
  /** The status the result asks for (undefined: it moves nothing, e.g. pending). */
  to: OrderRecord['status'] | undefined;
  card?: { bin?: string | undefined; last4?: string | undefined } | undefined;
}

/** The registry the order store runs. Its `pricing` is the object pricing reads (`app.pricingExtensions`). */
export class OrderFeatures {
  private readonly list: OrderFeature[] = [];

  constructor(readonly pricing: PricingExtensions = {}) {}

  register(feature: OrderFeature): void {
    if (this.list.some((f) => f.name === feature.name)) throw new Error(`order feature "${feature.name}" is registered twice`);
    this.list.push(feature);
    Object.assign(this.pricing, feature.price);
  }

  /** The features in the order their reactions run. */
  get names(): string[] {
    return this.list.map((f) => f.name);
  }

  get reactAfterPaid(): boolean {
    return this.list.some((f) => f.afterPaid);
  }

  async created(order: NewOrder, tx: Queryable): Promise<void> {
    for (const f of this.list) await f.onCreate?.(order, tx);
  }

  async paid(order: OrderRecord, tx: Queryable, by: PaidBy): Promise<void> {
    for (const f of this.list) await f.onPaid?.(order, tx, by);
  }

  /** The first feature's refusal of the payment, if one refuses (see `refusePaid`). */
  async refusePaid(order: OrderRecord, tx: Queryable, payment: LatePayment): Promise<string | undefined> {
    for (const f of this.list) {
      const refused = await f.refusePaid?.(order, tx, payment);
      if (refused) return refused;
    }
    return undefined;
  }

  async voided(order: OrderRecord, tx: Queryable, by: PaidBy): Promise<void> {
    for (const f of this.list) await f.onVoided?.(order, tx, by);
  }

  async afterPaid(order: OrderRecord, tx: Queryable, by: PaidBy): Promise<void> {
    for (const f of this.list) await f.afterPaid?.(order, tx, by);
  }

  async declined(order: OrderRecord, tx: Queryable, by: PaidBy): Promise<void> {
    for (const f of this.list) await f.onDeclined?.(order, tx, by);
  }

  async refunded(order: OrderRecord, tx: Queryable, refund: RefundApplied): Promise<void> {
    for (const f of this.list) await f.onRefunded?.(order, tx, refund);
  }

  async unrefunded(order: OrderRecord, tx: Queryable): Promise<number> {
    let left = 0;
    for (const f of this.list) left += (await f.unrefunded?.(order, tx)) ?? 0;
    return left;
  }

  async paymentResult(order: OrderRecord, tx: Queryable, result: PaymentResult): Promise<void> {
    for (const f of this.list) await f.onPaymentResult?.(order, tx, result);
  }
}
