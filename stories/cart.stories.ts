import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { html } from 'lit';
import '../components/cart/define';
import { cartStore, checkoutDraftStore, currencyStore, type CartItem } from '../components/core/store';
import { apiError, withMockApi } from './support/mock-api';
import { lowStockCatalog } from './support/recorded';
import { renderedRoot } from './support/seed';

type Args = { headingLevel: number; readonly: boolean; hideCoupon: boolean; items: Omit<CartItem, 'quantity'>[] };

/** Two products of the recorded catalog, at its prices (the cart shows a catalog product at the catalog's price). */
const cases: Array<Omit<CartItem, 'quantity'> & { quantity: number }> = [
  { reference: 'case-iphone16-clear', name: 'Clear case for iPhone 16', unitAmount: 19900, currency: 'HKD', quantity: 2 },
  { reference: 'case-pixel9-fabric', name: 'Fabric case for Pixel 9', unitAmount: 27900, currency: 'HKD', quantity: 1 },
];

async function applyCoupon(canvasElement: HTMLElement, code: string) {
  const root = await renderedRoot(canvasElement, 'ck-cart');
  await userEvent.type(root.querySelector<HTMLInputElement>('[part="coupon-input"]')!, code);
  await userEvent.click(root.querySelector<HTMLButtonElement>('[part="coupon-button"]')!);
}

/** Seeds the shared cart before a story renders, so every story starts from a known cart. */
function seed(items: Array<Omit<CartItem, 'quantity'> & { quantity?: number }>) {
  const store = cartStore();
  store.clear();
  currencyStore().set(undefined);
  checkoutDraftStore().set(undefined);
  for (const item of items) store.add(item);
}

const shadow = (canvasElement: HTMLElement) => canvasElement.querySelector('ck-cart')!.shadowRoot!;

const meta: Meta<Args> = {
  title: 'Elements/Cart',
  component: 'ck-cart',
  decorators: [withMockApi],
  args: { headingLevel: 2, readonly: false, hideCoupon: false, items: cases },
  argTypes: {
    headingLevel: { control: { type: 'number', min: 2, max: 6 } },
    readonly: { control: 'boolean' },
    hideCoupon: { control: 'boolean' },
    items: { control: 'object', description: 'Story only: the items seeded into the shared cart.' },
  },
  render: (args) => {
    seed(args.items);
    return html`<ck-cart heading-level=${args.headingLevel} ?readonly=${args.readonly} ?hide-coupon=${args.hideCoupon}></ck-cart>`;
  },
};

export default meta;
type Story = StoryObj<Args>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    const root = await renderedRoot(canvasElement, 'ck-cart');
    const increase = root.querySelector<HTMLButtonElement>('button[aria-label="Increase quantity of Fabric case for Pixel 9"]')!;
    await userEvent.click(increase);
    // 2 × HK$199.00 + 2 × HK$279.00
    await waitFor(() => expect(root.querySelector('[part="subtotal"] dd')?.textContent).toContain('HK$956.00'));
  },
};

export const Empty: Story = { args: { items: [] } };

export const ReadOnly: Story = { args: { readonly: true } };

export const Yen: Story = {
  args: {
    items: [{ reference: 'ticket-cat1', name: 'Concert ticket, Category 1', unitAmount: 18800, currency: 'JPY' }],
  },
};

export const LongNames: Story = {
  args: {
    items: [
      {
        reference: 'bundle',
        name: 'Ultra-protective rugged case with magnetic wallet and tempered glass screen protector bundle',
        unitAmount: 49900,
        currency: 'HKD',
      },
    ],
  },
};

export const RightToLeft: Story = {
  parameters: { globalsOverride: { locale: 'ar' } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(shadow(canvasElement).querySelector('[part="base"]')?.getAttribute('dir')).toBe('rtl'));
  },
};

export const Dark: Story = { parameters: { globalsOverride: { theme: 'dark' } } };

export const Themed: Story = {
  render: (args) => {
    seed(args.items);
    return html`<ck-cart
      style="--ck-color-primary: #7c3aed; --ck-radius-m: 16px; --ck-cart-background: #faf5ff; --ck-font-family: Georgia, serif;"
    ></ck-cart>`;
  },
};

export const CouponApplied: Story = {
  play: async ({ canvasElement }) => {
    await applyCoupon(canvasElement, 'WELCOME10');
    await waitFor(() => expect(shadow(canvasElement).querySelector('[part="discount"] dd')?.textContent).toContain('HK$67.70'));
  },
};

export const CouponRejected: Story = {
  play: async ({ canvasElement }) => {
    await applyCoupon(canvasElement, 'NOPE');
    await waitFor(() => expect(shadow(canvasElement).querySelector('#coupon-error')?.textContent).toContain("isn't valid"));
  },
};

export const CouponServerDown: Story = {
  parameters: { api: { scenario: 'error' } },
  play: async ({ canvasElement }) => {
    await applyCoupon(canvasElement, 'WELCOME10');
    await waitFor(() => expect(shadow(canvasElement).querySelector('[part="alert"]')).toBeTruthy());
  },
};

/** Items added in HKD, shown in the shopper's chosen currency (the merchant's USD price where it set one). */
export const InUsDollars: Story = {
  render: (args) => {
    seed(args.items);
    currencyStore().set('USD');
    return html`<ck-cart></ck-cart>`;
  },
};

/** Stock from the proxy: two clear cases in the cart and two left (its + stops), the fabric case sold out. */
export const LowStockAndSoldOut: Story = {
  parameters: { api: { routes: { 'GET /api/catalog': { body: lowStockCatalog } } } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(shadow(canvasElement).querySelector('[data-reference="case-pixel9-fabric"] [part="stock"]')?.textContent).toBe('Sold out'));
    await expect(shadow(canvasElement).querySelector('[data-reference="case-iphone16-clear"] [part="stock"]')?.textContent).toBe('Only 2 left');
  },
};

/** A coupon the proxy refuses for its own reason: used up (each refusal has its own localized message). */
export const CouponUsedUp: Story = {
  parameters: { api: { routes: { 'POST /api/orders/quote': apiError(400, 'coupon_used_up', { message: '"LAUNCH50" has been used up', fields: [{ path: 'coupon', message: 'used up' }] }) } } },
  play: async ({ canvasElement }) => {
    await applyCoupon(canvasElement, 'LAUNCH50');
    await waitFor(() => expect(shadow(canvasElement).querySelector('#coupon-error')?.textContent).toContain('used up'));
  },
};
