/**
 * The console's calls to the proxy's `/api/admin/…` routes, through the kit's one API client
 * (session cookie, CSRF token, timeouts, `ApiError`). Types only from the contract.
 */
import type {
  AuditList,
  Analytics,
  AdminActionResponse,
  AdminRefundResponse,
  AdminOrderDetail,
  AdminReceiptResendResponse,
  AdminOrderList,
  AdminOrderQuery,
  ReconciliationDetail,
  ReconciliationReport,
} from '../../contract/api';
import { apiRequest } from '../core/api';

export type { AuditList, Analytics, AdminActionResponse, AdminOrderDetail, AdminOrderList, AdminOrderQuery, ReconciliationDetail, ReconciliationReport };

export interface StaffMe {
  username: string;
  name: string;
  role: 'staff' | 'admin';
  rights: string[];
}

const query = (params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

export const getStaffMe = (endpoint: string) => apiRequest<StaffMe>(endpoint, '/api/admin/me');

export const listOrders = (endpoint: string, q: AdminOrderQuery, signal?: AbortSignal) =>
  apiRequest<AdminOrderList>(endpoint, `/api/admin/orders${query(q as Record<string, string | number | undefined>)}`, { signal });

export const getOrder = (endpoint: string, id: string) => apiRequest<AdminOrderDetail>(endpoint, `/api/admin/orders/${encodeURIComponent(id)}`);

export const refundOrder = (endpoint: string, id: string, body: { amount: number; reason: string; expectedRefunded: number }, idempotencyKey: string) =>
  apiRequest<AdminRefundResponse>(endpoint, `/api/admin/orders/${encodeURIComponent(id)}/refunds`, { body, idempotencyKey });

/** Sends the order's confirmation with its PDF receipt again (one `idempotencyKey` per decision: a retry is the same message). */
export const resendReceipt = (endpoint: string, id: string, idempotencyKey: string) =>
  apiRequest<AdminReceiptResendResponse>(endpoint, `/api/admin/orders/${encodeURIComponent(id)}/receipt-resends`, { method: 'POST', idempotencyKey });

export const voidOrder = (endpoint: string, id: string, body: { reason: string }) =>
  apiRequest<AdminActionResponse>(endpoint, `/api/admin/orders/${encodeURIComponent(id)}/void`, { body });

export const listReconciliations = (endpoint: string) => apiRequest<{ reports: ReconciliationReport[] }>(endpoint, '/api/admin/reconciliation/reports');

export const getReconciliation = (endpoint: string, id: string) => apiRequest<ReconciliationDetail>(endpoint, `/api/admin/reconciliation/reports/${encodeURIComponent(id)}`);

export const runReconciliation = (endpoint: string, period: { from: string; to: string }) =>
  apiRequest<{ report: ReconciliationReport }>(endpoint, '/api/admin/reconciliation/runs', { body: period });

export const getAnalytics = (endpoint: string, period: { from: string; to: string }) => apiRequest<Analytics>(endpoint, `/api/admin/analytics${query(period)}`);

export const getAudit = (endpoint: string, q: Record<string, string | number>) => apiRequest<AuditList>(endpoint, `/api/admin/audit${query(q)}`);
