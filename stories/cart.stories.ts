import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { html } from 'lit';
import '../components/cart/define';
import { cartStore, type CartItem } from '../components/core/store';

type Args = { headingLevel: number; readonly: boolean; items: Omit<CartItem, 'quantity'>[] };

const cases: Array<Omit<CartItem, 'quantity'> & { quantity: number }> = [
  { reference: 'case-iphone16-clear', name: 'Clear case for iPhone 16', unitAmount: 12800, currency: 'HKD', quantity: 2 },
  { reference: 'case-pixel9-leather', name: 'Leather case for Pixel 9', unitAmount: 34800, currency: 'HKD', quantity: 1 },
];

/** Seeds the shared cart before a story renders, so every story starts from a known cart. */
function seed(items: Array<Omit<CartItem, 'quantity'> & { quantity?: number }>) {
  const store = cartStore();
  store.clear();
  for (const item of items) store.add(item);
}

const shadow = (canvasElement: HTMLElement) => canvasElement.querySelector('ck-cart')!.shadowRoot!;

const meta: Meta<Args> = {
  title: 'Elements/Cart',
  component: 'ck-cart',
  args: { headingLevel: 2, readonly: false, items: cases },
  argTypes: {
    headingLevel: { control: { type: 'number', min: 2, max: 6 } },
    readonly: { control: 'boolean' },
    items: { control: 'object', description: 'Story only: the items seeded into the shared cart.' },
  },
  render: (args) => {
    seed(args.items);
    return html`<ck-cart heading-level=${args.headingLevel} ?readonly=${args.readonly}></ck-cart>`;
  },
};

export default meta;
type Story = StoryObj<Args>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    const root = shadow(canvasElement);
    const increase = root.querySelector<HTMLButtonElement>('button[aria-label="Increase quantity of Leather case for Pixel 9"]')!;
    await userEvent.click(increase);
    await waitFor(() => expect(root.querySelector('[part="subtotal"] dd')?.textContent).toContain('HK$952.00'));
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
