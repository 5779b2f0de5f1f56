import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { html } from 'lit';
import '../components/product-list/define';
import { cartStore } from '../components/core/store';
import { withMockApi } from './support/mock-api';
import { lowStockCatalog } from './support/recorded';
import { seed } from './support/seed';

type Args = { category: string; hideDescription: boolean; headingLevel: number; currency: string };

const root = (canvas: HTMLElement) => canvas.querySelector('ck-product-list')!.shadowRoot!;

const meta: Meta<Args> = {
  title: 'Elements/Product list',
  component: 'ck-product-list',
  decorators: [withMockApi],
  args: { category: '', hideDescription: false, headingLevel: 3, currency: '' },
  argTypes: {
    category: { control: 'select', options: ['', 'cases', 'chargers'] },
    currency: { control: 'select', options: ['', 'HKD', 'USD', 'EUR', 'JPY'], description: "Story only: the shopper's chosen currency." },
  },
  render: (args) => {
    seed({ items: [], currency: args.currency || undefined });
    return html`<ck-product-list
      category=${args.category || ''}
      ?hide-description=${args.hideDescription}
      heading-level=${args.headingLevel}
    ></ck-product-list>`;
  },
};

export default meta;
type Story = StoryObj<Args>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelectorAll('[part="product"]').length).toBe(5));
    await userEvent.click(root(canvasElement).querySelector<HTMLButtonElement>('[part="add-button"]')!);
    await waitFor(() => expect(cartStore().count).toBe(1));
  },
};

export const Category: Story = { args: { category: 'cases' } };
export const InUsDollars: Story = { args: { currency: 'USD' } };
export const InYen: Story = { args: { currency: 'JPY' } };
export const Loading: Story = { parameters: { api: { scenario: 'loading' } } };
export const Empty: Story = { parameters: { api: { scenario: 'empty' } } };
export const ErrorState: Story = {
  name: 'Error',
  parameters: { api: { scenario: 'error' } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('[part="alert"]')).toBeTruthy());
  },
};
export const RightToLeft: Story = { parameters: { globalsOverride: { locale: 'ar' } } };
export const Dark: Story = { parameters: { globalsOverride: { theme: 'dark' } } };

/** Stock from the proxy: "Only 2 left" on the clear case, "Sold out" (add disabled) on the fabric case. */
export const LowStockAndSoldOut: Story = {
  parameters: { api: { routes: { 'GET /api/catalog': { body: lowStockCatalog } } } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(root(canvasElement).querySelector('[data-reference="case-pixel9-fabric"] [part="stock"]')?.textContent).toBe('Sold out'));
    await expect(root(canvasElement).querySelector<HTMLButtonElement>('[data-reference="case-pixel9-fabric"] [part="add-button"]')!.disabled).toBe(true);
    await expect(root(canvasElement).querySelector('[data-reference="case-iphone16-clear"] [part="stock"]')?.textContent).toBe('Only 2 left');
  },
};
