/**
 * The staff console's entry (dist/kit/admin/console.js, loaded by the page the proxy serves at
 * /admin/): its elements and the kit's login. Never imported by a shop page or the kit's own
 * entry, so none of it reaches a shopper.
 */
import { define } from '../core/base';
import { CkAdminAnalytics } from './analytics';
import { CkAdminAudit } from './audit';
import { CkAdminConsole } from './console';
import { CkAdminOrder } from './order';
import { CkAdminOrders } from './orders';
import { CkAdminReconciliation } from './reconciliation';

// The kit's login, in its group's file (components/groups/account.ts): the shop kit's shared core does not carry it.
void import('../groups/account');

define('ck-admin-console', CkAdminConsole);
define('ck-admin-orders', CkAdminOrders);
define('ck-admin-order', CkAdminOrder);
define('ck-admin-reconciliation', CkAdminReconciliation);
define('ck-admin-analytics', CkAdminAnalytics);
define('ck-admin-audit', CkAdminAudit);

declare global {
  interface HTMLElementTagNameMap {
    'ck-admin-console': CkAdminConsole;
    'ck-admin-orders': CkAdminOrders;
    'ck-admin-order': CkAdminOrder;
    'ck-admin-reconciliation': CkAdminReconciliation;
    'ck-admin-analytics': CkAdminAnalytics;
    'ck-admin-audit': CkAdminAudit;
  }
}

export { CkAdminAnalytics, CkAdminAudit, CkAdminConsole, CkAdminOrder, CkAdminOrders, CkAdminReconciliation };
