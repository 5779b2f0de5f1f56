import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, waitFor } from 'storybook/test';
import { html } from 'lit';
import '../components/payment-result/define';
import { json, withMockApi } from './support/mock-api';
import { paymentStatus } from './support/recorded';
import { seed } from './support/seed';

type Args = { paymentId: string; expect: '' | 'success' | 'failure' | 'cancel'; headingLevel: number };

const root = (canvas: HTMLElement) => canvas.querySelector('ck-payment-result')!.shadowRoot!;

const meta: Meta<Args> = {
  title: 'Elements/Payment result',
  component: 'ck-payment-result',
  decorators: [withMockApi],
  args: { paymentId: 'pay_storybook00000000000000000', expect: 'success', headingLevel: 1 },
  argTypes: { expect: { control: 'inline-radio', options: ['', 'success', 'failure', 'cancel'] } },
  render: (args) => {
    seed();
    return html`<ck-payment-result payment-id=${args.paymentId || ''} expect=${args.expect || ''} heading-level=${args.headingLevel}>
      <a slot="actions" href="#shop">Continue shopping</a>
    </ck-payment-result>`;
  },
};

export default meta;
type Story = StoryObj<Args>;

export const Succeeded: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('[data-payment-id]')?.textContent).toBe('pay_storybook00000000000000000'));
  },
};
/** Paid, but one seat was taken by another buyer after the hold expired: the proxy refunds it by itself. */
export const SeatRefunded: Story = {
  parameters: {
    api: { routes: { 'GET /api/payments/': paymentStatus('succeeded', { refunds: [{ reason: 'seats_lost', seats: 1, amount: 38000, currency: 'HKD', status: 'accepted' }] }) } },
  },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('[part="refund"]')?.textContent).toContain('HK$380.00 is being refunded to your card.'));
  },
};

/** Opened in a browser that did not make the order (a shared link): the proxy tells the status only — no amount, order or card. */
export const StatusOnly: Story = {
  parameters: {
    api: { routes: { 'GET /api/payments/': () => json({ id: 'pay_storybook00000000000000000', status: 'Captured', approved: true, outcome: 'succeeded' }) } },
  },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('[data-payment-id]')?.textContent).toBe('pay_storybook00000000000000000'));
    await expect(root(canvasElement).querySelector('[part="details"]')?.textContent).not.toContain('HK$');
  },
};

export const Failed: Story = { args: { expect: 'failure' }, parameters: { api: { scenario: 'declined' } } };
export const Pending: Story = { parameters: { api: { scenario: 'pending' } } };
export const Cancelled: Story = { args: { paymentId: '', expect: 'cancel' } };
export const Loading: Story = { parameters: { api: { scenario: 'loading' } } };
export const Unverifiable: Story = { args: { paymentId: 'pay_forged' } };
export const ServiceDown: Story = { parameters: { api: { scenario: 'error' } } };
export const NoPayment: Story = { args: { paymentId: '', expect: '' } };
export const RightToLeft: Story = { parameters: { globalsOverride: { locale: 'ar' } } };
export const Dark: Story = { parameters: { globalsOverride: { theme: 'dark' } } };
