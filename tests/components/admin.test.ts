import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/admin/index';
import type { CkAdminAnalytics } from '../../components/admin/analytics';
import type { CkAdminAudit } from '../../components/admin/audit';
import type { CkAdminConsole } from '../../components/admin/console';
import type { CkAdminOrder } from '../../components/admin/order';
import type { CkAdminOrders } from '../../components/admin/orders';
import type { CkAdminReconciliation } from '../../components/admin/reconciliation';
import { resetSessions } from '../../components/core/session';
import { apiError, mockApi, type MockApi } from '../../stories/support/mock-api';
import { adminRoutes, GIFT_ORDER, ORDER, orderDetail, report } from '../../stories/support/admin-recorded';
import { waitUntil } from '../helpers/wait-until';

const root = (el: Element) => el.shadowRoot!;
/** Waits until `get` returns something, and returns it. */
async function found<T>(get: () => T | null | undefined | false, message: string): Promise<T> {
  let value: T | null | undefined | false;
  await waitUntil(() => (value = get()), message);
  return value as T;
}
const q = <T extends HTMLElement = HTMLElement>(el: Element, selector: string) => root(el).querySelector(selector) as T;

describe('staff console', () => {
  let api: MockApi;
  beforeEach(() => {
    resetSessions();
    location.hash = '';
  });
  afterEach(() => {
    api.restore();
    location.hash = '';
  });

  describe('ck-admin-console', () => {
    it('logged out: the kit’s login form; once an admin logs in, the orders and the sections, accessibly', async () => {
      api = mockApi({ ...adminRoutes('admin'), 'GET /api/auth/me': { body: { authenticated: false } }, 'POST /api/auth/login': { body: adminRoutes('admin')['GET /api/auth/me'] && { authenticated: true, user: { username: 'merchant', name: 'Mei Merchant', role: 'admin' }, csrfToken: 'c', expiresAt: '2030-01-01T00:00:00.000Z' } } });
      const el = await fixture<CkAdminConsole>(html`<ck-admin-console></ck-admin-console>`);
      const login = await found(() => q(el, 'ck-login'), 'the login form');
      // The console loads ck-login on demand: wait for it to be upgraded and rendered.
      const form = await found(() => login.shadowRoot?.querySelector('form'), 'its form');
      await expect(el).to.be.accessible();
      form.querySelector<HTMLInputElement>('#username')!.focus();
      await sendKeys({ type: 'merchant' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: 'merchant-demo-1' });
      await sendKeys({ press: 'Enter' });
      const orders = await found(() => q<CkAdminOrders>(el, 'ck-admin-orders'), 'the orders view after logging in');
      await waitUntil(() => q(orders, 'table'), 'the first page of orders');
      expect(q(el, 'nav [aria-current="page"]').textContent).to.equal('Orders');
      expect(q(el, 'h1').textContent).to.equal('Shop console');
      await expect(el).to.be.accessible();
    });

    it('a logged-in shopper is told the console is for staff, and sees no orders', async () => {
      api = mockApi(adminRoutes('shopper'));
      const el = await fixture<CkAdminConsole>(html`<ck-admin-console></ck-admin-console>`);
      await waitUntil(() => q(el, '[role="alert"]'), 'the staff-only message');
      expect(q(el, '[role="alert"]').textContent).to.contain('not a staff account');
      expect(q(el, 'ck-admin-orders')).to.equal(null);
      expect(api.calls.some((c) => c.path.startsWith('/api/admin/orders'))).to.equal(false);
    });

    it('follows the location hash: an order’s link opens it, back to the list, reconciliation', async () => {
      api = mockApi(adminRoutes('admin'));
      const el = await fixture<CkAdminConsole>(html`<ck-admin-console></ck-admin-console>`);
      const orders = await found(() => q(el, 'ck-admin-orders'), 'the orders view');
      const link = await found(() => q<HTMLAnchorElement>(orders, `a[href="#/orders/${ORDER}"]`), 'a link to the order');
      link.click();
      const order = await found(() => q<CkAdminOrder>(el, 'ck-admin-order'), 'the order view');
      expect(order.orderId).to.equal(ORDER);
      expect(order.canRefund).to.equal(true);
      location.hash = '#/reconciliation';
      await waitUntil(() => q(el, 'ck-admin-reconciliation'), 'the reconciliation view');
    });
  });

  describe('ck-admin-orders', () => {
    it('sends the filters to the server and pages there', async () => {
      api = mockApi({ ...adminRoutes('admin'), 'GET /api/admin/orders': ({ search }) => ({ body: { orders: [], page: Number(new URLSearchParams(search).get('page')), pageSize: 20, total: 45 } }) });
      const el = await fixture<CkAdminOrders>(html`<ck-admin-orders></ck-admin-orders>`);
      await waitUntil(() => q(el, '[part="pager"]'), 'the pager');
      q<HTMLSelectElement>(el, '#status').value = 'refunded';
      q(el, '#status').dispatchEvent(new Event('change'));
      q(el, '#email').focus();
      await sendKeys({ type: 'ana@' });
      q(el, '#minAmount').focus();
      await sendKeys({ type: '1000' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => api.calls.filter((c) => c.path === '/api/admin/orders').length === 2, 'the search');
      const searched = new URLSearchParams(api.calls.at(-1)!.search);
      expect(Object.fromEntries(searched)).to.deep.equal({ page: '1', pageSize: '20', status: 'refunded', email: 'ana@', minAmount: '1000' });
      await waitUntil(() => q(el, '[part="pager"] span')?.textContent === 'Page 1 of 3', 'page 1 of 3');
      expect(root(el).textContent).to.contain('No orders match these filters.');
      ([...root(el).querySelectorAll<HTMLButtonElement>('[part="pager"] button')][1]!).click();
      await waitUntil(() => new URLSearchParams(api.calls.at(-1)!.search).get('page') === '2', 'page 2 asked of the server');
      await expect(el).to.be.accessible();
    });
  });

  describe('ck-admin-order', () => {
    it('shows lines, payments and the audit timeline; a refund asks for confirmation, Cancel sends nothing, Confirm sends amount, reason, the view it was decided on and one idempotency key', async () => {
      api = mockApi(adminRoutes('admin'));
      const el = await fixture<CkAdminOrder>(html`<ck-admin-order order-id=${ORDER} can-refund can-void></ck-admin-order>`);
      await waitUntil(() => q(el, '[part="timeline"]'), 'the order');
      expect([...root(el).querySelectorAll('[part="timeline"] tbody code')].map((c) => c.textContent)).to.deep.equal(['order_created', 'payment_approved']);
      expect(q(el, '[part="void"]'), 'a captured payment cannot be voided').to.equal(null);
      await expect(el).to.be.accessible();

      q<HTMLInputElement>(el, '#refund-amount').value = '50.00';
      q(el, '#refund-reason').focus();
      await sendKeys({ type: 'one case arrived scratched' });
      await sendKeys({ press: 'Enter' });
      const dialog = await found(() => (q<HTMLDialogElement>(el, 'dialog').open ? q<HTMLDialogElement>(el, 'dialog') : undefined), 'the confirmation');
      expect(dialog.textContent).to.contain(`Refund HK$50.00 of order ${ORDER}?`);
      expect(root(el).activeElement?.textContent?.trim(), 'Cancel has focus').to.equal('Cancel');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => !dialog.open, 'the dialog closes');
      expect(api.calls.filter((c) => c.method === 'POST')).to.have.length(0);

      q<HTMLFormElement>(el, '[part="refund"]').requestSubmit();
      await waitUntil(() => dialog.open, 'the confirmation again');
      ([...dialog.querySelectorAll('button')][0] as HTMLButtonElement).click();
      await waitUntil(() => q(el, '[role="status"]').textContent!.includes('Sent to Checkout.com'), 'the notice');
      const post = api.calls.find((c) => c.method === 'POST')!;
      expect(post.path).to.equal(`/api/admin/orders/${ORDER}/refunds`);
      expect(post.body).to.deep.equal({ amount: 5000, reason: 'one case arrived scratched', expectedRefunded: 0 });
      expect(post.headers.get('idempotency-key')).to.match(/^[\w-]{8,}$/);
    });

    it('an order a gift card paid part of: the whole order, the gift card’s share by its last four and what went back to it; a refund the gift card takes alone says so, not “sent to Checkout.com”', async () => {
      api = mockApi(adminRoutes('admin'));
      const el = await fixture<CkAdminOrder>(html`<ck-admin-order order-id=${GIFT_ORDER} can-refund></ck-admin-order>`);
      await waitUntil(() => q(el, '[part="gift-card"]'), 'the gift card share');
      expect(q(el, '[part="gift-card"] dt').textContent).to.equal('Gift card ••••Q7XZ');
      expect(q(el, '[part="gift-card"] dd').textContent!.replace(/\s+/g, ' ').trim()).to.equal('HK$100.00 (HK$25.00 credited back to the gift card)');
      expect(root(el).textContent).to.contain('HK$398.00', 'the amount is the whole order');
      expect(root(el).textContent).to.contain('Refunded so far: HK$323.00');
      expect(root(el).textContent).to.contain('the rest goes back to the gift card at once');
      expect(q<HTMLInputElement>(el, '#refund-amount').value, 'all that is left').to.equal('75.00');
      await expect(el).to.be.accessible();

      const events: Array<{ actionId: string }> = [];
      el.addEventListener('ck-admin-action', (e) => events.push((e as CustomEvent).detail));
      q<HTMLInputElement>(el, '#refund-reason').value = 'order cancelled';
      q<HTMLFormElement>(el, '[part="refund"]').requestSubmit();
      const dialog = await found(() => (q<HTMLDialogElement>(el, 'dialog').open ? q<HTMLDialogElement>(el, 'dialog') : undefined), 'the confirmation');
      ([...dialog.querySelectorAll('button')][0] as HTMLButtonElement).click();
      await waitUntil(() => q(el, '[role="status"]').textContent!.includes('HK$75.00 credited back to the gift card'), 'the notice');
      expect(q(el, '[role="status"]').textContent).not.to.contain('Checkout.com');
      expect(events.map((e) => e.actionId)).to.deep.equal(['ck-refund-g2']);
      expect(api.calls.find((c) => c.method === 'POST')!.body).to.deep.equal({ amount: 7500, reason: 'order cancelled', expectedRefunded: 32300 });
    });

    it('refuses an amount over what is left before asking the proxy, with the error on the field', async () => {
      api = mockApi(adminRoutes('admin'));
      const el = await fixture<CkAdminOrder>(html`<ck-admin-order order-id=${ORDER} can-refund></ck-admin-order>`);
      await waitUntil(() => q(el, '[part="refund"]'), 'the refund form');
      q<HTMLInputElement>(el, '#refund-amount').value = '999';
      q<HTMLInputElement>(el, '#refund-reason').value = 'too much';
      q<HTMLFormElement>(el, '[part="refund"]').requestSubmit();
      await waitUntil(() => q(el, '#refund-amount-error'), 'the amount error');
      expect(q(el, '#refund-amount-error').textContent).to.contain('HK$398.00');
      expect(root(el).activeElement?.id).to.equal('refund-amount');
      expect(q<HTMLDialogElement>(el, 'dialog').open).to.equal(false);
    });

    it('someone refunded meanwhile: the proxy’s 409 is explained and the order reloaded', async () => {
      api = mockApi({ ...adminRoutes('admin'), [`POST /api/admin/orders/${ORDER}/refunds`]: apiError(409, 'refund_conflict', { message: 'This order was refunded meanwhile.' }) });
      const el = await fixture<CkAdminOrder>(html`<ck-admin-order order-id=${ORDER} can-refund></ck-admin-order>`);
      await waitUntil(() => q(el, '[part="refund"]'), 'the refund form');
      q<HTMLInputElement>(el, '#refund-reason').value = 'late delivery';
      q<HTMLFormElement>(el, '[part="refund"]').requestSubmit();
      await waitUntil(() => q<HTMLDialogElement>(el, 'dialog').open, 'the confirmation');
      ([...q(el, 'dialog').querySelectorAll('button')][0] as HTMLButtonElement).click();
      await waitUntil(() => q(el, '[role="alert"]'), 'the conflict');
      expect(q(el, '[role="alert"]').textContent).to.contain('Someone refunded this order meanwhile');
      await waitUntil(() => api.calls.filter((c) => c.path === `/api/admin/orders/${ORDER}`).length === 2, 'the order reloaded');
    });

    it('a staff member without the right sees no refund or void, only who may', async () => {
      api = mockApi(adminRoutes('staff'));
      const el = await fixture<CkAdminOrder>(html`<ck-admin-order order-id=${ORDER}></ck-admin-order>`);
      await waitUntil(() => q(el, '[part="timeline"]'), 'the order');
      expect(q(el, '[part="refund"]')).to.equal(null);
      expect(root(el).textContent).to.contain('Only an admin can refund or void a payment.');
      expect(orderDetail.refundable).to.be.above(0);
      expect(q(el, '[part="resend"]'), 'no resend without the right').to.equal(null);
    });

    it('a staff member sends the receipt again: the confirmation names the address, Cancel sends nothing, Confirm queues it with one idempotency key and says where it goes', async () => {
      api = mockApi(adminRoutes('staff'));
      const el = await fixture<CkAdminOrder>(html`<ck-admin-order order-id=${ORDER} can-resend></ck-admin-order>`);
      const button = await found(() => q<HTMLButtonElement>(el, '[part="resend"]'), 'the resend button');
      expect(button.textContent?.trim()).to.equal('Send receipt again');
      button.focus();
      await sendKeys({ press: 'Enter' });
      const dialog = await found(() => (q<HTMLDialogElement>(el, 'dialog').open ? q<HTMLDialogElement>(el, 'dialog') : undefined), 'the confirmation');
      expect(dialog.textContent).to.contain(`Send the confirmation of order ${ORDER}, with its PDF receipt, to ana.silva@example.com again?`);
      expect(root(el).activeElement?.textContent?.trim(), 'Cancel has focus').to.equal('Cancel');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => !dialog.open, 'the dialog closes');
      expect(root(el).activeElement, 'focus back on the button').to.equal(button);
      expect(api.calls.filter((c) => c.method === 'POST')).to.have.length(0);

      button.click();
      await waitUntil(() => dialog.open, 'the confirmation again');
      ([...dialog.querySelectorAll('button')][0] as HTMLButtonElement).click();
      await waitUntil(() => q(el, '[role="status"]').textContent!.includes('The receipt is on its way to ana.silva@example.com.'), 'the notice');
      const posts = api.calls.filter((c) => c.method === 'POST');
      expect(posts.map((c) => c.path)).to.deep.equal([`/api/admin/orders/${ORDER}/receipt-resends`]);
      expect(posts[0]!.headers.get('idempotency-key')).to.match(/^[\w-]{8,}$/);
      await expect(el).to.be.accessible();
    });

    it('a copy still waiting: the proxy’s 409 is shown, nothing else changes', async () => {
      api = mockApi({ ...adminRoutes('staff'), [`POST /api/admin/orders/${ORDER}/receipt-resends`]: apiError(409, 'receipt_resend_pending', { message: 'A copy of this receipt is still waiting to be sent. Try again once it has gone.' }) });
      const el = await fixture<CkAdminOrder>(html`<ck-admin-order order-id=${ORDER} can-resend></ck-admin-order>`);
      (await found(() => q<HTMLButtonElement>(el, '[part="resend"]'), 'the resend button')).click();
      await waitUntil(() => q<HTMLDialogElement>(el, 'dialog').open, 'the confirmation');
      ([...q(el, 'dialog').querySelectorAll('button')][0] as HTMLButtonElement).click();
      await waitUntil(() => q(el, '[role="alert"]'), 'the refusal');
      expect(q(el, '[role="alert"]').textContent).to.contain('still waiting to be sent');
    });
  });

  describe('ck-admin-reconciliation', () => {
    it('lists reports with their mismatch count and opens one with each mismatch and both sides', async () => {
      api = mockApi(adminRoutes('admin'));
      const el = await fixture<CkAdminReconciliation>(html`<ck-admin-reconciliation can-run></ck-admin-reconciliation>`);
      await waitUntil(() => q(el, '[part="reports"]'), 'the reports');
      expect(q(el, '[part="reports"] tbody td').textContent).to.equal('2 mismatches');
      q<HTMLButtonElement>(el, '[part="reports"] tbody button').click();
      await waitUntil(() => q(el, '[part="items"]'), 'the report');
      const rows = [...root(el).querySelectorAll('[part="items"] tbody tr')].map((r) => r.querySelector('th')!.textContent);
      expect(rows).to.deep.equal(['Status differs', 'Refunds differ']);
      expect(root(el).activeElement?.id).to.equal('report-title');
      expect(q<HTMLAnchorElement>(el, '[part="reports"] a[download]').href).to.contain(`/api/admin/reconciliation/reports/${report.report.id}/csv`);
      await expect(el).to.be.accessible();
    });

    it('runs a reconciliation of the chosen days (yesterday to begin with) and opens its report', async () => {
      api = mockApi(adminRoutes('admin'));
      const el = await fixture<CkAdminReconciliation>(html`<ck-admin-reconciliation can-run></ck-admin-reconciliation>`);
      await waitUntil(() => q(el, '[part="reports"]'), 'the reports');
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      expect(q<HTMLInputElement>(el, '#from').value).to.equal(yesterday);
      q<HTMLInputElement>(el, '#from').value = '2026-12-01';
      q(el, '#from').dispatchEvent(new Event('input'));
      q<HTMLFormElement>(el, '[part="run"]').requestSubmit();
      await waitUntil(() => q(el, '[part="items"]'), 'the new report');
      expect(api.calls.find((c) => c.method === 'POST')!.body).to.deep.equal({ from: '2026-12-01', to: yesterday });
    });
  });

  describe('ck-admin-analytics', () => {
    it('asks for the chosen days and shows each chart with its figures as a table', async () => {
      api = mockApi(adminRoutes('admin'));
      const el = await fixture<CkAdminAnalytics>(html`<ck-admin-analytics></ck-admin-analytics>`);
      await waitUntil(() => root(el).querySelectorAll('canvas[role="img"]').length === 4, 'four charts');
      const first = new URLSearchParams(api.calls.find((c) => c.path === '/api/admin/analytics')!.search);
      expect(first.get('to')).to.equal(new Date().toISOString().slice(0, 10));
      const totals = [...root(el).querySelectorAll('table')[0]!.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent!.trim()));
      expect(totals[0]).to.deep.equal(['HKD', '2', 'HK$598.00', 'HK$50.00', 'HK$548.00', 'HK$299.00']);
      expect([...root(el).querySelectorAll('canvas')].map((c) => c.getAttribute('aria-label'))).to.deep.equal(['Revenue per day', 'From quote to payment', 'Declined payments', 'Best-selling items']);
      expect(root(el).textContent).to.contain('20051');
      q<HTMLInputElement>(el, '#from').value = '2026-11-02';
      q(el, '#from').dispatchEvent(new Event('input'));
      q<HTMLFormElement>(el, '[part="period"]').requestSubmit();
      await waitUntil(() => api.calls.filter((c) => c.path === '/api/admin/analytics').length === 2, 'asked again');
      expect(new URLSearchParams(api.calls.at(-1)!.search).get('from')).to.equal('2026-11-02');
      await expect(el).to.be.accessible();
    });
  });

  describe('ck-admin-audit', () => {
    it('lists the entries with who, what, the hashed address and the browser; filters go to the server', async () => {
      api = mockApi(adminRoutes('admin'));
      const el = await fixture<CkAdminAudit>(html`<ck-admin-audit></ck-admin-audit>`);
      await waitUntil(() => q(el, '[part="events"]'), 'the entries');
      const rows = [...root(el).querySelectorAll('[part="events"] tbody tr')].map((r) => r.querySelector('th')!.textContent);
      expect(rows).to.deep.equal(['staff_refund', 'login_succeeded', 'login_failed']);
      q(el, '#type').focus();
      await sendKeys({ type: 'login_failed' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => api.calls.filter((c) => c.path === '/api/admin/audit').length === 2, 'the filtered search');
      expect(new URLSearchParams(api.calls.at(-1)!.search).get('type')).to.equal('login_failed');
      await expect(el).to.be.accessible();
    });

    it('is in the console for an admin, not for a staff member', async () => {
      api = mockApi(adminRoutes('staff'));
      const el = await fixture<CkAdminConsole>(html`<ck-admin-console></ck-admin-console>`);
      await waitUntil(() => q(el, 'nav a[href="#/analytics"]'), 'the navigation');
      expect(q(el, 'nav a[href="#/audit"]')).to.equal(null);
      location.hash = '#/audit';
      await waitUntil(() => q(el, 'ck-admin-orders'), 'the orders instead');
      expect(q(el, 'ck-admin-audit')).to.equal(null);
    });
  });
});
