/**
 * Money in minor units. One source of truth for the browser kit and the proxy:
 * the server prices orders with these helpers, the elements format them.
 *
 * Minor units come from ISO 4217 as carried by Intl (JPY 0, USD 2, KWD/BHD 3),
 * so the table never drifts from the platform's own data.
 */

const minorUnitsCache = new Map<string, number>();

/** Uppercase three-letter ISO 4217 code check (not a full list; Intl validates the rest). */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code });
    return true;
  } catch {
    return false;
  }
}

/** Number of decimal digits of the currency's minor unit: JPY 0, USD 2, KWD 3. */
export function minorUnits(currency: string): number {
  const code = currency.toUpperCase();
  let digits = minorUnitsCache.get(code);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
      .maximumFractionDigits ?? 2;
    minorUnitsCache.set(code, digits);
  }
  return digits;
}

/** 12.34 USD → 1234; 1200 JPY → 1200; 1.5 KWD → 1500. Rounds half away from zero. */
export function toMinor(major: number, currency: string): number {
  const factor = 10 ** minorUnits(currency);
  const scaled = major * factor;
  // Guard against binary artefacts such as 1.005 * 100 = 100.49999999999999.
  const corrected = Number(scaled.toPrecision(15));
  return Math.sign(corrected) * Math.round(Math.abs(corrected));
}

/** 1234 USD → 12.34 */
export function fromMinor(minor: number, currency: string): number {
  return minor / 10 ** minorUnits(currency);
}

const formatterCache = new Map<string, Intl.NumberFormat>();

/** Formats an amount in minor units for display, e.g. (123400, 'HKD', 'en-HK') → "HK$1,234.00". */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const key = `${locale ?? ''}|${currency}`;
  let formatter = formatterCache.get(key);
  if (!formatter) {
    const digits = minorUnits(currency);
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatterCache.set(key, formatter);
  }
  const major = fromMinor(minor, currency);
  const text = formatter.format(major);
  // A right-to-left locale (Arabic: "\u200F398.00 HK$", "\u200F\u200E-89.70 HK$") writes a Latin
  // symbol whose last character is neutral: laid out right to left, "HK$" would show as "$HK", and
  // a negative amount's left-to-right run would swallow it ("$-89.70 HK"). Left-to-right marks keep
  // the symbol whole, right-to-left marks keep it apart from the number: "HK$ 398.00", "HK$ -89.70".
  if (!/[\u200F\u061C]/.test(text)) return text;
  return formatter
    .formatToParts(major)
    .map((part) => (part.type === 'currency' && /[A-Za-z]/.test(part.value) ? `\u200F\u200E${part.value}\u200E\u200F` : part.value))
    .join('');
}

/**
 * An amount taken off (a discount, a gift card's share), e.g. (8970, 'HKD', 'en-HK') → "−HK$89.70":
 * the locale's own negative form, so the minus sits where its readers expect it (in Arabic
 * before the digits, not after them), drawn as a true minus sign (U+2212).
 */
export function formatMoneyOff(minor: number, currency: string, locale?: string): string {
  return formatMoney(-Math.abs(minor), currency, locale).replace('-', '\u2212');
}

/** Multiplies a unit amount by a quantity, staying in integers. */
export function lineAmount(unitMinor: number, quantity: number): number {
  return unitMinor * quantity;
}

/** Exchange rates as `GET /api/fx-rates` serves them: units of each currency per one `base`. */
export interface Rates {
  base: string;
  rates: Readonly<Record<string, number>>;
}

/** The rate from one currency to another, through the table's base. */
export function fxRate(from: string, to: string, table: Rates): number {
  if (from === to) return 1;
  const rateOf = (code: string) => (code === table.base ? 1 : table.rates[code]);
  const fromRate = rateOf(from);
  const toRate = rateOf(to);
  if (!fromRate || !toRate) throw new RangeError(`No exchange rate between ${from} and ${to}`);
  return toRate / fromRate;
}

/**
 * Converts an amount in minor units between currencies and rounds it in the target
 * currency's minor units. The proxy prices orders with this; the kit shows the same figure.
 */
export function convertMinor(minor: number, from: string, to: string, table: Rates): number {
  if (from === to) return minor;
  return toMinor(fromMinor(minor, from) * fxRate(from, to, table), to);
}
