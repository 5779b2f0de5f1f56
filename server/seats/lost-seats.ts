/**
 * Seats a paid order paid for and cannot have: its expired hold lost them to another buyer, or
 * another order was paid for them first. They are not delivered, and what the shopper paid for
 * them is owed back.
 */
import type { FastifyInstance } from 'fastify';
import { requestRefund } from '../gift-cards/refunds';
import { upstreamKey } from '../orders/payments';
import { lostSeatsRefund, taxCountryOf } from '../orders/pricing';
import type { OrderRecord, PaidBy } from '../orders/store';
import type { Queryable } from '../storage/db';

export interface LostSeats {
  eventId: string;
  lost: Array<{ seatId: string; categoryId: string; soldTo?: string }>;
}

/**
 * Audits the lost seats on the order (`seats_lost`) and records the refund of what the order
 * paid for them (`lostSeatsRefund`: from the stored order alone, never today's prices). It runs
 * in the paid transaction, with no network call inside it: the card's part of the refund is asked of Checkout.com
 * after the commit by the upstream-action queue (server/upstream-actions/), under an idempotency
 * key derived from the order and the lost seats, so however often it is attempted it refunds once.
 */
export async function refundLostSeats(app: FastifyInstance, order: OrderRecord, { eventId, lost }: LostSeats, paidBy: PaidBy, tx: Queryable): Promise<void> {
  const seats = lost.map((s) => s.seatId);
  const soldTo = [...new Set(lost.flatMap((s) => (s.soldTo ? [s.soldTo] : [])))];
  const addresses = (order.addresses ?? {}) as { shipping?: { country: string }; billing?: { country: string } };
  const taxRule = app.catalog.data.tax.byCountry[taxCountryOf({ shippingAddress: addresses.shipping, billingAddress: addresses.billing, country: order.country })];
  const refund = lostSeatsRefund(order, eventId, lost.map(({ seatId, categoryId }) => ({ seatId, categoryId })), taxRule?.shipping ?? false);
  const base = { orderId: order.id, paymentId: paidBy.paymentId, source: paidBy.source, actor: 'seat-holds' } as const;
  await app.orders.audit({
    ...base,
    type: 'seats_lost',
    detail: {
      seats,
      refund: { amount: refund.amount, currency: order.currency },
      ...(soldTo.length ? { soldTo } : {}),
      ...(refund.unpriced.length ? { unpriced: refund.unpriced } : {}),
    },
  }, tx);
  if (refund.amount > 0) {
    // What the order paid for the seats goes back to the payment card first, up to what
    // Checkout.com took, and the rest to the gift card that paid the order with it (if one did).
    await requestRefund(app, tx, order, {
      paymentId: base.paymentId,
      source: base.source,
      actor: base.actor,
      id: upstreamKey('refunds', `${order.id}\nseats_lost\n${seats.join(',')}`),
      amount: refund.amount,
      reason: 'seats_lost',
      detail: { seats: refund.seats },
    }, true);
  }
  app.log.warn(
    { orderId: order.id, seats: seats.length, soldToOtherOrders: soldTo.length, refund: refund.amount, currency: order.currency },
    refund.amount > 0 ? 'paid order cannot have seats it paid for; refund requested' : 'paid order cannot have seats no order line priced; nothing to refund',
  );
}
