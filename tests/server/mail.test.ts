/**
 * The messages a customer gets (server/mail/): what a confirmation says is what the order is
 * (priced on the server: lines, discount, shipping, tax, total, the payment reference), in the
 * order's locale — all 24, right to left for Arabic — accessible and readable without images,
 * themed with the merchant's name and colour, and with every value a shopper typed escaped.
 * Real orders go through the proxy and are read back from the dev mailbox over SMTP.
 */
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { formatMoney } from '../../contract/money';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import { startDevMailbox, type DevMailbox, type MailboxMessage } from '../../server/mail/dev-mailbox';
import { MAIL_LOCALES } from '../../server/mail/locales';
import { ORDER_TEMPLATES, PAYMENT_FAILED_DELAY_MS, type OrderSnapshot } from '../../server/mail/messages';
import { mailLocale, textOn } from '../../server/mail/render';
import type { OutboxEvent } from '../../server/outbox/store';
import { eventually } from '../helpers/wait';
import { browser, closeDatabases, customer, order, orderIn, payOnEmulator, stack, type Stack } from './helpers';

after(closeDatabases);

const sign = (raw: string) => createHmac('sha256', EMULATOR_KEYS.webhookSecret).update(raw).digest('hex');
let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}`.padEnd(26, '0').slice(0, 26);

function webhook(s: Stack, type: string, data: Record<string, unknown>) {
  const raw = JSON.stringify({ id: `evt_${uniq()}`, type, version: '1.0.29', created_on: new Date().toISOString(), data, _links: {} });
  return s.app.inject({ method: 'POST', url: '/webhooks/checkout', payload: raw, headers: { 'content-type': 'application/json', 'cko-signature': sign(raw) } });
}

async function mailStack(t: TestContext, env: Record<string, string> = {}): Promise<Stack & { box: DevMailbox; clock: { advance(ms: number): void } }> {
  const box = await startDevMailbox();
  t.after(() => box.close());
  let now = Date.now();
  const s = await stack(t, { env: { SMTP_URL: box.smtpUrl, ...env }, build: { outbox: { sweepEvery: 0, clock: () => new Date(now) } } });
  return Object.assign(s, { box, clock: { advance: (ms: number) => void (now += ms) } });
}

async function createOrder(s: Stack, body: Record<string, unknown>) {
  const created = await s.request('POST', '/create-payment-sessions', body);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.order as { id: string; amount: number; currency: string; subtotal: number; discount: number; shipping: number; tax: number; lines: Array<{ name: string; quantity: number; amount: number }> };
}

const mailFor = (s: Stack & { box: DevMailbox }, orderId: string, subject?: RegExp) =>
  eventually(async () => s.box.mailbox.list().find((m) => m.text.includes(orderId) && (!subject || subject.test(m.subject))), `a message about ${orderId}`);

/** The HTML without its markup: what a screen reader or a text-only client reads. */
const visibleText = (html: string) => html.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/[ \t\r\n]+/g, ' ');

function assertWellFormedMail(m: MailboxMessage, lang: string, dir: 'ltr' | 'rtl') {
  assert.ok(m.html, 'an HTML part');
  assert.ok(m.text.trim(), 'a plain-text part');
  assert.match(m.html!, new RegExp(`<html lang="${lang}" dir="${dir}">`));
  assert.match(m.html!, /<h1[^>]*>[^<]+<\/h1>/, 'a real heading');
  assert.doesNotMatch(m.html!, /<img|url\(|<script|<link|background-image/i, 'no images, pixels, scripts or remote resources');
  assert.doesNotMatch(`${m.html}${m.text}`, /undefined|NaN|\[object/);
}

test('the confirmation of a real order says what the order is: its lines, discount, shipping, tax, total and payment reference, in its locale', async (t) => {
  const s = await mailStack(t, { MERCHANT_NAME: 'Harbour & Co', MERCHANT_COLOR: '#0a5c36' });
  const o = await createOrder(s, order({ country: 'GB', shippingAddress: { line1: '10 Downing Street', city: 'London', country: 'GB' }, coupon: 'WELCOME10', shippingMethod: 'express', locale: 'de-DE' }));
  assert.ok(o.discount > 0 && o.shipping > 0 && o.tax > 0, 'an order with every total line');
  const paymentId = `pay_${uniq()}`;
  assert.equal((await webhook(s, 'payment_approved', { id: paymentId, reference: o.id, amount: o.amount, currency: o.currency, status: 'Authorized' })).statusCode, 200);
  await orderIn(s, o.id, 'paid');

  const m = await mailFor(s, o.id);
  assert.deepEqual(m.to, [customer.email]);
  assert.equal(m.language, 'de');
  assert.equal(m.subject, `Harbour & Co: Ihre Bestellung ${o.id} ist bestätigt`);
  assertWellFormedMail(m, 'de', 'ltr');
  const money = (n: number) => formatMoney(n, o.currency, 'de-DE');
  for (const part of [m.text, visibleText(m.html!)]) {
    for (const line of o.lines) {
      assert.ok(part.includes(line.name), line.name);
      assert.ok(part.includes(money(line.amount)), `${line.name}: ${money(line.amount)}`);
    }
    assert.ok(part.includes(`Zwischensumme`) && part.includes(money(o.subtotal)));
    assert.ok(part.includes('Rabatt (WELCOME10)') && part.includes(money(-o.discount)));
    assert.ok(part.includes('Versand') && part.includes(money(o.shipping)));
    assert.ok(part.includes('Steuern') && part.includes(money(o.tax)));
    assert.ok(part.includes('Gesamt') && part.includes(money(o.amount)));
    assert.ok(part.includes(paymentId), 'the payment reference');
    assert.ok(part.includes('Harbour & Co'), 'the merchant name');
  }
  assert.equal(o.subtotal - o.discount + o.shipping + o.tax, o.amount, 'the lines add up to the total shown');
  assert.match(m.html!, /background:#0a5c36;color:#ffffff/, 'the merchant colour, with readable text on it');
  assert.match(m.html!, /<caption[^>]*>Bestellübersicht<\/caption>/);
  assert.match(m.html!, /<th scope="col"/);
  assert.match(m.messageId ?? '', /^<evt_[0-9a-f]{32}\.email@/);
  // No card data at all: the mail never saw the card.
  assert.doesNotMatch(`${m.html}${m.text}`, /4242|card number|cvv/i);
});

test('a shopper name, coupon-free line names and everything typed are escaped: an XSS-shaped name is shown as text, never markup', async (t) => {
  const s = await mailStack(t);
  const name = `<img src=x onerror=alert(1)>"'&</p><script>alert(2)</script>`;
  const o = await createOrder(s, order({ customer: { email: 'x@example.com', name } }));
  assert.equal((await webhook(s, 'payment_approved', { id: `pay_${uniq()}`, reference: o.id, amount: o.amount, currency: o.currency, status: 'Authorized' })).statusCode, 200);
  const m = await mailFor(s, o.id);
  assert.doesNotMatch(m.html!, /<img|<script|onerror=alert\(1\)>/i);
  assert.ok(m.html!.includes('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;&lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;'), 'escaped, whole');
  assert.ok(m.text.includes(name), 'the plain text says it as typed');
  assert.ok(visibleText(m.html!).includes(name), 'and so does the HTML, read as text');
});

test('a declined payment still unpaid after a while: a notice with a way back to the saved cart; a refund: a notice with its amount; both in the order’s locale', async (t) => {
  const s = await mailStack(t);
  const o = await createOrder(s, order({ locale: 'fr-FR' }));
  assert.equal((await webhook(s, 'payment_declined', { id: `pay_${uniq()}`, reference: o.id, amount: o.amount, currency: o.currency, status: 'Declined' })).statusCode, 200);
  await orderIn(s, o.id, 'declined');
  // A second card declined too: still one notice, and not while the shopper may be trying again.
  assert.equal((await webhook(s, 'payment_declined', { id: `pay_${uniq()}`, reference: o.id, amount: o.amount, currency: o.currency, status: 'Declined' })).statusCode, 200);
  s.clock.advance(PAYMENT_FAILED_DELAY_MS - 1_000);
  assert.equal(await s.app.outbox.sweep(), 0);
  s.clock.advance(1_000);
  assert.equal(await s.app.outbox.sweep(), 1);
  const notice = await mailFor(s, o.id, /paiement/);
  assertWellFormedMail(notice, 'fr', 'ltr');
  assert.ok(notice.text.includes(`Votre paiement de ${formatMoney(o.amount, o.currency, 'fr-FR')} a été refusé`));
  const cart = /<a href="([^"]+)"[^>]*>Revenir à votre panier<\/a>/.exec(notice.html!);
  assert.ok(cart, 'a link back to the cart');
  assert.equal(new URL(cart[1]!).pathname, '/omni-cart/cart.html');

  // Another card pays later; then part of it is refunded.
  const paid = `pay_${uniq()}`;
  assert.equal((await webhook(s, 'payment_approved', { id: paid, reference: o.id, amount: o.amount, currency: o.currency, status: 'Authorized' })).statusCode, 200);
  await orderIn(s, o.id, 'paid');
  assert.equal((await webhook(s, 'payment_refunded', { id: paid, reference: o.id, amount: 1000, currency: o.currency, action_id: `act_${uniq()}` })).statusCode, 200);
  await orderIn(s, o.id, 'partially_refunded');
  const refund = await mailFor(s, o.id, /remboursement/);
  assertWellFormedMail(refund, 'fr', 'ltr');
  assert.ok(refund.text.includes(`Nous avons remboursé ${formatMoney(1000, o.currency, 'fr-FR')}`));
  assert.ok(refund.text.includes('Ce remboursement concerne votre commande.'));
  // The message reaches the mailbox a moment before its delivery is recorded as sent.
  await s.app.outbox.idle();
  const types = (await s.app.outbox.store.deliveries({ orderId: o.id })).map((d) => [d.type, d.status]);
  assert.deepEqual(types, [['payment_failed', 'sent'], ['order_paid', 'sent'], ['refund_made', 'sent']]);
});

test('a declined card, then another card pays within the wait: the confirmation only, the failure notice skipped', async (t) => {
  const s = await mailStack(t);
  const o = await createOrder(s, order());
  assert.equal((await webhook(s, 'payment_declined', { id: `pay_${uniq()}`, reference: o.id, amount: o.amount, currency: o.currency, status: 'Declined' })).statusCode, 200);
  await orderIn(s, o.id, 'declined');
  s.clock.advance(60_000);
  assert.equal((await webhook(s, 'payment_approved', { id: `pay_${uniq()}`, reference: o.id, amount: o.amount, currency: o.currency, status: 'Authorized' })).statusCode, 200);
  await mailFor(s, o.id, /confirmed/);
  // Recorded as sent before the clock jumps past its lease (else the sweep would take the attempt over and send it again).
  await s.app.outbox.idle();
  s.clock.advance(PAYMENT_FAILED_DELAY_MS);
  await s.app.outbox.sweep();
  await s.app.outbox.idle();
  assert.deepEqual(s.box.mailbox.list().filter((m) => m.text.includes(o.id)).map((m) => m.subject), [`Harbour Case Co.: your order ${o.id} is confirmed`]);
  assert.deepEqual((await s.app.outbox.store.deliveries({ orderId: o.id })).map((d) => [d.type, d.status]), [['payment_failed', 'skipped'], ['order_paid', 'sent']]);
  assert.match((await s.app.inject({ method: 'GET', url: '/metrics' })).body, /ck_outbox_deliveries_total\{[^}]*type="payment_failed"[^}]*outcome="skipped"[^}]*\} 1/);
});

test('an insurance order paid: the confirmation and the cover confirmation, with the plan and its premium', async (t) => {
  const s = await mailStack(t);
  const quote = await s.app.inject({
    method: 'POST', url: '/api/insurance/quotes', headers: { origin: s.url },
    payload: { planId: 'device-care', coverageOptions: ['theft'], paymentFrequency: 'monthly', currency: 'HKD', applicant: { name: 'Kenso Lee', dateOfBirth: '1990-05-20', email: 'kenso@example.com', phone: '+852 5555 0101', country: 'HK' } },
  });
  assert.equal(quote.statusCode, 201, quote.body);
  const q = quote.json() as { id: string; planName: string; amount: number; currency: string };
  const o = await createOrder(s, { insuranceQuoteId: q.id, currency: 'HKD', country: 'HK', customer: { email: 'kenso@example.com', name: 'Kenso Lee' } });
  const paymentId = `pay_${uniq()}`;
  assert.equal((await webhook(s, 'payment_approved', { id: paymentId, reference: o.id, amount: o.amount, currency: o.currency, status: 'Authorized' })).statusCode, 200);
  const cover = await mailFor(s, o.id, /insurance cover/);
  assertWellFormedMail(cover, 'en', 'ltr');
  assert.deepEqual(cover.to, ['kenso@example.com']);
  assert.ok(cover.text.includes(`We have received your payment for ${q.planName}, and your cover is confirmed.`), cover.text);
  assert.ok(cover.text.includes(`Premium: ${formatMoney(q.amount, q.currency, 'en')}`));
  assert.ok(cover.text.includes(paymentId));
  await mailFor(s, o.id, /is confirmed$/);
  assert.deepEqual((await s.app.outbox.store.deliveries({ orderId: o.id })).map((d) => d.type).sort(), ['insurance_cover_confirmed', 'order_paid']);
});

test('a presale card refused: the order is voided and the shopper told why, in Japanese, with nothing charged', async (t) => {
  const s = await mailStack(t);
  await s.app.db.query('TRUNCATE seat_claims, seat_holds, seat_versions');
  const hold = await s.app.inject({ method: 'POST', url: '/api/seat-holds', headers: { 'x-ck-holder': 'mail-test-holder-0123456789abcdef' }, payload: { eventId: 'harbour-strings-2031', seats: ['STALLS:D:7'] } });
  assert.equal(hold.statusCode, 201, hold.body);
  const created = await s.request('POST', '/create-payment-sessions', { items: [], seatHoldId: hold.json().id, bin: '42424242', currency: 'HKD', country: 'HK', customer, locale: 'ja-JP' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const orderId = created.body.order.id as string;
  // A Mastercard: the hall's presale is for Visa credit cards only.
  const paid = await payOnEmulator(s.emulator.url, created.body.paymentSession.id as string, '5436031030606378');
  assert.equal(paid.status, 'Approved');
  await orderIn(s, orderId, 'voided');
  const m = await mailFor(s, orderId, /キャンセル/);
  assertWellFormedMail(m, 'ja', 'ltr');
  assert.equal(m.subject, `Harbour Case Co.：ご注文（${orderId}）はキャンセルされました`);
  assert.ok(m.text.includes('の先行販売は対象のカードでのみご利用いただけます。そのためお支払いは取り消され、請求は発生していません。'), m.text);
  assert.ok(m.text.includes(paid.id as string));
  const withoutIds = `${m.text}${m.html}`.replaceAll(paid.id as string, '').replaceAll(orderId, '').replace(/evt_[0-9a-f]+/g, '');
  assert.doesNotMatch(withoutIds, /5436|6378/, 'no card number, not even its last four');
  await s.app.outbox.idle();
  assert.deepEqual((await s.app.outbox.store.deliveries({ orderId })).map((d) => [d.type, d.status]), [['order_voided', 'sent']]);
});

test('seats an expired hold lost: the refund notice says which seats and why, with the amount refunded upstream', async (t) => {
  const s = await mailStack(t);
  await s.app.db.query('TRUNCATE seat_claims, seat_holds, seat_versions');
  const hall = 'harbour-strings-2031';
  const h = await browser(s.app).hold(hall, ['STALLS:A:3', 'STALLS:N:5']);
  assert.equal(h.statusCode, 201, h.body);
  const created = await s.request('POST', '/create-payment-sessions', { items: [], seatHoldId: h.json().id, bin: '42424242', currency: 'HKD', country: 'HK', customer });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const orderId = created.body.order.id as string;
  // The hold expires and another buyer takes one of its seats before the payment completes.
  const realNow = s.app.seatHolds.now;
  s.app.seatHolds.now = () => realNow() + 5 * 60_000 + 1_000;
  try {
    assert.equal((await browser(s.app, '192.0.2.9').hold(hall, ['STALLS:N:5'])).statusCode, 201);
  } finally {
    s.app.seatHolds.now = realNow;
  }
  const paid = await payOnEmulator(s.emulator.url, created.body.paymentSession.id as string);
  assert.equal(paid.status, 'Approved');
  const order = await orderIn(s, orderId, 'partially_refunded');
  const m = await mailFor(s, orderId, /a refund/);
  assertWellFormedMail(m, 'en', 'ltr');
  assert.ok(m.text.includes(`We have refunded ${formatMoney(order.refunded_amount, 'HKD', 'en')} to the card you paid with.`), m.text);
  assert.ok(m.text.includes('This refund is for seats your order could not keep (STALLS:N:5): your hold on them expired before the payment, and another buyer took them.'), m.text);
  const confirmation = await mailFor(s, orderId, /is confirmed$/);
  assert.ok(confirmation.text.includes(paid.id as string));
});

/** A made-up order with every kind of total line, for rendering each message in each locale. */
const snapshot = (locale: string): OrderSnapshot => ({
  id: 'ord_locales', locale, email: 'a@example.com', name: 'Ana Wong', currency: 'HKD', amount: 125_000, subtotal: 120_000, discount: 12_000,
  shipping: 18_000, tax: -1_000, coupon: 'WELCOME10', lines: [{ name: 'Clear case', quantity: 2, amount: 120_000 }],
});
const event = (type: string, payload: Record<string, unknown>): OutboxEvent => ({ id: 'evt_x', type, key: type, order_id: null, payload, deliver_after: new Date(), created_at: new Date() });
const PAYLOADS = (locale: string): Record<string, Record<string, unknown>> => ({
  order_paid: { order: snapshot(locale), paymentId: 'pay_x' },
  payment_failed: { order: snapshot(locale), paymentId: 'pay_x', cartUrl: 'https://shop.example/cart' },
  refund_made: { order: snapshot(locale), paymentId: 'pay_x', amount: 6_000, currency: 'HKD', reason: 'seats_lost', seats: ['STALLS:N:3'] },
  order_voided: { order: snapshot(locale), paymentId: 'pay_x', presaleEvent: 'Harbour Lights Live' },
  insurance_cover_confirmed: { order: snapshot(locale), paymentId: 'pay_x', planName: 'Phone cover Plus', premium: { amount: 9_900, currency: 'HKD' } },
});

test('every message in each of the 24 locales: translated sentences (not English), lang and dir, right to left for Arabic, money in the locale', () => {
  assert.equal(Object.keys(MAIL_LOCALES).length, 24);
  const theme = { merchantName: 'Harbour Case Co.', color: '#1d3f8f' };
  const english = Object.fromEntries(Object.entries(PAYLOADS('en')).map(([type, p]) => [type, ORDER_TEMPLATES[type]!(event(type, p), theme)!]));
  for (const locale of Object.keys(MAIL_LOCALES)) {
    const loc = mailLocale(locale);
    assert.equal(loc.locale, locale);
    const dir = locale === 'ar' ? 'rtl' : 'ltr';
    for (const [type, payload] of Object.entries(PAYLOADS(locale))) {
      const m = ORDER_TEMPLATES[type]!(event(type, payload), theme)!;
      const where = `${type} in ${locale}`;
      assert.match(m.html, new RegExp(`<html lang="${locale}" dir="${dir}">`), where);
      assert.match(m.html, new RegExp(`role="article"[^>]*lang="${locale}" dir="${dir}"`), where);
      assert.doesNotMatch(`${m.subject}${m.html}${m.text}`, /undefined|NaN|\[object/, where);
      assert.ok(m.subject.includes('Harbour Case Co.'), where);
      if (locale !== 'en') {
        assert.notEqual(m.subject, english[type]!.subject, `${where}: subject translated`);
        const heading = /<h1[^>]*>([^<]+)<\/h1>/.exec(m.html)![1];
        assert.notEqual(heading, /<h1[^>]*>([^<]+)<\/h1>/.exec(english[type]!.html)![1], `${where}: heading translated`);
      }
      // The amount each message is about (a voided order was charged nothing: it names the order).
      const amount = { refund_made: 6_000, insurance_cover_confirmed: 9_900, order_voided: undefined }[type as 'refund_made'] ?? 125_000;
      const said = type === 'order_voided' ? 'ord_locales' : formatMoney(amount, 'HKD', locale);
      assert.ok(m.text.includes(said) && m.html.includes(said), `${where}: ${said} in both parts`);
    }
  }
  // Every string of every locale is there and differs from English where English would be wrong.
  for (const [locale, strings] of Object.entries(MAIL_LOCALES)) {
    for (const [key, value] of Object.entries(strings)) {
      const s = typeof value === 'function' ? (value as (...a: unknown[]) => string)('X', 'Y') : value;
      assert.ok(typeof s === 'string' && s.trim().length > 0, `${locale}.${key}`);
    }
  }
});

test('a tag the kit does not ship falls back sensibly: pt-BR → pt, zh-Hant-HK → zh-HK, nonsense → English; money keeps the region', () => {
  assert.equal(mailLocale('pt-BR').locale, 'pt');
  assert.equal(mailLocale('pt-BR').format, 'pt-BR');
  assert.equal(mailLocale('zh-Hant-HK').locale, 'zh-HK');
  assert.equal(mailLocale('<script>').locale, 'en');
  assert.equal(mailLocale(null).locale, 'en');
  assert.equal(mailLocale('ar-EG').dir, 'rtl');
});

test('the merchant colour always gets readable text: white on dark, black on light', () => {
  assert.equal(textOn('#1d3f8f'), '#ffffff');
  assert.equal(textOn('#ffd400'), '#111111');
  assert.equal(textOn('#ffffff'), '#111111');
});

test('refund, void and insurance messages say what they are for: the seats lost, the presale, the plan', () => {
  const theme = { merchantName: 'Shop', color: '#000000' };
  const p = PAYLOADS('en');
  const refund = ORDER_TEMPLATES.refund_made!(event('refund_made', p.refund_made!), theme)!;
  assert.ok(refund.text.includes('This refund is for seats your order could not keep (STALLS:N:3): your hold on them expired before the payment, and another buyer took them.'));
  assert.ok(refund.text.includes('HK$60.00'));
  const voided = ORDER_TEMPLATES.order_voided!(event('order_voided', p.order_voided!), theme)!;
  assert.ok(voided.text.includes('Harbour Lights Live is in presale for eligible cards only, so your payment was cancelled and nothing was charged.'));
  const cover = ORDER_TEMPLATES.insurance_cover_confirmed!(event('insurance_cover_confirmed', p.insurance_cover_confirmed!), theme)!;
  assert.ok(cover.text.includes('We have received your payment for Phone cover Plus, and your cover is confirmed.'));
  assert.ok(cover.text.includes('Premium: HK$99.00'));
  // No recipient, no message (the outbox dead-letters it rather than guessing).
  assert.equal(ORDER_TEMPLATES.order_paid!(event('order_paid', { order: { ...snapshot('en'), email: null }, paymentId: 'pay_x' }), theme), undefined);
});

test('the dev mailbox never exists in production: no SMTP_URL there means mail waits in the outbox, not a local mailbox', async () => {
  const { loadConfig } = await import('../../server/config');
  assert.equal(loadConfig({}).mail.devMailbox, true, 'sandbox without SMTP_URL: the dev mailbox');
  assert.equal(loadConfig({ SMTP_URL: 'smtp://mail.example:587' }).mail.devMailbox, false);
  assert.equal(loadConfig({ NODE_ENV: 'production' }).mail.devMailbox, false);
  const live = loadConfig({
    CKO_ENVIRONMENT: 'production', CKO_SECRET_KEY: 'sk_abcdefghijklmnopqrstuvwxyz234567', CKO_PUBLIC_KEY: 'pk_abcdefghijklmnopqrstuvwxyz234567',
    SESSION_SECRET: 'a-session-secret-of-at-least-32-characters', CATALOG_FILE: 'x.json', USERS_FILE: 'none', ALLOWED_ORIGINS: 'https://shop.example', PUBLIC_BASE_URL: 'https://pay.shop.example', RESULT_PAGES_URL: 'https://shop.example',
    GIFT_CARD_SECRET: 'a-gift-card-secret-of-at-least-32-characters',
  });
  assert.equal(live.mail.devMailbox, false);
  assert.equal(live.mail.from, 'orders@pay.shop.example');
  assert.throws(() => loadConfig({ SMTP_URL: 'http://mail.example' }), /SMTP_URL must be an smtp/);
  assert.throws(() => loadConfig({ MERCHANT_COLOR: 'red;background:url(x)' }), /MERCHANT_COLOR/);
  assert.throws(() => loadConfig({ MAIL_FROM: 'a@b.c\r\nBcc: x@y.z' }), /MAIL_FROM/);
});

test('the dev mailbox on the emulator: newest first, subjects escaped, each HTML body served sandboxed', async (t) => {
  const { buildEmulator } = await import('../../server/emulator/app');
  const box = await startDevMailbox();
  t.after(() => box.close());
  const emulator = await buildEmulator({ mailbox: box.mailbox });
  t.after(() => emulator.close());
  const nodemailer = (await import('nodemailer')).default;
  const transport = nodemailer.createTransport({ url: box.smtpUrl } as Parameters<typeof nodemailer.createTransport>[0]);
  t.after(() => transport.close());
  await transport.sendMail({ from: 'shop@example.com', to: 'a@example.com', subject: 'first', text: 'one', html: '<p>one</p>' });
  await transport.sendMail({ from: 'shop@example.com', to: 'b@example.com', subject: '<script>alert(1)</script>', text: 'two', html: '<p>two</p><script>alert(2)</script>' });
  const list = (await emulator.inject({ method: 'GET', url: '/mailbox/messages' })).json() as { messages: MailboxMessage[] };
  assert.deepEqual(list.messages.map((m) => m.text.trim()), ['two', 'one']);
  assert.deepEqual(((await emulator.inject({ method: 'GET', url: '/mailbox/messages?to=a@example.com' })).json() as { messages: MailboxMessage[] }).messages.map((m) => m.subject), ['first']);
  const page = await emulator.inject({ method: 'GET', url: '/mailbox' });
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.doesNotMatch(page.body, /<script>alert/);
  const html = await emulator.inject({ method: 'GET', url: `/mailbox/messages/${list.messages[0]!.id}/html` });
  assert.match(String(html.headers['content-security-policy']), /^sandbox; default-src 'none'/);
  // Without a mailbox the emulator has no such route.
  const bare = await buildEmulator();
  t.after(() => bare.close());
  assert.equal((await bare.inject({ method: 'GET', url: '/mailbox/messages' })).statusCode, 404);
});
