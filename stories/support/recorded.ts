/**
 * Recorded proxy responses, shaped by contract/api: the demo catalog, rates and
 * config, priced quotes, payment sessions and statuses, the login session and insurance
 * quotes. `recordedRoutes` answers every request the kit's elements make with them, so no
 * story or test shows a blank state because no proxy answered.
 */
import type {
  AccountOrderDetail,
  AccountOrdersResponse,
  AccountOrderSummary,
  AccountProfile,
  CatalogResponse,
  CheckoutConfigResponse,
  FxRatesResponse,
  GiftCardBalanceResponse,
  HostedPaymentResponse,
  InsuranceQuoteResponse,
  MeResponse,
  PaymentSessionResponse,
  PaymentStatusResponse,
  QuoteResponse,
  SavedAddress,
} from '../../contract/api';
import { apiError, json, type Reply, type Route, type Routes } from './fetch-stub';

// ── Catalog, rates and config, as the demo proxy answers them ────────────────

const swatch = (color: string, label: string) =>
  `data:image/svg+xml,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200"><rect width="200" height="200" fill="#f1f3f7"/><rect x="62" y="24" width="76" height="152" rx="18" fill="${color}"/><circle cx="84" cy="48" r="9" fill="#0003"/><text x="100" y="190" font-size="12" text-anchor="middle" font-family="sans-serif" fill="#555">${label}</text></svg>`,
  )}`;

const hkd = (amount: number) => ({ amount, currency: 'HKD' as const });

export const catalog: CatalogResponse = {
  baseCurrency: 'HKD',
  currencies: ['HKD', 'USD', 'EUR', 'GBP', 'AED', 'CNY', 'JPY', 'SGD'],
  products: [
    { reference: 'case-iphone16-clear', name: 'Clear case for iPhone 16', description: 'Crystal-clear, slim, and yellowing-resistant.', category: 'cases', image: swatch('#cfe3ff', 'Clear'), price: hkd(19900), prices: { USD: 2500, EUR: 2300 } },
    { reference: 'case-iphone16-leather', name: 'Leather case for iPhone 16', description: 'Full-grain leather that ages beautifully.', category: 'cases', image: swatch('#8a5a3b', 'Leather'), price: hkd(42900), prices: { USD: 5500, EUR: 4990 } },
    { reference: 'case-pixel9-fabric', name: 'Fabric case for Pixel 9', description: 'Recycled fabric with a soft microfibre lining.', category: 'cases', image: swatch('#6f8f72', 'Fabric'), price: hkd(27900) },
    { reference: 'case-galaxys25-rugged', name: 'Rugged case for Galaxy S25', description: 'Drop-tested to 3 metres.', category: 'cases', image: swatch('#333a44', 'Rugged'), price: hkd(34900), prices: { USD: 4500 } },
    { reference: 'charger-usbc-30w', name: 'USB-C charger 30 W', description: 'Compact GaN charger.', category: 'chargers', image: swatch('#ffffff', '30 W'), price: hkd(24900), prices: { USD: 2999, GBP: 2499, JPY: 4480 } },
  ],
  giftCards: {
    designs: [
      { id: 'harbour-night', name: 'Harbour at night', translations: { fr: { name: 'Le port de nuit' }, de: { name: 'Hafen bei Nacht' }, es: { name: 'El puerto de noche' }, ja: { name: '夜の港' }, 'zh-HK': { name: '維港夜色' }, 'zh-TW': { name: '港灣夜色' }, 'zh-CN': { name: '维港夜色' }, ar: { name: 'الميناء ليلًا' } }, background: 'linear-gradient(135deg, #0b1f3a, #2a4d8f)', foreground: '#ffffff' },
      { id: 'lantern', name: 'Lanterns', translations: { fr: { name: 'Lanternes' }, de: { name: 'Laternen' }, es: { name: 'Farolillos' }, ja: { name: 'ランタン' }, 'zh-HK': { name: '燈籠' }, 'zh-TW': { name: '燈籠' }, 'zh-CN': { name: '灯笼' }, ar: { name: 'فوانيس' } }, background: 'linear-gradient(135deg, #8c1d18, #b3541e)', foreground: '#ffffff' },
      { id: 'minimal', name: 'Minimal', translations: { fr: { name: 'Épuré' }, de: { name: 'Schlicht' }, es: { name: 'Minimalista' }, ja: { name: 'シンプル' }, 'zh-HK': { name: '簡約' }, 'zh-TW': { name: '簡約' }, 'zh-CN': { name: '简约' }, ar: { name: 'بسيط' } }, background: '#f4f1ea', foreground: '#1c1b1f' },
    ],
    amounts: {
      HKD: { min: 10000, max: 500000, presets: [20000, 50000, 100000] },
      USD: { min: 1000, max: 50000, presets: [2500, 5000, 10000] },
      JPY: { min: 1000, max: 100000, presets: [3000, 5000, 10000] },
    },
    messageMaxLength: 300,
    maxQuantity: 10,
    validityMonths: 24,
  },
  events: [],
  insurancePlans: [
    {
      id: 'device-care',
      name: 'Device Care',
      description: 'Accidental damage and screen repair for your phone.',
      basePremium: hkd(4900),
      coverageOptions: [
        { id: 'theft', name: 'Theft and loss', premium: hkd(2900) },
        { id: 'battery', name: 'Battery replacement', premium: hkd(900) },
      ],
    },
    {
      id: 'event-refund',
      name: 'Ticket refund protection',
      description: 'A refund if illness or travel disruption stops you attending.',
      basePremium: hkd(3900),
      coverageOptions: [{ id: 'travel', name: 'Travel disruption', premium: hkd(1500) }],
    },
  ],
  shippingMethods: [
    { id: 'hk-courier', name: 'Hong Kong courier', translations: { 'zh-HK': { name: '香港速遞' }, 'zh-TW': { name: '香港快遞' }, 'zh-CN': { name: '香港快递' }, ja: { name: '香港国内配送' }, fr: { name: 'Coursier à Hong Kong' }, de: { name: 'Kurier innerhalb Hongkongs' }, es: { name: 'Mensajería en Hong Kong' }, ar: { name: 'توصيل بالمندوب داخل هونغ كونغ' } }, price: hkd(0), countries: ['HK', 'MO'], estimatedDays: { min: 1, max: 2 } },
    { id: 'standard', name: 'Standard international', translations: { 'zh-HK': { name: '國際標準郵寄' }, ja: { name: '国際通常配送' }, fr: { name: 'International standard' }, de: { name: 'Standardversand international' }, es: { name: 'Envío internacional estándar' }, 'zh-TW': { name: '國際標準郵寄' }, 'zh-CN': { name: '国际标准邮寄' }, ar: { name: 'الشحن الدولي العادي' } }, price: hkd(6000), estimatedDays: { min: 5, max: 12 } },
    { id: 'express', name: 'Express international', translations: { 'zh-HK': { name: '國際特快' }, ja: { name: '国際速達' }, fr: { name: 'International express' }, de: { name: 'Expressversand international' }, es: { name: 'Envío internacional exprés' }, 'zh-TW': { name: '國際特快' }, 'zh-CN': { name: '国际特快' }, ar: { name: 'الشحن الدولي السريع' } }, price: hkd(18000), countries: ['US', 'GB', 'DE', 'FR', 'JP', 'SG', 'AE', 'CN'], estimatedDays: { min: 2, max: 4 } },
  ],
};

/** The shop's selling rates from HKD (market rate and markup), as `GET /api/fx-rates` serves them. */
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

// ── Pricing, as the proxy prices an order ────────────────────────────────────

/**
 * What the proxy charges, per currency, for each product (by reference) and shipping method
 * (`shipping:<id>`) of the catalog above: the regional price where the catalog sets one, else
 * the HKD price × the served rate (`fxRates`, which already holds the shop's markup), rounded in
 * the currency's minor units (half up). Written down by hand, not computed with the kit's code.
 */
const RECORDED_PRICES: Record<string, Record<string, number>> = {
  HKD: { 'case-iphone16-clear': 19900, 'case-iphone16-leather': 42900, 'case-pixel9-fabric': 27900, 'case-galaxys25-rugged': 34900, 'charger-usbc-30w': 24900, 'shipping:hk-courier': 0, 'shipping:standard': 6000, 'shipping:express': 18000 },
  // × 0.1282: fabric 279 → 35.7678; standard 60 → 7.692; express 180 → 23.076 (the rest regional)
  USD: { 'case-iphone16-clear': 2500, 'case-iphone16-leather': 5500, 'case-pixel9-fabric': 3577, 'case-galaxys25-rugged': 4500, 'charger-usbc-30w': 2999, 'shipping:hk-courier': 0, 'shipping:standard': 769, 'shipping:express': 2308 },
  // × 0.1179: fabric 279 → 32.8941; rugged 349 → 41.1471; charger 249 → 29.3571; 60 → 7.074; 180 → 21.222
  EUR: { 'case-iphone16-clear': 2300, 'case-iphone16-leather': 4990, 'case-pixel9-fabric': 3289, 'case-galaxys25-rugged': 4115, 'charger-usbc-30w': 2936, 'shipping:hk-courier': 0, 'shipping:standard': 707, 'shipping:express': 2122 },
  // × 0.1008: 199 → 20.0592; 429 → 43.2432; 279 → 28.1232; 349 → 35.1792; 60 → 6.048; 180 → 18.144 (charger regional)
  GBP: { 'case-iphone16-clear': 2006, 'case-iphone16-leather': 4324, 'case-pixel9-fabric': 2812, 'case-galaxys25-rugged': 3518, 'charger-usbc-30w': 2499, 'shipping:hk-courier': 0, 'shipping:standard': 605, 'shipping:express': 1814 },
  // × 0.4707: 199 → 93.6693; 429 → 201.9303; 279 → 131.3253; 349 → 164.2743; 249 → 117.2043; 60 → 28.242; 180 → 84.726
  AED: { 'case-iphone16-clear': 9367, 'case-iphone16-leather': 20193, 'case-pixel9-fabric': 13133, 'case-galaxys25-rugged': 16427, 'charger-usbc-30w': 11720, 'shipping:hk-courier': 0, 'shipping:standard': 2824, 'shipping:express': 8473 },
  // × 0.9215: 199 → 183.3785; 429 → 395.3235; 279 → 257.0985; 349 → 321.6035; 249 → 229.4535; 60 → 55.29; 180 → 165.87
  CNY: { 'case-iphone16-clear': 18338, 'case-iphone16-leather': 39532, 'case-pixel9-fabric': 25710, 'case-galaxys25-rugged': 32160, 'charger-usbc-30w': 22945, 'shipping:hk-courier': 0, 'shipping:standard': 5529, 'shipping:express': 16587 },
  // × 19.27, whole yen: 199 → 3,834.73; 429 → 8,266.83; 279 → 5,376.33; 349 → 6,725.23; 60 → 1,156.2; 180 → 3,468.6 (charger regional)
  JPY: { 'case-iphone16-clear': 3835, 'case-iphone16-leather': 8267, 'case-pixel9-fabric': 5376, 'case-galaxys25-rugged': 6725, 'charger-usbc-30w': 4480, 'shipping:hk-courier': 0, 'shipping:standard': 1156, 'shipping:express': 3469 },
  // × 0.1722: 199 → 34.2678; 429 → 73.8738; 279 → 48.0438; 349 → 60.0978; 249 → 42.8778; 60 → 10.332; 180 → 30.996
  SGD: { 'case-iphone16-clear': 3427, 'case-iphone16-leather': 7387, 'case-pixel9-fabric': 4804, 'case-galaxys25-rugged': 6010, 'charger-usbc-30w': 4288, 'shipping:hk-courier': 0, 'shipping:standard': 1033, 'shipping:express': 3100 },
};

const COUPONS: Record<string, number> = { WELCOME10: 10 };

interface OrderBody {
  items?: Array<{ reference: string; quantity: number }>;
  currency: string;
  coupon?: string;
  shippingMethod?: string;
  giftCard?: { amount: number; quantity: number; design: string };
}

function price(order: OrderBody): QuoteResponse['order'] {
  const currency = order.currency as QuoteResponse['order']['currency'];
  if (order.giftCard) {
    // One line, face value × quantity, no tax or shipping.
    const { amount, quantity, design } = order.giftCard;
    const name = catalog.giftCards.designs.find((d) => d.id === design)?.name ?? design;
    const lines = [{ reference: `gift-card-${design}`, name: `Gift card — ${name}`, quantity, unitAmount: amount, amount: amount * quantity }];
    return { currency, lines, subtotal: amount * quantity, discount: 0, shipping: 0, tax: 0, amount: amount * quantity };
  }
  const prices = RECORDED_PRICES[currency] ?? {};
  const lines = (order.items ?? []).flatMap(({ reference, quantity }) => {
    const product = catalog.products.find((p) => p.reference === reference);
    const unitAmount = prices[reference];
    if (!product || unitAmount === undefined) return [];
    return [{ reference, name: product.name, quantity, unitAmount, amount: unitAmount * quantity }];
  });
  const subtotal = lines.reduce((sum, l) => sum + l.amount, 0);
  const percent = order.coupon ? (COUPONS[order.coupon] ?? 0) : 0;
  const discount = Math.round((subtotal * percent) / 100);
  const shipping = (order.shippingMethod && prices[`shipping:${order.shippingMethod}`]) || 0;
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

/** `POST /api/orders/quote`: cart items (with a coupon and shipping) or a gift card. */
function quote(order: OrderBody): Reply {
  if (order.coupon && !COUPONS[order.coupon]) {
    return apiError(400, 'coupon_invalid', { message: 'This coupon does not exist.', fields: [{ path: 'coupon', message: 'unknown coupon' }] });
  }
  const priced = price(order);
  const code = (order as { giftCardCode?: string }).giftCardCode;
  if (!code) return json({ order: priced } satisfies QuoteResponse);
  // With a gift-card code: the demo card pays what its HK$350.00 covers, a spent one nothing, any other code is not a card.
  if (normalized(code) === normalized(GIFT_CARD.empty)) return apiError(409, 'gift_card_empty', { message: 'This gift card has nothing left to spend.', fields: [{ path: 'giftCardCode', message: 'has no balance left' }] });
  if (normalized(code) !== normalized(GIFT_CARD.code) || priced.currency !== 'HKD') return apiError(404, 'gift_card_not_found', { message: 'This is not a gift-card code of this shop.', fields: [{ path: 'giftCardCode', message: 'is not a gift-card code' }] });
  const paid = Math.min(35000, priced.amount);
  return json({ order: { ...priced, amount: priced.amount - paid, giftCard: { last4: GIFT_CARD.code.slice(-4), amount: paid } } } satisfies QuoteResponse);
}

const ORDER_ID = 'ord_storybook0001';
/** The order's payment-detail token, as the proxy hands it to the browser that made the order. */
const ORDER_TOKEN = 'storybook-order-token-0000000000000000000000';

/** `GET /api/payments/:id` with this outcome (a made-up id is not found), plus any fields given. */
export const paymentStatus =
  (outcome: PaymentStatusResponse['outcome'], extra: Partial<PaymentStatusResponse> = {}): Route =>
  ({ path }) => {
    const id = decodeURIComponent(path.split('/api/payments/')[1] ?? '');
    if (!/^(pay|sid|gcp)_\w{20,40}$/.test(id)) return apiError(404, 'payment_not_found', { message: 'No such payment.' });
    const status: PaymentStatusResponse = {
      id,
      status: outcome === 'succeeded' ? 'Captured' : outcome === 'failed' ? 'Declined' : 'Pending',
      approved: outcome === 'succeeded',
      outcome,
      amount: 62300,
      currency: 'HKD',
      orderId: ORDER_ID,
      card: { scheme: 'Visa', last4: '4242' },
      ...extra,
    };
    return json(status);
  };

// ── The login session (demo user kenso / 12345678) ───────────────────────────

const demoUser = { username: 'kenso', name: 'Kenso Lee', email: 'kenso@example.com' };

export const loggedOut: MeResponse = { authenticated: false };
export const loggedIn = { authenticated: true, user: demoUser, csrfToken: 'csrf-demo-token', expiresAt: '2030-01-01T08:00:00.000Z' } satisfies MeResponse;

export const invalidCredentials = apiError(401, 'invalid_credentials', {
  message: 'The username or password is incorrect.',
  fields: [{ path: 'body.password', message: 'The username or password is incorrect.' }],
});

export const tooManyAttempts = apiError(429, 'too_many_attempts', { message: 'Too many login attempts. Try again in 10 minutes.', headers: { 'retry-after': '600' } });

// ── Insurance ────────────────────────────────────────────────────────────────

/** `POST /api/insurance/quotes`: Device Care + theft, 36 years old, yearly, in HKD. */
export function insuranceQuote(overrides: Partial<InsuranceQuoteResponse> = {}): InsuranceQuoteResponse {
  const created = Date.now();
  return {
    id: 'iq_recorded0000000000000000',
    planId: 'device-care',
    planName: 'Device Care',
    currency: 'HKD',
    paymentFrequency: 'annual',
    lines: [
      { kind: 'base', id: 'device-care', label: 'Device Care', amount: 58800 },
      { kind: 'option', id: 'theft', label: 'Theft and loss', amount: 34800 },
      { kind: 'age', id: 'age-36', label: 'Age loading (15%)', amount: 14040 },
      { kind: 'discount', id: 'annual', label: 'One month free for paying yearly', amount: -8970 },
    ],
    amount: 98670,
    age: 36,
    createdAt: new Date(created).toISOString(),
    expiresAt: new Date(created + 30 * 60 * 1000).toISOString(),
    status: 'quoted',
    requiresLogin: false,
    ...overrides,
  };
}

/** A filled-in application, as ck-insurance-form keeps it in sessionStorage. */
export function insuranceDraft(step: 'plan' | 'details' | 'coverage' | 'quote', extra: Record<string, unknown> = {}) {
  return {
    step,
    planId: 'device-care',
    applicant: { name: 'Kenso Lee', dateOfBirth: '1990-05-20', email: 'kenso@example.com', phone: '+852 5555 0101', country: 'HK' },
    coverageOptions: ['theft'],
    paymentFrequency: 'annual',
    payMode: 'flow',
    ...(step === 'quote' ? { quote: insuranceQuote() } : {}),
    ...extra,
  };
}

/** Any route while the proxy is down. */
export const unavailable = apiError(503, 'unavailable', { message: 'Service unavailable' });

// ── A shopper account (mei@example.com) and its orders ───────────────────────

const shopperUser = { username: 'mei@example.com', name: 'Mei Chan', email: 'mei@example.com', account: true };
export const shopperLoggedIn = { authenticated: true, user: shopperUser, csrfToken: 'csrf-shopper-token', expiresAt: '2030-01-01T08:00:00.000Z' } satisfies MeResponse;
export const accountProfile: AccountProfile = { email: 'mei@example.com', name: 'Mei Chan', phone: '+852 2345 6789', createdAt: '2026-01-05T09:00:00.000Z' };
export const savedAddresses: SavedAddress[] = [
  { id: 'addr-1', line1: '18 Harbour Road', city: 'Wan Chai', country: 'HK', createdAt: '2026-01-05T09:00:00.000Z' },
  { id: 'addr-2', line1: '1 Raffles Place', city: 'Singapore', zip: '048616', country: 'SG', createdAt: '2026-02-01T09:00:00.000Z' },
];

const STATUSES: AccountOrderSummary['status'][] = ['paid', 'partially_refunded', 'refunded', 'voided', 'pending'];

/** Order `n` (1 = newest) of the recorded history: statuses cycle through every one a shopper can see. */
export function accountOrder(n: number): AccountOrderDetail {
  const status = STATUSES[(n - 1) % STATUSES.length]!;
  const total = 39800 + n * 100;
  // Order 7 was paid partly by gift card (HK$100 of it), and HK$25 of that went back to the card.
  const giftCard = n === 7 ? { last4: 'P3CA', amount: 10000, refunded: 2500 } : undefined;
  const amount = total - (giftCard?.amount ?? 0);
  const day = String(28 - (n % 28)).padStart(2, '0');
  return {
    id: `ORDSTORY${String(n).padStart(15, '0')}`,
    createdAt: `2026-03-${day}T10:00:00.000Z`,
    status,
    currency: 'HKD',
    amount,
    refundedAmount: status === 'refunded' ? amount : status === 'partially_refunded' ? 19900 : 0,
    lines: [
      { reference: 'case-iphone16-clear', name: 'iPhone 16 Clear case', quantity: 2, unitAmount: 19900, amount: 39800 },
      ...(n > 1 ? [{ reference: 'screen-protector', name: 'Screen protector', quantity: 1, unitAmount: n * 100, amount: n * 100 }] : []),
    ],
    reference: `ORDSTORY${String(n).padStart(15, '0')}`,
    ...(status === 'pending' ? {} : { paymentId: `pay_story${String(n).padStart(20, '0')}` }),
    ...(giftCard ? { giftCard } : {}),
    subtotal: total,
    discount: 0,
    shipping: 0,
    tax: 0,
    shippingAddress: { line1: '18 Harbour Road', city: 'Wan Chai', country: 'HK' },
  };
}

/** `GET /api/account/orders?page=`: `total` recorded orders, 10 a page. */
export function accountOrders(total: number): Route {
  return ({ query }) => {
    const page = Number(query.get('page') ?? '1') || 1;
    const orders = Array.from({ length: total }, (_, i) => accountOrder(i + 1)).slice((page - 1) * 10, page * 10);
    return json({
      orders: orders.map(({ subtotal: _s, discount: _d, shipping: _sh, tax: _t, coupon: _c, shippingAddress: _a, billingAddress: _b, ...summary }) => summary),
      page,
      pageSize: 10,
      total,
      pages: Math.ceil(total / 10),
    } satisfies AccountOrdersResponse);
  };
}

/** `GET /api/account/orders/:id`: the recorded order of that id. */
export const accountOrderRoute: Route = ({ path }) => {
  const n = Number(/ORDSTORY(\d+)$/.exec(path)?.[1] ?? 0);
  return n ? json(accountOrder(n)) : apiError(404, 'order_not_found', { message: 'No such order in your account.' });
};

/** The routes of a logged-in shopper account with `orders` orders. */
export const shopperRoutes = (orders = 12): Routes => ({
  'GET /api/auth/me': { body: shopperLoggedIn },
  'GET /api/account': { body: accountProfile },
  'GET /api/account/addresses': { body: { addresses: savedAddresses } },
  'POST /api/account/addresses': ({ body }) => json({ ...(body as object), id: 'addr-new', createdAt: '2026-03-30T10:00:00.000Z' }, 201),
  'GET /api/account/orders': accountOrders(orders),
  'GET /api/account/orders/': accountOrderRoute,
});

const loginRequired = apiError(401, 'login_required', { message: 'Please log in to continue.' });

// ── Gift cards: the balance check and the receipt download ───────────────────

/** The demo gift card of the stories and tests (HK$350.00 left, valid two more years). */
export const GIFT_CARD = { code: '7KQ4-M2XD-9HVT-P3CA', expired: 'EXP1-RED0-CARD-0000', empty: 'SPNT-0000-0000-0000' } as const;

const normalized = (code: unknown) => String(code ?? '').toUpperCase().replace(/[\s-]/g, '');

/** `POST /api/gift-cards/balance`: the demo card, an expired one, a spent one; any other code is not a card. */
export const giftCardBalance: Route = ({ body }) => {
  const code = normalized((body as { code?: string }).code);
  const card = (balance: number, expiresAt: string, expired: boolean): Reply =>
    json({ balance, currency: 'HKD', expiresAt, expired, last4: code.slice(-4) } satisfies GiftCardBalanceResponse);
  if (code === normalized(GIFT_CARD.code)) return card(35000, '2028-12-06T00:00:00.000Z', false);
  if (code === normalized(GIFT_CARD.expired)) return card(12000, '2025-03-31T00:00:00.000Z', true);
  if (code === normalized(GIFT_CARD.empty)) return card(0, '2028-01-15T00:00:00.000Z', false);
  return apiError(404, 'gift_card_not_found', { message: 'This is not a gift-card code of this shop.', fields: [{ path: 'code', message: 'is not a gift-card code' }] });
};

// ── Every route the elements call ────────────────────────────────────────────

export const recordedRoutes: Routes = {
  'GET /api/checkout-config': { body: config },
  'GET /api/catalog': { body: catalog },
  'GET /api/fx-rates': { body: fxRates },
  'POST /api/orders/quote': ({ body }) => quote(body as OrderBody),
  'POST /create-payment-sessions': ({ body }) =>
    json(
      {
        order: { id: ORDER_ID, ...price(body as OrderBody) },
        orderToken: ORDER_TOKEN,
        paymentSession: { id: 'ps_storybook0000000000000000000', payment_session_secret: 'pss_storybook', payment_session_token: 'token' },
      } satisfies PaymentSessionResponse,
      201,
    ),
  'POST /create-hosted-payment': ({ body }) =>
    json({ order: { id: ORDER_ID, ...price(body as OrderBody) }, orderToken: ORDER_TOKEN, hostedPayment: { id: 'hpp_storybook', redirectUrl: '#hosted-payment-page' } } satisfies HostedPaymentResponse, 201),
  'GET /api/payments/': paymentStatus('succeeded'),
  'GET /api/auth/me': { body: loggedOut },
  'POST /api/auth/login': ({ body }) => ((body as { password?: string }).password === '12345678' ? json(loggedIn) : invalidCredentials),
  'POST /api/auth/logout': { status: 204 },
  'POST /api/insurance/quotes': () => json(insuranceQuote(), 201),
  'POST /api/auth/signup': ({ body }) => {
    const { email, name } = body as { email: string; name: string };
    return json({ ...shopperLoggedIn, user: { username: email, name, email, account: true } }, 201);
  },
  'GET /api/account': loginRequired,
  'GET /api/account/addresses': loginRequired,
  'GET /api/account/orders': loginRequired,
  'GET /api/account/orders/': loginRequired,
  'POST /api/gift-cards/balance': giftCardBalance,
  'GET /api/orders/': { status: 200, body: '%PDF-1.3 (a receipt)', headers: { 'content-type': 'application/pdf' } },
};

/** The recorded catalog as the proxy answers when stock runs low: 2 clear cases left, the fabric case sold out (`available`). */
export const lowStockCatalog: CatalogResponse = {
  ...catalog,
  products: catalog.products.map((p) => (p.reference === 'case-iphone16-clear' ? { ...p, available: 2 } : p.reference === 'case-pixel9-fabric' ? { ...p, available: 0 } : p)),
};
