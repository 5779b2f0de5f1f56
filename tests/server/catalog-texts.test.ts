/**
 * Every catalog text a shopper reads follows their language: seat price categories, gift-card
 * designs and shipping methods carry translations, and the lines the proxy prices name them in
 * the order's locale (the base name when the catalog has none for it).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, closeDatabases, customer, orderIn, payOnEmulator, proxyOnly, settle, stack } from './helpers';

after(() => closeDatabases());

const GALA = 'harbour-gala-2031'; // on general sale, Kowloon Recital Hall: rows A–D Premium, E–J Standard

type Line = { reference: string; name: string };

test('a quote names its seat and gift-card lines in Japanese, and in the base names for a language the catalog lacks', async (t) => {
  const app = await proxyOnly(t);
  const shopper = browser(app);
  const hold = await shopper.hold(GALA, ['STALLS:A:1', 'STALLS:A:2', 'STALLS:E:1']);
  assert.equal(hold.statusCode, 201, hold.body);
  const seatHoldId = (hold.json() as { id: string }).id;
  const giftCard = { design: 'harbour-night', amount: 50000, recipientName: 'Aoi', recipientEmail: 'aoi@example.com', senderName: 'Jordan' };
  const quote = async (locale: string) => {
    const res = await shopper.inject({ method: 'POST', url: '/api/orders/quote', payload: { items: [], seatHoldId, giftCard, currency: 'HKD', country: 'HK', customer, locale } });
    assert.equal(res.statusCode, 200, res.body);
    const lines = (res.json() as { order: { lines: Line[] } }).order.lines;
    return Object.fromEntries(lines.map((l) => [l.reference, l.name]));
  };

  const ja = await quote('ja-JP');
  assert.equal(ja[`${GALA}:premium`], 'Harbour Strings ニューイヤー・ガラ — S席');
  assert.equal(ja[`${GALA}:standard`], 'Harbour Strings ニューイヤー・ガラ — A席');
  assert.equal(ja['giftcard-harbour-night'], 'ギフトカード「夜の港」');

  // Korean: the catalog has no Korean names, so the seats and the design read their base (English) names.
  const ko = await quote('ko');
  assert.equal(ko[`${GALA}:premium`], 'Harbour Strings — new-year gala — Premium');
  assert.equal(ko[`${GALA}:standard`], 'Harbour Strings — new-year gala — Standard');
  assert.equal(ko['giftcard-harbour-night'], '기프트 카드 — Harbour at night');
  // A language the proxy has no words in either: English throughout.
  const pl = await quote('pl');
  assert.equal(pl[`${GALA}:premium`], 'Harbour Strings — new-year gala — Premium');
  assert.equal(pl['giftcard-harbour-night'], 'Gift card — Harbour at night');

  // Macau Traditional Chinese reads the Hong Kong names.
  const mo = await quote('zh-Hant-MO');
  assert.match(mo[`${GALA}:standard`]!, /標準座位$/);
  assert.equal(mo['giftcard-harbour-night'], '禮品卡（維港夜色）');
});

test('GET /api/catalog and the venue layout carry the names of events, seat categories, gift-card designs, insurance plans and shipping methods in every demo language', async (t) => {
  const app = await proxyOnly(t);
  type Named = { id: string; name: string; translations?: Record<string, { name?: string }> };
  const catalog = (await app.inject({ method: 'GET', url: '/api/catalog' })).json() as {
    events: Array<Named & { categories: Named[] }>;
    insurancePlans: Array<Named & { coverageOptions: Named[] }>;
    giftCards: { designs: Named[] };
    shippingMethods: Named[];
  };
  const layout = (await app.inject({ method: 'GET', url: `/api/events/${GALA}/venue` })).json() as { categories: Named[] };
  const languages = ['fr', 'de', 'es', 'ja', 'zh-HK', 'zh-TW', 'zh-CN', 'ar'];
  const entries = [...catalog.events, ...catalog.events.flatMap((e) => e.categories), ...catalog.insurancePlans, ...catalog.insurancePlans.flatMap((p) => p.coverageOptions), ...catalog.giftCards.designs, ...catalog.shippingMethods, ...layout.categories];
  assert.ok(entries.length > 10);
  for (const entry of entries) {
    for (const language of languages) {
      assert.ok(entry.translations?.[language]?.name, `${entry.id} has no name in ${language}`);
    }
  }
  assert.equal(layout.categories.find((c) => c.id === 'value')?.translations?.ja?.name, 'B席');
});

test('a venue layout carries the venue\'s name, its stage\'s label and its sections\' names in other languages', async (t) => {
  const app = await proxyOnly(t);
  type Layout = { name: string; translations?: Record<string, { name?: string; stage?: string }>; sections: Array<{ id: string; name: string; translations?: Record<string, { name?: string }> }> };
  const hall = (await app.inject({ method: 'GET', url: `/api/events/${GALA}/venue` })).json() as Layout;
  assert.deepEqual(hall.translations?.ja, { name: '九龍リサイタルホール', stage: 'ステージ' });
  assert.deepEqual(hall.sections.map((s) => [s.name, s.translations?.ja?.name, s.translations?.['zh-HK']?.name]), [['Stalls', '1階席', '正座']]);
  const arena = (await app.inject({ method: 'GET', url: '/api/events/skyline-live-2031/venue' })).json() as Layout;
  const lower3 = arena.sections.find((s) => s.name === 'Lower 3');
  assert.equal(lower3?.translations?.ja?.name, '1階スタンド 3');
  assert.equal(lower3?.translations?.ar?.name, 'المدرج السفلي 3');
  assert.equal(arena.sections.find((s) => s.id === 'FLOOR')?.translations?.de?.name, 'Innenraum');
  for (const section of arena.sections) assert.equal(Object.keys(section.translations ?? {}).length, 8, section.name);
});

test('an insurance line is named in the order’s language: its plan’s translation, its months through Intl', async (t) => {
  const app = await proxyOnly(t);
  const named = async (paymentFrequency: string, locale: string) => {
    const quote = await app.inject({
      method: 'POST',
      url: '/api/insurance/quotes',
      headers: { origin: 'http://localhost:4242' },
      payload: { planId: 'device-care', coverageOptions: ['theft'], paymentFrequency, applicant: { name: 'Aoi Sato', dateOfBirth: '1990-05-20', email: 'aoi@example.com', phone: '+852 5555 0101', country: 'HK' }, currency: 'HKD' },
    });
    assert.equal(quote.statusCode, 201, quote.body);
    const res = await app.inject({ method: 'POST', url: '/api/orders/quote', payload: { insuranceQuoteId: (quote.json() as { id: string }).id, currency: 'HKD', country: 'HK', customer, locale } });
    assert.equal(res.statusCode, 200, res.body);
    return (res.json() as { order: { lines: Line[] } }).order.lines[0]!.name;
  };
  assert.equal(await named('annual', 'ja'), '端末補償 (12 か月)');
  assert.equal(await named('monthly', 'zh-HK'), '裝置保障 (1 個月)');
  // Korean: no Korean name in the catalog, the months in Korean; Polish: English throughout.
  assert.equal(await named('annual', 'ko'), 'Device Care (12개월)');
  assert.equal(await named('monthly', 'pl'), 'Device Care (1 month)');
});

test('a presale order voided for its card tells a Japanese shopper which event in Japanese', async (t) => {
  const s = await stack(t, { build: { upstreamActions: { sweepEvery: 0, retryBaseMs: 0 } } });
  await s.app.db.query('TRUNCATE seat_claims, seat_holds, seat_versions');
  // The chamber night is in its Visa-credit presale; a Mastercard pays, and the proxy voids it.
  const hold = await s.app.inject({ method: 'POST', url: '/api/seat-holds', headers: { 'x-ck-holder': 'catalog-texts-0123456789abcdef' }, payload: { eventId: 'harbour-strings-2031', seats: ['STALLS:B:3'] } });
  assert.equal(hold.statusCode, 201, hold.body);
  const created = await s.request('POST', '/create-payment-sessions', { items: [], seatHoldId: hold.json().id, bin: '42424242', currency: 'HKD', country: 'HK', customer, locale: 'ja-JP' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const paid = await payOnEmulator(s.emulator.url, created.body.paymentSession.id as string, '5436031030606378');
  await orderIn(s, created.body.order.id as string, 'voided');
  await settle(s);
  const result = await s.request('GET', `/api/payments/${paid.id as string}`, undefined, { 'x-ck-order-token': created.body.orderToken as string });
  assert.equal(result.status, 200);
  assert.deepEqual([result.body.voided?.reason, result.body.voided?.eventName], ['presale_card_ineligible', 'Harbour Strings 室内楽の夕べ']);
  assert.equal((await s.app.orders.get(created.body.order.id as string))?.card_rule?.eventName, 'Harbour Strings 室内楽の夕べ', 'the mail about it names it so too');
});
