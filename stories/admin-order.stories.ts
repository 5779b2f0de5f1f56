import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { html } from 'lit';
import '../components/admin/index';
import { apiError, withMockApi } from './support/mock-api';
import { adminRoutes, GIFT_ORDER, ORDER } from './support/admin-recorded';

type Args = { canRefund: boolean; canVoid: boolean; canResend: boolean };

const root = (canvas: HTMLElement) => canvas.querySelector('ck-admin-order')!.shadowRoot!;

const meta: Meta<Args> = {
  title: 'Console/Order',
  component: 'ck-admin-order',
  decorators: [withMockApi],
  args: { canRefund: true, canVoid: true, canResend: true },
  render: (args) => html`<ck-admin-order order-id=${ORDER} ?can-refund=${args.canRefund} ?can-void=${args.canVoid} ?can-resend=${args.canResend}></ck-admin-order>`,
  parameters: { api: { delay: 0, routes: adminRoutes('admin') } },
};

export default meta;
type Story = StoryObj<Args>;

export const Default: Story = {};

/** A staff member: no refund or void, only who may; the receipt can go again. */
export const ReadOnly: Story = { args: { canRefund: false, canVoid: false } };

/** The receipt sent again, after a confirmation: on its way to the order's email. */
export const ReceiptResent: Story = {
  args: { canRefund: false, canVoid: false },
  play: async ({ canvasElement }) => {
    const button = await waitFor(() => {
      const b = root(canvasElement).querySelector<HTMLButtonElement>('[part="resend"]');
      expect(b).toBeTruthy();
      return b!;
    });
    await userEvent.click(button);
    const dialog = root(canvasElement).querySelector('dialog')!;
    await waitFor(() => expect(dialog.open).toBe(true));
    expect(dialog.textContent).toContain('ana.silva@example.com');
    await userEvent.click(dialog.querySelector<HTMLButtonElement>('button')!);
    await waitFor(() => expect(root(canvasElement).querySelector('[role="status"]')?.textContent).toContain('The receipt is on its way to ana.silva@example.com'));
  },
};

/** A partial refund, confirmed: sent to Checkout.com. */
export const Refunded: Story = {
  play: async ({ canvasElement }) => {
    const form = await waitFor(() => {
      const f = root(canvasElement).querySelector<HTMLFormElement>('[part="refund"]');
      expect(f).toBeTruthy();
      return f!;
    });
    const amount = form.querySelector<HTMLInputElement>('#refund-amount')!;
    amount.value = '50.00';
    await userEvent.type(form.querySelector<HTMLInputElement>('#refund-reason')!, 'one case arrived scratched');
    await userEvent.click(form.querySelector<HTMLButtonElement>('button[type="submit"]')!);
    const dialog = root(canvasElement).querySelector('dialog')!;
    await waitFor(() => expect(dialog.open).toBe(true));
    await userEvent.click(dialog.querySelector<HTMLButtonElement>('button')!);
    await waitFor(() => expect(root(canvasElement).querySelector('[role="status"]')?.textContent).toContain('Sent to Checkout.com'));
  },
};

/** Someone refunded the order meanwhile: the refund is refused, the order reloaded. */
export const Conflict: Story = {
  parameters: { api: { delay: 0, routes: { ...adminRoutes('admin'), [`POST /api/admin/orders/${ORDER}/refunds`]: apiError(409, 'refund_conflict', { message: 'This order was refunded meanwhile.' }) } } },
  play: async ({ canvasElement }) => {
    const form = await waitFor(() => {
      const f = root(canvasElement).querySelector<HTMLFormElement>('[part="refund"]');
      expect(f).toBeTruthy();
      return f!;
    });
    await userEvent.type(form.querySelector<HTMLInputElement>('#refund-reason')!, 'late delivery');
    await userEvent.click(form.querySelector<HTMLButtonElement>('button[type="submit"]')!);
    const dialog = root(canvasElement).querySelector('dialog')!;
    await waitFor(() => expect(dialog.open).toBe(true));
    await userEvent.click(dialog.querySelector<HTMLButtonElement>('button')!);
    await waitFor(() => expect(root(canvasElement).querySelector('[role="alert"]')?.textContent).toContain('Someone refunded this order meanwhile'));
  },
};

/** An order a gift card paid part of: its share and what went back to it; a refund beyond the card's share goes back to the gift card. */
export const PaidByGiftCard: Story = {
  render: (args) => html`<ck-admin-order order-id=${GIFT_ORDER} ?can-refund=${args.canRefund} ?can-void=${args.canVoid} ?can-resend=${args.canResend}></ck-admin-order>`,
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('[part="gift-card"]')?.textContent).toContain('Gift card ••••Q7XZ'));
  },
};
