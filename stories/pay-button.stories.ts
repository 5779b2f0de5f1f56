import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { html } from 'lit';
import '../components/pay-button/define';
import { withMockApi } from './support/mock-api';
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

export const CustomLabel: Story = { args: { label: 'Pay HK$747.00' } };
export const Disabled: Story = { args: { disabled: true } };
export const HostedPaymentPage: Story = { args: { mode: 'hpp' } };
export const RightToLeft: Story = { parameters: { globalsOverride: { locale: 'ar' } } };
export const Dark: Story = { parameters: { globalsOverride: { theme: 'dark' } } };
