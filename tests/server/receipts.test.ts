/**
 * PDF receipts: one per paid order, drawn from the stored order (lines, coupon, shipping, tax,
 * total, what a gift card paid and what the card paid), in the reader's language with fonts for
 * Chinese, Japanese and Arabic (right to left), downloadable only by the browser that made the
 * order (its order token, as for the payment's details). The text is read back out of the PDF
 * the route sends (tests/helpers/pdf-text.ts: content streams decoded through the fonts'
 * ToUnicode maps), so the totals are proven as a PDF viewer would copy them.
 */
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { formatMoney } from '../../contract/money';
import { pdfText } from '../helpers/pdf-text';
import { closeDatabases, customer, orderIn, payOnEmulator, shippingAddress, stack, type Stack } from './helpers';

type Json = Record<string, any>;

after(() => closeDatabases());

// WELCOME10 is for a customer's first order only: each order here is a new customer's.
let customers = 0;
const caseOrder = (extra: Json = {}): Json => ({ items: [{ reference: 'case-iphone16-clear', quantity: 3 }], currency: 'HKD', country: 'HK', customer: { ...customer, email: `receipt-${++customers}@example.com` }, shippingAddress, coupon: 'WELCOME10', ...extra });

async function paidOrder(s: Stack, extra: Json = {}) {
  const res = await s.request('POST', '/create-payment-sessions', caseOrder(extra));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const paid = await payOnEmulator(s.emulator.url, res.body.paymentSession.id);
  assert.equal(paid.status, 'Approved');
  await orderIn(s, res.body.order.id, 'paid');
  return { id: res.body.order.id as string, token: res.body.orderToken as string, order: res.body.order as Json, paymentId: paid.id as string };
}

const download = (s: Stack, id: string, headers: Record<string, string> = {}, query = '') =>
  s.app.inject({ method: 'GET', url: `/api/orders/${id}/receipt.pdf${query}`, headers });

async function receiptStack(t: TestContext, build: Json = {}) {
  const s = await stack(t, { build });
  await s.app.db.query('DELETE FROM gift_card_guess_failures');
  return s;
}

test('the shopper downloads the receipt of a paid order: a PDF whose text has every line, the coupon, the total, what the gift card and the card paid', async (t) => {
  const s = await receiptStack(t);
  // A gift card pays part of it.
  const gift = await s.request('POST', '/create-payment-sessions', { items: [], giftCard: { design: 'minimal', amount: 12300, recipientName: 'Mei Chan', recipientEmail: 'mei@example.com', senderName: 'Jordan' }, currency: 'HKD', country: 'HK', customer: { email: 'gift.buyer@example.com', name: 'Sam Gift' } });
  await payOnEmulator(s.emulator.url, gift.body.paymentSession.id);
  await orderIn(s, gift.body.order.id, 'paid');
  const card = (await s.app.giftCards.issuedBy(gift.body.order.id))[0]!;
  const code = s.app.giftCards.revealCode(card);

  const o = await paidOrder(s, { giftCardCode: code });
  const res = await download(s, o.id, { 'x-ck-order-token': o.token });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/pdf');
  assert.match(String(res.headers['content-disposition']), new RegExp(`attachment; filename="receipt-${o.id}.pdf"`));
  assert.equal(res.headers['cache-control'], 'no-store');
  const pdf = res.rawPayload;
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');

  const { runs } = pdfText(pdf);
  const money = (n: number) => formatMoney(n, 'HKD', 'en');
  const total = o.order.subtotal - o.order.discount + o.order.shipping + o.order.tax;
  assert.equal(o.order.subtotal, 3 * 19900);
  assert.ok(o.order.discount > 0);
  const after = (label: string) => runs[runs.indexOf(label) + 1];
  assert.ok(runs.includes('Receipt') && runs.includes('Harbour Case Co.'), runs.join(' | '));
  assert.equal(after('Order number'), o.id);
  assert.equal(after(`${o.order.lines[0].name} × 3`), money(3 * 19900), runs.join(' | '));
  assert.equal(after('Subtotal'), money(o.order.subtotal));
  assert.equal(after('Discount (WELCOME10)'), money(-o.order.discount));
  assert.equal(after('Shipping'), o.order.shipping ? money(o.order.shipping) : 'Free');
  assert.equal(after('Total'), money(total));
  assert.equal(after(`Gift card ending ${card.last4}`), money(12300));
  assert.equal(after('Paid by card'), money(total - 12300));
  assert.equal(after('Payment reference'), o.paymentId);
  assert.ok(!runs.some((r) => r.includes(code)), 'the gift-card code is not on the receipt');
});

test('a receipt reads in the shopper’s language: Japanese and Chinese in their Noto CJK faces, Arabic in Noto Sans Arabic laid out right to left', async (t) => {
  const s = await receiptStack(t);
  const o = await paidOrder(s);
  const total = formatMoney(o.order.amount, 'HKD', 'en');

  const ja = pdfText((await download(s, o.id, { 'x-ck-order-token': o.token }, '?lang=ja')).rawPayload);
  assert.ok(ja.fonts.some((f) => f.endsWith('NotoSansCJKjp-Regular')), ja.fonts.join());
  assert.ok(ja.runs.includes('領収書') && ja.runs.includes('合計'), ja.runs.join(' | '));
  assert.equal(ja.runs[ja.runs.indexOf('合計') + 1], total);

  const hk = pdfText((await download(s, o.id, { 'x-ck-order-token': o.token }, '?lang=zh-HK')).rawPayload);
  assert.ok(hk.fonts.some((f) => f.endsWith('NotoSansCJKhk-Regular')), hk.fonts.join());
  assert.ok(hk.runs.includes('收據'), hk.runs.join(' | '));

  const ar = pdfText((await download(s, o.id, { 'x-ck-order-token': o.token }, '?lang=ar')).rawPayload);
  assert.ok(ar.fonts.some((f) => f.endsWith('NotoSansArabic-Regular')), ar.fonts.join());
  // Right to left: the order number's label on the right, its value on the left; amounts on the left.
  const id = ar.placed.find((p) => p.text === o.id)!;
  const label = ar.placed[ar.placed.indexOf(id) - 1]!;
  assert.ok(label.x > 300 && id.x < 100, JSON.stringify([label, id]));
  const amount = ar.placed.find((p) => p.text === '538.00 HK$' || p.text.includes('HK$'))!;
  assert.ok(amount.x < 100, JSON.stringify(amount));
});

test('without the Noto fonts the receipt still renders in the built-in font, and the proxy warns at start', async (t) => {
  const s = await receiptStack(t, { receiptFontDirs: ['/nonexistent-font-dir'], logger: undefined });
  assert.ok(s.logs.some((l) => l.includes('receipt_fonts_missing')), 'a warning at start');
  const o = await paidOrder(s);
  const res = await download(s, o.id, { 'x-ck-order-token': o.token }, '?lang=ja');
  assert.equal(res.statusCode, 200);
  const { runs, fonts } = pdfText(res.rawPayload);
  assert.deepEqual([...new Set(fonts)].sort(), ['Helvetica', 'Helvetica-Bold']);
  assert.ok(runs.includes(formatMoney(o.order.amount, 'HKD', 'ja-u-nu-latn')), runs.join(' | '));
});

test('attacks: no token, another order’s token, a made-up token, a token in the URL, an order not paid — no receipt', async (t) => {
  const s = await receiptStack(t);
  const mine = await paidOrder(s);
  const other = await paidOrder(s, { coupon: undefined });
  const none = await download(s, mine.id);
  assert.deepEqual([none.statusCode, none.json().error.code], [401, 'order_token_required']);
  const crossed = await download(s, mine.id, { 'x-ck-order-token': other.token });
  assert.deepEqual([crossed.statusCode, crossed.json().error.code], [404, 'receipt_not_found']);
  const madeUp = await download(s, mine.id, { 'x-ck-order-token': 'x'.repeat(43) });
  assert.equal(madeUp.statusCode, 404);
  const unknown = await download(s, 'ORD00000000000000000000', { 'x-ck-order-token': mine.token });
  assert.equal(unknown.statusCode, 404, 'an unknown order reads like someone else’s');
  const inUrl = await download(s, mine.id, {}, `?token=${mine.token}`);
  assert.equal(inUrl.statusCode, 400, 'the token never travels in a URL');
  const encoded = await s.app.inject({ method: 'GET', url: `/api/orders/${mine.id.toLowerCase()}/receipt.pdf`, headers: { 'x-ck-order-token': mine.token } });
  assert.equal(encoded.statusCode, 400);

  const pending = await s.request('POST', '/create-payment-sessions', caseOrder({ coupon: undefined }));
  const unpaid = await download(s, pending.body.order.id, { 'x-ck-order-token': pending.body.orderToken });
  assert.deepEqual([unpaid.statusCode, unpaid.json().error.code], [409, 'order_not_paid']);
});

test('letters that fonts like to join ("ff", "fi", "fl") copy out of the receipt as the letters they are: a reference is typed back exactly', async () => {
  const { renderReceipt } = await import('../../server/receipts/receipt');
  const now = new Date('2026-12-06T10:00:00Z');
  const order = {
    id: 'ORDOFFICEFFFIFL0000000001', channel: 'flow', status: 'paid', amount: 19900, currency: 'HKD', subtotal: 19900, discount: 0, shipping: 0, tax: 0,
    coupon: null, country: 'HK', refunded_amount: 0, customer: { email: 'office@example.com', name: 'Mei Chan' }, addresses: {},
    lines: [{ kind: 'product', reference: 'case-office', name: 'Office coffee buffer', quantity: 1, unitAmount: 19900, amount: 19900 }],
    created_at: now, updated_at: now,
  } as unknown as Parameters<typeof renderReceipt>[0]['order'];
  const { pdf } = await renderReceipt({ order, merchant: 'Harbour Case Co.', payment: { id: 'pay_affe0ff1fi2fl3', scheme: 'Visa', last4: '4242' }, paidAt: now }, { compress: false });
  const text = pdfText(pdf).runs.join(' ');
  for (const expected of ['pay_affe0ff1fi2fl3', 'Office coffee buffer']) {
    assert.ok(text.includes(expected), `"${expected}" reads back from the PDF: ${text.slice(0, 400)}`);
  }
});
