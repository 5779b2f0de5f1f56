import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { html } from 'lit';
import '../components/order-history/define';
import { apiError, withMockApi } from './support/mock-api';
import { loggedIn, shopperRoutes } from './support/recorded';

type Args = { headingLevel: number };

const root = (canvas: HTMLElement) => canvas.querySelector('ck-order-history')!.shadowRoot!;
const orders = (canvas: HTMLElement) => root(canvas).querySelectorAll('[part="order"]');

const meta: Meta<Args> = {
  title: 'Elements/Order history',
  component: 'ck-order-history',
  decorators: [withMockApi],
  args: { headingLevel: 2 },
  render: (args) => html`<ck-order-history heading-level=${args.headingLevel}>
    <p slot="empty">You have no orders yet. <a href="#shop">Visit the shop</a></p>
  </ck-order-history>`,
  // Each story names its own answers: Storybook merges parameters deeply, so routes set here would leak into every story.
  parameters: { api: { delay: 0 } },
};

const account = { api: { delay: 0, routes: shopperRoutes(12) } };

export default meta;
type Story = StoryObj<Args>;

/** A logged-in shopper's orders, newest first, ten a page: paid, partly refunded, refunded, voided and processing. */
export const List: Story = {
  parameters: account,
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(orders(canvasElement).length).toBe(10));
    await expect(root(canvasElement).querySelector('[part="pager"]')?.textContent).toContain('Page 1 of 2');
  },
};

/** The second page, reached with the Next page button. */
export const SecondPage: Story = {
  parameters: account,
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(orders(canvasElement).length).toBe(10));
    await userEvent.click(root(canvasElement).querySelectorAll<HTMLButtonElement>('[part="pager"] button')[1]!);
    await waitFor(() => expect(orders(canvasElement).length).toBe(2));
  },
};

/** One order's detail: items, totals, what was refunded, where it was shipped. */
export const Detail: Story = {
  parameters: account,
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(orders(canvasElement).length).toBe(10));
    await userEvent.click(root(canvasElement).querySelectorAll<HTMLButtonElement>('[part="details-button"]')[1]!);
    await waitFor(() => expect(root(canvasElement).querySelector('[part="detail"]')?.textContent).toContain('Partly refunded'));
  },
};

/** Until the proxy answers. */
export const Loading: Story = {
  parameters: { api: { delay: 0, routes: { ...shopperRoutes(12), 'GET /api/account/orders': { delay: Infinity } } } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('[aria-busy="true"]')).toBeTruthy());
  },
};

/** An account without orders: the `empty` slot. */
export const Empty: Story = {
  parameters: { api: { delay: 0, routes: shopperRoutes(0) } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('slot[name="empty"]')).toBeTruthy());
  },
};

/** Logged out: the message and the log-in form by email. */
export const LoggedOut: Story = {
  parameters: { api: { delay: 0 } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).textContent).toContain('Log in to see your orders.'));
    await waitFor(() => expect(root(canvasElement).querySelector('ck-login')).toBeTruthy());
  },
};

/** A staff or demo login (the users file) has no order history. */
export const NotAnAccount: Story = {
  parameters: { api: { delay: 0, routes: { 'GET /api/auth/me': { body: loggedIn } } } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('[part="alert"]')?.textContent).toContain('shopper accounts'));
  },
};

/** The proxy is down: a clear message and a retry button. */
export const LoadError: Story = {
  name: 'Error',
  parameters: { api: { delay: 0, routes: { ...shopperRoutes(12), 'GET /api/account/orders': apiError(503, 'unavailable', { message: 'Service unavailable' }) } } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('[part="alert"] button')).toBeTruthy());
  },
};
