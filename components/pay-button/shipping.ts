/**
 * The pay button's compact shipping step: when it is used alone (no checkout form on the page)
 * and the cart holds physical goods, it asks where they go and how, before any payment exists.
 * The proxy refuses to open a payment for physical goods without an address (400
 * `shipping_address_required`), prices shipping and tax from it and sends it to Checkout.com.
 */
import { html, nothing } from 'lit';
import { formatMoney } from '../../contract/money';
import type { ShippingMethod } from '../core/api';
import type { ReactiveControllerHost } from 'lit';
import { CatalogController, priceIn } from '../core/catalog';
import { countryOptions, DEFAULT_COUNTRIES } from '../core/countries';
import type { LocalizeController } from '../core/localize';
import type { CheckoutDraft } from '../core/values';

export interface ShippingChoice {
  shippingAddress: { line1: string; city: string; zip?: string; country: string };
  shippingMethod?: string;
}

/** The methods that serve a country (all of them before one is chosen). */
export function methodsFor(catalog: CatalogController, country: string): ShippingMethod[] {
  return (catalog.catalog?.shippingMethods ?? []).filter((m) => !m.countries || !country || m.countries.includes(country));
}

/** The step as the pay button holds it: the catalog it reads delivery methods from, and the fields. */
export class ShippingStep {
  readonly catalog: CatalogController;

  constructor(host: ReactiveControllerHost) {
    this.catalog = new CatalogController(host);
  }

  render(t: LocalizeController, draft: CheckoutDraft, country: string, currency: string | undefined, onCountry: (e: Event) => void) {
    return renderShipping(t, this.catalog, draft, country, currency, onCountry);
  }

  read(root: ParentNode): ShippingChoice | undefined {
    return readShipping(root);
  }
}

/**
 * The fields: address, city, postal code, country, and the delivery methods for that country
 * with their price in the order's currency. `country` is the one chosen so far.
 */
export function renderShipping(t: LocalizeController, catalog: CatalogController, draft: CheckoutDraft, country: string, currency: string | undefined, onCountry: (e: Event) => void) {
  const address = (draft.shippingAddress ?? {}) as Record<string, string | undefined>;
  const methods = methodsFor(catalog, country);
  const chosen = methods.some((m) => m.id === draft.shippingMethod) ? draft.shippingMethod : methods[0]?.id;
  return html`<fieldset part="shipping">
    <legend>${t.term('stepShipping')}</legend>
    <label for="ship-line1">${t.term('addressLine1')}</label>
    <input id="ship-line1" name="line1" autocomplete="shipping address-line1" required maxlength="200" .value=${address.line1 ?? ''} />
    <label for="ship-city">${t.term('city')}</label>
    <input id="ship-city" name="city" autocomplete="shipping address-level2" required maxlength="50" .value=${address.city ?? ''} />
    <label for="ship-zip">${t.term('postalCode')}</label>
    <input id="ship-zip" name="zip" autocomplete="shipping postal-code" maxlength="50" .value=${address.zip ?? ''} />
    <label for="ship-country">${t.term('country')}</label>
    <select id="ship-country" name="country" autocomplete="shipping country" required @change=${onCountry}>
      ${countryOptions(t.lang, DEFAULT_COUNTRIES, country, t.term('chooseCountry'))}
    </select>
    ${catalog.state === 'ready'
      ? methods.length
        ? html`<fieldset part="shipping-methods">
            <legend>${t.term('stepDelivery')}</legend>
            ${methods.map((m) => {
              // No currency chosen on the page: the order is in the shop's own, the one the catalog prices in.
              const shown = currency ?? m.price.currency;
              const price = priceIn(m, shown, catalog.rates);
              return html`<label part="shipping-method">
                <input type="radio" name="shippingMethod" value=${m.id} required .checked=${m.id === chosen} />
                <span>${t.text(m, 'name')}</span>
                <span>${price === undefined ? '' : price === 0 ? t.term('free') : formatMoney(price, shown, t.lang)}</span>
              </label>`;
            })}
          </fieldset>`
        : country
          ? html`<p part="shipping-none">${t.term('noDelivery')}</p>`
          : nothing
      : nothing}
  </fieldset>`;
}

/**
 * The shipping step's answer, or undefined with the first invalid field reported and focused
 * (native validation, as for the contact fields).
 */
export function readShipping(root: ParentNode): ShippingChoice | undefined {
  const step = root.querySelector('[part="shipping"]');
  if (!step) return undefined;
  const fields = [...step.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input:not([type="radio"]), select')];
  const invalid = fields.find((f) => !f.checkValidity() || (f.required && !f.value.trim()));
  if (invalid) {
    invalid.reportValidity();
    invalid.focus();
    return undefined;
  }
  const method = step.querySelector<HTMLInputElement>('input[name="shippingMethod"]:checked');
  const first = step.querySelector<HTMLInputElement>('input[name="shippingMethod"]');
  if (!method && first) {
    first.reportValidity();
    first.focus();
    return undefined;
  }
  // No methods shown (the catalog could not load): the proxy picks the first that serves the country, or says none does.
  const value = (name: string) => fields.find((f) => f.name === name)?.value.trim() ?? '';
  const zip = value('zip');
  return { shippingAddress: { line1: value('line1'), city: value('city'), ...(zip ? { zip } : {}), country: value('country') }, ...(method ? { shippingMethod: method.value } : {}) };
}
