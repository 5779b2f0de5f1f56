import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { html } from 'lit';
import '../components/checkout/define';
import type { CheckoutDraft } from '../components/core/store';
import { withMockApi } from './support/mock-api';
import { installFakeFlow } from './support/fake-flow';
import { filledDraft, seed } from './support/seed';
import { shopperRoutes } from './support/recorded';

type Args = { mode: 'flow' | 'hpp'; countries: string; headingLevel: number; draft?: CheckoutDraft };

const root = (canvas: HTMLElement) => canvas.querySelector('ck-checkout')!.shadowRoot!;
const heading = (canvas: HTMLElement) => root(canvas).querySelector('[part="step-heading"]')?.textContent?.trim();

const meta: Meta<Args> = {
  title: 'Elements/Checkout',
  component: 'ck-checkout',
  decorators: [withMockApi],
  args: { mode: 'flow', countries: 'HK,US,GB,JP,SG,AE,FR,DE', headingLevel: 2 },
  argTypes: {
    mode: { control: 'inline-radio', options: ['flow', 'hpp'] },
    draft: { control: 'object', description: 'Story only: what the shopper has entered (the checkout draft).' },
  },
  render: (args) => {
    installFakeFlow();
    seed({ draft: args.draft });
    return html`<ck-checkout mode=${args.mode} countries=${args.countries} heading-level=${args.headingLevel}></ck-checkout>`;
  },
};

export default meta;
type Story = StoryObj<Args>;

export const Contact: Story = {};

export const ValidationErrors: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(heading(canvasElement)).toBe('Contact'));
    await userEvent.type(root(canvasElement).querySelector<HTMLInputElement>('[id="customer.email"]')!, 'not-an-email');
    await userEvent.click(root(canvasElement).querySelector<HTMLButtonElement>('[part="continue-button"]')!);
    await waitFor(() => expect(root(canvasElement).querySelector('[id="customer.email-error"]')?.textContent).toContain('email address'));
  },
};

export const KeyboardToShipping: Story = {
  args: { draft: { customer: filledDraft.customer } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(heading(canvasElement)).toBe('Contact'));
    root(canvasElement).querySelector<HTMLInputElement>('[id="customer.name"]')!.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(heading(canvasElement)).toBe('Shipping address'));
  },
};

export const ShippingAddress: Story = { args: { draft: { customer: filledDraft.customer, step: 'shipping' } } };
export const BillingAddress: Story = { args: { draft: { ...filledDraft, step: 'billing' } } };
export const SeparateBilling: Story = { args: { draft: { ...filledDraft, billingSameAsShipping: false, step: 'billing' } } };
export const Delivery: Story = { args: { draft: { ...filledDraft, step: 'delivery' } } };
export const Review: Story = {
  args: { draft: { ...filledDraft, step: 'review' } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(heading(canvasElement)).toBe('Review'));
  },
};
export const Paying: Story = {
  args: { draft: { ...filledDraft, step: 'review' } },
  play: async ({ canvasElement }) => {
    const payButton = await waitFor(() => {
      const b = root(canvasElement).querySelector('ck-pay-button')?.shadowRoot?.querySelector<HTMLButtonElement>('[part="button"]');
      expect(b).toBeTruthy();
      return b!;
    });
    await userEvent.click(payButton);
    await waitFor(() => expect(heading(canvasElement)).toBe('Payment'));
  },
};
export const ServerFieldErrors: Story = {
  args: { draft: { ...filledDraft, step: 'review' } },
  parameters: { api: { scenario: 'invalid-fields' } },
  play: async ({ canvasElement }) => {
    const payButton = await waitFor(() => {
      const b = root(canvasElement).querySelector('ck-pay-button')?.shadowRoot?.querySelector<HTMLButtonElement>('[part="button"]');
      expect(b).toBeTruthy();
      return b!;
    });
    await userEvent.click(payButton);
    await waitFor(() => expect(root(canvasElement).querySelector('[id="customer.email-error"]')?.textContent).toContain('valid email'));
  },
};
export const Loading: Story = { args: { draft: { ...filledDraft, step: 'delivery' } }, parameters: { api: { scenario: 'loading' } } };
export const ErrorState: Story = { name: 'Error', args: { draft: { ...filledDraft, step: 'delivery' } }, parameters: { api: { scenario: 'error' } } };
export const EmptyCart: Story = {
  render: () => {
    seed({ items: [] });
    return html`<ck-checkout><a slot="empty" href="#shop">Your cart is empty — continue shopping</a></ck-checkout>`;
  },
};
export const RightToLeft: Story = { args: { draft: { ...filledDraft, step: 'review' } }, parameters: { globalsOverride: { locale: 'ar' } } };
export const Dark: Story = { args: { draft: { ...filledDraft, step: 'shipping' } }, parameters: { globalsOverride: { theme: 'dark' } } };

/** The identification step's third choice: the contact form plus a password. */
export const CreateAccount: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('input[name="identity"][value="create"]')).toBeTruthy());
    await userEvent.click(root(canvasElement).querySelector<HTMLInputElement>('input[name="identity"][value="create"]')!);
    await waitFor(() => expect(root(canvasElement).querySelector('[id="account.password"]')).toBeTruthy());
  },
};

/** A logged-in shopper account: contact details filled from the profile, saved addresses offered on the shipping step. */
export const LoggedInShopper: Story = {
  parameters: { api: { routes: shopperRoutes(0) } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector<HTMLInputElement>('[id="customer.email"]')?.value).toBe('mei@example.com'));
    await userEvent.click(root(canvasElement).querySelector<HTMLButtonElement>('[part="continue-button"]')!);
    await waitFor(() => expect(root(canvasElement).querySelectorAll('[part="saved-addresses"] input').length).toBe(3));
  },
};
