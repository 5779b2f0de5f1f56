/**
 * The kit's proxy API, answered from the recording (recorded.ts) through the fetch stub
 * (fetch-stub.ts): `mockApi()` for component tests, `withMockApi` for stories, where a story
 * picks a scenario and its own routes with `parameters.api`.
 */
import type { Decorator } from '@storybook/web-components-vite';
import { clearApiCache } from '../../components/core/api';
import { resetSessions } from '../../components/core/session';
import { currencyStore } from '../../components/core/store';
import { apiError, never, stubFetch, type FetchStub, type Route, type Routes } from './fetch-stub';
import { catalog, paymentStatus, recordedRoutes } from './recorded';

export { apiError, json, never, type Call } from './fetch-stub';

export type MockApi = FetchStub;

/**
 * Answers the kit's API from the recording, `routes` on top, and a 404 to any other API path;
 * forgets the answers the elements cached. `api.calls` records every request, `api.restore()`
 * puts fetch back.
 */
export function mockApi(routes: Routes = {}, { delay = 0 }: { delay?: number } = {}): MockApi {
  clearApiCache();
  return stubFetch({ ...recordedRoutes, ...routes }, { delay, fallback: ({ method, path }) => apiError(404, 'not_found', { message: `No mock for ${method} ${path}` }) });
}

export type Scenario = 'ok' | 'loading' | 'error' | 'empty' | 'rate-limited' | 'declined' | 'pending' | 'invalid-fields';

export interface ApiParameters {
  scenario?: Scenario;
  /** Milliseconds before each answer (default 150, so loading states are visible for a moment). */
  delay?: number;
  /** The story's own answers, on top of the scenario's. */
  routes?: Routes;
}

/** Every recorded route (of one method) answered alike. */
const everyRoute = (route: Route, method = ''): Routes =>
  Object.fromEntries(Object.keys(recordedRoutes).filter((key) => key.startsWith(method)).map((key) => [key, route]));

const invalidOrder = apiError(400, 'invalid_order', { message: 'Invalid order.', fields: [{ path: 'customer.email', message: 'must be a valid email address' }] });

const scenarios: Record<Scenario, Routes> = {
  ok: {},
  loading: everyRoute(never),
  error: everyRoute(apiError(503, 'upstream_unavailable', { message: 'The payment service is unavailable.' })),
  'rate-limited': everyRoute(apiError(429, 'rate_limited', { message: 'Too many requests.', headers: { 'retry-after': '30' } }), 'POST '),
  empty: { 'GET /api/catalog': { body: { ...catalog, products: [] } } },
  declined: { 'GET /api/payments/': paymentStatus('failed') },
  pending: { 'GET /api/payments/': paymentStatus('pending') },
  'invalid-fields': { 'POST /create-payment-sessions': invalidOrder, 'POST /create-hosted-payment': invalidOrder },
};

/**
 * Decorator: a fresh page (no login session, the currency of `parameters.currency`, no cached
 * answers), then the recorded API with the story's scenario and routes (`parameters.api`).
 */
export const withMockApi: Decorator = (story, { parameters }) => {
  const { scenario = 'ok', delay = 150, routes } = (parameters.api ?? {}) as ApiParameters;
  resetSessions();
  currencyStore().set(parameters.currency as string | undefined);
  mockApi({ ...scenarios[scenario], ...routes }, { delay });
  return story();
};
