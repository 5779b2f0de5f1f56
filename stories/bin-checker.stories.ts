import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { html } from 'lit';
import '../components/bin-checker/define';
import { clearApiCache } from '../components/core/api';
import { DEMO_EVENTS, mockSeatApi, type SeatApiMock, type SeatApiMockOptions } from '../tests/helpers/seat-map-mock';

type Args = { eventId: string; value: string };

let api: SeatApiMock | undefined;

/** `/card-metadata` answers from the emulator's test-BIN table, and the catalog's presale rules. */
function serve(options: SeatApiMockOptions = {}) {
  api?.restore();
  clearApiCache();
  api = mockSeatApi({ catalog: true, delay: 200, ...options });
}

const root = (canvas: HTMLElement) => canvas.querySelector('ck-bin-checker')!.shadowRoot!;
const typeBin = async (canvas: HTMLElement, digits: string) => {
  const input = await waitFor(() => {
    const field = canvas.querySelector('ck-bin-checker')?.shadowRoot?.querySelector('input');
    expect(field).toBeTruthy();
    return field!;
  });
  await userEvent.type(input, digits);
};

const meta: Meta<Args> = {
  title: 'Elements/BIN checker',
  component: 'ck-bin-checker',
  args: { eventId: DEMO_EVENTS.arena.id, value: '' },
  argTypes: {
    eventId: { control: 'select', options: [DEMO_EVENTS.arena.id, DEMO_EVENTS.hall.id, ''], description: 'Presale for HK-issued cards (arena) or Visa credit (hall).' },
  },
  render: (args, context) => {
    serve((context.parameters as { metadata?: SeatApiMockOptions }).metadata);
    return html`<ck-bin-checker event-id=${args.eventId} value=${args.value}></ck-bin-checker>`;
  },
};

export default meta;
type Story = StoryObj<Args>;

export const Default: Story = {};

/** A Hong Kong–issued Visa for the arena's HK-cards presale. */
export const Eligible: Story = {
  play: async ({ canvasElement }) => {
    await typeBin(canvasElement, '48953700');
    await waitFor(() => expect(root(canvasElement).querySelector('[part="verdict"]')?.textContent).toContain('eligible for the presale'), { timeout: 4000 });
  },
};

/** A UK-issued card: "Card not eligible for presale", the rules, another card or the general sale. */
export const NotEligible: Story = {
  play: async ({ canvasElement }) => {
    await typeBin(canvasElement, '42424242');
    await waitFor(() => expect(root(canvasElement).querySelector('[part="onsale-button"]')).toBeTruthy(), { timeout: 4000 });
    await expect(root(canvasElement).querySelector('[part="verdict"]')?.textContent).toContain('Card not eligible for presale');
  },
};

export const Checking: Story = {
  args: { value: '545600' },
  parameters: { metadata: { delay: Infinity } },
};

export const UnknownCard: Story = {
  play: async ({ canvasElement }) => {
    await typeBin(canvasElement, '999999');
    await waitFor(() => expect(root(canvasElement).querySelector('[role="alert"]')?.textContent).toContain('not recognised'), { timeout: 4000 });
  },
};

export const RateLimited: Story = {
  parameters: { metadata: { metadataStatus: 429 } },
  play: async ({ canvasElement }) => {
    await typeBin(canvasElement, '424242');
    await waitFor(() => expect(root(canvasElement).querySelector('[role="alert"]')).toBeTruthy(), { timeout: 4000 });
  },
};

/** Without an event the element only identifies the card. */
export const NoEvent: Story = { args: { eventId: '', value: '545600' } };

export const RightToLeft: Story = {
  args: { value: '42424242' },
  parameters: { globalsOverride: { locale: 'ar' } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('[part="base"]')?.getAttribute('dir')).toBe('rtl'));
  },
};

export const Dark: Story = { args: { value: '48953700' }, parameters: { globalsOverride: { theme: 'dark' } } };
