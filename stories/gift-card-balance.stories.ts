import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { html } from 'lit';
import '../components/gift-card-balance/define';
import { apiError, withMockApi } from './support/mock-api';
import { GIFT_CARD } from './support/recorded';

type Args = { headingLevel: number };

const root = (canvas: HTMLElement) => canvas.querySelector('ck-gift-card-balance')!.shadowRoot!;

/** Types a code and presses "Check balance". */
async function check(canvas: HTMLElement, code: string) {
  const input = await waitFor(() => {
    const field = canvas.querySelector('ck-gift-card-balance')?.shadowRoot?.querySelector('input');
    expect(field).toBeTruthy();
    return field!;
  });
  if (code) await userEvent.type(input, code);
  await userEvent.click(root(canvas).querySelector('[part="button"]')!);
}

const meta: Meta<Args> = {
  title: 'Elements/Gift card balance',
  component: 'ck-gift-card-balance',
  decorators: [withMockApi],
  args: { headingLevel: 2 },
  parameters: { api: { delay: 0 } },
  render: (args) => html`<ck-gift-card-balance heading-level=${args.headingLevel}></ck-gift-card-balance>`,
};

export default meta;
type Story = StoryObj<Args>;

/** The empty field, its hint and the button. */
export const Default: Story = {};

/** A card with money on it: the balance, the last four characters and the expiry (demo code 7KQ4-M2XD-9HVT-P3CA). */
export const Balance: Story = {
  play: async ({ canvasElement }) => {
    await check(canvasElement, GIFT_CARD.code);
    await waitFor(() => expect(root(canvasElement).querySelector('[part="result"]')?.textContent).toContain('HK$350.00'));
  },
};

/** The proxy has not answered yet. */
export const Checking: Story = {
  parameters: { api: { routes: { 'POST /api/gift-cards/balance': { delay: Infinity } } } },
  play: async ({ canvasElement }) => {
    await check(canvasElement, GIFT_CARD.code);
    await waitFor(() => expect(root(canvasElement).querySelector('[part="status"]')).toBeTruthy());
  },
};

/** An expired card: what was left, and when it expired. */
export const Expired: Story = {
  play: async ({ canvasElement }) => {
    await check(canvasElement, GIFT_CARD.expired);
    await waitFor(() => expect(root(canvasElement).querySelector('[part="result"]')?.textContent).toContain('expired'));
  },
};

/** A card that has been spent. */
export const Spent: Story = {
  play: async ({ canvasElement }) => {
    await check(canvasElement, GIFT_CARD.empty);
    await waitFor(() => expect(root(canvasElement).querySelector('[part="result"]')?.textContent).toContain('nothing left'));
  },
};

/** Nothing typed, or not 16 characters: said under the field, nothing is sent. */
export const InvalidCode: Story = {
  play: async ({ canvasElement }) => {
    await check(canvasElement, 'ABCD-1234');
    await waitFor(() => expect(root(canvasElement).querySelector('.field-error')?.textContent).toContain('16 letters and digits'));
  },
};

/** A code that is no card of the shop (each wrong code counts against the guessing budget). */
export const WrongCode: Story = {
  play: async ({ canvasElement }) => {
    await check(canvasElement, 'AAAA-BBBB-CCCC-DDDD');
    await waitFor(() => expect(root(canvasElement).querySelector('[part="alert"]')?.textContent).toContain("doesn't match"));
  },
};

/** Too many wrong codes from this address: the proxy's 429 and how long to wait. */
export const TooManyTries: Story = {
  parameters: {
    api: { routes: { 'POST /api/gift-cards/balance': apiError(429, 'gift_card_guesses', { message: 'Too many wrong gift-card codes. Try again in 14 minutes.', headers: { 'retry-after': '840' } }) } },
  },
  play: async ({ canvasElement }) => {
    await check(canvasElement, GIFT_CARD.code);
    await waitFor(() => expect(root(canvasElement).querySelector('[part="alert"]')?.textContent).toContain('840'));
  },
};

/** The shop cannot be reached. */
export const Offline: Story = {
  parameters: { api: { routes: { 'POST /api/gift-cards/balance': apiError(503, 'upstream_unavailable') } } },
  play: async ({ canvasElement }) => {
    await check(canvasElement, GIFT_CARD.code);
    await waitFor(() => expect(root(canvasElement).querySelector('[part="alert"]')).toBeTruthy());
  },
};

export const RightToLeft: Story = {
  parameters: { globalsOverride: { locale: 'ar' } },
  play: async ({ canvasElement }) => {
    await check(canvasElement, GIFT_CARD.code);
    await waitFor(() => expect(root(canvasElement).querySelector('[part="result"]')).toBeTruthy());
  },
};

export const Dark: Story = { parameters: { globalsOverride: { theme: 'dark' } } };
