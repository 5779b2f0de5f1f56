/**
 * Physical goods always ship somewhere: no Flow session or hosted payment opens for them
 * without a shipping address, and the address the shopper gave is what prices shipping and tax
 * and what Checkout.com receives as `shipping`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { order, stack } from './helpers';

for (const route of ['/create-payment-sessions', '/create-hosted-payment'] as const) {
  test(`${route}: physical goods without a shipping address are refused before anything is recorded or sent`, async (t) => {
    const s = await stack(t);
    const { shippingAddress: _none, ...noAddress } = order();
    const refused = await s.request('POST', route, noAddress);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 'shipping_address_required');
    assert.deepEqual(refused.body.error.fields, [{ path: 'shippingAddress', message: 'is required for physical goods' }]);
    assert.equal((await s.app.db.query('SELECT id FROM orders')).rows.length, 0, 'no order recorded');
    assert.equal(s.emulator.app.emulator.store.paymentSessions.size + s.emulator.app.emulator.store.hostedPayments.size, 0, 'nothing sent upstream');
    // The cart can still be priced before the address is known.
    assert.equal((await s.request('POST', '/api/orders/quote', noAddress)).status, 200);
  });

  test(`${route}: the shipping address prices the delivery and tax and goes to Checkout.com as shipping`, async (t) => {
    const s = await stack(t);
    // Paid in HKD by a shopper whose browser says HK, shipped to the UK: UK shipping and VAT apply.
    const body = order({ items: [{ reference: 'charger-usbc-30w', quantity: 1 }], shippingAddress: { line1: '10 Downing Street', city: 'London', zip: 'SW1A 2AA', country: 'GB' } });
    const [toUk, toHk] = [await s.request('POST', '/api/orders/quote', body), await s.request('POST', '/api/orders/quote', order({ items: [{ reference: 'charger-usbc-30w', quantity: 1 }] }))];
    assert.notEqual(toUk.body.order.tax, toHk.body.order.tax, 'tax follows where the goods go');
    const created = await s.request('POST', route, body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.order.amount, toUk.body.order.amount);
    const upstream = route === '/create-payment-sessions'
      ? s.emulator.app.emulator.store.paymentSessions.get(created.body.paymentSession.id)!.request
      : s.emulator.app.emulator.store.hostedPayments.get(created.body.hostedPayment.id)!.request;
    assert.deepEqual((upstream as Record<string, any>).shipping, { address: { address_line1: '10 Downing Street', city: 'London', zip: 'SW1A 2AA', country: 'GB' } });
  });
}

test('orders without physical goods (a gift card) need no shipping address', async (t) => {
  const s = await stack(t);
  const gift = await s.request('POST', '/create-payment-sessions', {
    giftCard: { design: 'harbour-night', amount: 50000, recipientName: 'Mei', recipientEmail: 'mei@example.com', senderName: 'Kenso' },
    currency: 'HKD',
    country: 'HK',
    customer: { email: 'kenso@example.com', name: 'Kenso Lee' },
  });
  assert.equal(gift.status, 201, JSON.stringify(gift.body));
});
