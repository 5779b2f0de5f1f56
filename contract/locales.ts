/**
 * Languages, as both sides see them: how a BCP 47 tag is read (its language, script and
 * region), which of several locales suits a reader, and which translation of a catalog text (a
 * product's name, an event's) a shopper reads. The kit resolves its own strings with the same
 * rules (components/core/localize.ts) and Checkout.com's locale comes from them too
 * (checkout-locale.ts), so the card form, the elements and the catalog texts agree on what "the
 * shopper's language" is.
 *
 * Plain Intl, no DOM: the kit and the proxy both import this.
 */

/**
 * Languages read in another one's texts: Norwegian and Nynorsk readers get Bokmål (the written
 * standard of almost all shops), Tagalog is Filipino, Cantonese is written Chinese.
 */
const LANGUAGE_ALIASES: Readonly<Record<string, string>> = { no: 'nb', nn: 'nb', tl: 'fil', yue: 'zh' };

export interface ParsedLocale {
  /** The language, aliased ("no" → "nb"). */
  language: string;
  /** Script and region, filled in by Intl's likely subtags ("zh-TW" → Hant, TW). */
  script?: string;
  region?: string;
  /** The canonical tag as given ("zh-TW", "pt"), not maximized. */
  tag: string;
  /** Whether the tag itself names no region ("pt", "zh-Hant"): it suits every region of its language. */
  regionless: boolean;
}

/** A tag parsed and maximized ("zh-TW" → zh-Hant-TW), its language aliased; undefined when it is no BCP 47 tag. */
export function parseLocale(tag: string | undefined | null): ParsedLocale | undefined {
  const key = tag ?? '';
  if (parsedLocales.has(key)) return parsedLocales.get(key);
  let parsed: ParsedLocale | undefined;
  try {
    const locale = new Intl.Locale(Intl.getCanonicalLocales(tag ?? undefined)[0]!);
    const max = locale.maximize();
    parsed = Object.freeze({ language: LANGUAGE_ALIASES[max.language] ?? max.language, script: max.script, region: max.region, tag: locale.toString(), regionless: !locale.region });
  } catch {
    parsed = undefined;
  }
  // Tags come from requests: the cache is bounded (emptied when full) so junk tags cannot grow it.
  if (parsedLocales.size >= 512) parsedLocales.clear();
  parsedLocales.set(key, parsed);
  return parsed;
}

/** parseLocale's answers: the proxy parses the same few tags on every order. */
const parsedLocales = new Map<string, ParsedLocale | undefined>();

/** Whether a string is a well-formed BCP 47 language tag ("fr", "zh-Hant-HK"). */
export const isLocaleTag = (tag: string): boolean => parseLocale(tag) !== undefined;

/**
 * Which written Chinese a reader expects: Simplified (mainland, Singapore); Traditional as
 * written in Hong Kong and Macau; Traditional as written elsewhere (Taiwan, and the default
 * region of "zh-Hant").
 */
export function chineseVariant(locale: { script?: string; region?: string }): 'zh-CN' | 'zh-HK' | 'zh-TW' {
  if (locale.script !== 'Hant') return 'zh-CN';
  return locale.region === 'HK' || locale.region === 'MO' ? 'zh-HK' : 'zh-TW';
}

/**
 * The key of `available` (BCP 47 tags) a reader of `wanted` should read: the same language in
 * the same script, preferring the exact tag, then the same region (for Chinese, the same
 * written variant: zh-HK for zh-MO), then the bare language ("fr" for fr-CA, "pt" for pt-BR).
 * Undefined when none is in their language and script.
 */
export function closestLocale(available: Iterable<string>, wanted: string | undefined): string | undefined {
  const target = parseLocale(wanted);
  if (!target) return undefined;
  let best: string | undefined;
  let bestScore = -1;
  for (const key of available) {
    const candidate = parseLocale(key);
    if (!candidate || candidate.language !== target.language || candidate.script !== target.script) continue;
    const score =
      candidate.tag.toLowerCase() === target.tag.toLowerCase() ? 3
      : candidate.region === target.region || (target.language === 'zh' && chineseVariant(candidate) === chineseVariant(target)) ? 2
      : candidate.regionless ? 1
      : 0;
    if (score > bestScore) [best, bestScore] = [key, score];
  }
  return best;
}

/** Per-locale translations of some texts of a catalog entry: `{ fr: { name: "…" }, "zh-HK": { name: "…" } }`. */
export type CatalogTranslations<F extends string> = Partial<Record<string, Partial<Record<F, string>>>>;

/** A catalog entry's translation of one text for the closest locale that has it; undefined when none suits the reader. */
export function translatedText<F extends string>(
  entry: { translations?: CatalogTranslations<F> },
  field: F,
  locale: string | undefined,
): string | undefined {
  const translations = entry.translations;
  if (!translations || !locale) return undefined;
  const key = closestLocale(Object.keys(translations).filter((tag) => translations[tag]?.[field]), locale);
  return key ? translations[key]?.[field] : undefined;
}

/** A catalog text in the reader's language: its translation for the closest locale, else the entry's own (base) text. */
export function localizedText<F extends string>(
  entry: Partial<Record<F, string>> & { translations?: CatalogTranslations<F> },
  field: F,
  locale: string | undefined,
): string {
  return translatedText(entry, field, locale) ?? entry[field] ?? '';
}
