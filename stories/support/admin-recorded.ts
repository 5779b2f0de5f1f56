/**
 * The console's API (/api/admin/…) as the proxy answers it, for the console's stories and
 * component tests: an admin (merchant) and a staff member (clerk), a page of orders, one paid
 * order with its audit timeline, and a reconciliation report with a mismatch of each kind.
 */
import type { AdminOrderDetail, AdminOrderList, Analytics, AuditList, MeResponse, ReconciliationDetail } from '../../contract/api';
import { json, type Routes } from './fetch-stub';
import { rightsOf } from '../../server/admin/rights';

export const ORDER = 'ORD7K2M9Q4X8C1V5B3N6Z0T';
export const OTHER = 'ORD1A2B3C4D5E6F7G8H9J0K';
/** An order a gift card (ending Q7XZ) paid HK$100.00 of; the card paid the rest. */
export const GIFT_ORDER = 'ORDG1FTC4RD0RDER5PL1TPAY';

export const adminMe = { authenticated: true, user: { username: 'merchant', name: 'Mei Merchant', email: 'merchant@example.com', role: 'admin' }, csrfToken: 'csrf-admin', expiresAt: '2030-01-01T08:00:00.000Z' } satisfies MeResponse;
export const staffMe = { authenticated: true, user: { username: 'clerk', name: 'Chris Clerk', role: 'staff' }, csrfToken: 'csrf-staff', expiresAt: '2030-01-01T08:00:00.000Z' } satisfies MeResponse;
export const shopperMe = { authenticated: true, user: { username: 'kenso', name: 'Kenso Lee' }, csrfToken: 'csrf-shopper', expiresAt: '2030-01-01T08:00:00.000Z' } satisfies MeResponse;

// The rights of each role, from the proxy's one table.
const ADMIN_RIGHTS = rightsOf('admin');
const STAFF_RIGHTS = rightsOf('staff');

export const orderList: AdminOrderList = {
  orders: [
    { id: ORDER, status: 'paid', amount: 39800, currency: 'HKD', refundedAmount: 0, email: 'ana.silva@example.com', name: 'Ana Silva', createdAt: '2026-12-05T09:12:00.000Z' },
    { id: OTHER, status: 'partially_refunded', amount: 19900, currency: 'HKD', refundedAmount: 5000, email: 'bo.chen@example.com', name: 'Bo Chen', createdAt: '2026-12-04T16:40:00.000Z' },
  ],
  page: 1,
  pageSize: 20,
  total: 2,
};

export const orderDetail: AdminOrderDetail = {
  order: {
    ...orderList.orders[0]!,
    subtotal: 39800,
    discount: 0,
    shipping: 0,
    tax: 0,
    coupon: null,
    country: 'HK',
    channel: 'flow',
    lines: [{ reference: 'case-iphone16-clear', name: 'Clear case for iPhone 16', quantity: 2, unitAmount: 19900, amount: 39800 }],
  },
  payments: [{ id: 'pay_7k2m9q4x8c1v5b3n6z0t1a2b3c', status: 'Captured', amount: 39800, currency: 'HKD', responseCode: '10000', createdAt: '2026-12-05T09:13:00.000Z' }],
  actions: [],
  timeline: [
    { id: 1, at: '2026-12-05T09:12:00.000Z', source: 'session', type: 'order_created', actor: 'shopper Vd3kQ9xWm2Lp8RtY4nB7cA', paymentId: null, detail: {} },
    { id: 2, at: '2026-12-05T09:13:00.000Z', source: 'webhook', type: 'payment_approved', actor: 'checkout.com', paymentId: 'pay_7k2m9q4x8c1v5b3n6z0t1a2b3c', detail: {} },
  ],
  committedRefunds: 0,
  refundable: 39800,
  voidable: false,
  giftCard: null,
  receiptResendable: true,
};

/** The gift card paid 10000 of 39800, and 2500 of it went back already (a refund beyond the card's share): Checkout.com refunded the card's 29800 in full. */
export const giftCardOrderDetail: AdminOrderDetail = {
  ...orderDetail,
  order: { ...orderDetail.order, id: GIFT_ORDER, status: 'partially_refunded', amount: 29800, refundedAmount: 29800 },
  payments: [{ ...orderDetail.payments[0]!, amount: 29800, status: 'Refunded' }],
  actions: [{ id: 'ck-refund-g1', kind: 'refund', amount: 29800, currency: 'HKD', reason: 'staff_refund', status: 'accepted', paymentId: orderDetail.payments[0]!.id, staff: 'merchant', note: 'order cancelled', createdAt: '2026-12-06T09:00:00.000Z' }],
  committedRefunds: 32300,
  refundable: 7500,
  giftCard: { last4: 'Q7XZ', amount: 10000, refunded: 2500, refunds: [{ id: 'ck-refund-g1', amount: 2500, reason: 'staff_refund', staff: 'merchant', note: 'order cancelled', createdAt: '2026-12-06T09:00:00.000Z' }] },
};

export const report: ReconciliationDetail = {
  report: { id: 'rec_20261205', periodStart: '2026-12-05T00:00:00.000Z', periodEnd: '2026-12-06T00:00:00.000Z', status: 'done', trigger: 'schedule', counts: { matched: 12, status_mismatch: 1, refunds_differ: 1 }, mismatches: 2, createdAt: '2026-12-06T03:00:00.000Z', finishedAt: '2026-12-06T03:00:02.000Z' },
  items: [
    { kind: 'status_mismatch', orderId: ORDER, paymentId: 'pay_7k2m9q4x8c1v5b3n6z0t1a2b3c', ours: { status: 'paid' }, theirs: { status: 'Refunded' } },
    { kind: 'refunds_differ', orderId: OTHER, paymentId: 'pay_1a2b3c4d5e6f7g8h9j0k1l2m3n', ours: { refunded: 5000 }, theirs: { refunded: 7000 } },
  ],
};

export const analytics: Analytics = {
  from: '2026-11-02',
  to: '2026-11-03',
  revenue: [
    { day: '2026-11-02', currency: 'HKD', orders: 2, gross: 59800, refunded: 5000, net: 54800 },
    { day: '2026-11-03', currency: 'USD', orders: 1, gross: 1500, refunded: 1500, net: 0 },
  ],
  totals: [
    { currency: 'HKD', orders: 2, gross: 59800, refunded: 5000, net: 54800, averageOrder: 29900 },
    { currency: 'USD', orders: 1, gross: 1500, refunded: 1500, net: 0, averageOrder: 1500 },
  ],
  funnel: { quotes: 8, sessions: 4, paid: 3 },
  declines: [{ responseCode: '20051', count: 1 }],
  refunds: [{ currency: 'HKD', count: 1, amount: 5000 }, { currency: 'USD', count: 1, amount: 1500 }],
  topProducts: [
    { reference: 'case-a', name: 'Clear case for iPhone 16', currency: 'HKD', quantity: 2, amount: 39800 },
    { reference: 'charger', name: '30 W USB-C charger', currency: 'HKD', quantity: 1, amount: 20000 },
  ],
};

export const auditLog: AuditList = {
  events: [
    { id: 3, at: '2026-12-06T09:02:00.000Z', type: 'staff_refund', actor: 'merchant', ipHash: 'Qm9vbGVhbkhhc2gxMjM0NT', userAgent: 'Mozilla/5.0 (Macintosh)', route: 'POST /api/admin/orders/:id/refunds', detail: { orderId: ORDER, amount: 5000 } },
    { id: 2, at: '2026-12-06T09:00:00.000Z', type: 'login_succeeded', actor: 'merchant', ipHash: 'Qm9vbGVhbkhhc2gxMjM0NT', userAgent: 'Mozilla/5.0 (Macintosh)', route: 'POST /api/auth/login', detail: {} },
    { id: 1, at: '2026-12-06T08:59:00.000Z', type: 'login_failed', actor: 'merchant', ipHash: 'Qm9vbGVhbkhhc2gxMjM0NT', userAgent: 'Mozilla/5.0 (Macintosh)', route: 'POST /api/auth/login', detail: {} },
  ],
  page: 1,
  pageSize: 50,
  total: 3,
};

/** The console's routes, logged in as `who` (the console's own calls; the login itself is the kit's). */
export function adminRoutes(who: 'admin' | 'staff' | 'shopper' = 'admin'): Routes {
  const me = who === 'admin' ? adminMe : who === 'staff' ? staffMe : shopperMe;
  const staff = who === 'shopper' ? undefined : { username: me.user.username, name: me.user.name, role: who, rights: who === 'admin' ? ADMIN_RIGHTS : STAFF_RIGHTS };
  return {
    'GET /api/auth/me': { body: me },
    'GET /api/admin/me': staff ? { body: staff } : json({ error: { code: 'staff_only', message: 'Only the shop’s staff may use the console.' } }, 403),
    'GET /api/admin/orders': { body: orderList },
    [`GET /api/admin/orders/${ORDER}`]: { body: orderDetail },
    [`POST /api/admin/orders/${ORDER}/refunds`]: ({ body }) =>
      json({ id: 'ck-refund-1', action: { id: 'ck-refund-1', kind: 'refund', amount: (body as { amount: number }).amount, currency: 'HKD', reason: 'staff_refund', status: 'pending', paymentId: orderDetail.payments[0]!.id, staff: 'merchant', note: (body as { reason: string }).reason, createdAt: '2026-12-06T10:00:00.000Z' }, replayed: false }, 202),
    [`GET /api/admin/orders/${GIFT_ORDER}`]: { body: giftCardOrderDetail },
    // All that is left is the gift card's: it is credited at once, nothing is asked of Checkout.com.
    [`POST /api/admin/orders/${GIFT_ORDER}/refunds`]: ({ body }) => json({ id: 'ck-refund-g2', giftCard: { last4: 'Q7XZ', amount: (body as { amount: number }).amount }, replayed: false }, 202),
    [`POST /api/admin/orders/${ORDER}/receipt-resends`]: json({ resend: { id: 'evt_0123456789abcdef0123456789abcdef', to: orderDetail.order.email!, status: 'pending', createdAt: '2026-12-06T10:00:00.000Z' }, replayed: false }, 202),
    'GET /api/admin/reconciliation/reports': { body: { reports: [report.report] } },
    [`GET /api/admin/reconciliation/reports/${report.report.id}`]: { body: report },
    'POST /api/admin/reconciliation/runs': json({ report: report.report }, 201),
    'GET /api/admin/analytics': { body: analytics },
    'GET /api/admin/audit': { body: auditLog },
  };
}
