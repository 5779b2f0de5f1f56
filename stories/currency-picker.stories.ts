import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { html } from 'lit';
import '../components/currency-picker/define';
import '../components/cart/define';
import { currencyStore } from '../components/core/store';
import { withMockApi } from './support/mock-api';
import { renderedRoot, seed } from './support/seed';

type Args = { hideLabel: boolean; currencies: string };

const meta: Meta<Args> = {
  title: 'Elements/Currency picker',
  component: 'ck-currency-picker',
  decorators: [withMockApi],
  args: { hideLabel: false, currencies: '' },
  render: (args) => {
    seed();
    return html`<ck-currency-picker ?hide-label=${args.hideLabel} currencies=${args.currencies || ''}></ck-currency-picker>`;
  },
};

export default meta;
type Story = StoryObj<Args>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    const select = (await renderedRoot(canvasElement, 'ck-currency-picker')).querySelector('select')!;
    await waitFor(() => expect(select.disabled).toBe(false));
    await userEvent.selectOptions(select, 'EUR');
    await waitFor(() => expect(currencyStore().value).toBe('EUR'));
  },
};

export const HiddenLabel: Story = { args: { hideLabel: true } };
export const MerchantList: Story = { args: { currencies: 'HKD,USD,JPY' } };
export const Loading: Story = { parameters: { api: { scenario: 'loading' } } };
export const ErrorState: Story = { name: 'Error', parameters: { api: { scenario: 'error' } } };
export const RightToLeft: Story = { parameters: { globalsOverride: { locale: 'ar' } } };
export const Dark: Story = { parameters: { globalsOverride: { theme: 'dark' } } };

/** Every price on the page follows the picker: here a cart. */
export const WithCart: Story = {
  render: () => {
    seed();
    return html`<ck-currency-picker></ck-currency-picker>
      <ck-cart style="margin-block-start: 1rem"></ck-cart>`;
  },
};
