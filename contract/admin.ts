/**
 * Plain values of the console's contract (no zod: the console imports them at run time).
 * contract/api/admin.ts builds its schemas from them.
 */
export const ORDER_STATUSES = ['pending', 'paid', 'declined', 'canceled', 'expired', 'partially_refunded', 'refunded', 'voided'] as const;
export type AdminOrderStatus = (typeof ORDER_STATUSES)[number];

export const RECONCILIATION_KINDS = ['matched', 'payment_missing', 'order_missing', 'amount_mismatch', 'status_mismatch', 'refunds_differ'] as const;
export type ReconciliationKind = (typeof RECONCILIATION_KINDS)[number];
