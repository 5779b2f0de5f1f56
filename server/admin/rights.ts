/**
 * Who may do what in the staff console: the ONE table every `/api/admin/…` route is checked
 * against (./guard.ts). A route names its right in `config.right`; a route under /api/admin/
 * that names none is refused to everyone (fail closed).
 *
 * | right                | staff | admin |
 * |----------------------|-------|-------|
 * | orders.read          |  yes  |  yes  |  search, detail, audit timeline
 * | orders.refund        |  no   |  yes  |  refund in full or in part
 * | orders.void          |  no   |  yes  |  void an authorised payment
 * | orders.resend_receipt|  yes  |  yes  |  send the confirmation with its PDF receipt again
 * | reconciliation.read  |  yes  |  yes  |  reports, CSV export
 * | reconciliation.run   |  yes  |  yes  |  run one now (read-only towards Checkout.com)
 * | analytics.read       |  yes  |  yes  |  revenue, funnel, declines, refunds, top products
 * | audit.read           |  no   |  yes  |  the security and staff audit log (logins, refusals, staff actions)
 *
 * Money only moves for an admin: a staff member answers shoppers and checks the books; refunds
 * and voids need someone the merchant trusts with the till. Sending a shopper their receipt again
 * moves no money: anyone who answers shoppers may.
 */
export type StaffRole = 'staff' | 'admin';

export const RIGHTS = {
  'orders.read': ['staff', 'admin'],
  'orders.refund': ['admin'],
  'orders.void': ['admin'],
  'orders.resend_receipt': ['staff', 'admin'],
  'reconciliation.read': ['staff', 'admin'],
  'reconciliation.run': ['staff', 'admin'],
  'analytics.read': ['staff', 'admin'],
  'audit.read': ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Right = keyof typeof RIGHTS;

export function mayDo(role: StaffRole | undefined, right: Right | undefined): boolean {
  return !!role && !!right && (RIGHTS[right] as readonly StaffRole[]).includes(role);
}

/** The rights a role has (the console shows only the actions it may take; the server decides anyway). */
export function rightsOf(role: StaffRole | undefined): Right[] {
  return (Object.keys(RIGHTS) as Right[]).filter((right) => mayDo(role, right));
}

