import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { html } from 'lit';
import '../components/pay-button/define';
import { apiError, json, withMockApi } from './support/mock-api';
import { GIFT_CARD } from './support/recorded';
import { installFakeFlow } from './support/fake-flow';
import { filledDraft, seed } from './support/seed';

type Args = { mode: 'flow' | 'hpp'; disabled: boolean; label: string };

const root = (canvas: HTMLElement) => canvas.querySelector('ck-pay-button')!.shadowRoot!;
const click = async (canvas: HTMLElement) => {
  const button = await waitFor(() => {
    const b = root(canvas).querySelector<HTMLButtonElement>('[part="button"]');
    expect(b).toBeTruthy();
    return b!;
  });
  await userEvent.click(button);
};

const meta: Meta<Args> = {
  title: 'Elements/Pay button',
  component: 'ck-pay-button',
  decorators: [withMockApi],
  args: { mode: 'flow', disabled: false, label: '' },
  argTypes: {
    mode: { control: 'inline-radio', options: ['flow', 'hpp'] },
    label: { control: 'text', description: 'Slotted label (default: "Pay now").' },
  },
  render: (args) => {
    installFakeFlow();
    seed({ draft: filledDraft });
    return html`<ck-pay-button mode=${args.mode} ?disabled=${args.disabled}>${args.label}</ck-pay-button>`;
  },
};

export default meta;
type Story = StoryObj<Args>;

export const Default: Story = {};

/** After the click: the session is created and (a stand-in for) Flow is mounted in the button's light-DOM container. */
export const FlowMounted: Story = {
  play: async ({ canvasElement }) => {
    await click(canvasElement);
    await waitFor(() => expect(canvasElement.querySelector('ck-pay-button .fake-flow')).toBeTruthy(), { timeout: 4000 });
  },
};

export const Paid: Story = {
  play: async ({ canvasElement }) => {
    await click(canvasElement);
    const pay = await waitFor(() => {
      const b = canvasElement.querySelector<HTMLButtonElement>('ck-pay-button .fake-flow button');
      expect(b).toBeTruthy();
      return b!;
    });
    await userEvent.click(pay);
    await waitFor(() => expect(root(canvasElement).querySelector('[part="status"]')?.textContent).toContain('Payment successful'));
  },
};

export const Declined: Story = {
  parameters: { api: { scenario: 'declined' } },
  play: async ({ canvasElement }) => {
    await click(canvasElement);
    const pay = await waitFor(() => {
      const b = canvasElement.querySelector<HTMLButtonElement>('ck-pay-button .fake-flow button');
      expect(b).toBeTruthy();
      return b!;
    });
    await userEvent.click(pay);
    await waitFor(() => expect(root(canvasElement).querySelector('[part="alert"]')?.textContent).toContain('declined'));
  },
};

export const InFlight: Story = {
  parameters: { api: { scenario: 'loading' } },
  play: async ({ canvasElement }) => {
    await click(canvasElement);
    await waitFor(() => expect(root(canvasElement).querySelector<HTMLButtonElement>('[part="button"]')?.disabled).toBe(true));
  },
};

export const RateLimited: Story = {
  parameters: { api: { scenario: 'rate-limited' } },
  play: async ({ canvasElement }) => {
    await click(canvasElement);
    await waitFor(() => expect(root(canvasElement).querySelector('[part="alert"]')?.textContent).toContain('30 seconds'));
  },
};

export const ServiceDown: Story = {
  parameters: { api: { scenario: 'error' } },
  play: async ({ canvasElement }) => {
    await click(canvasElement);
    await waitFor(() => expect(root(canvasElement).querySelector('[part="alert"]')?.textContent).toContain('unavailable'));
  },
};

/** Used alone on a page with no checkout: it asks for the email and name Checkout.com needs. */
export const Standalone: Story = {
  render: (args) => {
    seed();
    return html`<ck-pay-button mode=${args.mode}></ck-pay-button>`;
  },
};

const giftCard = (canvas: HTMLElement) => root(canvas).querySelector<HTMLInputElement>('[part="gift-card"] input')!;
const withGiftCard: Story['render'] = (args) => {
  installFakeFlow();
  seed({ draft: filledDraft });
  return html`<ck-pay-button gift-card mode=${args.mode}></ck-pay-button>`;
};

/** `gift-card`: the optional code field above the button. */
export const GiftCardField: Story = { render: withGiftCard };

/** A gift card that covers the whole order: paid with no card form, verified, done. */
export const PaidByGiftCard: Story = {
  render: withGiftCard,
  parameters: {
    api: {
      routes: {
        'POST /create-payment-sessions': () =>
          json(
            {
              order: { id: 'ORDSTORYBOOK000000000GC', currency: 'HKD', lines: [], subtotal: 39800, discount: 0, shipping: 0, tax: 0, amount: 0, giftCard: { last4: 'P3CA', amount: 39800 } },
              orderToken: 'storybook-order-token-0000000000000000000000',
              paidByGiftCard: { paymentId: 'gcp_storybook000000000000gc', redirectUrl: '#success' },
            },
            201,
          ),
      },
    },
  },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(giftCard(canvasElement)).toBeTruthy());
    await userEvent.type(giftCard(canvasElement), GIFT_CARD.code);
    await click(canvasElement);
    await waitFor(() => expect(root(canvasElement).querySelector('[part="status"]')?.textContent).toContain('Payment successful'));
  },
};

/** A code that is no card of the shop: said in words, the field marked. */
export const GiftCardRefused: Story = {
  render: withGiftCard,
  parameters: { api: { routes: { 'POST /create-payment-sessions': apiError(404, 'gift_card_not_found', { fields: [{ path: 'giftCardCode', message: 'is not a gift-card code' }] }) } } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(giftCard(canvasElement)).toBeTruthy());
    await userEvent.type(giftCard(canvasElement), 'AAAA-BBBB-CCCC-DDDD');
    await click(canvasElement);
    await waitFor(() => expect(giftCard(canvasElement).getAttribute('aria-invalid')).toBe('true'));
  },
};

export const CustomLabel: Story = { args: { label: 'Pay HK$747.00' } };
export const Disabled: Story = { args: { disabled: true } };
export const HostedPaymentPage: Story = { args: { mode: 'hpp' } };
export const RightToLeft: Story = { parameters: { globalsOverride: { locale: 'ar' } } };
export const Dark: Story = { parameters: { globalsOverride: { theme: 'dark' } } };
