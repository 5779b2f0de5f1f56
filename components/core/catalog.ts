/**
 * The merchant catalog and exchange rates on the page: loaded once (see api.ts), shared by
 * every element that shows a price, and converted with the same money functions the proxy
 * prices orders with — so the figure on the shelf is the figure on the payment.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, getCatalog, getFxRates, type CatalogResponse, type FxRatesResponse, type Product } from './api';
import { convertMinor } from '../../contract/money';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

interface Priced {
  price: { amount: number; currency: string };
  prices?: Partial<Record<string, number>>;
}

/**
 * A catalog price in the display currency: the merchant's regional price when it set one,
 * else the base price converted at the current rate. Undefined when no rate is known.
 */
export function priceIn(item: Priced, currency: string, rates: FxRatesResponse | undefined): number | undefined {
  const regional = item.prices?.[currency];
  if (regional !== undefined) return regional;
  if (item.price.currency === currency) return item.price.amount;
  if (!rates) return undefined;
  try {
    return convertMinor(item.price.amount, item.price.currency, currency, rates);
  } catch {
    return undefined;
  }
}

/** Loads the catalog and the rates for its host and re-renders it as they arrive. */
export class CatalogController implements ReactiveController {
  state: LoadState = 'idle';
  catalog?: CatalogResponse;
  rates?: FxRatesResponse;
  error?: ApiError;
  #endpoint?: string;
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Starts loading for this endpoint (once; again after an error when `retry` is set). */
  load(endpoint: string, retry = false): void {
    if (endpoint === this.#endpoint && !(retry && this.state === 'error')) return;
    this.#endpoint = endpoint;
    this.state = 'loading';
    this.error = undefined;
    void Promise.all([getCatalog(endpoint), getFxRates(endpoint)]).then(
      ([catalog, rates]) => {
        if (endpoint !== this.#endpoint) return;
        this.catalog = catalog;
        this.rates = rates;
        this.state = 'ready';
        this.#host.requestUpdate();
      },
      (error: unknown) => {
        if (endpoint !== this.#endpoint) return;
        this.error = error instanceof ApiError ? error : new ApiError(0, 'network_error', String(error));
        this.state = 'error';
        this.#host.requestUpdate();
      },
    );
  }

  product(reference: string): Product | undefined {
    return this.catalog?.products.find((p) => p.reference === reference);
  }

  /** The display currency when the shopper has not chosen one: the merchant's base currency. */
  currencyOr(chosen: string | undefined): string | undefined {
    return chosen ?? this.catalog?.baseCurrency;
  }
}
