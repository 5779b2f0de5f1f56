/**
 * Recorded proxy responses for Storybook: a small fetch stub (installed once) answers the
 * kit's API calls with realistic bodies shaped by server/schemas/api.ts, so no story ever shows
 * a blank state because no server answered. A story picks a scenario with `parameters.api`.
 */
import type { Decorator } from '@storybook/web-components-vite';
import type {
  CatalogResponse,
  CheckoutConfigResponse,
  FxRatesResponse,
  PaymentSessionResponse,
  PaymentStatusResponse,
  QuoteResponse,
} from '../../server/schemas/api';
import { clearApiCache } from '../../components/core/api';
import { convertMinor } from '../../components/core/money';

export type Scenario = 'ok' | 'loading' | 'error' | 'empty' | 'rate-limited' | 'declined' | 'pending' | 'invalid-fields';

export interface ApiParameters {
  scenario?: Scenario;
  /** Milliseconds before each answer (default 150, so loading states are visible for a moment). */
  delay?: number;
}

const swatch = (color: string, label: string) =>
  `data:image/svg+xml,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200"><rect width="200" height="200" fill="#f1f3f7"/><rect x="62" y="24" width="76" height="152" rx="18" fill="${color}"/><circle cx="84" cy="48" r="9" fill="#0003"/><text x="100" y="190" font-size="12" text-anchor="middle" font-family="sans-serif" fill="#555">${label}</text></svg>`,
  )}`;

export const catalog: CatalogResponse = {
  baseCurrency: 'HKD',
  currencies: ['HKD', 'USD', 'EUR', 'GBP', 'AED', 'CNY', 'JPY', 'SGD'],
  products: [
    { reference: 'case-iphone16-clear', name: 'Clear case for iPhone 16', description: 'Crystal-clear, slim, and yellowing-resistant.', category: 'cases', image: swatch('#cfe3ff', 'Clear'), price: { amount: 19900, currency: 'HKD' }, prices: { USD: 2500, EUR: 2300 } },
    { reference: 'case-iphone16-leather', name: 'Leather case for iPhone 16', description: 'Full-grain leather that ages beautifully.', category: 'cases', image: swatch('#8a5a3b', 'Leather'), price: { amount: 42900, currency: 'HKD' }, prices: { USD: 5500, EUR: 4990 } },
    { reference: 'case-pixel9-fabric', name: 'Fabric case for Pixel 9', description: 'Recycled fabric with a soft microfibre lining.', category: 'cases', image: swatch('#6f8f72', 'Fabric'), price: { amount: 27900, currency: 'HKD' } },
    { reference: 'case-galaxys25-rugged', name: 'Rugged case for Galaxy S25', description: 'Drop-tested to 3 metres.', category: 'cases', image: swatch('#333a44', 'Rugged'), price: { amount: 34900, currency: 'HKD' }, prices: { USD: 4500 } },
    { reference: 'charger-usbc-30w', name: 'USB-C charger 30 W', description: 'Compact GaN charger.', category: 'chargers', image: swatch('#ffffff', '30 W'), price: { amount: 24900, currency: 'HKD' }, prices: { USD: 2999, GBP: 2499, JPY: 4480 } },
  ],
  giftCards: { designs: [{ id: 'classic', name: 'Classic' }], amounts: { HKD: { min: 10000, max: 500000, presets: [20000, 50000] } }, messageMaxLength: 200, maxQuantity: 5 },
  events: [],
  insurancePlans: [],
  shippingMethods: [
    { id: 'hk-courier', name: 'Hong Kong courier', price: { amount: 0, currency: 'HKD' }, countries: ['HK', 'MO'], estimatedDays: { min: 1, max: 2 } },
    { id: 'standard', name: 'Standard international', price: { amount: 6000, currency: 'HKD' }, estimatedDays: { min: 5, max: 12 } },
    { id: 'express', name: 'Express international', price: { amount: 18000, currency: 'HKD' }, countries: ['US', 'GB', 'DE', 'FR', 'JP', 'SG', 'AE', 'CN'], estimatedDays: { min: 2, max: 4 } },
  ],
};

export const fxRates: FxRatesResponse = {
  base: 'HKD',
  rates: { HKD: 1, USD: 0.1282, EUR: 0.1179, GBP: 0.1008, AED: 0.4707, CNY: 0.9215, JPY: 19.27, SGD: 0.1722 },
  date: '2025-06-02',
  source: 'recorded for Storybook',
  fetchedAt: '2025-06-02T08:00:00.000Z',
};

export const config: CheckoutConfigResponse = {
  publicKey: 'pk_sbox_storybook000000000000000000',
  environment: 'sandbox',
  currencies: catalog.currencies,
  defaultCurrency: 'HKD',
};

const COUPONS: Record<string, number> = { WELCOME10: 10 };

interface OrderBody {
  items?: Array<{ reference: string; quantity: number }>;
  currency: string;
  coupon?: string;
  shippingMethod?: string;
}

function price(order: OrderBody): QuoteResponse['order'] {
  const currency = order.currency as QuoteResponse['order']['currency'];
  const lines = (order.items ?? []).flatMap(({ reference, quantity }) => {
    const product = catalog.products.find((p) => p.reference === reference);
    if (!product) return [];
    const unitAmount = product.prices?.[currency] ?? convertMinor(product.price.amount, 'HKD', currency, fxRates);
    return [{ reference, name: product.name, quantity, unitAmount, amount: unitAmount * quantity }];
  });
  const subtotal = lines.reduce((sum, l) => sum + l.amount, 0);
  const percent = order.coupon ? (COUPONS[order.coupon] ?? 0) : 0;
  const discount = Math.round((subtotal * percent) / 100);
  const method = catalog.shippingMethods.find((m) => m.id === order.shippingMethod);
  const shipping = method ? convertMinor(method.price.amount, 'HKD', currency, fxRates) : 0;
  return {
    currency,
    lines,
    subtotal,
    discount,
    shipping,
    tax: 0,
    amount: subtotal - discount + shipping,
    ...(percent ? { coupon: order.coupon } : {}),
    ...(currency !== 'HKD' ? { fx: { rate: fxRates.rates[currency]!, date: fxRates.date, source: fxRates.source } } : {}),
  };
}

let current: Required<ApiParameters> = { scenario: 'ok', delay: 150 };

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const error = (status: number, code: string, message: string, fields?: Array<{ path: string; message: string }>, headers?: Record<string, string>) =>
  json({ error: { code, message, ...(fields ? { fields } : {}) } }, status, headers);

async function answer(path: string, init: RequestInit | undefined): Promise<Response> {
  const { scenario } = current;
  if (scenario === 'loading') return new Promise<Response>(() => {});
  if (scenario === 'error') return error(503, 'upstream_unavailable', 'The payment service is unavailable.');
  if (scenario === 'rate-limited' && init?.method === 'POST') return error(429, 'rate_limited', 'Too many requests.', undefined, { 'retry-after': '30' });
  const body = init?.body ? (JSON.parse(String(init.body)) as OrderBody & Record<string, unknown>) : undefined;
  switch (true) {
    case path === '/api/checkout-config':
      return json(config);
    case path === '/api/catalog':
      return json(scenario === 'empty' ? { ...catalog, products: [] } : catalog);
    case path === '/api/fx-rates':
      return json(fxRates);
    case path === '/api/orders/quote': {
      if (body?.coupon && !COUPONS[body.coupon]) {
        return error(400, 'coupon_invalid', 'This coupon does not exist.', [{ path: 'coupon', message: 'unknown coupon' }]);
      }
      return json({ order: price(body!) } satisfies QuoteResponse);
    }
    case path === '/create-payment-sessions' || path === '/create-hosted-payment': {
      if (scenario === 'invalid-fields') {
        return error(400, 'invalid_order', 'Invalid order.', [{ path: 'customer.email', message: 'must be a valid email address' }]);
      }
      const order = { id: 'ord_storybook0001', ...price(body!) };
      if (path === '/create-hosted-payment') {
        return json({ order, hostedPayment: { id: 'hpp_storybook', redirectUrl: '#hosted-payment-page' } }, 201);
      }
      const response: PaymentSessionResponse = {
        order,
        paymentSession: { id: 'ps_storybook0000000000000000000', payment_session_secret: 'pss_storybook', payment_session_token: 'token' },
      };
      return json(response, 201);
    }
    case path.startsWith('/api/payments/'): {
      const id = decodeURIComponent(path.slice('/api/payments/'.length));
      if (!/^(pay|sid)_\w{20,40}$/.test(id)) return error(404, 'payment_not_found', 'No such payment.');
      const outcome = scenario === 'declined' ? 'failed' : scenario === 'pending' ? 'pending' : 'succeeded';
      const status: PaymentStatusResponse = {
        id,
        status: outcome === 'succeeded' ? 'Captured' : outcome === 'failed' ? 'Declined' : 'Pending',
        approved: outcome === 'succeeded',
        outcome,
        amount: 62300,
        currency: 'HKD',
        orderId: 'ord_storybook0001',
        card: { scheme: 'Visa', last4: '4242' },
      };
      return json(status);
    }
    default:
      return error(404, 'not_found', `No mock for ${path}`);
  }
}

let installed = false;

function install() {
  if (installed) return;
  installed = true;
  const realFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), window.location.href);
    const isApi = url.pathname.startsWith('/api/') || url.pathname.startsWith('/create-');
    if (!isApi) return realFetch(input, init);
    await new Promise((resolve) => setTimeout(resolve, current.delay));
    return answer(url.pathname, init);
  };
}

/** Decorator: installs the stub, applies the story's scenario, and forgets cached answers. */
export const withMockApi: Decorator = (story, context) => {
  install();
  const parameters = (context.parameters.api ?? {}) as ApiParameters;
  current = { scenario: parameters.scenario ?? 'ok', delay: parameters.delay ?? 150 };
  clearApiCache();
  return story();
};
