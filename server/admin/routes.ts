/**
 * `/api/admin/…`: the staff console's API, thin routes over ./orders.ts and ./reconciliation.ts.
 * Each route names the right it needs (`config.right`, ./rights.ts); the plugin's one guard
 * (./guard.ts) checks it before anything else runs.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  auditListSchema,
  auditQuerySchema,
  analyticsQuerySchema,
  analyticsSchema,
  adminActionResponseSchema,
  adminRefundResponseSchema,
  adminOrderDetailSchema,
  adminOrderListSchema,
  adminOrderQuerySchema,
  adminReceiptResendResponseSchema,
  adminRefundRequestSchema,
  adminVoidRequestSchema,
  errorResponseSchema,
} from '../../contract/api';
import { HttpError } from '../errors';
import type { AnalyticsStore } from './analytics';
import type { SecurityAudit } from './audit';
import { staffMember } from './guard';
import { AdminOrders } from './orders';
import { rightsOf } from './rights';

const orderParams = z.strictObject({ id: z.string().regex(/^ORD[0-9A-Z]{20}$/, 'must be an order id (ORD…)') });
const idempotencyHeaders = z.looseObject({
  'idempotency-key': z.string().regex(/^[\w-]{8,128}$/, 'must be 8–128 letters, digits, "-" or "_" (a UUID is ideal)'),
});
const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema };

export const orderRoutes: FastifyPluginAsyncZod = async (app) => {
  const orders = new AdminOrders(app, app.orders, app.upstreamActions, (id) => app.checkout.getPayment(id) as Promise<{ balances?: { available_to_void?: number } }>, app.outbox);

  app.get(
    '/api/admin/me',
    { config: { right: 'orders.read' }, schema: { response: { 200: z.strictObject({ username: z.string(), name: z.string(), role: z.enum(['staff', 'admin']), rights: z.array(z.string()) }) } } },
    async (request) => {
      const staff = staffMember(request);
      return { ...staff, rights: rightsOf(staff.role) };
    },
  );

  app.get(
    '/api/admin/orders',
    { config: { right: 'orders.read' }, schema: { querystring: adminOrderQuerySchema, response: { 200: adminOrderListSchema, ...errors } } },
    async (request) => orders.search(request.query),
  );

  app.get(
    '/api/admin/orders/:id',
    { config: { right: 'orders.read' }, schema: { params: orderParams, response: { 200: adminOrderDetailSchema, ...errors } } },
    async (request) => orders.detail(request.params.id),
  );

  app.post(
    '/api/admin/orders/:id/refunds',
    { config: { right: 'orders.refund' }, schema: { params: orderParams, headers: idempotencyHeaders, body: adminRefundRequestSchema, response: { 202: adminRefundResponseSchema, 200: adminRefundResponseSchema, ...errors } } },
    async (request, reply) => {
      const staff = staffMember(request);
      const result = await orders.refund(request.params.id, request.body, staff, request.headers['idempotency-key']);
      const giftCard = result.giftCard?.amount ?? 0;
      if (!result.replayed) await app.securityAudit.record(request, 'staff_refund', staff.username, { orderId: request.params.id, amount: request.body.amount, actionRequestId: result.id, ...(giftCard ? { giftCard } : {}) });
      request.log.info({ event: 'staff_refund', staff: staff.username, orderId: request.params.id, amount: request.body.amount, actionRequestId: result.id, giftCard, replayed: result.replayed }, 'refund requested by staff');
      return reply.code(result.replayed ? 200 : 202).send(result);
    },
  );

  app.post(
    '/api/admin/orders/:id/receipt-resends',
    { config: { right: 'orders.resend_receipt' }, schema: { params: orderParams, headers: idempotencyHeaders, response: { 202: adminReceiptResendResponseSchema, 200: adminReceiptResendResponseSchema, ...errors } } },
    async (request, reply) => {
      const staff = staffMember(request);
      const result = await orders.resendReceipt(request.params.id, staff, request.headers['idempotency-key']);
      if (!result.replayed) await app.securityAudit.record(request, 'staff_receipt_resent', staff.username, { orderId: request.params.id, eventId: result.resend.id });
      request.log.info({ event: 'staff_receipt_resent', staff: staff.username, orderId: request.params.id, eventId: result.resend.id, replayed: result.replayed }, 'receipt sent again by staff');
      return reply.code(result.replayed ? 200 : 202).send(result);
    },
  );

  app.post(
    '/api/admin/orders/:id/void',
    { config: { right: 'orders.void' }, schema: { params: orderParams, body: adminVoidRequestSchema, response: { 202: adminActionResponseSchema, 200: adminActionResponseSchema, ...errors } } },
    async (request, reply) => {
      const staff = staffMember(request);
      const result = await orders.void(request.params.id, request.body, staff);
      if (!result.replayed) await app.securityAudit.record(request, 'staff_void', staff.username, { orderId: request.params.id, actionRequestId: result.action.id });
      request.log.info({ event: 'staff_void', staff: staff.username, orderId: request.params.id, actionRequestId: result.action.id, replayed: result.replayed }, 'void requested by staff');
      return reply.code(result.replayed ? 200 : 202).send(result);
    },
  );
};

/** `GET /api/admin/analytics`: the figures of a period of at most 366 days (default: the last 30, today included). */
export function analyticsRoutes(analytics: AnalyticsStore, now: () => Date): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/admin/analytics',
      { config: { right: 'analytics.read' }, schema: { querystring: analyticsQuerySchema, response: { 200: analyticsSchema, ...errors } } },
      async (request) => {
        const today = now().toISOString().slice(0, 10);
        const to = request.query.to ?? today;
        const from = request.query.from ?? new Date(Date.parse(to) - 29 * 86_400_000).toISOString().slice(0, 10);
        const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
        if (days < 1 || days > 366) throw new HttpError(400, 'invalid_period', 'The period must be 1 to 366 days, from before to.', [{ path: 'querystring.to', message: 'must be on or after from, at most 366 days later' }]);
        return analytics.figures(from, to);
      },
    );
  };
}

/** `GET /api/admin/audit`: the security and staff audit log, filtered by type, actor and days (admins only). */
export function auditRoutes(audit: SecurityAudit): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/admin/audit', { config: { right: 'audit.read' }, schema: { querystring: auditQuerySchema, response: { 200: auditListSchema, ...errors } } }, async (request) =>
      audit.list(request.query),
    );
  };
}
