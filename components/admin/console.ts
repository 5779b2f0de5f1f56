import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { ApiError } from '../core/api';
import { CkElement } from '../core/base';
import { KitController } from '../core/context';
import { describeApiError } from '../core/error-message';
import { AdminLocalizeController } from './localize';
import { SessionController } from '../core/session';
import { getStaffMe, type StaffMe } from './api';
import { adminStyles } from './admin.styles';

type View = { name: 'orders' } | { name: 'order'; id: string } | { name: 'reconciliation' } | { name: 'analytics' } | { name: 'audit' };

/** The view a location hash names: `#/orders`, `#/orders/<id>`, `#/reconciliation`. */
export function viewOf(hash: string): View {
  const order = /^#\/orders\/(ORD[0-9A-Z]{20})$/.exec(hash);
  if (order) return { name: 'order', id: order[1]! };
  if (hash === '#/reconciliation') return { name: 'reconciliation' };
  if (hash === '#/analytics') return { name: 'analytics' };
  if (hash === '#/audit') return { name: 'audit' };
  return { name: 'orders' };
}

/**
 * @summary The shop's staff console, served by the proxy at /admin/: staff log in (with `ck-login`), then search orders, open one, refund or void it, read reconciliation reports and the shop's analytics.
 *
 * Which actions show depends on the role the proxy reports (`/api/admin/me`); the proxy
 * checks every call anyway. A logged-in shopper is told the console is for staff. Views follow
 * the location hash, so the browser's back button and bookmarks work.
 *
 * @tag ck-admin-console
 *
 * @csspart base - The container.
 * @csspart header - The title and the logged-in user.
 * @csspart nav - The section navigation.
 */
export class CkAdminConsole extends CkElement {
  static override styles = adminStyles;

  @state() private view: View = viewOf(location.hash);
  @state() private me?: StaffMe;
  @state() private error = '';

  private readonly localize = new AdminLocalizeController(this);
  private readonly kit = new KitController(this);
  private readonly auth = new SessionController(this, () => this.kit.endpoint);
  private readonly onHash = () => {
    this.view = viewOf(location.hash);
    // A new view: its heading is where a keyboard or screen-reader user continues.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('main')?.focus());
  };
  private loadedFor?: string;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
  }

  protected override willUpdate(): void {
    const user = this.auth.session.user;
    const who = user?.role ? user.username : undefined;
    if (who !== this.loadedFor) {
      this.loadedFor = who;
      this.me = undefined;
      this.error = '';
      if (who) void this.loadMe(who);
    }
  }

  private async loadMe(who: string) {
    try {
      const me = await getStaffMe(this.kit.endpoint);
      if (this.loadedFor === who) this.me = me;
    } catch (error) {
      if (this.loadedFor !== who) return;
      const api = error instanceof ApiError ? error : new ApiError(0, 'network_error', '');
      this.error = api.code === 'staff_only' ? this.localize.term('adminStaffOnly') : describeApiError(this.localize, api);
    }
  }

  override render() {
    const t = this.localize;
    const session = this.auth.session;
    const user = session.user;
    return html`<div part="base" dir=${t.dir}>
      <header part="header" class="row spread">
        <h1>${t.term('adminTitle')}</h1>
        ${user ? html`<ck-login heading-level="2"></ck-login>` : nothing}
      </header>
      ${session.me === undefined && !session.failed
        ? html`<p aria-busy="true">${t.term('loading')}</p>`
        : !user
          ? html`<ck-login heading-level="2"></ck-login>`
          : !user.role
            ? html`<p role="alert">${t.term('adminStaffOnly')}</p>`
            : this.renderStaff()}
    </div>`;
  }

  private renderStaff() {
    const t = this.localize;
    const me = this.me;
    if (this.error) return html`<div part="alert" role="alert">${this.error}</div>`;
    if (!me) return html`<p aria-busy="true">${t.term('loading')}</p>`;
    const v = this.view;
    const current = (name: View['name'][]) => (name.includes(v.name) ? 'page' : nothing);
    return html`<nav part="nav" aria-label=${t.term('adminNavLabel')} class="row">
        <a class="button" href="#/orders" aria-current=${current(['orders', 'order'])}>${t.term('adminOrders')}</a>
        <a class="button" href="#/reconciliation" aria-current=${current(['reconciliation'])}>${t.term('adminReconciliation')}</a>
        ${me.rights.includes('analytics.read') ? html`<a class="button" href="#/analytics" aria-current=${current(['analytics'])}>${t.term('adminAnalytics')}</a>` : nothing}
        ${me.rights.includes('audit.read') ? html`<a class="button" href="#/audit" aria-current=${current(['audit'])}>${t.term('adminAudit')}</a>` : nothing}
      </nav>
      <main tabindex="-1">
        ${v.name === 'order'
          ? html`<ck-admin-order order-id=${v.id} ?can-refund=${me.rights.includes('orders.refund')} ?can-void=${me.rights.includes('orders.void')} ?can-resend=${me.rights.includes('orders.resend_receipt')}></ck-admin-order>`
          : v.name === 'audit' && me.rights.includes('audit.read')
            ? html`<h2>${t.term('adminAudit')}</h2><ck-admin-audit></ck-admin-audit>`
            : v.name === 'analytics'
            ? html`<h2>${t.term('adminAnalytics')}</h2><ck-admin-analytics></ck-admin-analytics>`
            : v.name === 'reconciliation'
            ? html`<h2>${t.term('adminReconciliation')}</h2><ck-admin-reconciliation ?can-run=${me.rights.includes('reconciliation.run')}></ck-admin-reconciliation>`
            : html`<h2>${t.term('adminOrders')}</h2><ck-admin-orders></ck-admin-orders>`}
      </main>`;
  }
}
