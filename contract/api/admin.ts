/**
 * The staff console's API (`/api/admin/…`, server/admin/): orders, refunds and voids,
 * reconciliation reports. Every route checks the caller's role on the server
 * (server/admin/rights.ts); the console (components/admin/) imports these types only.
 *
 * Part of the proxy's HTTP contract (contract/api): zod schemas the server validates with;
 * the kit imports their types only.
 */
import { z } from 'zod';
import { ORDER_STATUSES, RECONCILIATION_KINDS } from '../admin';

export { ORDER_STATUSES, RECONCILIATION_KINDS };
export type { AdminOrderStatus, ReconciliationKind } from '../admin';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)');
const amountQuery = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** `GET /api/admin/orders` query: every filter optional; `from`/`to` are UTC days, `to` inclusive. */
export const adminOrderQuerySchema = z.strictObject({
  status: z.enum(ORDER_STATUSES).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** Part of the shopper's email, any case. */
  email: z.string().trim().min(1).max(254).optional(),
  /** An order id (ORD…) or payment id (pay_…), whole. */
  reference: z.string().trim().min(1).max(100).optional(),
  minAmount: amountQuery.optional(),
  maxAmount: amountQuery.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type AdminOrderQuery = z.input<typeof adminOrderQuerySchema>;

export const adminOrderSummarySchema = z.strictObject({
  id: z.string(),
  status: z.enum(ORDER_STATUSES),
  amount: z.number().int(),
  currency: z.string(),
  refundedAmount: z.number().int(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  createdAt: z.string(),
});
export type AdminOrderSummary = z.infer<typeof adminOrderSummarySchema>;

export const adminOrderListSchema = z.strictObject({
  orders: z.array(adminOrderSummarySchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});
export type AdminOrderList = z.infer<typeof adminOrderListSchema>;

export const adminPaymentSchema = z.strictObject({
  id: z.string(),
  status: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  responseCode: z.string().nullable(),
  createdAt: z.string(),
});

export const adminActionSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['refund', 'capture', 'void']),
  amount: z.number().int(),
  currency: z.string(),
  reason: z.string(),
  status: z.enum(['pending', 'accepted', 'failed']),
  paymentId: z.string(),
  /** The staff member who asked for it (console actions only). */
  staff: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type AdminAction = z.infer<typeof adminActionSchema>;

export const adminEventSchema = z.strictObject({
  id: z.number().int(),
  at: z.string(),
  source: z.string(),
  type: z.string(),
  actor: z.string(),
  paymentId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AdminEvent = z.infer<typeof adminEventSchema>;

export const adminOrderDetailSchema = z.strictObject({
  order: adminOrderSummarySchema.extend({
    subtotal: z.number().int(),
    discount: z.number().int(),
    shipping: z.number().int(),
    tax: z.number().int(),
    coupon: z.string().nullable(),
    country: z.string(),
    channel: z.string(),
    lines: z.array(z.record(z.string(), z.unknown())),
  }),
  payments: z.array(adminPaymentSchema),
  /** Refunds, captures and voids the proxy asked Checkout.com for. */
  actions: z.array(adminActionSchema),
  /** The whole audit trail of the order, oldest first. */
  timeline: z.array(adminEventSchema),
  /**
   * Refunded so far plus refunds asked for and not yet applied: send it back as
   * `expectedRefunded` with a refund, so a refund decided on an out-of-date view is refused.
   */
  committedRefunds: z.number().int(),
  /** What may still be refunded now (0: nothing). */
  refundable: z.number().int(),
  /** Whether the paying payment is authorised and not captured (a void releases it). */
  voidable: z.boolean(),
  /**
   * What a gift card paid of the order (`order.amount` is the payment card's share) and what went
   * back to it: a refund goes to the payment card first, the rest back to the gift card.
   */
  giftCard: z.strictObject({
    last4: z.string(),
    amount: z.number().int(),
    refunded: z.number().int(),
    refunds: z.array(z.strictObject({ id: z.string(), amount: z.number().int(), reason: z.string(), staff: z.string().nullable(), note: z.string().nullable(), createdAt: z.string() })),
  }).nullable(),
  /** Whether the confirmation with its receipt can be sent again: the order was paid and has an email, and no copy is still waiting to go. */
  receiptResendable: z.boolean(),
});
export type AdminOrderDetail = z.infer<typeof adminOrderDetailSchema>;

export const adminReasonSchema = z.string().trim().min(3, 'is required (at least 3 characters)').max(500);

/** `POST /api/admin/orders/:id/refunds`. */
export const adminRefundRequestSchema = z.strictObject({
  amount: z.number().int().positive('must be more than zero').max(Number.MAX_SAFE_INTEGER),
  reason: adminReasonSchema,
  /** `committedRefunds` of the detail the decision was taken on. */
  expectedRefunded: z.number().int().nonnegative(),
});
export type AdminRefundRequest = z.infer<typeof adminRefundRequestSchema>;

/** `POST /api/admin/orders/:id/void`. */
export const adminVoidRequestSchema = z.strictObject({ reason: adminReasonSchema });
export type AdminVoidRequest = z.infer<typeof adminVoidRequestSchema>;

/** `POST /api/admin/orders/:id/receipt-resends` (Idempotency-Key), 202: the confirmation with its PDF receipt is queued for the order's email (replayed: the same request again). */
export const adminReceiptResendResponseSchema = z.strictObject({
  resend: z.strictObject({
    /** The outbox event that sends it. */
    id: z.string(),
    /** The address it goes to (the order's). */
    to: z.string(),
    /** Its email delivery: pending until the mail server took it. */
    status: z.enum(['pending', 'sent', 'dead', 'skipped']),
    createdAt: z.string(),
  }),
  replayed: z.boolean(),
});
export type AdminReceiptResendResponse = z.infer<typeof adminReceiptResendResponseSchema>;

/** 202: the action is recorded and will be asked of Checkout.com (replayed: the same action again). */
export const adminActionResponseSchema = z.strictObject({ action: adminActionSchema, replayed: z.boolean() });
/**
 * 202: a refund is recorded (replayed: the same refund again). `action`: the payment card's part,
 * asked of Checkout.com (none when the gift card takes all of it); `giftCard`: the part credited
 * back to the gift card, at once. `id` names the refund (both parts carry it).
 */
export const adminRefundResponseSchema = z.strictObject({
  id: z.string(),
  action: adminActionSchema.optional(),
  giftCard: z.strictObject({ last4: z.string(), amount: z.number().int() }).optional(),
  replayed: z.boolean(),
});
export type AdminRefundResponse = z.infer<typeof adminRefundResponseSchema>;
export type AdminActionResponse = z.infer<typeof adminActionResponseSchema>;

export const reconciliationItemSchema = z.strictObject({
  kind: z.enum(RECONCILIATION_KINDS),
  orderId: z.string().nullable(),
  paymentId: z.string().nullable(),
  /** What the proxy's store says and what Checkout.com says, for the fields compared. */
  ours: z.record(z.string(), z.unknown()).nullable(),
  theirs: z.record(z.string(), z.unknown()).nullable(),
});
export type ReconciliationItem = z.infer<typeof reconciliationItemSchema>;

export const reconciliationReportSchema = z.strictObject({
  id: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  trigger: z.string(),
  counts: z.record(z.string(), z.number().int()),
  mismatches: z.number().int(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ReconciliationReport = z.infer<typeof reconciliationReportSchema>;

export const reconciliationListSchema = z.strictObject({ reports: z.array(reconciliationReportSchema) });
export const reconciliationDetailSchema = z.strictObject({ report: reconciliationReportSchema, items: z.array(reconciliationItemSchema) });
export type ReconciliationDetail = z.infer<typeof reconciliationDetailSchema>;

/** `POST /api/admin/reconciliation/runs`: a period of whole UTC days (default: yesterday). */
export const reconciliationRunRequestSchema = z.strictObject({ from: isoDate.optional(), to: isoDate.optional() });

/** `GET /api/admin/analytics?from=&to=`: whole UTC days, `to` inclusive (default: the last 30 days). */
export const analyticsQuerySchema = z.strictObject({ from: isoDate.optional(), to: isoDate.optional() });

const perCurrency = { currency: z.string(), orders: z.number().int(), gross: z.number().int(), refunded: z.number().int(), net: z.number().int() };

/** Figures of the orders created in the period, computed in SQL; amounts in minor units, never mixed across currencies. */
export const analyticsSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  /** Paid orders (paid, partly or fully refunded) per day and currency: gross, refunded, net. */
  revenue: z.array(z.strictObject({ day: z.string(), ...perCurrency })),
  /** The same per currency for the whole period, with the average order value (gross / orders, rounded). */
  totals: z.array(z.strictObject({ ...perCurrency, averageOrder: z.number().int() })),
  /** Quotes priced → orders created (payment sessions) → orders paid. */
  funnel: z.strictObject({ quotes: z.number().int(), sessions: z.number().int(), paid: z.number().int() }),
  /** Declined payments by Checkout.com's response code. */
  declines: z.array(z.strictObject({ responseCode: z.string(), count: z.number().int() })),
  /** Refunds applied (Checkout.com confirmed them) per currency. */
  refunds: z.array(z.strictObject({ currency: z.string(), count: z.number().int(), amount: z.number().int() })),
  /** The most sold lines of paid orders (products, seats by event), by quantity. */
  topProducts: z.array(z.strictObject({ reference: z.string(), name: z.string(), currency: z.string(), quantity: z.number().int(), amount: z.number().int() })),
});
export type Analytics = z.infer<typeof analyticsSchema>;

/** `GET /api/admin/audit`: the security and staff audit log, newest first, filtered and paged. */
export const auditQuerySchema = z.strictObject({
  type: z.string().trim().regex(/^[a-z_]{1,64}$/, 'must be an event type').optional(),
  actor: z.string().trim().min(1).max(64).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditListSchema = z.strictObject({
  events: z.array(
    z.strictObject({
      id: z.number().int(),
      at: z.string(),
      type: z.string(),
      actor: z.string().nullable(),
      ipHash: z.string(),
      userAgent: z.string().nullable(),
      route: z.string().nullable(),
      detail: z.record(z.string(), z.unknown()),
    }),
  ),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});
export type AuditList = z.infer<typeof auditListSchema>;
