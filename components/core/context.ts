/**
 * Settings a `ck-provider` gives the elements inside it (through `@lit/context`), and the
 * controller every element uses to read them with the kit's defaults filled in.
 */
import { ContextConsumer, ContextRoot, createContext } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Translations } from './localize';
import { currencyStore, StoredValueChangeEvent } from './values';

export type Theme = 'light' | 'dark' | 'auto';

/** The origin the kit was served from: the proxy that serves `/kit/*`, the default API endpoint. */
export const KIT_ORIGIN = new URL(import.meta.url).origin;

export interface KitSettings {
  /** Base URL of the proxy API. */
  endpoint?: string;
  /** Default display currency (the shopper's own choice, once made, wins). */
  currency?: string;
  locale?: string;
  /** Strings by canonical locale tag, over the registered and built-in ones, for the provider's subtree. */
  translations?: Readonly<Record<string, Translations>>;
  /** ISO 3166-1 alpha-2 country the order is for, until the shopper gives an address. */
  country?: string;
  theme?: Theme;
}

// Symbol.for: two copies of the kit on one page still find each other's provider.
export const kitContext = createContext<KitSettings>(Symbol.for('checkout-kit/settings'));

// A provider defined after its children (separately loaded element modules) still reaches them.
if (typeof document !== 'undefined') new ContextRoot().attach(document.documentElement);

/** The region of a BCP 47 tag, e.g. "HK" for "zh-HK" or "en-HK", when it names one. */
export function regionOf(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  try {
    return new Intl.Locale(tag).region;
  } catch {
    return undefined;
  }
}

/**
 * The kit's settings as seen from one element: the nearest provider's, else the defaults
 * (the origin the kit was loaded from, the shopper's stored currency). Re-renders the host
 * when the provider or the chosen currency changes.
 */
export class KitController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #consumer: ContextConsumer<typeof kitContext, ReactiveControllerHost & HTMLElement>;
  readonly #currency = currencyStore();
  readonly #onChange = () => this.#host.requestUpdate();

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    this.#consumer = new ContextConsumer(host, { context: kitContext, subscribe: true });
    host.addController(this);
  }

  hostConnected(): void {
    this.#currency.addEventListener(StoredValueChangeEvent.type, this.#onChange);
  }

  hostDisconnected(): void {
    this.#currency.removeEventListener(StoredValueChangeEvent.type, this.#onChange);
  }

  get settings(): KitSettings {
    return this.#consumer.value ?? {};
  }

  get endpoint(): string {
    return this.settings.endpoint || KIT_ORIGIN;
  }

  /** The display currency: the shopper's choice, else the provider's; undefined lets the catalog decide. */
  get currency(): string | undefined {
    return this.#currency.value ?? this.settings.currency;
  }

  /** Stores the shopper's choice of currency for every element and tab. */
  chooseCurrency(code: string): void {
    this.#currency.set(code);
  }

  /** The provider's country, else the region of the page's language. */
  country(lang?: string): string | undefined {
    return this.settings.country ?? regionOf(lang) ?? regionOf(navigator.language);
  }
}
