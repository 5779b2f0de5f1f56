/**
 * Countries and addresses as the shopper reads them: the country picker's options, shared by every
 * form that asks for a country (checkout addresses, the insurance applicant) — one default list,
 * names in the shopper's language, sorted the way that language sorts — a country's name, and an
 * address shown back (the checkout's review and saved addresses, an order's detail).
 */
import { html, type TemplateResult } from 'lit';

/** The countries offered when the page does not set its own `countries` list. */
export const DEFAULT_COUNTRIES = 'HK,US,GB,CN,JP,SG,AE,SA,TW,MO,KR,AU,NZ,CA,FR,DE,ES,IT,NL,IE,CH,SE,MY,TH';

/** `<option>`s for a comma list of ISO codes, a placeholder first; a selected code not in the list is kept. */
export function countryOptions(lang: string, countries: string, selected: string, placeholder: string): TemplateResult {
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames([lang], { type: 'region' });
  } catch {
    names = undefined;
  }
  const codes = countries.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
  if (selected && !codes.includes(selected)) codes.push(selected);
  const collator = new Intl.Collator(lang);
  const options = codes.map((code) => ({ code, name: names?.of(code) ?? code })).sort((a, b) => collator.compare(a.name, b.name));
  return html`<option value="" ?selected=${!selected}>${placeholder}</option>
    ${options.map((o) => html`<option value=${o.code} ?selected=${o.code === selected}>${o.name}</option>`)}`;
}

/** A country's name in `lang` ("Hong Kong" for HK); its ISO code when the browser has none. */
export function countryName(lang: string, code: string): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** An address's parts as shown: its lines, city, region, postal code and the country's name, empty ones left out. */
export function addressParts(address: { line1?: string; line2?: string; city?: string; state?: string; zip?: string; country?: string } | undefined, lang: string): string[] {
  if (!address) return [];
  const country = address.country ? countryName(lang, address.country) : '';
  return [address.line1, address.line2, address.city, address.state, address.zip, country].filter((part): part is string => Boolean(part));
}

/**
 * Parts the shopper typed, each isolated (<bdi>) between separators: on a right-to-left page
 * "18 Harbour Road" keeps its number in front and its comma after it, instead of "Harbour Road, 18".
 */
export function isolated(parts: readonly (string | undefined)[], separator = ', '): TemplateResult {
  return html`${parts.filter(Boolean).map((part, i) => html`${i ? separator : ''}<bdi>${part}</bdi>`)}`;
}
