/**
 * Conformance: the OFFICIAL checkout-sdk-node drives the emulator and gets the documented shapes.
 *
 * The SDK takes a custom base URL through its `host` option and decides sandbox vs live with
 * `options.host.includes('sandbox')` (dist/auth-builder.js, setupCustomHost). To be treated as
 * the sandbox — as a merchant's real configuration would be — the host must contain "sandbox",
 * yet these machines are offline. So the SDK is pointed at `http://api.sandbox.emulator.localhost:PORT`
 * and, for this test file only, `dns.lookup` resolves `*.localhost` names to 127.0.0.1 (the
 * behaviour RFC 6761 asks of resolvers, which glibc here does not implement). Node's fetch
 * (undici) connects through net.connect, which resolves with dns.lookup, so no SDK code is
 * touched. The Host header the emulator sees is then the sandbox-looking name, which also shows
 * that `_links` follow the request's host.
 */
import assert from 'node:assert/strict';
import dns from 'node:dns';
import { after, before, describe, test } from 'node:test';
import { Checkout } from 'checkout-sdk-node';
import { EMULATOR_KEYS } from '../../../server/emulator/keys';
import { startEmulator, type RunningEmulator } from '../../../server/emulator/app';

const originalLookup = dns.lookup;

function resolveLocalhostNames(): void {
  const patched = (hostname: string, ...rest: unknown[]): unknown => {
    const target = hostname.endsWith('.localhost') ? '127.0.0.1' : hostname;
    return (originalLookup as (...args: unknown[]) => unknown).call(dns, target, ...rest);
  };
  (dns as { lookup: unknown }).lookup = patched;
}

let emulator: RunningEmulator;
let host: string;
let cko: Checkout;

before(async () => {
  resolveLocalhostNames();
  emulator = await startEmulator({ port: 0, host: '127.0.0.1' });
  host = `http://api.sandbox.emulator.localhost:${new URL(emulator.url).port}`;
  cko = new Checkout(EMULATOR_KEYS.secretKey, { pk: EMULATOR_KEYS.publicKey, host });
});

after(async () => {
  (dns as { lookup: unknown }).lookup = originalLookup;
  await emulator?.close();
});

type Json = Record<string, any>;

const sessionRequest = {
  amount: 1000,
  currency: 'GBP',
  reference: 'ORD-123A',
  billing: { address: { country: 'GB' } },
  customer: { name: 'John Smith', email: 'john.smith@example.com' },
  success_url: 'https://example.com/payments/success',
  failure_url: 'https://example.com/payments/failure',
};

describe('checkout-sdk-node against the emulator', () => {
  test('the SDK sees a sandbox environment and sends Bearer keys', () => {
    assert.equal((cko.config.environment as unknown as { isSandbox: boolean }).isSandbox, true);
    assert.equal(cko.config.sk, `Bearer ${EMULATOR_KEYS.secretKey}`);
  });

  test('paymentSessions.request → id, token, secret, _links', async () => {
    const session = (await cko.paymentSessions.request(sessionRequest)) as Json;
    assert.match(session.id, /^ps_[0-9A-Za-z]{27}$/);
    assert.ok(session.payment_session_token.startsWith('YmFzZTY0:'));
    assert.match(session.payment_session_secret, /^pss_/);
    assert.equal(session._links.self.href, `${host}/payment-sessions/${session.id}`);
  });

  test('tokens.request (public key) → paymentSessions.submit → payments.get', async () => {
    const session = (await cko.paymentSessions.request(sessionRequest)) as Json;
    const token = (await cko.tokens.request({ type: 'card', number: '4242424242424242', expiry_month: 12, expiry_year: 2030, cvv: '100' })) as Json;
    assert.match(token.token, /^tok_[a-z2-7]{26}$/);
    assert.deepEqual([token.type, token.last4, token.bin], ['card', '4242', '424242']);
    // The emulated Flow wraps the token into session_data exactly like this (see sessions.ts).
    const { encodeSessionData } = await import('../../../server/emulator/sessions');
    const submitted = (await cko.paymentSessions.submit(session.id, { session_data: encodeSessionData(token.token) })) as Json;
    assert.equal(submitted.status, 'Approved');
    assert.equal(submitted.type, 'card');
    const payment = (await cko.payments.get(submitted.id)) as Json;
    assert.equal(payment.id, submitted.id);
    for (const key of ['requested_on', 'amount', 'currency', 'status', 'approved', '_links', 'source']) assert.ok(key in payment, key);
    assert.equal(payment.source.last4, '4242');
  });

  test('tokens.getTokenMetadata (secret key)', async () => {
    const token = (await cko.tokens.request({ type: 'card', number: '5436031030606378', expiry_month: 12, expiry_year: 2030, cvv: '257' })) as Json;
    const metadata = (await cko.tokens.getTokenMetadata(token.token)) as Json;
    assert.equal(metadata.scheme, 'MASTERCARD');
  });

  test('cardMetadata.get with bin, card and token sources', async () => {
    const byBin = (await cko.cardMetadata.get({ source: { type: 'bin', bin: '453946' } })) as Json;
    assert.deepEqual([byBin.bin, byBin.scheme], ['453946', 'visa']);
    const byCard = (await cko.cardMetadata.get({ source: { type: 'card', number: '4242424242424242' } })) as Json;
    assert.equal(byCard.bin, '42424242');
    for (const key of ['scheme', 'card_type', 'card_category', 'issuer', 'issuer_country', 'issuer_country_name', 'product_type']) assert.ok(byCard[key], key);
    const token = (await cko.tokens.request({ type: 'card', number: '5436031030606378', expiry_month: 12, expiry_year: 2030, cvv: '257' })) as Json;
    const byToken = (await cko.cardMetadata.get({ source: { type: 'token', token: token.token } })) as Json;
    assert.equal(byToken.scheme, 'mastercard');
  });

  test('payments.request: card approved with idempotency replay, 3DS pending (requiresRedirect), decline', async () => {
    const request = { source: { type: 'card', number: '4242424242424242', expiry_month: 12, expiry_year: 2030, cvv: '100' }, amount: 6540, currency: 'USD' };
    const first = (await cko.payments.request(request, 'sdk-idem-1')) as Json;
    assert.deepEqual([first.approved, first.status, first.response_code], [true, 'Authorized', '10000']);
    const replay = (await cko.payments.request(request, 'sdk-idem-1')) as Json;
    assert.equal(replay.id, first.id);

    const pending = (await cko.payments.request({ ...request, source: { ...request.source, number: '4010061700000021' }, '3ds': { enabled: true } })) as Json;
    assert.equal(pending.status, 'Pending');
    assert.equal(pending.requiresRedirect, true);
    assert.equal(pending.redirectLink, `${host}/3ds/${pending.id}`);

    const declined = (await cko.payments.request({ ...request, source: { ...request.source, number: '4544249167673670' } })) as Json;
    assert.deepEqual([declined.approved, declined.status, declined.response_code], [false, 'Declined', '20051']);
  });

  test('hostedPayments.create and get', async () => {
    const created = (await cko.hostedPayments.create({
      amount: 10,
      currency: 'USD',
      reference: 'Hosted Payment Reference',
      billing: { address: { address_line1: 'Checkout.com', address_line2: '90 Tottenham Court Road', city: 'London', state: 'London', zip: 'W1T 4TJ', country: 'GB' } },
      success_url: 'https://example.com/payments/success',
      cancel_url: 'https://example.com/payments/cancel',
      failure_url: 'https://example.com/payments/failure',
    })) as Json;
    assert.match(created.id, /^hpp_/);
    assert.equal(created.reference, 'Hosted Payment Reference');
    assert.equal(created._links.redirect.href, `${host}/page/${created.id}`);
    const fetched = (await cko.hostedPayments.get(created.id)) as Json;
    assert.deepEqual([fetched.status, fetched.currency, fetched.amount], ['Payment Pending', 'USD', 10]);
  });

  test('payments.refund: partial with an idempotency key (replayed), the rest without a body; 403 before capture, 422 over the balance', async () => {
    const card = { type: 'card', number: '4242424242424242', expiry_month: 12, expiry_year: 2030, cvv: '100' };
    const paid = (await cko.payments.request({ source: card, amount: 10000, currency: 'HKD', reference: 'ORD-REFUND-1' })) as Json;

    const first = (await cko.payments.refund(paid.id, { amount: 2500, reference: 'ORD-REFUND-1-seats' }, 'sdk-refund-1')) as Json;
    assert.match(first.action_id, /^act_[a-z2-7]{26}$/);
    assert.equal(first.reference, 'ORD-REFUND-1-seats');
    assert.deepEqual(first._links, { payment: { href: `${host}/payments/${paid.id}` } });
    // Same key, other body: the first answer again, and no second refund (Java IT shouldRefundPaymentIdempotently).
    const replay = (await cko.payments.refund(paid.id, { amount: 2500, reference: 'other' }, 'sdk-refund-1')) as Json;
    assert.deepEqual(replay, first);

    let details = (await cko.payments.get(paid.id)) as Json;
    assert.equal(details.status, 'Partially Refunded');
    assert.deepEqual(
      [details.balances.total_captured, details.balances.total_refunded, details.balances.available_to_refund],
      [10000, 2500, 7500],
    );
    assert.equal(details._links.refund.href, `${host}/payments/${paid.id}/refunds`);

    await assert.rejects(cko.payments.refund(paid.id, { amount: 7501 }), (error: Error & { http_code?: number; body?: Json }) => {
      assert.equal(error.name, 'ValidationError');
      assert.equal(error.http_code, 422);
      assert.equal(error.body?.error_type, 'processing_error');
      assert.deepEqual(error.body?.error_codes, ['amount_exceeds_balance']);
      assert.ok(error.body?.request_id);
      return true;
    });

    // No body: what is left. The reference defaults to the payment's.
    const rest = (await cko.payments.refund(paid.id)) as Json;
    assert.equal(rest.reference, 'ORD-REFUND-1');
    details = (await cko.payments.get(paid.id)) as Json;
    assert.equal(details.status, 'Refunded');
    assert.deepEqual([details.balances.total_refunded, details.balances.available_to_refund], [10000, 0]);
    assert.equal(details._links.refund, undefined);
    const actions = (await cko.payments.getActions(paid.id)) as Json[];
    assert.deepEqual(actions.filter((a) => a.type === 'Refund').map((a) => [a.amount, a.response_code]), [[7500, '10000'], [2500, '10000']]);

    const authorizedOnly = (await cko.payments.request({ source: card, amount: 1000, currency: 'HKD', capture: false })) as Json;
    await assert.rejects(cko.payments.refund(authorizedOnly.id, { amount: 100 }), (error: Error & { http_code?: number; body?: Json }) => {
      assert.equal(error.name, 'ActionNotAllowed');
      assert.equal(error.http_code, 403);
      assert.deepEqual([error.body?.error_type, error.body?.error_codes], ['action_not_allowed', ['refund_not_allowed']]);
      return true;
    });
    await assert.rejects(cko.payments.refund('pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', { amount: 1 }), (error: Error) => error.name === 'NotFoundError');
  });

  test('payments.capture and payments.void on payments requested with capture: false: keys replayed, 403 ActionNotAllowed after, 422 over the authorisation', async () => {
    const card = { type: 'card', number: '4242424242424242', expiry_month: 12, expiry_year: 2030, cvv: '100' };
    const toCapture = (await cko.payments.request({ source: card, amount: 5000, currency: 'HKD', reference: 'ORD-CAPTURE-1', capture: false })) as Json;
    assert.equal(toCapture.status, 'Authorized');
    assert.equal(toCapture._links.capture.href, `${host}/payments/${toCapture.id}/captures`);
    await assert.rejects(cko.payments.capture(toCapture.id, { amount: 5001 }), (error: Error & { http_code?: number; body?: Json }) => {
      assert.equal(error.name, 'ValidationError');
      assert.equal(error.http_code, 422);
      assert.deepEqual(error.body?.error_codes, ['capture_value_greater_than_authorized']);
      return true;
    });
    const captured = (await cko.payments.capture(toCapture.id, { amount: 5000, reference: 'ORD-CAPTURE-1' }, 'sdk-capture-1')) as Json;
    assert.match(captured.action_id, /^act_[a-z2-7]{26}$/);
    assert.deepEqual(captured._links, { payment: { href: `${host}/payments/${toCapture.id}` } });
    assert.deepEqual(await cko.payments.capture(toCapture.id, { amount: 5000, reference: 'other' }, 'sdk-capture-1'), captured, 'same key: the first answer');
    const details = (await cko.payments.get(toCapture.id)) as Json;
    assert.deepEqual([details.status, details.balances.total_captured, details.balances.available_to_capture], ['Captured', 5000, 0]);
    await assert.rejects(cko.payments.void(toCapture.id), (error: Error & { http_code?: number }) => error.name === 'ActionNotAllowed' && error.http_code === 403);

    // No body at all, as `capture(id)` and `void(id)` send it.
    const toVoid = (await cko.payments.request({ source: card, amount: 700, currency: 'HKD', reference: 'ORD-VOID-1', capture: false })) as Json;
    const voided = (await cko.payments.void(toVoid.id, undefined, 'sdk-void-1')) as Json;
    assert.equal(voided.reference, 'ORD-VOID-1');
    assert.deepEqual(await cko.payments.void(toVoid.id, undefined, 'sdk-void-1'), voided);
    const after = (await cko.payments.get(toVoid.id)) as Json;
    assert.deepEqual([after.status, after.balances.total_voided, after.balances.available_to_void], ['Voided', 700, 0]);
    await assert.rejects(cko.payments.capture(toVoid.id), (error: Error & { http_code?: number }) => error.name === 'ActionNotAllowed' && error.http_code === 403);
    const actions = (await cko.payments.getActions(toVoid.id)) as Json[];
    assert.deepEqual(actions.map((a) => a.type), ['Void', 'Authorization']);
  });

  test('errors map to the SDK error classes', async () => {
    await assert.rejects(cko.payments.get('pay_aaaaaaaaaaaaaaaaaaaaaaaaaa'), (error: Error & { http_code?: number }) => error.name === 'NotFoundError' && error.http_code === 404);
    await assert.rejects(cko.hostedPayments.create({ currency: 'USD' }), (error: Error & { http_code?: number; body?: Json }) => {
      assert.equal(error.name, 'ValidationError');
      assert.equal(error.http_code, 422);
      assert.ok(error.body?.error_codes.includes('success_url_required'));
      return true;
    });
    const live = new Checkout('sk_abcdefghijklmnopqrstuvwxyz2', { host });
    await assert.rejects(live.payments.get('pay_aaaaaaaaaaaaaaaaaaaaaaaaaa'), (error: Error) => error.name === 'AuthenticationError');
  });
});
