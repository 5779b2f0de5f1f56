/**
 * The country picker's options, shared by every form that asks for a country (checkout
 * addresses, the insurance applicant): one default list, names in the shopper's language,
 * sorted the way that language sorts.
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
