/**
 * A hand-rolled fetch stub for component tests (no sinon here): answers the kit's API calls
 * from per-route handlers and records every call with its method, headers and body.
 */
import { clearApiCache } from '../../../components/core/api';
import { cartStore, checkoutDraftStore, currencyStore, paymentContextStore } from '../../../components/core/store';
import { catalog, config, fxRates } from '../../../stories/support/mock-api';

export { catalog, config, fxRates };

export interface Call {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

export type Handler = (call: Call) => Response | Promise<Response>;

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const apiError = (status: number, code: string, fields?: Array<{ path: string; message: string }>, headers?: Record<string, string>) =>
  json({ error: { code, message: code, ...(fields ? { fields } : {}) } }, status, headers);

const defaults: Record<string, Handler> = {
  'GET /api/checkout-config': () => json(config),
  'GET /api/catalog': () => json(catalog),
  'GET /api/fx-rates': () => json(fxRates),
};

const realFetch = window.fetch.bind(window);

/** Replaces window.fetch for API paths; `restore()` puts it back. Handlers are keyed "METHOD /path" (a prefix for /api/payments/). */
export function stubApi(handlers: Record<string, Handler> = {}) {
  const calls: Call[] = [];
  const routes = { ...defaults, ...handlers };
  clearApiCache();
  window.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (!/\/api\/|\/create-/.test(url.pathname)) return realFetch(input, init);
    const call: Call = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      headers: new Headers(init?.headers),
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    calls.push(call);
    // Routes are matched without the endpoint's own path prefix (a provider's `endpoint`).
    const key = `${call.method} ${call.path.replace(/^.*?(?=\/api\/|\/create-)/, '')}`;
    const handler = routes[key] ?? Object.entries(routes).find(([k]) => k.endsWith('/') && key.startsWith(k))?.[1];
    if (!handler) return apiError(404, 'not_found');
    return handler(call);
  };
  return {
    calls,
    restore() {
      window.fetch = realFetch;
      clearApiCache();
    },
  };
}

/** Empties every shared store between tests. */
export function resetStores() {
  cartStore().clear();
  currencyStore().set(undefined);
  checkoutDraftStore().set(undefined);
  paymentContextStore().set(undefined);
}

export const never = () => new Promise<Response>(() => {});
