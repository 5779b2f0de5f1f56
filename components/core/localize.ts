/**
 * The kit's one localization layer. Every locale, English included, is a lazily loaded
 * module: with a dozen elements the strings outweigh the code, and an element should not
 * carry every other element's strings. `CkElement` holds the first render until some strings
 * have arrived (one small, cached request), so no element ever shows keys. Strings are looked up by key; plurals and interpolation are functions.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Translation } from './locales/en';

export type { Translation };

const loaders: Record<string, () => Promise<{ default: Translation }>> = {
  en: () => import('./locales/en'),
  ar: () => import('./locales/ar'),
  de: () => import('./locales/de'),
  es: () => import('./locales/es'),
  fr: () => import('./locales/fr'),
  ja: () => import('./locales/ja'),
  'zh-CN': () => import('./locales/zh-CN'),
  'zh-HK': () => import('./locales/zh-HK'),
};

export const SUPPORTED_LOCALES = Object.keys(loaders);

const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur']);

const loaded = new Map<string, Translation>();
const pending = new Map<string, Promise<Translation>>();
const listeners = new Set<() => void>();

/** Picks the best supported translation for a BCP 47 tag: exact, then Chinese script/region rules, then language. */
export function resolveLocale(tag: string | undefined | null): string {
  if (!tag) return 'en';
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(tag)[0] ?? 'en';
  } catch {
    return 'en';
  }
  if (canonical in loaders) return canonical;
  const locale = new Intl.Locale(canonical).maximize();
  if (locale.language === 'zh') {
    return locale.script === 'Hant' ? 'zh-HK' : 'zh-CN';
  }
  return locale.language in loaders ? locale.language : 'en';
}

export function isRtl(tag: string): boolean {
  return RTL_LANGUAGES.has(new Intl.Locale(resolveLocale(tag)).language);
}

/** Loads a locale's strings (once); resolves to English when the locale is unknown or fails to load. */
export function loadLocale(tag: string): Promise<Translation> {
  const id = resolveLocale(tag);
  const ready = loaded.get(id);
  if (ready) return Promise.resolve(ready);
  let promise = pending.get(id);
  if (!promise) {
    const loader = loaders[id] ?? loaders.en!;
    promise = loader()
      .then((m) => m.default)
      // A locale that fails to load (offline, blocked) falls back to English.
      .catch(() => (id === 'en' ? ({} as Translation) : loadLocale('en')))
      .then((translation) => {
        loaded.set(id, translation);
        for (const notify of listeners) notify();
        return translation;
      });
    pending.set(id, promise);
  }
  return promise;
}

/**
 * What `CkElement` awaits before rendering: nothing once the host's locale is loaded; the
 * locale itself while no strings at all are loaded yet. When English is already there, the
 * element renders in English at once and re-renders when its own locale arrives (as when
 * English shipped in the bundle).
 */
export function localeReady(host: HTMLElement): Promise<unknown> | undefined {
  const id = resolveLocale(languageOf(host));
  if (loaded.has(id)) return undefined;
  const pending = loadLocale(id);
  return loaded.has('en') ? undefined : pending;
}

/** The host's language: the nearest `lang` attribute, else the document's, else the browser's. */
function languageOf(host: HTMLElement): string {
  const el = host.closest('[lang]') as HTMLElement | null;
  return el?.lang || document.documentElement.lang || navigator.language || 'en';
}

let documentObserver: MutationObserver | undefined;
const hostsToNotify = new Set<() => void>();

function observeDocumentLang(notify: () => void): () => void {
  hostsToNotify.add(notify);
  if (!documentObserver) {
    documentObserver = new MutationObserver(() => hostsToNotify.forEach((fn) => fn()));
    documentObserver.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['lang', 'dir'],
      subtree: true,
    });
  }
  return () => hostsToNotify.delete(notify);
}

/**
 * Gives an element `term()` for its strings, `lang`, `dir` and Intl helpers, and re-renders
 * it when its language changes or a lazily loaded locale arrives.
 */
export class LocalizeController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #lang = 'en';
  #stopObserving?: () => void;
  readonly #update = () => this.#refresh();
  readonly #onLocaleLoaded = () => this.#host.requestUpdate();

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    listeners.add(this.#onLocaleLoaded);
    this.#stopObserving = observeDocumentLang(this.#update);
    this.#refresh();
  }

  hostDisconnected(): void {
    listeners.delete(this.#onLocaleLoaded);
    this.#stopObserving?.();
  }

  /** BCP 47 tag used for Intl formatting (the page's own, e.g. "en-HK", not just the translation's). */
  get lang(): string {
    return this.#lang;
  }

  get dir(): 'ltr' | 'rtl' {
    const explicit = (this.#host.closest('[dir]') as HTMLElement | null)?.dir;
    if (explicit === 'rtl' || explicit === 'ltr') return explicit;
    return isRtl(this.#lang) ? 'rtl' : 'ltr';
  }

  term<K extends keyof Translation>(
    key: K,
    ...args: Translation[K] extends (...a: infer A) => string ? A : []
  ): string {
    const translation = loaded.get(resolveLocale(this.#lang)) ?? loaded.get('en');
    const value = (translation?.[key] ?? loaded.get('en')?.[key]) as string | ((...a: unknown[]) => string) | undefined;
    if (value === undefined) return key;
    return typeof value === 'function' ? value(...args) : value;
  }

  #refresh(): void {
    const next = languageOf(this.#host);
    const changed = next !== this.#lang;
    this.#lang = next;
    if (!loaded.has(resolveLocale(next))) {
      void loadLocale(next);
    }
    if (changed) this.#host.requestUpdate();
  }
}
