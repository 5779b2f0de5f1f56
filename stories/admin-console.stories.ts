import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, waitFor } from 'storybook/test';
import { html } from 'lit';
import '../components/admin/index';
import { withMockApi } from './support/mock-api';
import { adminRoutes, ORDER } from './support/admin-recorded';

const root = (canvas: HTMLElement) => canvas.querySelector('ck-admin-console')!.shadowRoot!;

/**
 * The staff console the proxy serves at /admin/: the kit's login for staff, then orders, one
 * order with its refunds and audit timeline, and reconciliation reports. Views follow the
 * location hash.
 */
const meta: Meta = {
  title: 'Console/Console',
  component: 'ck-admin-console',
  decorators: [
    withMockApi,
    (story, { parameters }) => {
      location.hash = (parameters.hash as string | undefined) ?? '';
      return story();
    },
  ],
  render: () => html`<ck-admin-console></ck-admin-console>`,
  parameters: { api: { delay: 0, routes: adminRoutes('admin') } },
};

export default meta;
type Story = StoryObj;

/** An admin: every section, refunds and voids. */
export const Admin: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('ck-admin-orders')).toBeTruthy());
  },
};

/** Logged out: the kit's login form (merchant / merchant-demo-1 on the demo proxy). */
export const LoggedOut: Story = { parameters: { api: { delay: 0, routes: { ...adminRoutes('admin'), 'GET /api/auth/me': { body: { authenticated: false } } } } } };

/** A shopper's account is not a staff account: no orders, a way out. */
export const Shopper: Story = {
  parameters: { api: { delay: 0, routes: adminRoutes('shopper') } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('[role="alert"]')?.textContent).toContain('not a staff account'));
  },
};

/** One order, as an admin sees it: refund form, payments, audit timeline. */
export const Order: Story = {
  parameters: { hash: `#/orders/${ORDER}` },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('ck-admin-order')?.shadowRoot?.querySelector('[part="timeline"]')).toBeTruthy());
  },
};

/** The same order for a staff member: read only. */
export const OrderAsStaff: Story = { parameters: { hash: `#/orders/${ORDER}`, api: { delay: 0, routes: adminRoutes('staff') } } };

/** Reconciliation reports. */
export const Reconciliation: Story = { parameters: { hash: '#/reconciliation' } };

/** Analytics: each chart with its figures as a table. */
export const Analytics: Story = {
  parameters: { hash: '#/analytics' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('ck-admin-analytics')?.shadowRoot?.querySelectorAll('canvas[role="img"]').length).toBe(4));
  },
};

/** The security and staff audit log (admins only). */
export const AuditLog: Story = { parameters: { hash: '#/audit' } };

export const RightToLeft: Story = { parameters: { globalsOverride: { locale: 'ar' } } };

export const Dark: Story = { parameters: { globalsOverride: { theme: 'dark' } } };
