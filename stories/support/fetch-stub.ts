/**
 * A fetch stub for the kit's proxy API, shared by Storybook and the component tests (no sinon
 * here). It answers the kit's API paths (…/api/… and …/create-…) from a route table keyed
 * "METHOD /path", records every such call, and hands every other request to the fetch that
 * was there before.
 *
 *   const api = stubFetch({ 'GET /api/auth/me': { body: { authenticated: false } } });
 *   …
 *   api.restore();
 */
import { track, tracked } from './in-flight';

export interface Call {
  method: string;
  /** The whole path, with the endpoint's own prefix (a provider's `endpoint`). */
  path: string;
  /** The query string's parameters (`?page=2`). */
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
  /** The query string (`?a=1`, or '' for none). */
  search?: string;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Milliseconds before answering; `Infinity` never answers (the request's abort still ends it). */
  delay?: number;
}

/** A recorded reply, or a function of the call; a promise that never settles never answers. */
export type Route = Reply | ((call: Call) => Reply | Promise<Reply>);

/**
 * Keyed "METHOD /path", the path without the endpoint's prefix; a key ending in "/" answers
 * every path it starts (`'GET /api/payments/'`).
 */
export type Routes = Record<string, Route>;

export interface StubOptions {
  /** Milliseconds before every answer (default 0). */
  delay?: number;
  /** Answers the API paths no route knows; without it they go on to the previous fetch. */
  fallback?: Route;
}

export interface FetchStub {
  /** Every API call of the page, in order (the unanswered ones too). */
  readonly calls: Call[];
  /** Answers a route from now on; `undefined` hands it back to the previous fetch. */
  set(route: string, handler: Route | undefined): void;
  restore(): void;
}

/** A JSON reply. */
export const json = (body: unknown, status = 200, headers?: Record<string, string>): Reply => ({ status, body, headers });

/** The proxy's error shape (contract/api); the message is the code unless given. */
export const apiError = (
  status: number,
  code: string,
  { message = code, fields, headers }: { message?: string; fields?: Array<{ path: string; message: string }>; headers?: Record<string, string> } = {},
): Reply => json({ error: { code, message, ...(fields ? { fields } : {}) } }, status, headers);

/** A route that never answers, whatever happens to the request (a loading state that stays). */
export const never = (): Promise<Reply> => new Promise<Reply>(() => {});

const API_PATH = /\/api\/|\/create-/;

function wait(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    if (ms !== Infinity) setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

interface ActiveStub extends FetchStub {
  wrapper: typeof fetch;
  routes: Map<string, Route>;
  options: StubOptions;
}

let active: ActiveStub | undefined;

function lookup(routes: Map<string, Route>, key: string): Route | undefined {
  const exact = routes.get(key);
  if (exact) return exact;
  let best: string | undefined;
  for (const route of routes.keys()) {
    if (route.endsWith('/') && key.startsWith(route) && route.length > (best?.length ?? 0)) best = route;
  }
  return best === undefined ? undefined : routes.get(best);
}

/**
 * Answers the listed routes; anything else goes to the fetch that was there before (or to
 * `options.fallback`). Called again while its stub is still the page's fetch, it only swaps
 * the routes and forgets the calls, so another stub that wrapped fetch in between (a story's
 * seat API) is never unhooked.
 */
export function stubFetch(routes: Routes, options: StubOptions = {}): FetchStub {
  if (active && globalThis.fetch === active.wrapper) {
    active.routes = new Map(Object.entries(routes));
    active.options = options;
    active.calls.length = 0;
    return active;
  }
  const original = globalThis.fetch;
  const wrapper: typeof fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (!API_PATH.test(url.pathname)) return original(input, init);
    const call: Call = {
      method: (init.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      search: url.search,
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    stub.calls.push(call);
    const handler = lookup(stub.routes, `${call.method} ${call.path.replace(/^.*?(?=\/api\/|\/create-)/, '')}`) ?? stub.options.fallback;
    if (!handler) return original(input, init);
    // Answers on their way are tracked (in-flight.ts), so a story can be checked once they
    // arrived; one that never comes (`never`, `delay: Infinity`) is not.
    const replied = (async () => {
      if (stub.options.delay) await wait(stub.options.delay, init.signal);
      return typeof handler === 'function' ? await handler(call) : handler;
    })();
    const reply = await (handler === never ? replied : track(replied));
    if (reply.delay) await (reply.delay === Infinity ? wait(reply.delay, init.signal) : track(wait(reply.delay, init.signal)));
    const status = reply.status ?? 200;
    return tracked(
      new Response(status === 204 ? null : JSON.stringify(reply.body ?? {}), {
        status,
        headers: { 'content-type': 'application/json', ...reply.headers },
      }),
    );
  };
  const stub: ActiveStub = {
    calls: [],
    wrapper,
    routes: new Map(Object.entries(routes)),
    options,
    set(route, handler) {
      if (handler) stub.routes.set(route, handler);
      else stub.routes.delete(route);
    },
    restore() {
      if (globalThis.fetch === wrapper) globalThis.fetch = original;
      if (active === stub) active = undefined;
    },
  };
  globalThis.fetch = wrapper;
  active = stub;
  return stub;
}
