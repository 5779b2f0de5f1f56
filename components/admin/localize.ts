/**
 * The console's strings through the kit's one localization layer: English registered when the
 * console loads, the page's language fetched on demand (one module per language under
 * ./locales/, like the kit's own), each handed to `registerTranslations()` — so a merchant's own
 * registrations and `ck-provider` translations override a console string as they do any other.
 * The shop kit's locales carry none of these strings.
 */
import type { ReactiveControllerHost } from 'lit';
import { closestLocale } from '../../contract/locales';
import { LocalizeController, registerTranslations, type CoreKey, type Translation, type Translations } from '../core/localize';
import adminEn, { type AdminTranslation } from './locales/en';

const LOCALES: Record<string, () => Promise<{ default: AdminTranslation }>> = {
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

/** The console's languages: English and each of ./locales/. */
export const ADMIN_LOCALES = ['en', ...Object.keys(LOCALES)];

/** Registered (or on their way): by the console locale's id. */
const requested = new Map<string, Promise<void>>();

/** Registers the console's strings for the language a tag reads (English once, first); resolves when they are in. */
export function loadAdminStrings(tag: string): Promise<void> {
  if (!requested.has('en')) {
    registerTranslations('en', adminEn as unknown as Translations);
    requested.set('en', Promise.resolve());
  }
  const id = closestLocale(ADMIN_LOCALES, tag) ?? 'en';
  let ready = requested.get(id);
  if (!ready) {
    ready = LOCALES[id]!()
      .then((m) => registerTranslations(id, m.default as unknown as Translations))
      // Offline or blocked: the console stays in English.
      .catch(() => undefined);
    requested.set(id, ready);
  }
  return ready;
}

type AllStrings = Translation & AdminTranslation;

/** `LocalizeController` for the console's elements: its `term()` knows the console's keys too, and loads them for the element's language. */
export class AdminLocalizeController extends LocalizeController {
  constructor(host: ReactiveControllerHost & HTMLElement) {
    super(host);
  }

  override hostConnected(): void {
    super.hostConnected();
    void loadAdminStrings(this.lang);
  }

  hostUpdate(): void {
    // The element's language may have changed since (its own or an ancestor's lang).
    void loadAdminStrings(this.lang);
  }

  /** The kit core's strings and the console's own (an element's own English loads with that element only). */
  override term<K extends CoreKey | keyof AdminTranslation>(key: K, ...args: AllStrings[K] extends (...a: infer A) => string ? A : []): string {
    return (super.term as (key: string, ...args: unknown[]) => string)(key, ...args);
  }
}
