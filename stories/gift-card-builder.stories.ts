import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { html } from 'lit';
import '../components/gift-card-builder/define';
import { withMockApi } from './support/mock-api';
import { unavailable } from './support/recorded';

type Args = { headingLevel: number };

const root = (canvas: HTMLElement) => canvas.querySelector('ck-gift-card-builder')!.shadowRoot!;
const ready = (canvas: HTMLElement) =>
  waitFor(() => {
    const form = root(canvas).querySelector('form');
    expect(form).toBeTruthy();
    return form!;
  });

async function fill(canvas: HTMLElement) {
  const form = await ready(canvas);
  await userEvent.type(form.querySelector<HTMLInputElement>('#recipientName')!, 'Mei Chan');
  await userEvent.type(form.querySelector<HTMLInputElement>('#recipientEmail')!, 'mei@example.com');
  await userEvent.type(form.querySelector<HTMLInputElement>('#senderName')!, 'Kenso Lee');
  await userEvent.type(form.querySelector<HTMLInputElement>('#senderEmail')!, 'kenso@example.com');
  await userEvent.type(form.querySelector<HTMLTextAreaElement>('#message')!, 'Happy birthday! Treat yourself.');
  return form;
}

const meta: Meta<Args> = {
  title: 'Elements/Gift card builder',
  component: 'ck-gift-card-builder',
  decorators: [withMockApi],
  args: { headingLevel: 2 },
  parameters: { api: { delay: 0 } },
  render: (args) => html`<ck-gift-card-builder heading-level=${args.headingLevel}></ck-gift-card-builder>`,
};

export default meta;
type Story = StoryObj<Args>;

export const Default: Story = {};

/** The catalog has not answered yet. */
export const Loading: Story = { parameters: { api: { routes: { 'GET /api/catalog': { delay: Infinity } } } } };

/** The catalog could not be loaded: a message and a retry. */
export const Error: Story = {
  parameters: { api: { routes: { 'GET /api/catalog': unavailable } } },
};

/** The live preview with every field filled in. */
export const Filled: Story = {
  play: async ({ canvasElement }) => {
    await fill(canvasElement);
    await waitFor(() => expect(root(canvasElement).querySelector('[part="preview"]')?.textContent).toContain('To Mei Chan'));
  },
};

/** A custom amount outside the catalog's bounds for the currency. */
export const CustomAmountOutOfRange: Story = {
  play: async ({ canvasElement }) => {
    const form = await ready(canvasElement);
    await userEvent.click([...form.querySelectorAll<HTMLInputElement>('input[name="amount"]')].at(-1)!);
    const input = await waitFor(() => {
      const i = root(canvasElement).querySelector<HTMLInputElement>('#amount');
      expect(i).toBeTruthy();
      return i!;
    });
    await userEvent.type(input, '9000');
    input.dispatchEvent(new Event('change'));
    await waitFor(() => expect(root(canvasElement).querySelector('#amount-error')).toBeTruthy());
  },
};

/** "Express checkout" with empty fields: an error per field, focus on the first. */
export const ValidationErrors: Story = {
  play: async ({ canvasElement }) => {
    const form = await ready(canvasElement);
    await userEvent.click(form.querySelector<HTMLButtonElement>('[part="express"]')!);
    await waitFor(() => expect(root(canvasElement).querySelectorAll('[part="field-error"]').length).toBeGreaterThan(2));
  },
};

/** Send to me: no recipient fields; the card goes to the sender. */
export const SendToSelf: Story = {
  play: async ({ canvasElement }) => {
    const form = await ready(canvasElement);
    await userEvent.click(form.querySelectorAll<HTMLInputElement>('input[name="send-to"]')[1]!);
    await waitFor(() => expect(root(canvasElement).querySelector('#recipientName')).toBeNull());
  },
};

/** Express checkout: the order as the proxy prices it, beside the pay button (Flow). */
export const ExpressCheckout: Story = {
  play: async ({ canvasElement }) => {
    const form = await fill(canvasElement);
    await userEvent.click(form.querySelector<HTMLButtonElement>('[part="express"]')!);
    await waitFor(() => expect(root(canvasElement).querySelector('ck-order-summary')).toBeTruthy());
  },
};

/** Yen: presets and bounds of JPY, no decimals. */
export const Yen: Story = { parameters: { currency: 'JPY' } };

/** A currency the catalog sells no gift cards in. */
export const CurrencyNotSold: Story = { parameters: { currency: 'EUR' } };

export const RightToLeft: Story = { parameters: { globalsOverride: { locale: 'ar' } } };

export const Dark: Story = { parameters: { globalsOverride: { theme: 'dark' } } };
