import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CHECKOUT_LOCALES, checkoutLocale } from '../../contract/checkout-locale';
import { closestLocale, localizedText } from '../../contract/locales';
import { DEMO_CATALOG_FILE, loadCatalog, parseCatalog } from '../../server/catalog';
import { fallbackTable } from '../../server/catalog/fx';
import { priceOrder, type ParsedOrder } from '../../server/orders/pricing';
import { orderRequestSchema } from '../../contract/api';
import { order, proxyOnly } from './helpers';

test('checkoutLocale: any shopper tag → the nearest locale Checkout.com accepts', () => {
  const table: Array<[string | undefined, string]> = [
    [undefined, 'en-GB'],
    ['', 'en-GB'],
    ['not a tag!', 'en-GB'],
    ['x'.repeat(35), 'en-GB'],
    ['__proto__', 'en-GB'],
    ['en', 'en-GB'],
    ['en-US', 'en-GB'],
    ['fr', 'fr-FR'],
    ['fr-CA', 'fr-FR'],
    ['de-AT', 'de-DE'],
    ['es-MX', 'es-ES'],
    ['pt-BR', 'pt-PT'],
    ['pt', 'pt-PT'],
    ['nb', 'nb-NO'],
    ['no', 'nb-NO'],
    ['nn', 'nb-NO'],
    ['tl', 'fil-PH'],
    ['fil', 'fil-PH'],
    ['in', 'id-ID'],
    ['ms', 'ms-MY'],
    ['el', 'el'],
    ['el-CY', 'el'],
    ['ar', 'ar'],
    ['ar-EG', 'ar'],
    ['ja', 'ja-JP'],
    ['ko', 'ko-KR'],
    ['hi', 'hi-IN'],
    ['th', 'th-TH'],
    ['vi', 'vi-VN'],
    ['sv-FI', 'sv-SE'],
    ['da', 'da-DK'],
    ['fi', 'fi-FI'],
    ['it-CH', 'it-IT'],
    ['nl-BE', 'nl-NL'],
    ['zh', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['zh-Hans-HK', 'zh-CN'],
    ['zh-HK', 'zh-HK'],
    ['zh-MO', 'zh-HK'],
    ['yue', 'zh-HK'],
    ['zh-TW', 'zh-TW'],
    ['zh-Hant', 'zh-TW'],
    ['pl-PL', 'en-GB'],
  ];
  for (const [tag, expected] of table) assert.equal(checkoutLocale(tag), expected, String(tag));
  // Each of Checkout.com's own locales maps to itself.
  for (const locale of CHECKOUT_LOCALES) assert.equal(checkoutLocale(locale), locale);
});

test('closestLocale: same language and script; exact, then region (or Chinese variant), then the bare language', () => {
  const available = ['fr', 'fr-CA', 'pt', 'zh-HK', 'zh-TW', 'zh-CN', 'nb', 'sr-Latn'];
  const table: Array<[string, string | undefined]> = [
    ['fr-CA', 'fr-CA'],
    ['fr-FR', 'fr'],
    ['fr-BE', 'fr'],
    ['pt-BR', 'pt'],
    ['zh-MO', 'zh-HK'],
    ['zh-Hant', 'zh-TW'],
    ['zh-SG', 'zh-CN'],
    ['no', 'nb'],
    ['sr-Latn-RS', 'sr-Latn'],
    ['sr-Cyrl', undefined],
    ['de', undefined],
    ['garbage!', undefined],
  ];
  for (const [wanted, expected] of table) assert.equal(closestLocale(available, wanted), expected, wanted);
});

test('localizedText: the translation for the reader, the base text when none suits or it is empty', () => {
  const entry = { name: 'Clear case', translations: { fr: { name: 'Coque transparente' }, 'zh-HK': { name: '' }, ja: {} } };
  assert.equal(localizedText(entry, 'name', 'fr-CA'), 'Coque transparente');
  assert.equal(localizedText(entry, 'name', 'zh-HK'), 'Clear case');
  assert.equal(localizedText(entry, 'name', 'ja'), 'Clear case');
  assert.equal(localizedText(entry, 'name', 'de'), 'Clear case');
  assert.equal(localizedText(entry, 'name', undefined), 'Clear case');
  assert.equal(localizedText({ name: 'Plain' }, 'name', 'fr'), 'Plain');
});

const catalog = loadCatalog();
const parse = (o: Record<string, unknown>) =>
  orderRequestSchema.parse({ currency: 'HKD', country: 'HK', customer: { email: 'a@example.com', name: 'A' }, ...o }) as ParsedOrder;
const price = (o: Record<string, unknown>) => priceOrder(parse(o), { catalog, fx: fallbackTable(), now: Date.parse('2026-03-01T00:00:00Z') });

test('priced lines are named in the order’s language, from the catalog’s translations', async () => {
  const items = [{ reference: 'case-iphone16-clear', quantity: 1 }, { reference: 'charger-usbc-30w', quantity: 1 }];
  const named = async (locale?: string) => (await price({ items, ...(locale ? { locale } : {}) })).lines.map((l) => l.name);
  assert.deepEqual(await named('fr-CA'), ['Coque transparente pour iPhone 16', '30 W USB-C charger'], 'untranslated products keep their own name');
  assert.deepEqual(await named('zh-Hant-HK'), ['iPhone 16 透明保護殼', '30 W USB-C charger']);
  assert.deepEqual(await named('pl'), ['iPhone 16 Clear case', '30 W USB-C charger']);
  assert.deepEqual(await named(), ['iPhone 16 Clear case', '30 W USB-C charger']);
  // Amounts never depend on the language.
  assert.deepEqual((await price({ items, locale: 'ja' })).amount, (await price({ items })).amount);
});

test('the merchant catalog refuses translations keyed by something that is no language, or with texts it does not know', () => {
  const raw = JSON.parse(readFileSync(DEMO_CATALOG_FILE, 'utf8'));
  const withProduct = (translations: unknown) => ({ ...raw, products: [{ ...raw.products[0], translations }, ...raw.products.slice(1)] });
  assert.throws(() => parseCatalog(withProduct({ 'not a tag': { name: 'x' } })), /BCP 47/);
  // A "__proto__" key never reaches the catalog (nor any prototype).
  const polluted = parseCatalog(withProduct(JSON.parse('{"__proto__": {"name": "x"}, "fr": {"name": "Coque"}}')));
  assert.deepEqual(Object.keys(polluted.data.products[0]!.translations!), ['fr']);
  assert.equal(({} as { name?: string }).name, undefined);
  assert.throws(() => parseCatalog(withProduct({ fr: { price: 1 } })));
  assert.throws(() => parseCatalog(withProduct({ fr: { name: 'x'.repeat(201) } })));
  assert.doesNotThrow(() => parseCatalog(withProduct({ 'fr-CA': { description: 'Seulement la description' } })));
});

test('GET /api/catalog carries the translations; a quote in French names its lines in French', async (t) => {
  const app = await proxyOnly(t);
  const catalogRes = await app.inject({ method: 'GET', url: '/api/catalog' });
  assert.equal(catalogRes.statusCode, 200);
  const product = (catalogRes.json() as { products: Array<{ reference: string; translations?: Record<string, { name?: string }> }> }).products.find(
    (p) => p.reference === 'case-iphone16-clear',
  );
  assert.equal(product?.translations?.fr?.name, 'Coque transparente pour iPhone 16');
  assert.equal(product?.translations?.['zh-HK']?.name, 'iPhone 16 透明保護殼');

  const quote = await app.inject({ method: 'POST', url: '/api/orders/quote', payload: order({ locale: 'fr-FR' }) });
  assert.equal(quote.statusCode, 200, quote.body);
  assert.equal((quote.json() as { order: { lines: Array<{ name: string }> } }).order.lines[0]!.name, 'Coque transparente pour iPhone 16');
});

test('a locale no shopper speaks is priced like no locale, never an error', async (t) => {
  const app = await proxyOnly(t);
  for (const locale of ['__proto__', 'constructor', 'x-private', '12345', 'ab-!!', 'zh-Hant-'.padEnd(35, 'x')]) {
    const res = await app.inject({ method: 'POST', url: '/api/orders/quote', payload: order({ locale }) });
    assert.equal(res.statusCode, 200, `${locale}: ${res.body}`);
    assert.equal((res.json() as { order: { lines: Array<{ name: string }> } }).order.lines[0]!.name, 'iPhone 16 Clear case', locale);
  }
  const long = await app.inject({ method: 'POST', url: '/api/orders/quote', payload: order({ locale: 'x'.repeat(36) }) });
  assert.equal(long.statusCode, 400, 'the request schema still bounds it');
});
