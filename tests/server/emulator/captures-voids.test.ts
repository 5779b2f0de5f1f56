/**
 * Authorisation without capture, then POST /payments/{id}/captures and /voids, as
 * docs/checkout-api-facts-2.md §1–§2 describe them: `capture: false` on payments, payment sessions
 * and hosted payments; 202 `{ action_id, reference, _links.payment }`; `Cko-Idempotency-Key`;
 * 403 where the payment's state allows no capture or void, 422 for more than is authorised;
 * statuses Authorized → Captured / Voided with the balances; `payment_captured` and
 * `payment_voided` webhooks.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { PK, SK, emulator, encodeSessionData, get, paymentBody, post, sessionBody, tokenFor } from './helpers';

type Json = Record<string, any>;

/** A webhook receiver that keeps the envelopes it gets (signatures are webhooks.test.ts's concern). */
async function receiver(t: TestContext): Promise<{ url: string; events: Json[] }> {
  const events: Json[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, events };
}

const authorised = (overrides: Json = {}) => paymentBody('4242424242424242', { capture: false, ...overrides });
const captures = (id: string) => `/payments/${id}/captures`;
const voids = (id: string) => `/payments/${id}/voids`;
const balances = (b: Json) => [b.total_authorized, b.total_captured, b.total_voided, b.available_to_capture, b.available_to_void, b.available_to_refund];

test('capture: false authorises only; a capture then takes it in full: 202, Captured, balances, one Capture action, payment_captured', async (t) => {
  const hook = await receiver(t);
  const app = await emulator(t, { webhook: { url: hook.url, secret: 'whsec-test' } });
  const paid = await post(app, '/payments', authorised());
  assert.equal(paid.status, 201);
  assert.equal(paid.body.status, 'Authorized');
  let details = await get(app, `/payments/${paid.body.id}`);
  assert.equal(details.body.status, 'Authorized');
  assert.deepEqual(balances(details.body.balances), [1000, 0, 0, 1000, 1000, 0]);
  assert.ok(details.body._links.capture && details.body._links.void, 'capture and void offered');
  assert.equal(details.body._links.refund, undefined, 'nothing captured to refund');
  await app.emulator.webhooks.idle();
  assert.deepEqual(hook.events.map((e) => e.type), ['payment_approved'], 'no capture without being asked');

  const capture = await post(app, captures(paid.body.id), undefined);
  assert.equal(capture.status, 202);
  assert.deepEqual(Object.keys(capture.body).sort(), ['_links', 'action_id', 'reference']);
  assert.match(capture.body.action_id, /^act_[a-z2-7]{26}$/);
  assert.equal(capture.body.reference, 'ORD-1', "no reference of its own: the payment's");
  assert.equal(capture.body._links.payment.href, `http://localhost:80/payments/${paid.body.id}`);

  details = await get(app, `/payments/${paid.body.id}`);
  assert.equal(details.body.status, 'Captured');
  assert.deepEqual(balances(details.body.balances), [1000, 1000, 0, 0, 0, 1000]);
  assert.equal(details.body._links.capture, undefined);
  assert.equal(details.body._links.void, undefined);
  assert.ok(details.body._links.refund);
  const actions = (await get(app, `/payments/${paid.body.id}/actions`)).body as Json[];
  assert.deepEqual(actions.map((a) => [a.type, a.amount, a.id === capture.body.action_id]), [['Capture', 1000, true], ['Authorization', 1000, false]]);

  await app.emulator.webhooks.idle();
  assert.deepEqual(hook.events.map((e) => e.type), ['payment_approved', 'payment_captured']);
  const captured = hook.events[1]!.data;
  assert.deepEqual([captured.id, captured.action_id, captured.amount, captured.currency, captured.reference, captured.response_code], [paid.body.id, capture.body.action_id, 1000, 'GBP', 'ORD-1', '10000']);
  assert.deepEqual(balances(captured.balances), [1000, 1000, 0, 0, 0, 1000]);
});

test('void releases an authorisation: 202, Voided, total_voided, payment_voided; nothing can be captured, voided or refunded after', async (t) => {
  const hook = await receiver(t);
  const app = await emulator(t, { webhook: { url: hook.url, secret: 'whsec-test' } });
  const paid = await post(app, '/payments', authorised());
  const voided = await post(app, voids(paid.body.id), { reference: 'VOID-ORD-1', metadata: { why: 'presale_card_ineligible' } });
  assert.equal(voided.status, 202);
  assert.deepEqual(Object.keys(voided.body).sort(), ['_links', 'action_id', 'reference']);
  assert.equal(voided.body.reference, 'VOID-ORD-1');
  assert.deepEqual(Object.keys(voided.body._links), ['payment'], 'one link, as the Java sandbox test asserts');
  const details = await get(app, `/payments/${paid.body.id}`);
  assert.equal(details.body.status, 'Voided');
  assert.deepEqual(balances(details.body.balances), [1000, 0, 1000, 0, 0, 0]);
  assert.deepEqual(Object.keys(details.body._links).sort(), ['actions', 'self']);

  const again = await post(app, voids(paid.body.id), {});
  assert.deepEqual([again.status, again.body.error_type, again.body.error_codes], [403, 'action_not_allowed', ['void_not_allowed']]);
  const capture = await post(app, captures(paid.body.id), {});
  assert.deepEqual([capture.status, capture.body.error_codes], [403, ['capture_not_allowed']]);
  assert.equal((await post(app, `/payments/${paid.body.id}/refunds`, {})).status, 403);

  await app.emulator.webhooks.idle();
  assert.deepEqual(hook.events.map((e) => e.type), ['payment_approved', 'payment_voided']);
  const data = hook.events[1]!.data;
  assert.deepEqual([data.id, data.action_id, data.amount, data.reference, data.response_code], [paid.body.id, voided.body.action_id, 1000, 'VOID-ORD-1', '10000']);
  assert.deepEqual(balances(data.balances), [1000, 0, 1000, 0, 0, 0]);
});

test('403 where nothing is authorised and uncaptured: captured by default, declined, a card verification, pending 3DS; void after capture', async (t) => {
  const app = await emulator(t);
  const auto = await post(app, '/payments', paymentBody('4242424242424242'));
  assert.equal((await get(app, `/payments/${auto.body.id}`)).body.status, 'Captured', 'capture defaults to true');
  assert.deepEqual((await post(app, captures(auto.body.id), {})).body.error_codes, ['capture_not_allowed']);
  assert.deepEqual((await post(app, voids(auto.body.id), {})).body.error_codes, ['void_not_allowed'], 'a node SDK mock: void after capture → 403');
  const declined = await post(app, '/payments', authorised({ source: paymentBody('4544249167673670').source }));
  assert.equal(declined.body.status, 'Declined');
  assert.equal((await post(app, captures(declined.body.id), {})).status, 403);
  assert.equal((await post(app, voids(declined.body.id), {})).status, 403);
  const verification = await post(app, '/payments', authorised({ amount: 0 }));
  assert.equal(verification.body.status, 'Card Verified');
  assert.equal((await post(app, captures(verification.body.id), {})).status, 403);
  const challenge = await post(app, '/payments', authorised({ source: paymentBody('4010061700000021').source, '3ds': { enabled: true } }));
  assert.equal(challenge.body.status, 'Pending');
  assert.equal((await post(app, captures(challenge.body.id), {})).status, 403);

  assert.equal((await post(app, captures('pay_aaaaaaaaaaaaaaaaaaaaaaaaaa'), {})).status, 404);
  assert.equal((await post(app, voids('sid_aaaaaaaaaaaaaaaaaaaaaaaaaa'), {})).status, 404, 'pay_ ids only');
  assert.equal((await post(app, captures(auto.body.id), {}, PK)).status, 401, 'secret key only');
});

test('422: more than authorised, bad bodies; Final partial capture voids the rest, NonFinal keeps it capturable', async (t) => {
  const app = await emulator(t);
  const paid = await post(app, '/payments', authorised());
  const over = await post(app, captures(paid.body.id), { amount: 1001 });
  assert.deepEqual([over.status, over.body.error_type, over.body.error_codes], [422, 'processing_error', ['capture_value_greater_than_authorized']]);
  const bad = await post(app, captures(paid.body.id), { amount: 0, capture_type: 'Soon', reference: 'x'.repeat(51) });
  assert.deepEqual([bad.status, bad.body.error_codes.sort()], [422, ['amount_invalid', 'capture_type_invalid', 'reference_invalid']]);
  const badVoid = await post(app, voids(paid.body.id), { reference: 'x'.repeat(51) });
  assert.deepEqual([badVoid.status, badVoid.body.error_codes], [422, ['reference_invalid']]);
  const malformed = await app.inject({ method: 'POST', url: captures(paid.body.id), headers: { authorization: SK, 'content-type': 'application/json' }, payload: '{"amount":' });
  assert.deepEqual([malformed.statusCode, malformed.json().error_codes], [422, ['request_body_malformed']]);
  assert.equal((await get(app, `/payments/${paid.body.id}`)).body.status, 'Authorized', 'refusals change nothing');

  const first = await post(app, captures(paid.body.id), { amount: 300, capture_type: 'NonFinal' });
  assert.equal(first.status, 202);
  let details = await get(app, `/payments/${paid.body.id}`);
  assert.equal(details.body.status, 'Partially Captured');
  assert.deepEqual(balances(details.body.balances), [1000, 300, 0, 700, 700, 300]);
  const tooMuch = await post(app, captures(paid.body.id), { amount: 701 });
  assert.deepEqual(tooMuch.body.error_codes, ['capture_value_greater_than_remaining_authorized']);
  assert.equal((await post(app, captures(paid.body.id), { amount: 200 })).status, 202, 'Final by default');
  details = await get(app, `/payments/${paid.body.id}`);
  assert.equal(details.body.status, 'Captured');
  assert.deepEqual(balances(details.body.balances), [1000, 500, 500, 0, 0, 500], 'the Final capture voided the 500 left');
  assert.equal((await post(app, voids(paid.body.id), {})).status, 403, 'nothing left to void');
});

test('Cko-Idempotency-Key: a repeated capture or void answers the first one and acts once; keys are per payment', async (t) => {
  const hook = await receiver(t);
  const app = await emulator(t, { webhook: { url: hook.url, secret: 'whsec-test' } });
  const paid = await post(app, '/payments', authorised());
  const key = { 'cko-idempotency-key': 'capture-ORD-1-0001' };
  const first = await post(app, captures(paid.body.id), { amount: 1000, reference: 'my-idempotent-capture' }, SK, key);
  const replay = await post(app, captures(paid.body.id), { amount: 1000, reference: 'another' }, SK, key);
  assert.deepEqual([first.status, replay.status], [202, 202]);
  assert.deepEqual(replay.body, first.body, 'the first answer, reference included');
  const actions = (await get(app, `/payments/${paid.body.id}/actions`)).body as Json[];
  assert.equal(actions.filter((a) => a.type === 'Capture').length, 1);
  // Without the key, the same capture again is refused: it was captured.
  assert.equal((await post(app, captures(paid.body.id), {})).status, 403);

  const other = await post(app, '/payments', authorised());
  const voidKey = { 'cko-idempotency-key': 'capture-ORD-1-0001' };
  const v1 = await post(app, voids(other.body.id), {}, SK, voidKey);
  const v2 = await post(app, voids(other.body.id), {}, SK, voidKey);
  assert.deepEqual([v1.status, v2.status, v2.body.action_id], [202, 202, v1.body.action_id], 'same key on another payment and path: its own void, replayed');
  await app.emulator.webhooks.idle();
  assert.deepEqual(hook.events.map((e) => e.type).sort(), ['payment_approved', 'payment_approved', 'payment_captured', 'payment_voided']);
});

test('capture: false on payment sessions (Flow submit) and on hosted payments: Authorized, then capturable', async (t) => {
  const app = await emulator(t);
  const session = await post(app, '/payment-sessions', sessionBody({ capture: false }));
  const token = await tokenFor(app, '4242424242424242');
  const submit = await post(app, `/payment-sessions/${session.body.id}/submit`, { session_data: encodeSessionData(token) });
  assert.equal(submit.body.status, 'Approved');
  assert.equal((await get(app, `/payments/${submit.body.id}`)).body.status, 'Authorized');
  assert.equal((await post(app, captures(submit.body.id), {})).status, 202);
  assert.equal((await get(app, `/payments/${submit.body.id}`)).body.status, 'Captured');

  const hpp = await post(app, '/hosted-payments', {
    amount: 4200,
    currency: 'GBP',
    capture: false,
    billing: { address: { country: 'GB' } },
    success_url: 'https://merchant.example/success',
    cancel_url: 'https://merchant.example/cancel',
    failure_url: 'https://merchant.example/failure',
    '3ds': { enabled: false },
  });
  const pay = await app.inject({ method: 'POST', url: `/page/${hpp.body.id}/pay`, payload: { number: '4242424242424242', expiry_month: 12, expiry_year: 2030, cvv: '100' } });
  assert.equal(pay.statusCode, 200);
  const paymentId = new URL(pay.json().redirect_url as string).searchParams.get('cko-payment-id')!;
  assert.equal((await get(app, `/payments/${paymentId}`)).body.status, 'Authorized');
  assert.equal((await post(app, voids(paymentId), {})).status, 202);
  assert.equal((await get(app, `/payments/${paymentId}`)).body.status, 'Voided');
});

test('the card that paid is in the payment: bin, scheme, card type, issuer country (what a presale rule is checked against)', async (t) => {
  const app = await emulator(t);
  const cases: Array<[string, Json]> = [
    ['4242424242424242', { bin: '424242', scheme: 'VISA', card_type: 'CREDIT', issuer_country: 'GB' }],
    ['4659105569051157', { bin: '465910', scheme: 'VISA', card_type: 'DEBIT', issuer_country: 'GB' }],
    ['5436031030606378', { bin: '543603', scheme: 'MASTERCARD', card_type: 'CREDIT', issuer_country: 'GB' }],
    ['4895370000000007', { bin: '489537', scheme: 'VISA', card_type: 'CREDIT', issuer_country: 'HK' }],
  ];
  for (const [number, expected] of cases) {
    const paid = await post(app, '/payments', authorised({ source: paymentBody(number).source }));
    const source = (await get(app, `/payments/${paid.body.id}`)).body.source as Json;
    assert.deepEqual({ bin: source.bin, scheme: source.scheme, card_type: source.card_type, issuer_country: source.issuer_country }, expected, number);
    assert.equal(JSON.stringify(source).includes(number), false, 'never the number');
  }
});
