import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, waitFor } from 'storybook/test';
import { html } from 'lit';
import '../components/order-summary/define';
import { withMockApi } from './support/mock-api';
import { filledDraft, seed } from './support/seed';
import { GIFT_CARD } from './support/recorded';

type Args = { headingLevel: number; currency: string; coupon: string };

const root = (canvas: HTMLElement) => canvas.querySelector('ck-order-summary')!.shadowRoot!;

const meta: Meta<Args> = {
  title: 'Elements/Order summary',
  component: 'ck-order-summary',
  decorators: [withMockApi],
  args: { headingLevel: 2, currency: '', coupon: '' },
  argTypes: {
    currency: { control: 'select', options: ['', 'HKD', 'USD', 'EUR', 'JPY'], description: "Story only: the shopper's chosen currency." },
    coupon: { control: 'select', options: ['', 'WELCOME10'], description: 'Story only: a coupon in the checkout draft.' },
  },
  render: (args) => {
    seed({ currency: args.currency || undefined, draft: { ...filledDraft, coupon: args.coupon || undefined } });
    return html`<ck-order-summary heading-level=${args.headingLevel}></ck-order-summary>`;
  },
};

export default meta;
type Story = StoryObj<Args>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('[part="total"] dd')?.textContent).toContain('HK$747.00'));
  },
};
export const WithCoupon: Story = { args: { coupon: 'WELCOME10' } };
export const InEuros: Story = { args: { currency: 'EUR' } };
export const Loading: Story = { parameters: { api: { scenario: 'loading' } } };
export const Empty: Story = {
  render: () => {
    seed({ items: [] });
    return html`<ck-order-summary></ck-order-summary>`;
  },
};
export const ErrorState: Story = { name: 'Error', parameters: { api: { scenario: 'error' } } };
export const RightToLeft: Story = { parameters: { globalsOverride: { locale: 'ar' } } };
export const Dark: Story = { parameters: { globalsOverride: { theme: 'dark' } } };

/** A gift card applied: the total, what the card pays ("Gift card ••••P3CA −HK$350.00") and what is left to pay, as the proxy quotes them. */
export const WithGiftCard: Story = {
  render: (args) => {
    seed({ currency: args.currency || undefined, draft: { ...filledDraft, coupon: args.coupon || undefined } });
    return html`<ck-order-summary heading-level=${args.headingLevel} gift-card-code=${GIFT_CARD.code}></ck-order-summary>`;
  },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('[part="gift-card"]')?.textContent).toContain('••••P3CA'));
    expect(root(canvasElement).querySelector('[part="to-pay"] dd')?.textContent).toContain('HK$397.00');
  },
};
