import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertMinor } from '../../contract/money';
import { loadCatalog } from '../../server/catalog';
import { fallbackTable, FxService, pricingRates, type FxTable } from '../../server/fx';
import { HttpError } from '../../server/errors';
import { priceOrder, type ParsedOrder, type PricingExtensions } from '../../server/pricing';
import { orderRequestSchema } from '../../contract/api';

const catalog = loadCatalog();
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
  assert.equal(q.subtotal, 42900 + 2 * 24900);
  assert.equal(q.shipping, 0);
  assert.equal(q.shippingMethod, 'hk-courier');
  assert.equal(q.tax, 0);
  assert.equal(q.amount, q.subtotal);
  assert.equal(q.fx, undefined);
});

test('regional prices override conversion; other lines convert with markup and record the FX', async () => {
  const q = await price({ currency: 'USD', country: 'US', items: [{ reference: 'case-iphone16-clear', quantity: 1 }, { reference: 'case-pixel9-fabric', quantity: 1 }] });
  assert.equal(q.lines[0]!.unitAmount, 2500); // regional USD price
  const rate = (1.1 / 8.8) * 1.015;
  assert.equal(q.lines[1]!.unitAmount, convertMinor(27900, 'HKD', 'USD', { base: 'HKD', rates: { USD: rate } }));
  assert.deepEqual(q.fx, { rate: Number(rate.toPrecision(10)), date: '2026-01-02', source: 'test' });
  assert.equal(q.shippingMethod, 'standard'); // cheapest serving the US
});

test('JPY rounds to whole yen; the same rule as contract/money', async () => {
  const q = await price({ currency: 'JPY', country: 'JP', items: [{ reference: 'case-pixel9-fabric', quantity: 3 }] });
  const unit = q.lines[0]!.unitAmount;
  assert.ok(Number.isInteger(unit));
  assert.equal(unit, convertMinor(27900, 'HKD', 'JPY', pricingRates(fx, 'HKD', 'JPY', 1.5)));
  assert.equal(q.lines[0]!.amount, unit * 3);
  assert.equal(q.taxRate, 10);
  assert.equal(q.tax, Math.round(((unit * 3 + q.shipping) * 10) / 100));
});

test('KWD (three decimals) converts and rounds in its minor units', () => {
  const table = { base: 'EUR', rates: { HKD: 8.8, KWD: 0.33 } };
  // HK$199.00 → 7.4625 KWD → 7.463 (half away from zero at the third decimal)
  assert.equal(convertMinor(19900, 'HKD', 'KWD', table), 7463);
  assert.equal(convertMinor(1, 'HKD', 'KWD', table), 0);
});

test('VAT on discounted goods and shipping, coupon percent and fixed, free shipping', async () => {
  const gb = await price({ currency: 'GBP', country: 'GB', coupon: 'welcome10', items: [{ reference: 'charger-usbc-30w', quantity: 2 }] });
  assert.equal(gb.lines[0]!.unitAmount, 2499);
  assert.equal(gb.coupon, 'WELCOME10');
  assert.equal(gb.discount, Math.round(4998 * 0.1));
  assert.equal(gb.tax, Math.round(((4998 - gb.discount + gb.shipping) * 20) / 100));
  assert.equal(gb.amount, 4998 - gb.discount + gb.shipping + gb.tax);

  const save = await price({ coupon: 'SAVE100', items: [{ reference: 'case-iphone16-leather', quantity: 2 }] });
  assert.equal(save.discount, 10000);
  const ship = await price({ currency: 'USD', country: 'US', coupon: 'FREESHIP', items: [{ reference: 'case-iphone16-clear', quantity: 1 }] });
  assert.equal(ship.shipping, 0);
});

test('coupons: unknown, expired, wrong currency, minimum not reached, gift cards only', async () => {
  const items = [{ reference: 'case-iphone16-clear', quantity: 1 }];
  await rejects(price({ items, coupon: 'NOPE' }), 400, 'coupon_invalid', 'coupon');
  await rejects(price({ items, coupon: 'SUMMER2024' }), 400, 'coupon_expired', 'coupon');
  await rejects(price({ items, coupon: 'USA15' }), 400, 'coupon_not_applicable', 'coupon');
  await rejects(price({ items, coupon: 'SAVE100' }), 400, 'coupon_not_applicable', 'coupon');
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
  assert.equal(ok.amount, 100000);
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
  assert.equal(q.subtotal, 2 * 88000 + 3900);
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
