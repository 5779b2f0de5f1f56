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

/** A presale payment whose card was not eligible: the proxy voided it (nothing charged) and released the seats. */
const voidedPresale = paymentStatus('failed', {
  status: 'Voided',
  approved: true,
  amount: 176000,
  card: { scheme: 'MASTERCARD', last4: '6378' },
  voided: { reason: 'presale_card_ineligible', eventId: 'harbour-strings-2031', eventName: 'Harbour Strings', generalSaleAt: '2031-01-01T10:00:00+08:00' },
});
export const PresaleCardIneligible: Story = {
  parameters: { api: { routes: { 'GET /api/payments/': voidedPresale } } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('[part="heading"]')?.textContent).toBe('This card is not eligible for the presale'));
    await waitFor(() => expect(root(canvasElement).querySelector('[part="general-sale"]')?.textContent).toContain('general sale from'));
  },
};
/** The same, in Traditional Chinese. */
export const PresaleCardIneligibleZhHK: Story = {
  parameters: { api: { routes: { 'GET /api/payments/': voidedPresale } }, globalsOverride: { locale: 'zh-HK' } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('[part="heading"]')?.textContent).toBe('此卡不符合優先訂票資格'));
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
