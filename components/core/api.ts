/**
 * The kit's one client of the proxy API. Every element talks to the proxy through these
 * helpers: JSON in and out, a timeout on every request, and one typed error (`ApiError`)
 * whatever went wrong — the proxy's error body, a 429 with `Retry-After`, a timeout or no network.
 *
 * Only *types* come from the shared contract (contract/api), so no zod reaches the bundle.
 */
import type {
  CatalogResponse,
  CheckoutConfigResponse,
  ErrorResponse,
  FxRatesResponse,
  GiftCardBalanceResponse,
  HostedPaymentResponse,
  OrderRequest,
  PaymentSessionResponse,
  PaymentStatusResponse,
  QuoteResponse,
} from '../../contract/api';
import { HEADERS } from '../../contract/limits';

export type {
  CatalogResponse,
  CheckoutConfigResponse,
  FxRatesResponse,
  GiftCardBalanceResponse,
  HostedPaymentResponse,
  OrderRequest,
  PaymentSessionResponse,
  PaymentStatusResponse,
  QuoteResponse,
};
export type Product = CatalogResponse['products'][number];
export type ShippingMethod = CatalogResponse['shippingMethods'][number];
export type PricedOrder = PaymentSessionResponse['order'];
export type QuotedOrder = QuoteResponse['order'];
/** A quote may be asked before the shopper has given their details. */
export type QuoteRequest = Omit<OrderRequest, 'customer'> & { customer?: OrderRequest['customer'] };

export interface FieldError {
  /** Dotted path of the field in the request body, e.g. `shippingAddress.zip`. */
  path: string;
  message: string;
}

/** Any failure of an API call: the proxy's own error, or one the client detected. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** HTTP status; 0 when no response arrived (network error, timeout). */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: readonly FieldError[] = [],
    /** Seconds to wait before retrying (from `Retry-After`), when the proxy said so. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  /** Whether trying the same request again later can succeed. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export const DEFAULT_TIMEOUT_MS = 15_000;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Sent as `Idempotency-Key`, so a retried POST never creates a second payment. */
  idempotencyKey?: string;
  timeout?: number;
  signal?: AbortSignal;
}

/** A fresh idempotency key for one shopper action. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Non-secure contexts (plain http on a LAN host) lack randomUUID; getRandomValues is everywhere.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function isErrorBody(value: unknown): value is ErrorResponse {
  const error = (value as ErrorResponse | null)?.error;
  return typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string';
}

const normalizeEndpoint = (endpoint: string) => endpoint.replace(/\/+$/, '');
const csrfTokens = new Map<string, string>();

/** Remembers (or, with undefined, forgets) the CSRF token of the session held with a proxy. */
export function setCsrfToken(endpoint: string, token: string | undefined): void {
  if (token) csrfTokens.set(normalizeEndpoint(endpoint), token);
  else csrfTokens.delete(normalizeEndpoint(endpoint));
}

/**
 * Calls the proxy and resolves to its JSON body; rejects with `ApiError`.
 *
 * A state-changing request refused for its CSRF token (a page that has not asked who is
 * logged in yet, or a session renewed in another tab) learns the current token from
 * `/api/auth/me` and is sent once more, with the same idempotency key.
 */
export async function apiRequest<T>(endpoint: string, path: string, options: RequestOptions = {}): Promise<T> {
  try {
    return await send<T>(endpoint, path, options);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'csrf_token_invalid' || path === '/api/auth/me') throw error;
    const me = await send<{ csrfToken?: string }>(endpoint, '/api/auth/me', { signal: options.signal });
    if (!me.csrfToken || me.csrfToken === csrfTokens.get(normalizeEndpoint(endpoint))) throw error;
    setCsrfToken(endpoint, me.csrfToken);
    return send<T>(endpoint, path, options);
  }
}

async function send<T>(endpoint: string, path: string, options: RequestOptions): Promise<T> {
  const timeout = AbortSignal.timeout(options.timeout ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers[HEADERS.idempotencyKey] = options.idempotencyKey;
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  // The session's CSRF token (core/session.ts) rides on every state-changing request.
  const csrf = csrfTokens.get(normalizeEndpoint(endpoint));
  if (csrf && method !== 'GET') headers[HEADERS.csrf] = csrf;

  let response: Response;
  try {
    response = await fetch(`${endpoint.replace(/\/+$/, '')}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal,
      // The proxy's cookies (the login session, the seat holder) must reach it from a merchant's
      // origin too; its CORS allowlist answers with Allow-Credentials for allowed origins only.
      credentials: 'include',
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (timeout.aborted) throw new ApiError(0, 'timeout', 'The request timed out.');
    throw new ApiError(0, 'network_error', 'The network request failed.');
  }

  let body: unknown;
  try {
    body = response.status === 204 ? undefined : await response.json();
  } catch {
    body = undefined;
  }
  if (response.ok) {
    if (body === undefined && response.status !== 204) {
      throw new ApiError(response.status, 'bad_response', 'The response was not JSON.');
    }
    return body as T;
  }
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  if (isErrorBody(body)) {
    const { code, message, fields } = body.error;
    throw new ApiError(response.status, code, message, fields ?? [], retryAfter);
  }
  throw new ApiError(response.status, `http_${response.status}`, response.statusText || `HTTP ${response.status}`, [], retryAfter);
}

// ── Cached reads: the catalog, the rates and the config are fetched once per page ──

const cache = new Map<string, Promise<unknown>>();

function cachedGet<T>(endpoint: string, path: string, prepare: (body: T) => T = (body) => body): Promise<T> {
  const key = `${endpoint}|${path}`;
  let promise = cache.get(key) as Promise<T> | undefined;
  if (!promise) {
    promise = apiRequest<T>(endpoint, path).then(prepare);
    cache.set(key, promise);
    // A failure is not cached: the next caller (a retry button) asks again.
    promise.catch(() => cache.get(key) === promise && cache.delete(key));
  }
  return promise;
}

/**
 * A URL the proxy gave (a catalog image), made absolute against the proxy rather than the page,
 * so it loads on every site that embeds the kit: with the endpoint `https://proxy.example/shop`,
 * `/assets/x.svg` and `assets/x.svg` become `https://proxy.example/shop/assets/x.svg`, the way
 * API paths are. URLs with a scheme (`https:`, `data:`) or a host (`//cdn.example/x.svg`) stay as they are.
 */
export function proxyAssetUrl(endpoint: string, url: string): string {
  if (/^([a-z][a-z\d+.-]*:|\/\/)/i.test(url)) return url;
  const page = typeof location === 'undefined' ? undefined : location.href;
  try {
    return new URL(url.replace(/^\/+/, ''), new URL(`${normalizeEndpoint(endpoint)}/`, page)).href;
  } catch {
    return url;
  }
}

/** The catalog with its image URLs pointing at the proxy (see `proxyAssetUrl`). */
function withProxyImages(endpoint: string, catalog: CatalogResponse): CatalogResponse {
  const image = <T extends { image?: string }>(item: T): T => (item.image ? { ...item, image: proxyAssetUrl(endpoint, item.image) } : item);
  // Partial answers (a stand-in that serves only the events) are passed through as they are.
  const { products, giftCards } = catalog as Partial<CatalogResponse>;
  return {
    ...catalog,
    ...(products ? { products: products.map(image) } : {}),
    ...(giftCards?.designs ? { giftCards: { ...giftCards, designs: giftCards.designs.map(image) } } : {}),
  };
}

/** Forgets cached responses (tests, stories, or a page that wants fresh rates). */
export function clearApiCache(): void {
  cache.clear();
}

export const getCheckoutConfig = (endpoint: string) => cachedGet<CheckoutConfigResponse>(endpoint, '/api/checkout-config');
export const getCatalog = (endpoint: string) => cachedGet<CatalogResponse>(endpoint, '/api/catalog', (catalog) => withProxyImages(endpoint, catalog));
export const getFxRates = (endpoint: string) => cachedGet<FxRatesResponse>(endpoint, '/api/fx-rates');

// The proxy's quote route validates the full order schema, customer included, although the
// customer never changes a price. Until it accepts a quote without one, a placeholder stands in.
const QUOTE_CUSTOMER = { email: 'quote@example.com', name: 'Quote' };

export const quoteOrder = (endpoint: string, order: QuoteRequest, signal?: AbortSignal) =>
  apiRequest<QuoteResponse>(endpoint, '/api/orders/quote', { body: { customer: QUOTE_CUSTOMER, ...order }, signal });

export const createPaymentSession = (endpoint: string, order: OrderRequest, idempotencyKey: string) =>
  apiRequest<PaymentSessionResponse>(endpoint, '/create-payment-sessions', { body: order, idempotencyKey });

export const createHostedPayment = (endpoint: string, order: OrderRequest, idempotencyKey: string) =>
  apiRequest<HostedPaymentResponse>(endpoint, '/create-hosted-payment', { body: order, idempotencyKey });

/** `POST /api/gift-cards/balance`: the code travels in the body, never in a URL. */
export const checkGiftCardBalance = (endpoint: string, code: string, signal?: AbortSignal) =>
  apiRequest<GiftCardBalanceResponse>(endpoint, '/api/gift-cards/balance', { body: { code }, signal });

/**
 * The PDF receipt of a paid order, for the browser that made it (its order token, sent as a
 * header: a link alone could not carry it). Resolves to the PDF.
 */
export async function downloadReceipt(endpoint: string, orderId: string, orderToken: string, lang: string): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(`${endpoint.replace(/\/+$/, '')}/api/orders/${encodeURIComponent(orderId)}/receipt.pdf?lang=${encodeURIComponent(lang)}`, {
      headers: { 'x-ck-order-token': orderToken, accept: 'application/pdf' },
      credentials: 'include',
      signal: AbortSignal.timeout(DEFAULT_TIMEOUT_MS),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The network request failed.');
  }
  if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, response.statusText || `HTTP ${response.status}`, [], parseRetryAfter(response.headers.get('retry-after')));
  return response.blob();
}

/**
 * A payment's verified status. With the order's token (from the session creation, kept with the
 * payment in progress) the proxy adds the amount, card and order id; without it, status only.
 */
export const getPayment = (endpoint: string, id: string, orderToken?: string) =>
  apiRequest<PaymentStatusResponse>(endpoint, `/api/payments/${encodeURIComponent(id)}`, orderToken ? { headers: { 'x-ck-order-token': orderToken } } : {});
