/**
 * The kit's one localization layer. English, the language every other falls back to, ships
 * in the shared core, so an element renders its first state without waiting on the network;
 * every other locale is a lazily loaded module (with a dozen elements the strings outweigh the
 * code), which the autoloader requests alongside the elements' own code. Strings are looked up
 * by key; plurals and interpolation are functions.
 *
 * A string is looked up, first hit wins, in: the nearest `ck-provider`'s `translations` for
 * the locale, the merchant's `registerTranslations()` for it, the built-in locale, then the
 * same three for English. So a merchant can override one string or add a whole language.
 */
import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { closestLocale, localizedText, parseLocale, type CatalogTranslations } from '../../contract/locales';
import { kitContext } from './context';
import en, { type CoreKey, type Translation } from './locales/en';

export type { CoreKey, Translation };

/** Strings for one locale, or a few of them (the rest fall back to the built-in locale, then English). */
export type Translations = Partial<Translation>;

const builtIn: Record<string, () => Promise<{ default: Translation }>> = {
  // In the core: a page in English (and every fallback) needs no request for its strings.
  en: () => Promise.resolve({ default: loaded.get('en')! }),
  ar: () => import('./locales/ar'),
  da: () => import('./locales/da'),
  de: () => import('./locales/de'),
  el: () => import('./locales/el'),
  es: () => import('./locales/es'),
  fi: () => import('./locales/fi'),
  fil: () => import('./locales/fil'),
  fr: () => import('./locales/fr'),
  hi: () => import('./locales/hi'),
  id: () => import('./locales/id'),
  it: () => import('./locales/it'),
  ja: () => import('./locales/ja'),
  ko: () => import('./locales/ko'),
  ms: () => import('./locales/ms'),
  nb: () => import('./locales/nb'),
  nl: () => import('./locales/nl'),
  pt: () => import('./locales/pt'),
  sv: () => import('./locales/sv'),
  th: () => import('./locales/th'),
  vi: () => import('./locales/vi'),
  'zh-CN': () => import('./locales/zh-CN'),
  'zh-HK': () => import('./locales/zh-HK'),
  'zh-TW': () => import('./locales/zh-TW'),
};

/** The locales the kit ships: English in the core, each other one a lazily loaded module. */
export const SUPPORTED_LOCALES = Object.keys(builtIn);

/** Scripts written right to left (their languages: Arabic, Hebrew, Persian, Urdu, Dhivehi, Syriac …). */
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm', 'Rohg', 'Samr', 'Mand']);

// English grows as elements load: the core's strings, then each element's own (`addEnglish`).
const loaded = new Map<string, Translation>([['en', { ...en } as Translation]]);
const pending = new Map<string, Promise<Translation>>();
/** `registerTranslations()`, by canonical tag. */
const registered = new Map<string, Translations>();
const listeners = new Set<() => void>();
/** Resolved tags, forgotten when a language is registered (it may be the better match now). */
const resolvedCache = new Map<string, string>();

const builtInCache = new Map<string, string>();

/** The built-in locale whose strings a tag reads (under any registered ones): same language and script, else English. */
function builtInFor(tag: string): string {
  let id = builtInCache.get(tag);
  if (id === undefined) builtInCache.set(tag, (id = closestLocale(SUPPORTED_LOCALES, tag) ?? 'en'));
  return id;
}

/**
 * Picks the locale whose strings a BCP 47 tag reads: among the built-in and registered locales
 * (and `also`, a provider's), the same language in the same script — the exact tag, else the
 * same region (zh-MO reads zh-HK), else the bare language (pt-BR reads pt, nn reads nb) —
 * else English.
 */
export function resolveLocale(tag: string | undefined | null, also: readonly string[] = []): string {
  if (!tag) return 'en';
  const key = also.length ? `${tag}\n${also.join(',')}` : tag;
  let id = resolvedCache.get(key);
  if (id === undefined) {
    id = closestLocale([...SUPPORTED_LOCALES, ...registered.keys(), ...also], tag) ?? 'en';
    resolvedCache.set(key, id);
  }
  return id;
}

/** Whether the strings a tag reads are written right to left. */
export function isRtl(tag: string, also: readonly string[] = []): boolean {
  const script = parseLocale(resolveLocale(tag, also))?.script;
  return script !== undefined && RTL_SCRIPTS.has(script);
}

/** Loads a built-in locale's strings (once); resolves to English when the locale is unknown or fails to load. */
export function loadLocale(tag: string): Promise<Translation> {
  const id = builtInFor(tag);
  const ready = loaded.get(id);
  if (ready) return Promise.resolve(ready);
  let promise = pending.get(id);
  if (!promise) {
    promise = builtIn[id]!()
      .then((m) => m.default)
      // A locale that fails to load (offline, blocked) falls back to English.
      .catch(() => (id === 'en' ? ({} as Translation) : loadLocale('en')))
      .then((translation) => {
        loaded.set(id, translation);
        notifyAll();
        return translation;
      });
    pending.set(id, promise);
  }
  return promise;
}

function notifyAll(): void {
  for (const notify of listeners) notify();
}

/**
 * An element's own English strings, handed over by its module as it loads (before the element is
 * defined, so its first render finds them): English, the language every other falls back to,
 * carries in the shared core only the strings two or more elements show, and each element brings
 * the rest. The other built-in locales carry every string in one lazily loaded file each.
 */
export function addEnglish(strings: Partial<Translation>): void {
  Object.assign(loaded.get('en')!, strings);
}

/**
 * Adds a language or overrides any string of one, for every element of the kit on the page
 * (those already shown re-render): `registerTranslations('fr', { pay: 'Régler' })`, or a whole
 * `Translation` for a language the kit does not ship. Strings merge over earlier registrations
 * and the built-in locale; a missing one falls back to the built-in locale of the same language,
 * then English. Plurals and interpolations are functions, as in the built-in locales.
 *
 * @throws RangeError when `locale` is not a BCP 47 language tag.
 */
export function registerTranslations(locale: string, translations: Translations): void {
  const id = parseLocale(locale)?.tag;
  if (!id) throw new RangeError(`checkout-kit: "${locale}" is not a BCP 47 language tag (e.g. "fr", "pt-BR", "zh-HK").`);
  registered.set(id, { ...registered.get(id), ...translations });
  resolvedCache.clear();
  // The strings the registered ones fall back to; the listeners re-render when they arrive.
  void loadLocale('en');
  void loadLocale(id);
  notifyAll();
}

/**
 * What `CkElement` awaits before rendering: nothing. English ships in the core, so an element
 * renders at once; when its own locale is another one still on its way (the autoloader asked
 * for the page's language alongside the elements' code, so it rarely is), the element renders
 * in English and re-renders when its strings arrive. Starts that load when nobody has yet.
 */
export function localeReady(host: HTMLElement): Promise<unknown> | undefined {
  const id = builtInFor(resolveLocale(languageOf(host)));
  if (loaded.has(id)) return undefined;
  const pending = loadLocale(id);
  return loaded.has('en') ? undefined : pending;
}

/**
 * The element and its ancestors as `lang` and `dir` inherit: parent by parent, and from the
 * top of a shadow tree to its host — `closest()` stops at a shadow root, which left an
 * element nested in another's shadow DOM in the document's language.
 */
function* ancestry(start: Element): Generator<Element> {
  for (let node: Element | null = start; node; ) {
    yield node;
    const root = node.getRootNode();
    node = node.parentElement ?? (root instanceof ShadowRoot ? root.host : null);
  }
}

/** The host's language: the nearest `lang` attribute (through shadow roots), else the document's, else the browser's. */
function languageOf(host: Element): string {
  for (const el of ancestry(host)) {
    const lang = el.getAttribute('lang');
    if (lang) return lang;
  }
  return document.documentElement.lang || navigator.language || 'en';
}

/**
 * The host's direction: the nearest explicit `dir="ltr|rtl"` — unless a `lang` is nearer,
 * whose strings then set it (a wrapper `lang="ar"` inside `<html dir="ltr">` reads right to
 * left) — else the direction of its strings.
 */
function directionOf(host: Element, lang: string, also: readonly string[]): 'ltr' | 'rtl' {
  for (const el of ancestry(host)) {
    const dir = el.getAttribute('dir')?.toLowerCase();
    if (dir === 'ltr' || dir === 'rtl') return dir;
    if (el.getAttribute('lang')) break;
  }
  return isRtl(lang, also) ? 'rtl' : 'ltr';
}

/** One observer of `lang` and `dir` for the document and each shadow root that holds a localized element. */
let observer: MutationObserver | undefined;
const observedRoots = new WeakSet<Node>();
const hostsToNotify = new Set<() => void>();

function observeLanguage(host: Element, notify: () => void): () => void {
  hostsToNotify.add(notify);
  observer ??= new MutationObserver(() => hostsToNotify.forEach((fn) => fn()));
  for (const root of [document.documentElement, host.getRootNode()]) {
    if (root instanceof Document || observedRoots.has(root)) continue;
    observedRoots.add(root);
    observer.observe(root, { attributes: true, attributeFilter: ['lang', 'dir'], subtree: true });
  }
  return () => hostsToNotify.delete(notify);
}

type Layer = Translations | undefined;

/**
 * Gives an element `term()` for its strings, `lang`, `dir`, `text()` for catalog texts, and
 * re-renders it when its language or direction changes (its own `lang`/`dir` or any
 * ancestor's, through shadow roots), when a lazily loaded locale arrives, or when translations
 * are registered or given by a `ck-provider`.
 */
export class LocalizeController<Own extends keyof Translation = never> implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #provider: ContextConsumer<typeof kitContext, ReactiveControllerHost & HTMLElement>;
  #lang = 'en';
  #dir: 'ltr' | 'rtl' = 'ltr';
  #stopObserving?: () => void;
  readonly #refreshNow = () => this.#refresh();
  readonly #onStringsChanged = () => this.#refresh(true);

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    this.#provider = new ContextConsumer(host, { context: kitContext, subscribe: true, callback: () => this.#refresh(true) });
    host.addController(this);
  }

  hostConnected(): void {
    listeners.add(this.#onStringsChanged);
    this.#stopObserving = observeLanguage(this.#host, this.#refreshNow);
    this.#refresh();
  }

  hostDisconnected(): void {
    listeners.delete(this.#onStringsChanged);
    this.#stopObserving?.();
  }

  /** BCP 47 tag used for Intl formatting (the page's own, e.g. "en-HK", not just the translation's). */
  get lang(): string {
    return this.#lang;
  }

  get dir(): 'ltr' | 'rtl' {
    return this.#dir;
  }

  /** The locale whose strings this element shows (e.g. "zh-HK" for a page in zh-MO, "en" for one in a language nobody provided). */
  get locale(): string {
    return resolveLocale(this.#lang, this.#providedLocales());
  }

  /** A string of the shared core or of the element's own (`Own`: the keys of its components/<element>/en.ts). */
  term<K extends CoreKey | Own>(
    key: K,
    ...args: Translation[K] extends (...a: infer A) => string ? A : []
  ): string {
    const id = this.locale;
    const provided = this.#provider.value?.translations;
    const layers: Layer[] = [provided?.[id], registered.get(id), loaded.get(builtInFor(id)), provided?.en, registered.get('en'), loaded.get('en')];
    for (const layer of layers) {
      const value = layer?.[key] as unknown;
      if (typeof value === 'function') return String((value as (...a: unknown[]) => unknown)(...args));
      if (typeof value === 'string') return value;
    }
    return key;
  }

  /** A catalog entry's text (a product's name …) in this element's language, else the entry's own. */
  text<F extends string>(entry: Partial<Record<F, string>> & { translations?: CatalogTranslations<F> }, field: F): string {
    return localizedText(entry, field, this.#lang);
  }

  #providedLocales(): string[] {
    return Object.keys(this.#provider.value?.translations ?? {});
  }

  /** Re-reads language and direction; re-renders when they changed, or when `stringsChanged`. */
  #refresh(stringsChanged = false): void {
    const lang = languageOf(this.#host);
    const dir = directionOf(this.#host, lang, this.#providedLocales());
    const changed = lang !== this.#lang || dir !== this.#dir;
    this.#lang = lang;
    this.#dir = dir;
    const id = builtInFor(this.locale);
    if (!loaded.has(id)) void loadLocale(id);
    if (changed || stringsChanged) this.#host.requestUpdate();
  }
}
