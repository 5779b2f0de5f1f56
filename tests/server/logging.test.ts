import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import { loggerOptions, scrub, scrubPan } from '../../server/logging';
import { closeDatabases, order, payOnEmulator, stack } from './helpers';

after(closeDatabases);

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _e, done) { lines.push(String(chunk)); done(); } });
  const options = loggerOptions('info') as pino.LoggerOptions;
  return { lines, log: pino(options, stream) };
}

test('scrubPan blanks 13–19 digit runs (with spaces or dashes), keeps BINs, amounts and ids', () => {
  assert.equal(scrubPan('card 4242424242424242 ok'), 'card [PAN redacted] ok');
  assert.equal(scrubPan('4242 4242 4242 4242'), '[PAN redacted]');
  assert.equal(scrubPan('4242-4242-4242-4242'), '[PAN redacted]');
  assert.equal(scrubPan('378282246310005'), '[PAN redacted]');
  assert.equal(scrubPan('bin 42424242, amount 123400, order ORD123'), 'bin 42424242, amount 123400, order ORD123');
});

test('the logger redacts secrets, session secrets, auth headers and PANs anywhere in a line', () => {
  const { lines, log } = capture();
  log.info({ req: { headers: { authorization: 'Bearer sk_sbox_secret', cookie: 'sid=1' } }, body: { payment_session_secret: 'pss_x', payment_session_token: 'YmFz', nested: { deeper: { note: 'paid with 4000020000000000' } } } }, 'tokenizing 5436031030606378');
  log.info({ err: new Error('declined card 4242424242424242') }, 'failed');
  log.info({ card: { number: '4242424242424242' }, bin: { number: '424242' }, secretKey: EMULATOR_KEYS.secretKey }, 'x');
  const text = lines.join('');
  for (const secret of ['sk_sbox_secret', 'sid=1', 'pss_x', 'YmFz', '4000020000000000', '5436031030606378', '4242424242424242', EMULATOR_KEYS.secretKey]) {
    assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
  }
  assert.match(text, /"number":"424242"/, 'a BIN stays readable');
  assert.deepEqual(scrub({ a: [{ password: 'p' }] }), { a: [{ password: '[Redacted]' }] });
});

test('a full journey leaves no secret, session secret or PAN in the proxy logs', async (t) => {
  const s = await stack(t, { env: { LOG_LEVEL: 'debug' } });
  const created = await s.request('POST', '/create-payment-sessions', order({ customer: { email: 'a@example.com', name: 'A 4242424242424242' } }), { 'idempotency-key': 'log-test-00001', authorization: 'Bearer leaked-token' });
  assert.equal(created.status, 201);
  const paid = await payOnEmulator(s.emulator.url, created.body.paymentSession.id);
  await s.request('GET', `/api/payments/${paid.id}`);
  await s.request('POST', '/card-metadata', { number: '4242424242424242' });
  await s.request('POST', '/tokenize-card', { number: '4242424242424242', expiryMonth: 12, expiryYear: 2030 });
  await s.request('GET', '/api/catalog?pan=4242424242424242');
  await s.emulator.app.emulator.webhooks.idle();
  const text = s.logs.join('\n');
  assert.ok(s.logs.length > 5, 'logs were captured');
  const forbidden = [EMULATOR_KEYS.secretKey, EMULATOR_KEYS.webhookSecret, created.body.paymentSession.payment_session_secret, created.body.paymentSession.payment_session_token, '4242424242424242', 'leaked-token', 'log-test-00001'];
  for (const secret of forbidden) assert.ok(!text.includes(secret), `${secret.slice(0, 12)}… leaked into the logs`);
  const withoutClock = text.replace(/"(time|pid)":\d+/g, '');
  assert.deepEqual(withoutClock.match(/(?<![\d.])\d{13,19}(?![\d.])/g), null, 'no PAN-like digit run in any log line');
  assert.ok(s.logs.some((l) => l.includes('"url":"/api/catalog?pan=[PAN redacted]"')), 'request URLs are logged, scrubbed');
});
