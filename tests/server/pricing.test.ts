import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertMinor } from '../../contract/money';
import { loadCatalog } from '../../server/catalog';
import { fallbackTable, FxService, type FxTable } from '../../server/catalog/fx';
import { HttpError } from '../../server/errors';
import { priceOrder, type ParsedOrder, type PricingExtensions } from '../../server/orders/pricing';
import { orderRequestSchema } from '../../contract/api';

const catalog = loadCatalog();
// Rates per euro for these tests; the demo catalog adds a 1.5 % markup to every conversion from
// its base currency (HKD). Expected prices below are worked by hand from these figures.
const fx: FxTable = { base: 'EUR', rates: { EUR: 1, USD: 1.1, HKD: 8.8, JPY: 160, GBP: 0.85, CNY: 8, SGD: 1.45, AED: 4.04 }, date: '2026-01-02', source: 'test', fetchedAt: new Date(0).toISOString(), fallback: false };
const NOW = Date.parse('2026-03-01T00:00:00Z');

const parse = (o: Record<string, unknown>) =>
  orderRequestSchema.parse({ currency: 'HKD', country: 'HK', customer: { email: 'a@example.com', name: 'A' }, ...o }) as ParsedOrder;
const price = (o: Record<string, unknown>, extensions?: PricingExtensions) => priceOrder(parse(o), { catalog, fx, now: NOW, extensions });

async function rejects(promise: Promise<unknown>, status: number, code: string, path?: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof HttpError, String(error));
    assert.equal(error.statusCode, status);
    assert.equal(error.code, code);
    if (path) assert.ok(error.fields?.some((f) => f.path === path), JSON.stringify(error.fields));
    return true;
  });
}

test('base-currency order: catalog prices, free HK courier, no HK tax, no FX', async () => {
  const q = await price({ items: [{ reference: 'case-iphone16-leather', quantity: 1 }, { reference: 'charger-usbc-30w', quantity: 2 }] });
  // HK$429.00 + 2 × HK$249.00 = HK$927.00
  assert.deepEqual(q.lines.map((l) => [l.reference, l.unitAmount, l.amount]), [['case-iphone16-leather', 42900, 42900], ['charger-usbc-30w', 24900, 49800]]);
  assert.equal(q.subtotal, 92700);
  assert.equal(q.shipping, 0);
  assert.equal(q.shippingMethod, 'hk-courier');
  assert.equal(q.tax, 0);
  assert.equal(q.amount, 92700);
  assert.equal(q.fx, undefined);
});

test('worked examples: a HK$129.00 screen protector (no regional prices) in every currency, converted with the markup', async () => {
  // price = 129 × (rate of the currency ÷ 8.8 HKD) × 1.015, rounded in the currency's minor units
  const table: Array<[string, string, number]> = [
    ['HKD', 'HK', 12900], // the base price itself
    ['USD', 'US', 1637], //  129 × 1.1 / 8.8 = 16.125;      × 1.015 = 16.366875 → $16.37
    ['EUR', 'DE', 1488], //  129 × 1 / 8.8 = 14.659090…;    × 1.015 = 14.878977… → €14.88
    ['GBP', 'GB', 1265], //  129 × 0.85 / 8.8 = 12.460227…; × 1.015 = 12.647130… → £12.65
    ['JPY', 'JP', 2381], //  129 × 160 / 8.8 = 2,345.4545…; × 1.015 = 2,380.636… → ¥2,381 (no minor unit)
    ['CNY', 'CN', 11903], // 129 × 8 / 8.8 = 117.272727…;   × 1.015 = 119.031818… → ¥119.03
    ['SGD', 'SG', 2157], //  129 × 1.45 / 8.8 = 21.255681…; × 1.015 = 21.574517… → S$21.57
    ['AED', 'AE', 6011], //  129 × 4.04 / 8.8 = 59.222727…; × 1.015 = 60.111068… → AED 60.11
  ];
  for (const [currency, country, unit] of table) {
    const q = await price({ currency, country, items: [{ reference: 'screen-glass-iphone16', quantity: 2 }] });
    assert.deepEqual([q.lines[0]!.unitAmount, q.lines[0]!.amount, q.subtotal], [unit, 2 * unit, 2 * unit], currency);
  }
});

test('regional prices override conversion; other lines convert with markup and record the FX', async () => {
  const q = await price({ currency: 'USD', country: 'US', items: [{ reference: 'case-iphone16-clear', quantity: 1 }, { reference: 'case-pixel9-fabric', quantity: 1 }] });
  assert.equal(q.lines[0]!.unitAmount, 2500); // the catalog's regional USD price
  // HK$279.00 × 1.1 / 8.8 = 34.875; × 1.015 = 35.398125 → $35.40
  assert.equal(q.lines[1]!.unitAmount, 3540);
  // The rate recorded: 1.1 / 8.8 × 1.015 = 0.126875
  assert.deepEqual(q.fx, { rate: 0.126875, date: '2026-01-02', source: 'test' });
  // The cheapest method serving the US: standard, HK$60.00 × 0.126875 = 7.6125 → $7.61 (express: HK$180.00 → $22.84)
  assert.equal(q.shippingMethod, 'standard');
  assert.equal(q.shipping, 761);
  assert.equal(q.tax, 0, 'no US tax in the catalog');
  assert.equal(q.amount, 2500 + 3540 + 761);
});

test('JPY rounds to whole yen; tax on goods and shipping', async () => {
  const q = await price({ currency: 'JPY', country: 'JP', items: [{ reference: 'case-pixel9-fabric', quantity: 3 }] });
  // HK$279.00 × 160 / 8.8 = 5,072.7272…; × 1.015 = 5,148.818… → ¥5,149 (whole yen)
  assert.deepEqual([q.lines[0]!.unitAmount, q.lines[0]!.amount], [5149, 15447]);
  // Standard shipping: HK$60.00 × 160 / 8.8 × 1.015 = 1,107.27… → ¥1,107
  assert.deepEqual([q.shippingMethod, q.shipping], ['standard', 1107]);
  // 10 % consumption tax on goods and shipping: (15,447 + 1,107) × 10 % = 1,655.4 → ¥1,655
  assert.equal(q.taxRate, 10);
  assert.equal(q.tax, 1655);
  assert.equal(q.amount, 15447 + 1107 + 1655);
});

test('KWD (three decimals) converts and rounds in its minor units', () => {
  const table = { base: 'EUR', rates: { HKD: 8.8, KWD: 0.33 } };
  // HK$199.00 → 7.4625 KWD → 7.463 (half away from zero at the third decimal)
  assert.equal(convertMinor(19900, 'HKD', 'KWD', table), 7463);
  assert.equal(convertMinor(1, 'HKD', 'KWD', table), 0);
});

test('VAT on discounted goods and shipping, coupon percent and fixed, free shipping', async () => {
  const gb = await price({ currency: 'GBP', country: 'GB', coupon: 'welcome10', items: [{ reference: 'charger-usbc-30w', quantity: 2 }] });
  // 2 × £24.99 (regional) = £49.98; WELCOME10: 10 % = £4.998 → £5.00
  assert.deepEqual([gb.lines[0]!.unitAmount, gb.subtotal, gb.coupon, gb.discount], [2499, 4998, 'WELCOME10', 500]);
  // Standard shipping: HK$60.00 × 0.85 / 8.8 × 1.015 = 5.8823… → £5.88
  assert.equal(gb.shipping, 588);
  // VAT 20 % on the discounted goods and shipping: (4,998 − 500 + 588) × 20 % = 1,017.2 → £10.17
  assert.equal(gb.tax, 1017);
  assert.equal(gb.amount, 6103); // 4,998 − 500 + 588 + 1,017

  // SAVE100: HK$100.00 off 2 × HK$429.00 = HK$858.00 (over its HK$500.00 minimum) → HK$758.00
  const save = await price({ coupon: 'SAVE100', items: [{ reference: 'case-iphone16-leather', quantity: 2 }] });
  assert.deepEqual([save.subtotal, save.discount, save.amount], [85800, 10000, 75800]);
  // FREESHIP: the $7.61 standard shipping is waived
  const ship = await price({ currency: 'USD', country: 'US', coupon: 'FREESHIP', items: [{ reference: 'case-iphone16-clear', quantity: 1 }] });
  assert.deepEqual([ship.shipping, ship.amount], [0, 2500]);
});

test('coupons: unknown, expired, wrong currency, minimum not reached, gift cards only', async () => {
  const items = [{ reference: 'case-iphone16-clear', quantity: 1 }];
  await rejects(price({ items, coupon: 'NOPE' }), 400, 'coupon_invalid', 'coupon');
  await rejects(price({ items, coupon: 'SUMMER2024' }), 400, 'coupon_expired', 'coupon');
  await rejects(price({ items, coupon: 'USA15' }), 400, 'coupon_currency', 'coupon');
  await rejects(price({ items, coupon: 'SAVE100' }), 400, 'coupon_min_subtotal', 'coupon');
  const giftCard = { design: 'lantern', amount: 50000, recipientName: 'B', recipientEmail: 'b@example.com', senderName: 'A' };
  await rejects(price({ giftCard, coupon: 'WELCOME10' }), 400, 'coupon_not_applicable', 'coupon');
});

test('unknown products and bad gift cards are 400 with a field path each', async () => {
  await rejects(price({ items: [{ reference: 'case-iphone16-clear', quantity: 1 }, { reference: 'nope', quantity: 1 }] }), 400, 'invalid_order', 'items.1.reference');
  const giftCard = { design: 'lantern', amount: 500, recipientName: 'B', recipientEmail: 'b@example.com', senderName: 'A' };
  await rejects(price({ giftCard }), 400, 'invalid_order', 'giftCard.amount');
  await rejects(price({ giftCard: { ...giftCard, amount: 50000, design: 'gold' } }), 400, 'invalid_order', 'giftCard.design');
  await rejects(price({ giftCard: { ...giftCard, amount: 50000, quantity: 11 } }), 400, 'invalid_order', 'giftCard.quantity');
  const ok = await price({ giftCard: { ...giftCard, amount: 50000, quantity: 2 } });
  assert.equal(ok.amount, 100000); // 2 × HK$500.00, untaxed, nothing to ship
  assert.equal(ok.shippingMethod, undefined); // nothing to ship
});

test('shipping: unknown method, a method that does not serve the country', async () => {
  const items = [{ reference: 'case-iphone16-clear', quantity: 1 }];
  await rejects(price({ items, shippingMethod: 'teleport' }), 400, 'invalid_order', 'shippingMethod');
  await rejects(price({ items, shippingMethod: 'hk-courier', country: 'GB' }), 400, 'invalid_order', 'shippingMethod');
});

test('seat holds and insurance quotes plug in through extensions; presale is reported', async () => {
  const extensions: PricingExtensions = {
    seatHolds: {
      get: async (id) =>
        id === 'hold-1'
          ? { id, eventId: 'harbour-strings-2031', seats: [{ seatId: 'STALLS:A:1', categoryId: 'premium' }, { seatId: 'STALLS:A:2', categoryId: 'premium' }], expiresAt: NOW + 60_000 }
          : id === 'hold-old'
            ? { id, eventId: 'harbour-strings-2031', seats: [], expiresAt: NOW - 1 }
            : undefined,
    },
    insuranceQuotes: { get: async (id) => (id === 'iq-1' ? { id, planId: 'event-refund', name: 'Ticket refund protection', premium: { amount: 3900, currency: 'HKD' }, expiresAt: NOW + 60_000 } : undefined) },
  };
  const q = await price({ seatHoldId: 'hold-1', insuranceQuoteId: 'iq-1' }, extensions);
  assert.equal(q.subtotal, 179900); // 2 premium seats × HK$880.00 + the HK$39.00 premium
  assert.equal(q.presale?.eventId, 'harbour-strings-2031');
  await rejects(price({ seatHoldId: 'hold-old' }, extensions), 409, 'seat_hold_expired', 'seatHoldId');
  await rejects(price({ seatHoldId: 'nope' }, extensions), 400, 'invalid_order', 'seatHoldId');
  await rejects(price({ seatHoldId: 'hold-1' }), 400, 'invalid_order', 'seatHoldId'); // no seat-hold service yet
});

test('FX: fixer-compatible source cached for its TTL; dated fallback when unreachable', async () => {
  let calls = 0;
  let now = 0;
  const ok = new FxService({
    url: 'https://rates.example/latest',
    ttlMs: 1000,
    now: () => now,
    fetch: async () => {
      calls++;
      return new Response(JSON.stringify({ success: true, base: 'EUR', date: '2026-02-01', rates: fx.rates }));
    },
  });
  const first = await ok.current();
  await ok.current();
  assert.equal(calls, 1);
  assert.equal(first.source, 'rates.example');
  now = 2000;
  await ok.current();
  assert.equal(calls, 2);

  const down = new FxService({ url: 'https://rates.example/latest', fetch: async () => { throw new Error('offline'); } });
  const table = await down.current();
  assert.equal(table.fallback, true);
  assert.equal(table.date, fallbackTable().date);
  assert.match(table.source, /fallback/);
});

test('the catalog file is validated: a broken catalog stops start with the path', async () => {
  const { parseCatalog } = await import('../../server/catalog');
  assert.throws(() => parseCatalog({ ...catalog.data, products: [{ ...catalog.data.products[0], price: { amount: 1, currency: 'USD' } }] }), /products\.0\.price\.currency/);
  assert.throws(() => parseCatalog({ ...catalog.data, events: [{ ...catalog.data.events[0], venueId: 'nowhere' }] }), /unknown venue/);
});
