import { html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { CkElement } from '../core/base';
import { kitContext, type Theme } from '../core/context';
import styles from './provider.styles';

/**
 * @summary Gives the elements inside it their API endpoint, default currency, locale, country and theme.
 *
 * @tag ck-provider
 *
 * @slot - The page content that holds `ck-*` elements.
 *
 * @cssproperty --ck-color-primary - Set tokens here (or anywhere above) to theme every element inside.
 */
export class CkProvider extends CkElement {
  static override styles = styles;

  /** Base URL of the checkout-kit proxy. Default: the origin the kit's script was loaded from. */
  @property({ reflect: true }) endpoint?: string;

  /** Default display currency (ISO 4217). The shopper's own choice in a `ck-currency-picker` wins. */
  @property({ reflect: true }) currency?: string;

  /** Language of the elements inside (BCP 47, e.g. `zh-HK`); sets `lang` on the provider. Default: the page's. */
  @property({ reflect: true }) locale?: string;

  /** Country of the order (ISO 3166-1 alpha-2) until the shopper gives an address. Default: the locale's region. */
  @property({ reflect: true }) country?: string;

  /** Colour scheme of the elements inside: `light`, `dark`, or `auto` (the page's). */
  @property({ reflect: true }) theme: Theme = 'auto';

  private readonly provider = new ContextProvider(this, { context: kitContext, initialValue: {} });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('locale')) {
      if (this.locale) this.lang = this.locale;
      else if (changed.get('locale')) this.removeAttribute('lang');
    }
    this.provider.setValue({
      endpoint: this.endpoint || undefined,
      currency: this.currency?.toUpperCase() || undefined,
      locale: this.locale || undefined,
      country: this.country?.toUpperCase() || undefined,
      theme: this.theme,
    });
  }

  override render() {
    return html`<slot></slot>`;
  }
}
