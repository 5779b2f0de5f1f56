import { html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { CkElement } from '../core/base';
import { kitContext, type Theme } from '../core/context';
import type { Translations } from '../core/localize';
import { parseLocale } from '../../contract/locales';
import styles from './provider.styles';

/** `translations="…"` as JSON; a broken one is reported and ignored rather than breaking the page. */
const jsonAttribute = {
  fromAttribute(value: string | null): Record<string, Translations> | undefined {
    if (!value) return undefined;
    try {
      return JSON.parse(value) as Record<string, Translations>;
    } catch {
      console.warn('checkout-kit: <ck-provider translations> is not valid JSON; it is ignored.');
      return undefined;
    }
  },
};

/**
 * @summary Gives the elements inside it their API endpoint, default currency, locale, translations, country and theme.
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

  /**
   * Strings for the elements inside, by locale, over the kit's own and `registerTranslations()`:
   * `{ fr: { pay: 'Régler' } }` overrides one French string; a locale the kit does not ship
   * adds a language (strings it leaves out fall back to English). Plurals and interpolations
   * are functions, as in the built-in locales; the `translations` attribute takes JSON (plain
   * strings only).
   */
  @property({ attribute: 'translations', converter: jsonAttribute }) translations?: Record<string, Translations>;

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
      translations: this.translations && canonicalKeys(this.translations),
      country: this.country?.toUpperCase() || undefined,
      theme: this.theme,
    });
  }

  override render() {
    return html`<slot></slot>`;
  }
}

/** The translations by canonical tag ("ZH-hk" → "zh-HK"), as the kit resolves locales; an invalid tag is reported and left out. */
function canonicalKeys(translations: Record<string, Translations>): Record<string, Translations> {
  const out: Record<string, Translations> = {};
  for (const [tag, strings] of Object.entries(translations)) {
    const id = parseLocale(tag)?.tag;
    if (id) out[id] = { ...out[id], ...strings };
    else console.warn(`checkout-kit: <ck-provider translations> has "${tag}", which is not a BCP 47 language tag; it is ignored.`);
  }
  return out;
}
