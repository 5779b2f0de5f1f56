import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emulator, paymentBody, post, sessionBody } from './helpers';

const frameConfig = (config: Record<string, unknown>) => Buffer.from(JSON.stringify(config)).toString('base64url');

test('GET /flow.js: JavaScript, CORS, defines window.CheckoutWebComponents', async (t) => {
  const app = await emulator(t);
  const res = await app.inject({ url: '/flow.js', headers: { origin: 'https://shop.example' } });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/javascript/);
  assert.equal(res.headers['access-control-allow-origin'], '*');
  assert.match(res.body, /window\.CheckoutWebComponents = CheckoutWebComponents/);
  const preflight = await app.inject({ method: 'OPTIONS', url: '/tokens', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
  assert.equal(preflight.statusCode, 204);
  assert.match(String(preflight.headers['access-control-allow-headers']), /authorization/);
});

test('the Flow frame renders the session amount, Flow labels, locale and a frame-ancestors policy', async (t) => {
  const app = await emulator(t);
  const session = await post(app, '/payment-sessions', sessionBody({ locale: 'ja-JP', amount: 123400, currency: 'JPY' }));
  const config = frameConfig({ session: session.body.id, parentOrigin: 'https://shop.example', componentId: 'cmp_1', appearance: { colorAction: '#123456' } });
  const res = await app.inject({ url: `/flow/frame?config=${config}` });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-security-policy']), /frame-ancestors https:\/\/shop\.example/);
  assert.match(res.body, /<html lang="ja-JP" dir="ltr" style="--cko-color-action: #123456">/);
  assert.match(res.body, /<label for="card-number">カード番号<\/label>/);
  assert.match(res.body, /支払う ￥123,400/);
  const english = frameConfig({ session: session.body.id, parentOrigin: 'https://shop.example', componentId: 'cmp_1', locale: 'en-GB' });
  const en = await app.inject({ url: `/flow/frame?config=${english}` });
  for (const label of ['Card number', 'Expiry date', 'Security code', 'Cardholder name']) assert.match(en.body, new RegExp(`>${label}</label>`));
  assert.match(en.body, />Pay JP¥123,400</);
  const hostile = frameConfig({ session: session.body.id, parentOrigin: 'https://shop.example', componentId: 'cmp_1', appearance: { colorAction: 'red;} body{display:none' } });
  assert.doesNotMatch((await app.inject({ url: `/flow/frame?config=${hostile}` })).body, /display:none/);
  assert.equal((await app.inject({ url: '/flow/frame?config=nonsense' })).statusCode, 400);
});

test('the hosted payment page loads with the order summary, the card form and a cancel link', async (t) => {
  const app = await emulator(t);
  const hpp = await post(app, '/hosted-payments', {
    currency: 'HKD',
    display_name: 'Harbour Tickets',
    billing: { address: { country: 'HK' } },
    products: [{ name: 'Concert <VIP>', quantity: 2, price: 50000 }],
    success_url: 'https://shop.example/ok',
    cancel_url: 'https://shop.example/cancel',
    failure_url: 'https://shop.example/ko',
  });
  const page = await app.inject({ url: new URL(hpp.body._links.redirect.href).pathname });
  assert.equal(page.statusCode, 200);
  assert.match(String(page.headers['content-type']), /text\/html/);
  assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
  assert.match(page.body, /Concert &lt;VIP&gt;/);
  assert.match(page.body, /Harbour Tickets/);
  assert.match(page.body, />Pay HK\$1,000\.00</);
  assert.match(page.body, /href="https:\/\/shop\.example\/cancel"/);
  assert.equal((await app.inject({ url: '/page/hpp_unknown00000' })).statusCode, 404);
});

test('HPP pay endpoint: decline goes to failure_url with both ids; invalid card is a 422', async (t) => {
  const app = await emulator(t);
  const hpp = await post(app, '/hosted-payments', {
    amount: 500,
    currency: 'GBP',
    billing: { address: { country: 'GB' } },
    success_url: 'https://shop.example/ok',
    cancel_url: 'https://shop.example/cancel',
    failure_url: 'https://shop.example/ko?order=9',
  });
  const bad = await app.inject({ method: 'POST', url: `/page/${hpp.body.id}/pay`, payload: { number: '4242424242424241', expiry_month: 12, expiry_year: 2030, cvv: '100' } });
  assert.deepEqual([bad.statusCode, bad.json().error_codes], [422, ['card_number_invalid']]);
  const declined = await app.inject({ method: 'POST', url: `/page/${hpp.body.id}/pay`, payload: { number: '4544249167673670', expiry_month: 12, expiry_year: 2030, cvv: '100' } });
  const target = new URL(declined.json().redirect_url);
  assert.equal(target.origin + target.pathname, 'https://shop.example/ko');
  assert.equal(target.searchParams.get('order'), '9');
  assert.match(target.searchParams.get('cko-session-id')!, /^sid_/);
  assert.match(target.searchParams.get('cko-payment-id')!, /^pay_/);
});

test('3DS pages: unknown payment 404, finished API payment without URLs shows its status', async (t) => {
  const app = await emulator(t);
  assert.equal((await app.inject({ url: '/3ds/pay_aaaaaaaaaaaaaaaaaaaaaaaaaa' })).statusCode, 404);
  const pending = await post(app, '/payments', paymentBody('4010061700000021', { '3ds': { enabled: true } }));
  const done = await app.inject({ method: 'POST', url: `/3ds/${pending.body.id}`, payload: 'cancel=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(done.statusCode, 200);
  assert.match(done.body, /Declined/);
});
