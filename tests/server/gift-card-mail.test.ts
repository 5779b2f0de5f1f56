/**
 * What the mail says after a payment, wired across features: the order confirmation carries its
 * PDF receipt (server/receipts/) in the order's locale; a gift card reaches its recipient on its
 * delivery date with its code (opened at send time: the outbox only ever holds it sealed), the
 * sender's message escaped, and the buyer gets a copy at payment with no code. Real orders are
 * paid on the emulator and read back from the dev mailbox over SMTP; the outbox clock is injected.
 */
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { formatMoney } from '../../contract/money';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import { codeKeys, newCode, normaliseCode, openCode, sealCode } from '../../server/gift-cards/codes';
import { GIFT_CARD_DELIVERY, GIFT_CARD_ISSUED, giftCardTemplates } from '../../server/gift-cards/mail';
import { MAIL_LOCALES } from '../../server/mail/locales';
import type { OutboxEvent } from '../../server/outbox/store';
import { startDevMailbox, type DevMailbox } from '../../server/mail/dev-mailbox';
import { pdfText } from '../helpers/pdf-text';
import { eventually } from '../helpers/wait';
import { closeDatabases, customer, order, orderIn, payOnEmulator, stack, type Stack } from './helpers';

after(closeDatabases);

const DAY_MS = 24 * 3_600_000;

async function mailStack(t: TestContext): Promise<Stack & { box: DevMailbox; clock: { advance(ms: number): void } }> {
  const box = await startDevMailbox();
  t.after(() => box.close());
  let now = Date.now();
  const s = await stack(t, {
    env: { SMTP_URL: box.smtpUrl },
    build: {
      outbox: { sweepEvery: 0, clock: () => new Date(now) },
      // These tests are about mail, not upstream timeouts: a busy machine must not turn a slow emulator answer into a 504.
      checkoutClient: { readTimeoutMs: 10_000, writeTimeoutMs: 10_000, retryBaseMs: 10, breakerCooldownMs: 300 },
    },
  });
  return Object.assign(s, { box, clock: { advance: (ms: number) => void (now += ms) } });
}

async function pay(s: Stack, body: Record<string, unknown>) {
  const res = await s.request('POST', '/create-payment-sessions', body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const paid = await payOnEmulator(s.emulator.url, res.body.paymentSession.id);
  assert.equal(paid.status, 'Approved');
  await orderIn(s, res.body.order.id, 'paid');
  return { ...(res.body.order as { id: string; amount: number; currency: string }), paymentId: paid.id as string };
}

/** A signed Checkout.com webhook, as the emulator sends them. */
function webhook(s: Stack, type: string, data: Record<string, unknown>) {
  const raw = JSON.stringify({ id: `evt_${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`, type, version: '1.0.29', created_on: new Date().toISOString(), data, _links: {} });
  const signature = createHmac('sha256', EMULATOR_KEYS.webhookSecret).update(raw).digest('hex');
  return s.app.inject({ method: 'POST', url: '/webhooks/checkout', payload: raw, headers: { 'content-type': 'application/json', 'cko-signature': signature } });
}

const inbox = (s: Stack & { box: DevMailbox }, to: string) => s.box.mailbox.list().filter((m) => m.to.includes(to));

/** The HTML read as text (what a screen reader or a text-only client reads). */
const visibleText = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/[ \t\r\n]+/g, ' ');

test('the order confirmation carries the PDF receipt, in the order’s locale, whose total is the order’s', async (t) => {
  const s = await mailStack(t);
  const o = await pay(s, order({ locale: 'de-DE', coupon: 'WELCOME10' }));
  const m = await eventually(async () => inbox(s, customer.email).find((x) => x.text.includes(o.id)), 'the confirmation');
  assert.equal(m.language, 'de');
  assert.deepEqual(m.attachments.map((a) => [a.filename, a.contentType]), [[`receipt-${o.id}.pdf`, 'application/pdf']]);
  const pdf = s.box.mailbox.attachment(m.id, 0)!;
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const { runs } = pdfText(pdf);
  assert.ok(runs.includes(o.id), 'the order number');
  assert.equal(runs[runs.indexOf('Gesamt') + 1], formatMoney(o.amount, o.currency, 'de-u-nu-latn'), runs.join(' | '));
});

test('a gift card reaches its recipient on its delivery date with its code and the sender’s message escaped; the buyer’s copy at payment has no code; the outbox never holds the plain code', async (t) => {
  const s = await mailStack(t);
  const tomorrow = new Date(Date.now() + DAY_MS).toISOString().slice(0, 10);
  const message = `<img src=x onerror=alert(1)>Happy birthday & "more"</p><script>alert(2)</script>`;
  const o = await pay(s, {
    items: [],
    giftCard: { design: 'harbour-night', amount: 50000, quantity: 1, recipientName: 'Mei Chan', recipientEmail: 'mei.chan@example.com', senderName: 'Jordan <b>Lee</b>', message, deliveryDate: tomorrow },
    currency: 'HKD',
    country: 'HK',
    locale: 'fr-FR',
    customer,
  });
  const [card] = await s.app.giftCards.issuedBy(o.id);
  assert.ok(card);
  const code = s.app.giftCards.revealCode(card);
  const spellings = [code, normaliseCode(code)!];
  const money = formatMoney(50000, 'HKD', 'fr-FR');

  // At payment: the buyer's copy (no code), nothing to the recipient yet.
  const copy = await eventually(async () => inbox(s, customer.email).find((m) => /carte cadeau/.test(m.subject)), 'the buyer’s copy');
  assert.equal(copy.language, 'fr');
  assert.equal(copy.subject, 'Harbour Case Co. : votre carte cadeau pour Mei Chan');
  for (const part of [copy.text, visibleText(copy.html!)]) {
    assert.ok(!spellings.some((c) => part.includes(c)), 'no code in the buyer’s copy');
    assert.ok(part.includes(`Carte cadeau se terminant par ${card.last4}`), 'its last four');
    assert.ok(part.includes(money) && part.includes('Mei Chan <mei.chan@example.com>'), 'the amount and the recipient');
    assert.ok(part.includes(new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${tomorrow}T00:00:00Z`))), 'the delivery date');
  }
  await s.app.outbox.idle();
  assert.equal(await s.app.outbox.sweep(), 0, 'the recipient’s message is not due before its date');
  assert.deepEqual(inbox(s, 'mei.chan@example.com'), []);
  assert.equal((await s.app.giftCards.issuedBy(o.id))[0]!.delivered_at, null);

  // The outbox holds the code sealed at most, never in the clear.
  const stored = JSON.stringify((await s.app.db.query('SELECT * FROM outbox_events WHERE order_id = $1', [o.id])).rows);
  assert.ok(stored.includes('gift_card_delivery'));
  assert.ok(!spellings.some((c) => stored.includes(c)), 'no plain code in outbox_events');

  // Its day comes: the recipient's message, once, with the code the database reveals.
  s.clock.advance(DAY_MS);
  assert.equal(await s.app.outbox.sweep(), 1);
  const gift = await eventually(async () => inbox(s, 'mei.chan@example.com')[0], 'the recipient’s message');
  assert.equal(gift.language, 'fr');
  assert.match(gift.html!, /<html lang="fr" dir="ltr">/);
  assert.match(gift.html!, /<h1[^>]*>Vous avez reçu une carte cadeau<\/h1>/);
  assert.doesNotMatch(gift.html!, /<img|<script|<b>|onerror=alert\(1\)>|url\(/i, 'nothing the sender typed is markup; no images or pixels');
  assert.ok(gift.html!.includes('&lt;img src=x onerror=alert(1)&gt;Happy birthday &amp; &quot;more&quot;&lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;'), 'the message escaped, whole');
  for (const part of [gift.text, visibleText(gift.html!)]) {
    assert.ok(part.includes(code), 'the code');
    assert.ok(part.includes(money), 'the amount');
    assert.ok(part.includes(message), 'the sender’s message, as typed');
    assert.ok(part.includes('Jordan <b>Lee</b>'), 'the sender’s name, as typed');
    assert.ok(part.includes(new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(card.expires_at))), 'the expiry');
  }
  await s.app.outbox.idle();
  assert.ok((await s.app.giftCards.issuedBy(o.id))[0]!.delivered_at, 'the card is marked delivered');
  s.clock.advance(DAY_MS);
  assert.equal(await s.app.outbox.sweep(), 0);
  assert.equal(inbox(s, 'mei.chan@example.com').length, 1, 'sent once');
  const types = (await s.app.outbox.store.deliveries({ orderId: o.id })).map((d) => [d.type, d.status]).sort();
  assert.deepEqual(types, [['gift_card_delivery', 'sent'], ['gift_card_issued', 'sent'], ['order_paid', 'sent']]);
});

test('a gift card with no delivery date goes to its recipient at payment; one voided before its date is never sent', async (t) => {
  const s = await mailStack(t);
  const buy = (extra: Record<string, unknown>) =>
    pay(s, { items: [], giftCard: { design: 'minimal', amount: 20000, recipientName: 'Ana Silva', recipientEmail: 'ana@example.com', senderName: 'Jordan', ...extra }, currency: 'HKD', country: 'HK', customer });
  const now = await buy({});
  const [card] = await s.app.giftCards.issuedBy(now.id);
  const gift = await eventually(async () => inbox(s, 'ana@example.com')[0], 'the recipient’s message');
  assert.equal(gift.language, 'en');
  assert.ok(gift.text.includes(s.app.giftCards.revealCode(card!)));

  const later = await buy({ deliveryDate: new Date(Date.now() + 3 * DAY_MS).toISOString().slice(0, 10), recipientEmail: 'later@example.com' });
  // Checkout.com voids the payment before the delivery date: the card can no longer be spent, nor sent.
  assert.equal((await webhook(s, 'payment_voided', { id: later.paymentId, reference: later.id, amount: later.amount, currency: later.currency })).statusCode, 200);
  await orderIn(s, later.id, 'voided');
  await s.app.outbox.idle();
  s.clock.advance(4 * DAY_MS);
  await s.app.outbox.sweep();
  const deliveries = await s.app.outbox.store.deliveries({ orderId: later.id });
  assert.equal(deliveries.find((d) => d.type === 'gift_card_delivery')?.status, 'skipped');
  assert.deepEqual(inbox(s, 'later@example.com'), []);
});

test('both gift-card messages in each of the 24 locales: translated, lang and dir (right to left for Arabic), the amount in the locale; the code in the recipient’s only', () => {
  const keys = codeKeys('a-test-secret-of-at-least-32-characters!');
  const code = newCode();
  const templates = giftCardTemplates((sealed) => openCode(keys, sealed));
  const theme = { merchantName: 'Harbour Case Co.', color: '#1d3f8f' };
  const card = { cardId: 'gc_x', last4: code.slice(-4), amount: 50_000, currency: 'HKD', expiresAt: '2028-12-06T00:00:00.000Z', recipientName: 'Mei Chan', recipientEmail: 'mei@example.com', senderName: 'Jordan', message: 'Happy birthday!', deliverOn: '2026-12-24' };
  const event = (type: string, payload: Record<string, unknown>): OutboxEvent => ({ id: 'evt_x', type, key: type, order_id: null, payload, deliver_after: new Date(), created_at: new Date() });
  const render = (locale: string) => ({
    gift: templates[GIFT_CARD_DELIVERY](event(GIFT_CARD_DELIVERY, { locale, card, codeSealed: sealCode(keys, code) }), theme)!,
    copy: templates[GIFT_CARD_ISSUED](event(GIFT_CARD_ISSUED, { locale, orderId: 'ORD_X', buyerEmail: 'jordan@example.com', buyerName: 'Jordan', cards: [card] }), theme)!,
  });
  const english = render('en');
  assert.deepEqual([english.gift.to, english.copy.to], ['mei@example.com', 'jordan@example.com']);
  for (const locale of Object.keys(MAIL_LOCALES)) {
    const dir = locale === 'ar' ? 'rtl' : 'ltr';
    const said = formatMoney(50_000, 'HKD', locale);
    for (const [kind, m] of Object.entries(render(locale))) {
      const where = `${kind} in ${locale}`;
      assert.match(m.html, new RegExp(`<html lang="${locale}" dir="${dir}">`), where);
      assert.doesNotMatch(`${m.subject}${m.html}${m.text}`, /undefined|NaN|\[object|<img/, where);
      assert.ok(m.subject.includes('Harbour Case Co.'), where);
      assert.ok(m.text.includes(said) && m.html.includes(said), `${where}: ${said}`);
      assert.equal(m.text.includes(code), kind === 'gift', `${where}: the code only in the recipient’s message`);
      if (locale !== 'en') {
        const inEnglish = english[kind as 'gift'];
        assert.notEqual(m.subject, inEnglish.subject, `${where}: subject translated`);
        assert.notEqual(/<h1[^>]*>([^<]+)<\/h1>/.exec(m.html)![1], /<h1[^>]*>([^<]+)<\/h1>/.exec(inEnglish.html)![1], `${where}: heading translated`);
      }
    }
  }
});
