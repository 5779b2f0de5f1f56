import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, waitFor } from 'storybook/test';
import { html } from 'lit';
import '../components/provider/define';
import '../components/product-list/define';
import '../components/currency-picker/define';
import { SUPPORTED_LOCALES } from '../components/core/localize';
import { withMockApi } from './support/mock-api';
import { seed } from './support/seed';

type Args = { currency: string; locale: string; country: string; theme: 'light' | 'dark' | 'auto' };

const meta: Meta<Args> = {
  title: 'Elements/Provider',
  component: 'ck-provider',
  decorators: [withMockApi],
  args: { currency: 'USD', locale: '', country: 'HK', theme: 'auto' },
  argTypes: {
    currency: { control: 'select', options: ['HKD', 'USD', 'EUR', 'GBP', 'JPY'] },
    locale: { control: 'select', options: ['', ...SUPPORTED_LOCALES] },
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] },
  },
  render: (args) => {
    seed({ items: [] });
    return html`<ck-provider currency=${args.currency} locale=${args.locale || ''} country=${args.country} theme=${args.theme}>
      <ck-currency-picker></ck-currency-picker>
      <ck-product-list category="chargers" style="margin-block-start: 1rem"></ck-product-list>
    </ck-provider>`;
  },
};

export default meta;
type Story = StoryObj<Args>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    const list = canvasElement.querySelector('ck-product-list')!;
    await waitFor(() => expect(list.shadowRoot!.querySelector('[part="price"]')?.textContent).toContain('29.99'));
  },
};

export const Japanese: Story = { args: { locale: 'ja', currency: 'JPY' } };

export const DarkTheme: Story = { args: { theme: 'dark' }, parameters: { globalsOverride: { theme: 'dark' } } };

export const RightToLeft: Story = { args: { locale: 'ar', currency: 'AED' }, parameters: { globalsOverride: { locale: 'ar' } } };

/** The merchant's own words for its subtree: `translations` overrides any string of any locale. */
export const MerchantStrings: Story = {
  render: (args) => {
    seed({ items: [] });
    return html`<ck-provider currency=${args.currency} country=${args.country} .translations=${{ en: { addToCart: 'Add to bag', currency: 'Prices in' } }}>
      <ck-currency-picker></ck-currency-picker>
      <ck-product-list category="chargers" style="margin-block-start: 1rem"></ck-product-list>
    </ck-provider>`;
  },
  play: async ({ canvasElement }) => {
    const list = canvasElement.querySelector('ck-product-list')!;
    await waitFor(() => expect(list.shadowRoot!.querySelector('[part="add-button"]')?.textContent).toContain('Add to bag'));
  },
};
