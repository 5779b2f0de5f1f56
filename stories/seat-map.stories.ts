import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { html } from 'lit';
import '../components/seat-map/define';
import { clearApiCache } from '../components/core/api';
import { withMockApi } from './support/mock-api';
import { loggedIn } from './support/recorded';
import { demoLayout, mockSeatApi, seatIds, type SeatApiMock, type SeatApiMockOptions } from '../tests/helpers/seat-map-mock';

type Args = { venue: 'hall' | 'arena'; maxSelection: number; hold: 'manual' | 'auto' | 'off'; view: 'map' | 'list' };
type Parameters = { seats?: SeatApiMockOptions & { soldShare?: number; members?: boolean } };

let api: SeatApiMock | undefined;

/**
 * Answers the seat map's requests from memory: the venues come from the catalog's own
 * generator (the demo hall, and the 100,000-seat arena), availability and holds from a small
 * in-memory model that also feeds the live stream.
 */
function serve(venue: Args['venue'], options: Parameters['seats'] = {}) {
  api?.restore();
  clearApiCache();
  const { soldShare = 0.18, members = false, ...rest } = options;
  const layout = { ...demoLayout(venue), ...(members ? { requiresLogin: true } : {}) };
  // A deterministic scatter of sold seats, so the map looks like a real on-sale.
  const sold = rest.sold ?? seatIds(layout).filter((_, i) => ((i * 2654435761) >>> 0) % 1000 < soldShare * 1000);
  api = mockSeatApi({ events: { [layout.eventId]: layout }, delay: 120, ...rest, sold });
  return layout.eventId;
}

const root = (canvas: HTMLElement) => canvas.querySelector('ck-seat-map')!.shadowRoot!;
const loaded = (canvas: HTMLElement) =>
  waitFor(() => expect(root(canvas).querySelector('[part="legend"]')).toBeTruthy(), { timeout: 8000 });

const meta: Meta<Args> = {
  title: 'Elements/Seat map',
  component: 'ck-seat-map',
  args: { venue: 'hall', maxSelection: 0, hold: 'manual', view: 'map' },
  argTypes: {
    venue: { control: 'inline-radio', options: ['hall', 'arena'], description: 'Story only: the demo hall (244 seats) or arena (≈100,000 seats).' },
    maxSelection: { control: { type: 'number', min: 0, max: 20 } },
    hold: { control: 'inline-radio', options: ['manual', 'auto', 'off'] },
    view: { control: 'inline-radio', options: ['map', 'list'] },
  },
  render: (args, context) => {
    const eventId = serve(args.venue, (context.parameters as Parameters).seats);
    return html`<ck-seat-map event-id=${eventId} max-selection=${args.maxSelection} hold=${args.hold} view=${args.view}></ck-seat-map>`;
  },
};

export default meta;
type Story = StoryObj<Args>;

/** The demo hall; pick seats on the map (click, or Tab to the map and use the arrow keys and Enter). */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    await loaded(canvasElement);
    const map = root(canvasElement).querySelector<HTMLElement>('[part="map"]')!;
    map.focus();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}{Enter}');
    await waitFor(() => expect(root(canvasElement).querySelector('[part="selected-seat"]')).toBeTruthy());
  },
};

/** Seats selected and held on the server: the summary, total and countdown. */
export const Held: Story = {
  args: { view: 'list' },
  play: async ({ canvasElement }) => {
    await loaded(canvasElement);
    const r = root(canvasElement);
    await userEvent.click(r.querySelector<HTMLButtonElement>('[part="list"] .entry')!);
    await userEvent.click(r.querySelector<HTMLButtonElement>('[part="list"] .entry')!);
    const free = [...r.querySelectorAll<HTMLButtonElement>('[part="seat"]')].filter((b) => b.getAttribute('aria-disabled') !== 'true');
    await userEvent.click(free[0]!);
    await userEvent.click(free[1]!);
    await userEvent.click(r.querySelector<HTMLButtonElement>('[part="hold-button"]')!);
    await waitFor(() => expect(r.querySelector('[part="timer"]')?.textContent).toMatch(/Held for [45]:\d\d/));
  },
};

/** The accessible list: section → row → seat buttons with full labels. */
export const ListMode: Story = {
  args: { view: 'list' },
  play: async ({ canvasElement }) => {
    await loaded(canvasElement);
    const r = root(canvasElement);
    await userEvent.click(r.querySelector<HTMLButtonElement>('[part="list"] .entry')!);
    await userEvent.click(r.querySelector<HTMLButtonElement>('[part="list"] .entry')!);
    await waitFor(() => expect(r.querySelector('[part="seat"]')?.getAttribute('aria-label')).toMatch(/^Row A, Seat 1, Premium, HK\$880\.00, (available|unavailable)$/));
  },
};

/** Holds every selection at once (`hold="auto"`). */
export const AutoHold: Story = { args: { hold: 'auto', view: 'list' } };

/** Victoria Arena: about 100,000 seats on one canvas. Zoom in (wheel, pinch, +) to see seats; zoomed out, sections read as blocks. */
export const Arena100k: Story = {
  args: { venue: 'arena' },
  parameters: { seats: { soldShare: 0.35 } },
  play: async ({ canvasElement }) => {
    await loaded(canvasElement);
    const r = root(canvasElement);
    await userEvent.click(r.querySelector<HTMLButtonElement>('[part="zoom-in"]')!);
    await userEvent.click(r.querySelector<HTMLButtonElement>('[part="zoom-in"]')!);
    await expect(r.querySelector('canvas')!.width).toBeGreaterThan(0);
  },
};

/**
 * A members' presale: the event's layout says `requiresLogin`, so the map asks for the login
 * before it holds seats (demo user kenso / 12345678), then holds them for the account.
 */
export const MembersPresale: Story = {
  args: { view: 'list' },
  decorators: [withMockApi],
  parameters: {
    seats: { members: true },
    api: { delay: 0, routes: { 'POST /api/auth/login': { body: loggedIn } } },
  },
  play: async ({ canvasElement }) => {
    await loaded(canvasElement);
    const r = root(canvasElement);
    await userEvent.click(r.querySelector<HTMLButtonElement>('[part="list"] .entry')!);
    await userEvent.click(r.querySelector<HTMLButtonElement>('[part="list"] .entry')!);
    await userEvent.click(r.querySelector<HTMLButtonElement>('[part="seat"]:not([aria-disabled="true"])')!);
    await waitFor(() => expect(r.querySelector('[part="login"] ck-login')).toBeTruthy());
    await expect(r.querySelector('[part="hold-button"]')).toBeNull();
  },
};

export const Loading: Story = { parameters: { seats: { hang: true } } };

export const Failed: Story = {
  parameters: { seats: { failStatus: 503 } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('[role="alert"]')?.textContent).toContain('Try again'));
  },
};

export const SoldOut: Story = {
  parameters: { seats: { soldShare: 1 } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('.sold-out')?.textContent).toContain('sold out'), { timeout: 8000 });
  },
};

export const RightToLeft: Story = {
  parameters: { globalsOverride: { locale: 'ar' } },
  play: async ({ canvasElement }) => {
    await loaded(canvasElement);
    await waitFor(() => expect(root(canvasElement).querySelector('[part="base"]')?.getAttribute('dir')).toBe('rtl'));
  },
};

export const Dark: Story = { parameters: { globalsOverride: { theme: 'dark' } } };

export const Japanese: Story = { args: { view: 'list' }, parameters: { globalsOverride: { locale: 'ja' } } };

