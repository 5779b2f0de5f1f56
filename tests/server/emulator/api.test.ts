import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PAYMENT_SESSION_TOKEN_PREFIX } from '../../../server/emulator/routes/payment-sessions';
import { DOCUMENTED_IDS, PK, SK, emulator, encodeSessionData, get, paymentBody, post, sessionBody, tokenFor } from './helpers';

const ID = Object.fromEntries(Object.entries(DOCUMENTED_IDS).map(([name, { pattern }]) => [name, pattern])) as Record<keyof typeof DOCUMENTED_IDS, RegExp>;

test('the documented id formats the tests check match the documentation’s own examples', () => {
  for (const [name, { pattern, example }] of Object.entries(DOCUMENTED_IDS)) assert.match(example, pattern, name);
  // The documented path regex for payment lookups accepts both kinds of payment id.
  for (const id of [DOCUMENTED_IDS.payment.example, DOCUMENTED_IDS.sessionId.example]) assert.match(id, /^(pay|sid)_(\w{26})$/);
});

test('POST /payment-sessions answers the documented four keys, headers and host-based links', async (t) => {
  const app = await emulator(t);
  const res = await app.inject({
    method: 'POST',
    url: '/payment-sessions',
    payload: sessionBody({ locale: 'zh-HK' }),
    headers: { authorization: SK, host: 'abc12345.api.sandbox.example:8443' },
  });
  assert.equal(res.statusCode, 201);
  assert.match(String(res.headers['cko-request-id']), /^[0-9a-f-]{36}$/);
  assert.ok(res.headers['cko-version']);
  const body = res.json();
  assert.deepEqual(Object.keys(body).sort(), ['_links', 'id', 'payment_session_secret', 'payment_session_token']);
  assert.match(body.id, ID.paymentSession);
  assert.match(body.payment_session_secret, ID.paymentSessionSecret);
  assert.equal(body._links.self.href, `http://abc12345.api.sandbox.example:8443/payment-sessions/${body.id}`);
  assert.ok(body.payment_session_token.startsWith(PAYMENT_SESSION_TOKEN_PREFIX));
  const decoded = JSON.parse(Buffer.from(body.payment_session_token.slice(PAYMENT_SESSION_TOKEN_PREFIX.length), 'base64').toString());
  assert.equal(decoded.id, body.id);
  assert.equal(decoded.amount, 123400);
  assert.equal(decoded.currency, 'HKD');
  assert.equal(decoded.locale, 'zh-HK');
  assert.equal(decoded.payment_session_secret, body.payment_session_secret);
});

test('publicBaseUrl overrides the request host in links', async (t) => {
  const app = await emulator(t, { publicBaseUrl: 'https://emulator.test/' });
  const res = await post(app, '/payment-sessions', sessionBody());
  assert.equal(res.body._links.self.href, `https://emulator.test/payment-sessions/${res.body.id}`);
});

test('POST /payment-sessions: 422 with codes for missing and invalid fields', async (t) => {
  const app = await emulator(t);
  const res = await post(app, '/payment-sessions', { currency: 'hkd', success_url: 'not a url' });
  assert.equal(res.status, 422);
  assert.match(res.body.request_id, /^[0-9a-f-]{36}$/);
  assert.equal(res.body.error_type, 'validation_error');
  for (const code of ['amount_required', 'currency_invalid', 'billing_required', 'success_url_invalid', 'failure_url_required']) {
    assert.ok(res.body.error_codes.includes(code), `${code} in ${res.body.error_codes}`);
  }
  const email = await post(app, '/payment-sessions', sessionBody({ customer: { email: 'nope' } }));
  assert.deepEqual(email.body.error_codes, ['customer_email_invalid']);
  const channel = await post(app, '/payment-sessions', sessionBody({ processing_channel_id: 'pc_123' }));
  assert.deepEqual(channel.body.error_codes, ['processing_channel_id_invalid']);
});

test('submit: approves with a token-backed session_data, then refuses to pay the session twice', async (t) => {
  const app = await emulator(t);
  const session = await post(app, '/payment-sessions', sessionBody());
  const token = await tokenFor(app, '4242424242424242');
  const submit = await post(app, `/payment-sessions/${session.body.id}/submit`, { session_data: encodeSessionData(token) });
  assert.equal(submit.status, 201);
  assert.match(submit.body.id, ID.payment);
  assert.equal(submit.body.status, 'Approved');
  assert.equal(submit.body.type, 'card');

  const payment = await get(app, `/payments/${submit.body.id}`);
  assert.equal(payment.body.amount, 123400);
  assert.equal(payment.body.currency, 'HKD');
  assert.equal(payment.body.metadata.cko_payment_session_id, session.body.id);

  const again = await post(app, `/payment-sessions/${session.body.id}/submit`, { session_data: encodeSessionData(await tokenFor(app, '4242424242424242')) });
  assert.equal(again.status, 422);
  assert.deepEqual(again.body.error_codes, ['payment_session_already_completed']);
});

test('submit: decline, 3DS action required, locale rejected, unknown session 404, bad session_data', async (t) => {
  const app = await emulator(t);
  const session = await post(app, '/payment-sessions', sessionBody());
  const url = `/payment-sessions/${session.body.id}/submit`;
  const declined = await post(app, url, { session_data: encodeSessionData(await tokenFor(app, '4544249167673670')) });
  assert.equal(declined.status, 201);
  assert.equal(declined.body.status, 'Declined');
  assert.equal(declined.body.decline_reason, 'not_enough_funds');

  const challenge = await post(app, url, { session_data: encodeSessionData(await tokenFor(app, '4010061700000021')) });
  assert.equal(challenge.status, 202);
  assert.equal(challenge.body.status, 'Action Required');
  assert.equal(challenge.body.action.type, 'redirect');
  assert.equal(challenge.body.action.url, `http://localhost:80/3ds/${challenge.body.id}`);

  const noThreeDs = await post(app, url, { session_data: encodeSessionData(await tokenFor(app, '4010061700000021')), '3ds': { enabled: false } });
  assert.equal(noThreeDs.body.status, 'Approved');

  const locale = await post(app, url, { session_data: 'x', locale: 'en-GB' });
  assert.deepEqual([locale.status, locale.body.error_codes], [422, ['locale_invalid']]);
  const bad = await post(app, (await post(app, '/payment-sessions', sessionBody())).body._links.self.href.replace(/^.*\/payment-sessions/, '/payment-sessions') + '/submit', { session_data: 'garbage' });
  assert.deepEqual([bad.status, bad.body.error_codes], [422, ['session_data_invalid']]);
  const missing = await post(app, '/payment-sessions/ps_2aOig7knIeGNYPlyuxUEPQyOmxN/submit', { session_data: 'x' });
  assert.deepEqual([missing.status, missing.body.error_type], [404, 'resource_not_found']);
});

test('POST /tokens (public key) and GET /tokens/{id}/metadata (secret key)', async (t) => {
  const app = await emulator(t);
  const res = await post(app, '/tokens', { type: 'card', number: '4543474002249996', expiry_month: 6, expiry_year: 2031, cvv: '956', name: 'Bruce Wayne' }, PK);
  assert.equal(res.status, 201);
  assert.match(res.body.token, ID.token);
  assert.equal(res.body.type, 'card');
  assert.equal(res.body.last4, '9996');
  assert.equal(res.body.bin, '454347');
  assert.equal(res.body.scheme, 'VISA');
  assert.equal(res.body.issuer, 'GOTHAM STATE BANK');
  assert.equal(res.body.expiry_month, 6);
  assert.ok(!('number' in res.body) && !('cvv' in res.body));
  const metadata = await get(app, `/tokens/${res.body.token}/metadata`);
  assert.equal(metadata.status, 200);
  assert.equal(metadata.body.last4, '9996');

  const withSecret = await post(app, '/tokens', { type: 'card', number: '4242424242424242', expiry_month: 6, expiry_year: 2031 }, SK);
  assert.equal(withSecret.status, 401);
  const invalid = await post(app, '/tokens', { type: 'card', number: '4242424242424241', expiry_month: 13, expiry_year: 2031, cvv: '12' }, PK);
  assert.equal(invalid.status, 422);
  assert.deepEqual(invalid.body.error_codes.sort(), ['card_expiry_month_invalid', 'card_number_invalid', 'cvv_invalid']);
  const expired = await post(app, '/tokens', { type: 'card', number: '4242424242424242', expiry_month: 1, expiry_year: 2020 }, PK);
  assert.deepEqual(expired.body.error_codes, ['card_expired']);
  assert.equal((await get(app, '/tokens/tok_ubfj2q76miwundwlk72vxt2i7q/metadata')).status, 404);
});

test('POST /metadata/card: bin, card and token sources; 404 for an unknown BIN', async (t) => {
  const app = await emulator(t);
  const bin8 = await post(app, '/metadata/card', { source: { type: 'bin', bin: '42424242' } });
  assert.equal(bin8.status, 200);
  assert.deepEqual(
    { bin: bin8.body.bin, scheme: bin8.body.scheme, card_type: bin8.body.card_type, country: bin8.body.issuer_country },
    { bin: '42424242', scheme: 'visa', card_type: 'credit', country: 'GB' },
  );
  for (const key of ['card_category', 'issuer', 'issuer_country_name', 'product_type', 'product_id', 'currency']) assert.ok(bin8.body[key], key);

  const bin6 = await post(app, '/metadata/card', { source: { type: 'bin', bin: '453946' } });
  assert.deepEqual([bin6.body.bin, bin6.body.scheme, bin6.body.issuer_country], ['453946', 'visa', 'ES']);
  const card = await post(app, '/metadata/card', { source: { type: 'card', number: '5436031030606378' } });
  assert.deepEqual([card.body.bin, card.body.scheme], ['54360310', 'mastercard']);
  const hk = await post(app, '/metadata/card', { source: { type: 'bin', bin: '48953700' } });
  assert.deepEqual([hk.body.issuer_country, hk.body.issuer_country_name], ['HK', 'Hong Kong']);
  const jcb = await post(app, '/metadata/card', { source: { type: 'bin', bin: '35699900' } });
  assert.deepEqual([jcb.body.scheme, jcb.body.issuer_country], ['jcb', 'JP']);
  const cup = await post(app, '/metadata/card', { source: { type: 'bin', bin: '62509410' } });
  assert.equal(cup.body.scheme, 'china_union_pay');
  const amex = await post(app, '/metadata/card', { source: { type: 'bin', bin: '378282' } });
  assert.equal(amex.body.scheme, 'american_express');
  const debit = await post(app, '/metadata/card', { source: { type: 'bin', bin: '46591055' } });
  assert.equal(debit.body.card_type, 'debit');

  const token = await tokenFor(app, '4242424242424242');
  const viaToken = await post(app, '/metadata/card', { source: { type: 'token', token } });
  assert.equal(viaToken.body.bin, '42424242');
  // Looking up metadata does not consume the token.
  assert.equal((await get(app, `/tokens/${token}/metadata`)).status, 200);

  assert.equal((await post(app, '/metadata/card', { source: { type: 'bin', bin: '99999999' } })).status, 404);
  const bad = await post(app, '/metadata/card', { source: { type: 'bin', bin: '12345' } });
  assert.deepEqual([bad.status, bad.body.error_codes], [422, ['bin_invalid']]);
  const payouts = await post(app, '/metadata/card', { source: { type: 'bin', bin: '42424242' }, format: 'card_payouts' });
  assert.ok(payouts.body.card_payouts.domestic_money_transfer);
});

test('POST /payments with a card: 201 approved, then captured; GET by id', async (t) => {
  const app = await emulator(t);
  const res = await post(app, '/payments', paymentBody('4242424242424242'));
  assert.equal(res.status, 201);
  assert.match(res.body.id, ID.payment);
  assert.match(res.body.action_id, ID.action);
  assert.equal(res.body.approved, true);
  assert.equal(res.body.status, 'Authorized');
  assert.equal(res.body.response_code, '10000');
  assert.equal(res.body.response_summary, 'Approved');
  assert.match(res.body.auth_code, /^\d{6}$/);
  assert.equal(res.body.source.last4, '4242');
  assert.equal(res.body._links.self.href, `http://localhost:80/payments/${res.body.id}`);
  assert.ok(res.body._links.capture);

  const details = await get(app, `/payments/${res.body.id}`);
  assert.equal(details.status, 200);
  assert.equal(details.body.status, 'Captured');
  assert.equal(details.body.approved, true);
  assert.equal(details.body.balances.total_captured, 1000);
  assert.equal(details.body.actions, undefined, 'actions only via sid_');
  assert.ok(details.body.requested_on);
  assert.ok(!('response_code' in details.body));

  const uncaptured = await post(app, '/payments', paymentBody('4242424242424242', { capture: false }));
  assert.equal((await get(app, `/payments/${uncaptured.body.id}`)).body.status, 'Authorized');
  const verification = await post(app, '/payments', paymentBody('4242424242424242', { amount: 0 }));
  assert.equal(verification.body.status, 'Card Verified');
});

test('POST /payments with a token source; the token is single use', async (t) => {
  const app = await emulator(t);
  const token = await tokenFor(app, '5436031030606378');
  const first = await post(app, '/payments', { source: { type: 'token', token }, amount: 500, currency: 'EUR' });
  assert.equal(first.status, 201);
  assert.equal(first.body.source.scheme, 'MASTERCARD');
  const second = await post(app, '/payments', { source: { type: 'token', token }, amount: 500, currency: 'EUR' });
  assert.deepEqual([second.status, second.body.error_codes], [422, ['token_used']]);
  const unknown = await post(app, '/payments', { source: { type: 'token', token: 'tok_aaaaaaaaaaaaaaaaaaaaaaaaaa' }, amount: 500, currency: 'EUR' });
  assert.deepEqual(unknown.body.error_codes, ['token_invalid']);
  assert.equal((await get(app, `/tokens/${token}/metadata`)).status, 404, 'a used token is no longer active');
});

test('POST /payments: 422 shapes', async (t) => {
  const app = await emulator(t);
  const none = await post(app, '/payments', { amount: 100, currency: 'GBP' });
  assert.deepEqual(none.body, { request_id: none.body.request_id, error_type: 'request_invalid', error_codes: ['payment_source_required'] });
  const luhn = await post(app, '/payments', paymentBody('4242424242424241'));
  assert.deepEqual(luhn.body.error_codes, ['card_number_invalid']);
  const past = await post(app, '/payments', paymentBody('4242424242424242', { source: { type: 'card', number: '4242424242424242', expiry_month: 1, expiry_year: 2021, cvv: '100' } }));
  assert.deepEqual(past.body.error_codes, ['card_expired']);
  const amexCvv = await post(app, '/payments', paymentBody('378282246310005', { source: { type: 'card', number: '378282246310005', expiry_month: 1, expiry_year: 2031, cvv: '100' } }));
  assert.deepEqual(amexCvv.body.error_codes, ['cvv_invalid']);
  const amount = await post(app, '/payments', paymentBody('4242424242424242', { amount: 10.5, currency: 'GB' }));
  assert.deepEqual(amount.body.error_codes.sort(), ['amount_invalid', 'currency_invalid']);
  const malformed = await app.inject({ method: 'POST', url: '/payments', headers: { authorization: SK, 'content-type': 'application/json' }, payload: '{"amount":' });
  assert.equal(malformed.statusCode, 422);
});

test('GET /payments by sid_ lists actions; unknown ids 404', async (t) => {
  const app = await emulator(t);
  const pending = await post(app, '/payments', paymentBody('4010061700000021', { '3ds': { enabled: true }, success_url: 'https://merchant.example/ok', failure_url: 'https://merchant.example/ko' }));
  assert.equal(pending.status, 202);
  const challenge = await app.inject({ method: 'POST', url: `/3ds/${pending.body.id}`, payload: 'password=Checkout1!', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(challenge.statusCode, 303);
  const location = new URL(String(challenge.headers.location));
  assert.equal(location.origin + location.pathname, 'https://merchant.example/ok');
  const sid = location.searchParams.get('cko-session-id') ?? '';
  assert.match(sid, ID.sessionId);
  const bySid = await get(app, `/payments/${sid}`);
  assert.equal(bySid.body.id, pending.body.id);
  assert.deepEqual(bySid.body.actions.map((a: { type: string }) => a.type), ['Capture', 'Authorization']);
  assert.equal(bySid.body.actions[1].response_code, '10000');

  assert.equal((await get(app, '/payments/pay_aaaaaaaaaaaaaaaaaaaaaaaaaa')).status, 404);
  assert.equal((await get(app, '/payments/not-an-id')).status, 404);
  assert.equal((await get(app, '/nope')).body.error_type, 'resource_not_found');
});

test('POST /payments/{id}/refunds: 202, partial then full; 422 for bad bodies, 403 for unpaid payments, keys per payment', async (t) => {
  const app = await emulator(t);
  const refundUrl = (id: string) => `/payments/${id}/refunds`;
  const paid = await post(app, '/payments', paymentBody('4242424242424242'));
  const part = await post(app, refundUrl(paid.body.id), { amount: 300 });
  assert.equal(part.status, 202);
  assert.deepEqual(Object.keys(part.body).sort(), ['_links', 'action_id', 'reference']);
  assert.equal(part.body.reference, 'ORD-1', 'no reference of its own: the payment\'s');
  let details = await get(app, `/payments/${paid.body.id}`);
  assert.deepEqual([details.body.status, details.body.balances.total_refunded, details.body.balances.available_to_refund], ['Partially Refunded', 300, 700]);

  const zero = await post(app, refundUrl(paid.body.id), { amount: 0, reference: 'x'.repeat(81) });
  assert.deepEqual([zero.status, zero.body.error_type, zero.body.error_codes.sort()], [422, 'request_invalid', ['amount_invalid', 'reference_invalid']]);
  const malformed = await app.inject({ method: 'POST', url: refundUrl(paid.body.id), headers: { authorization: SK, 'content-type': 'application/json' }, payload: '{"amount":' });
  assert.deepEqual([malformed.statusCode, malformed.json().error_codes], [422, ['request_body_malformed']]);
  const over = await post(app, refundUrl(paid.body.id), { amount: 701 });
  assert.deepEqual([over.status, over.body.error_type, over.body.error_codes], [422, 'processing_error', ['amount_exceeds_balance']]);

  // One key on two payments: two refunds (a key is scoped to the payment it acts on).
  const other = await post(app, '/payments', paymentBody('4242424242424242'));
  const a = await post(app, refundUrl(paid.body.id), { amount: 700 }, SK, { 'cko-idempotency-key': 'same-key-1' });
  const b = await post(app, refundUrl(other.body.id), { amount: 700 }, SK, { 'cko-idempotency-key': 'same-key-1' });
  assert.deepEqual([a.status, b.status], [202, 202]);
  assert.notEqual(a.body.action_id, b.body.action_id);
  details = await get(app, `/payments/${paid.body.id}`);
  assert.deepEqual([details.body.status, details.body.balances.available_to_refund], ['Refunded', 0]);
  assert.equal((await post(app, refundUrl(paid.body.id), {})).status, 403, 'nothing left: refused');

  const declined = await post(app, '/payments', paymentBody('4544249167673670'));
  assert.deepEqual((await post(app, refundUrl(declined.body.id), {})).body.error_codes, ['refund_not_allowed']);
  const verification = await post(app, '/payments', paymentBody('4242424242424242', { amount: 0 }));
  assert.equal((await post(app, refundUrl(verification.body.id), {})).status, 403);
  assert.equal((await post(app, refundUrl('pay_aaaaaaaaaaaaaaaaaaaaaaaaaa'), {})).status, 404);
  assert.equal((await post(app, refundUrl(paid.body.id), {}, PK)).status, 401, 'secret key only');
});

test('hosted payments: create, fetch, page link', async (t) => {
  const app = await emulator(t);
  const body = {
    amount: 4200,
    currency: 'GBP',
    reference: 'Hosted Payment Reference',
    billing: { address: { country: 'GB' } },
    products: [{ name: 'Gift card', quantity: 2, price: 2100 }],
    success_url: 'https://merchant.example/success',
    cancel_url: 'https://merchant.example/cancel',
    failure_url: 'https://merchant.example/failure',
  };
  const created = await post(app, '/hosted-payments', body);
  assert.equal(created.status, 201);
  assert.match(created.body.id, ID.hostedPayment);
  assert.equal(created.body.reference, 'Hosted Payment Reference');
  assert.equal(created.body._links.redirect.href, `http://localhost:80/page/${created.body.id}`);
  const fetched = await get(app, `/hosted-payments/${created.body.id}`);
  assert.equal(fetched.body.status, 'Payment Pending');
  assert.equal(fetched.body.currency, 'GBP');
  assert.equal(fetched.body.amount, 4200);
  assert.deepEqual(fetched.body.products, body.products);
  assert.equal((await get(app, '/hosted-payments/hpp_kQhs_fI9b8oQ')).status, 404);
  const empty = await post(app, '/hosted-payments', {});
  assert.equal(empty.status, 422);
  assert.ok(empty.body.error_codes.includes('currency_required'));
  const noCountry = await post(app, '/hosted-payments', { ...body, billing: { address: {} } });
  assert.deepEqual(noCountry.body.error_codes, ['billing_address_country_required']);
});

test('auth: missing, malformed, live and wrong-kind keys are 401; legacy raw sk_test_ is accepted', async (t) => {
  const app = await emulator(t);
  const missing = await app.inject({ method: 'GET', url: '/payments/pay_aaaaaaaaaaaaaaaaaaaaaaaaaa' });
  assert.equal(missing.statusCode, 401);
  assert.deepEqual(missing.json().error_codes, ['authorization_missing']);
  const live = await get(app, '/payments/pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', 'Bearer sk_abcdefghijklmnopqrstuvwxyz2');
  assert.equal(live.status, 401);
  assert.deepEqual(live.body.error_codes, ['live_key_refused']);
  assert.match(live.body.message, /refuses live API keys/);
  const livePk = await post(app, '/tokens', { type: 'card' }, 'Bearer pk_abcdefghijklmnopqrstuvwxyz2');
  assert.deepEqual(livePk.body.error_codes, ['live_key_refused']);
  const noBearer = await get(app, '/payments/pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', 'sk_sbox_emulatoremulatoremulatoremu');
  assert.equal(noBearer.status, 401);
  const publicOnSecret = await post(app, '/payment-sessions', sessionBody(), PK);
  assert.deepEqual([publicOnSecret.status, publicOnSecret.body.error_codes], [401, ['key_type_invalid']]);
  const legacy = await post(app, '/payments', paymentBody('4242424242424242'), 'sk_test_0b9b5db6-f223-49d0-b68f-f6643dd4f808');
  assert.equal(legacy.status, 201);
});
