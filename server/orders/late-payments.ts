/**
 * A payment that arrives after its order expired (its payment page stays open at Checkout.com
 * long after the proxy gave up on the order) must not get what the order gave back when it
 * expired and another order has taken since: a gift card's balance, the last units of a product,
 * the uses of a coupon. The feature that held it says so (`refusePaid`); this is the one rule for
 * what follows: the refusal is audited on the order, the order is voided instead of paid (so every
 * feature's onVoided runs) and the payment's money is owed back — released when only authorised,
 * refunded when captured — by the upstream-action queue, after the commit, once.
 */
import type { FastifyInstance } from 'fastify';
import type { Queryable } from '../storage/db';
import type { LatePayment, OrderFeature } from './features';
import { upstreamKey } from './payments';
import type { OrderRecord } from './store';

/** Why a feature cannot let the order be paid: the audit entry's type and what it names. */
export interface Refusal {
  type: string;
  detail: Record<string, unknown>;
}

export function refuseLatePayment(app: FastifyInstance, feature: string, check: (order: OrderRecord, tx: Queryable) => Promise<Refusal | undefined>): NonNullable<OrderFeature['refusePaid']> {
  return async (order, tx, payment: LatePayment) => {
    const refusal = await check(order, tx);
    if (!refusal) return undefined;
    const base = { orderId: order.id, paymentId: payment.paymentId, source: payment.source, actor: feature } as const;
    await app.orders.audit({ ...base, type: refusal.type, detail: { ...refusal.detail, paymentStatus: payment.paymentStatus } }, tx);
    if (payment.amount > 0) {
      const kind = payment.paymentStatus.toLowerCase() === 'authorized' ? 'void' : 'refund';
      await app.upstreamActions.request(tx, {
        ...base,
        id: upstreamKey(`${kind}s`, `${payment.paymentId}\nlate_payment`),
        kind,
        amount: payment.amount,
        currency: payment.currency,
        reason: refusal.type,
        detail: refusal.detail,
      });
    }
    app.log.warn({ orderId: order.id, refusal: refusal.type }, 'late payment for an order whose holdings went to another order: order voided, payment given back');
    return refusal.type;
  };
}
