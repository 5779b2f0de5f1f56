/**
 * Text a database cannot store: a NUL (or another control character) in a name, an address, a
 * gift message or the locale is a 400 naming the field — found by the fuzz run as a 500 when it
 * reached PostgreSQL's jsonb. Nothing is recorded, nothing is sent upstream.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { order, stack } from './helpers';

test('a NUL or control character in a shopper field is a 400 naming the field, never a 500', async (t) => {
  const s = await stack(t);
  const cases: Array<[string, Record<string, unknown>]> = [
    ['customer.name', order({ customer: { email: 'nul@example.com', name: 'a\u0000b' } })],
    ['shippingAddress.line2', order({ shippingAddress: { line1: '1 Road', line2: 'Flat\u0007 2', city: 'Central', country: 'HK' } })],
    ['locale', order({ locale: 'en\u0000' })],
    ['giftCard.message', { giftCard: { design: 'harbour-night', amount: 50000, recipientName: 'Mei', recipientEmail: 'mei@example.com', senderName: 'Kenso', message: 'Happy\u0000birthday' }, currency: 'HKD', country: 'HK', customer: { email: 'k@example.com', name: 'Kenso' } }],
  ];
  for (const [field, body] of cases) {
    for (const route of ['/api/orders/quote', '/create-payment-sessions', '/create-hosted-payment']) {
      const res = await s.request('POST', route, body);
      assert.equal(res.status, 400, `${route} ${field}: ${JSON.stringify(res.body)}`);
      assert.ok(res.body.error.fields.some((f: { path: string; message: string }) => f.path === field && /control characters/.test(f.message)), `${route} names ${field}`);
    }
  }
  // A tab and line breaks in a gift message are fine.
  const fine = await s.request('POST', '/api/orders/quote', { ...cases[3]![1], giftCard: { ...(cases[3]![1].giftCard as object), message: 'Happy\tbirthday,\r\nMei' } });
  assert.equal(fine.status, 200, JSON.stringify(fine.body));
  assert.equal((await s.app.db.query('SELECT id FROM orders')).rows.length, 0);
  assert.equal(s.emulator.app.emulator.store.paymentSessions.size, 0);
});
