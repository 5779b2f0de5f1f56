import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, verifyPassword } from '../../server/auth/password';
import { UserDirectory } from '../../server/auth/users';
import { buildAuthApp, cookiePair, MERCHANT, ORIGIN } from './auth-harness';
import { closeDatabases, database, proxyOnly } from './helpers';

after(() => closeDatabases());

const login = (username: string, password: string, headers: Record<string, string> = {}) => ({
  method: 'POST' as const,
  url: '/api/auth/login',
  headers: { origin: ORIGIN, ...headers },
  payload: { username, password },
});

test('passwords: scrypt with a salt per hash; the password verifies, a near miss and a malformed hash do not', async () => {
  const a = await hashPassword('correct horse');
  const b = await hashPassword('correct horse');
  assert.notEqual(a, b, 'two hashes of one password differ (salt)');
  assert.match(a, /^scrypt\$32768\$8\$1\$/);
  assert.equal(await verifyPassword('correct horse', a), true);
  assert.equal(await verifyPassword('correct hors', a), false);
  assert.equal(await verifyPassword('x', 'not-a-hash'), false);
});

test('the demo users file holds hashes only, and the seed demo user logs in', async () => {
  const users = UserDirectory.fromFile();
  const kenso = users.find('Kenso');
  assert.ok(kenso);
  assert.doesNotMatch(JSON.stringify(kenso), /12345678/);
  assert.equal(await verifyPassword('12345678', kenso.passwordHash), true);
});

test('login: the right password sets an httpOnly, signed, SameSite=Lax cookie and returns the user and a CSRF token', async (t) => {
  const { app, clock } = await buildAuthApp(t);
  const res = await app.inject(login('kenso', '12345678'));
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.authenticated, true, res.body);
  assert.deepEqual(body.user, { username: 'kenso', name: 'Kenso Lee', email: 'kenso@example.com' });
  assert.match(body.csrfToken, /^[\w-]{40,}$/);
  assert.equal(Date.parse(body.expiresAt), clock.now + 8 * 60 * 60 * 1000);
  assert.doesNotMatch(res.body, /passwordHash|scrypt|12345678/);
  const cookie = String(res.headers['set-cookie']);
  assert.match(cookie, /^ck_session=[\w-]+\.[\w+/=-]+;/, 'signed value (id.signature)');
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.match(cookie, /Path=\//);
  assert.match(cookie, /Max-Age=28800/);
  assert.doesNotMatch(cookie, /Secure/, 'plain http in dev');
  assert.equal(res.headers['cache-control'], 'no-store');
});

test('login over https with merchant origins: __Host- cookie, SameSite=None, Secure, Partitioned', async (t) => {
  const { app } = await buildAuthApp(t, { publicBaseUrl: 'https://pay.example' });
  const res = await app.inject(login('kenso', '12345678', { origin: MERCHANT }));
  assert.equal(res.statusCode, 200);
  const cookie = String(res.headers['set-cookie']);
  assert.match(cookie, /^__Host-ck_session=/);
  assert.match(cookie, /Secure/);
  assert.match(cookie, /SameSite=None/);
  assert.match(cookie, /Partitioned/);
  assert.match(cookie, /HttpOnly/);
});

test('login over https with no other origin: SameSite=Lax, Secure', async (t) => {
  const { app } = await buildAuthApp(t, { publicBaseUrl: 'https://pay.example', allowedOrigins: [] });
  const res = await app.inject(login('kenso', '12345678', { origin: 'https://pay.example' }));
  const cookie = String(res.headers['set-cookie']);
  assert.match(cookie, /SameSite=Lax/);
  assert.match(cookie, /Secure/);
});

test('login: a wrong password and an unknown user get the same 401 with no cookie', async (t) => {
  const { app } = await buildAuthApp(t);
  const wrong = await app.inject(login('kenso', 'nope-nope'));
  const unknown = await app.inject(login('nobody', 'nope-nope'));
  for (const res of [wrong, unknown]) {
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().error.code, 'invalid_credentials');
    assert.equal(res.json().error.message, 'The username or password is incorrect.');
    assert.equal(res.json().error.fields[0].path, 'password');
    assert.equal(res.headers['set-cookie'], undefined);
  }
  assert.doesNotMatch(wrong.body, /nope-nope/);
});

test('login: empty fields are a 400 naming them', async (t) => {
  const { app } = await buildAuthApp(t);
  const res = await app.inject(login('', ''));
  assert.equal(res.statusCode, 400);
  const paths = res.json().error.fields.map((f: { path: string }) => f.path).sort();
  assert.deepEqual(paths, ['password', 'username']);
});

test('login: unknown fields are refused', async (t) => {
  const { app } = await buildAuthApp(t);
  const res = await app.inject({ ...login('kenso', '12345678'), payload: { username: 'kenso', password: '12345678', admin: true } });
  assert.equal(res.statusCode, 400);
});

test('login: refused from an origin that is not on the allowlist (login CSRF)', async (t) => {
  const { app } = await buildAuthApp(t);
  const res = await app.inject(login('kenso', '12345678', { origin: 'https://evil.example' }));
  assert.equal(res.statusCode, 403);
  assert.equal(res.json().error.code, 'origin_not_allowed');
  assert.equal(res.headers['set-cookie'], undefined);
});

test('rate limit per account: 5 failures in 15 minutes lock the account (even for the right password) with Retry-After', async (t) => {
  const { app, clock } = await buildAuthApp(t);
  for (let i = 0; i < 5; i++) {
    const res = await app.inject(login('kenso', `wrong-${i}`, { 'x-forwarded-for': `10.0.0.${i}` }));
    assert.equal(res.statusCode, 401);
    clock.advance(60_000);
  }
  const blocked = await app.inject(login('KENSO', '12345678'));
  assert.equal(blocked.statusCode, 429);
  assert.equal(blocked.json().error.code, 'too_many_attempts');
  assert.match(blocked.json().error.message, /Too many login attempts\. Try again in 10 minutes\./);
  // First failure at t0; now t0+5min; it leaves the window at t0+15min.
  assert.equal(blocked.headers['retry-after'], String(10 * 60));
  assert.equal(blocked.headers['set-cookie'], undefined);

  clock.advance(10 * 60_000 + 1000);
  const after = await app.inject(login('kenso', '12345678'));
  assert.equal(after.statusCode, 200, 'the oldest failure left the window');
});

test('rate limit per IP: its own, higher budget of failures across accounts blocks that IP, not others', async (t) => {
  const { app } = await buildAuthApp(t, { loginMaxFailuresPerIp: 8 });
  for (let i = 0; i < 8; i++) {
    const res = await app.inject({ ...login(`user${i}`, 'wrong-password'), remoteAddress: '203.0.113.9' });
    assert.equal(res.statusCode, 401);
  }
  const fromIp = await app.inject({ ...login('kenso', '12345678'), remoteAddress: '203.0.113.9' });
  assert.equal(fromIp.statusCode, 429);
  assert.ok(Number(fromIp.headers['retry-after']) > 0);
  const elsewhere = await app.inject({ ...login('kenso', '12345678'), remoteAddress: '198.51.100.7' });
  assert.equal(elsewhere.statusCode, 200);
});

test('a successful login clears the account failures but not the IP count', async (t) => {
  const { app } = await buildAuthApp(t, { loginMaxFailuresPerIp: 8 });
  for (let i = 0; i < 4; i++) await app.inject({ ...login('kenso', 'wrong'), remoteAddress: '192.0.2.1' });
  assert.equal((await app.inject({ ...login('kenso', '12345678'), remoteAddress: '192.0.2.2' })).statusCode, 200);
  // Account reset: four more failures from elsewhere do not lock it…
  for (let i = 0; i < 4; i++) await app.inject({ ...login('kenso', 'wrong'), remoteAddress: '192.0.2.3' });
  assert.equal((await app.inject({ ...login('kenso', '12345678'), remoteAddress: '192.0.2.4' })).statusCode, 200);
  // …while the first IP still carries its four and is locked once it reaches its budget of 8.
  for (let i = 0; i < 4; i++) await app.inject({ ...login(`someone${i}`, 'wrong'), remoteAddress: '192.0.2.1' });
  assert.equal((await app.inject({ ...login('kenso', '12345678'), remoteAddress: '192.0.2.1' })).statusCode, 429);
});

test('me: anonymous, then logged in, then logged out', async (t) => {
  const { app } = await buildAuthApp(t);
  const anonymous = await app.inject({ method: 'GET', url: '/api/auth/me' });
  assert.deepEqual(anonymous.json(), { authenticated: false });

  const res = await app.inject(login('kenso', '12345678'));
  const cookie = cookiePair(res.headers['set-cookie']);
  const { csrfToken } = res.json();
  const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
  assert.equal(me.json().authenticated, true);
  assert.equal(me.json().user.username, 'kenso');
  assert.equal(me.json().csrfToken, csrfToken);

  const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, origin: ORIGIN, 'x-csrf-token': csrfToken } });
  assert.equal(out.statusCode, 204);
  assert.match(String(out.headers['set-cookie']), /ck_session=;.*Expires=Thu, 01 Jan 1970/);
  const after = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
  assert.deepEqual(after.json(), { authenticated: false }, 'the server-side session is gone, not just the cookie');
});

test('a tampered or unsigned session cookie is no session', async (t) => {
  const { app } = await buildAuthApp(t);
  const res = await app.inject(login('kenso', '12345678'));
  const [name, value] = cookiePair(res.headers['set-cookie']).split('=') as [string, string];
  const id = value.slice(0, value.lastIndexOf('.'));
  for (const forged of [id, `${id}.AAAA`, `x${value}`]) {
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `${name}=${forged}` } });
    assert.deepEqual(me.json(), { authenticated: false });
  }
});

test('sessions expire after 8 hours', async (t) => {
  const { app, clock } = await buildAuthApp(t);
  const res = await app.inject(login('kenso', '12345678'));
  const cookie = cookiePair(res.headers['set-cookie']);
  clock.advance(8 * 60 * 60 * 1000 + 1);
  const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
  assert.deepEqual(me.json(), { authenticated: false });
});

test('CSRF: logout with the session cookie but no token, a wrong token or a foreign origin is refused', async (t) => {
  const { app } = await buildAuthApp(t);
  const res = await app.inject(login('kenso', '12345678'));
  const cookie = cookiePair(res.headers['set-cookie']);
  const { csrfToken } = res.json();

  const cases = [
    { headers: { cookie, origin: ORIGIN }, code: 'csrf_token_invalid' },
    { headers: { cookie, origin: ORIGIN, 'x-csrf-token': `${csrfToken}x` }, code: 'csrf_token_invalid' },
    { headers: { cookie, origin: 'https://evil.example', 'x-csrf-token': csrfToken }, code: 'origin_not_allowed' },
    { headers: { cookie, 'x-csrf-token': csrfToken }, code: 'origin_not_allowed' },
    { headers: { cookie, referer: 'https://evil.example/page', 'x-csrf-token': csrfToken }, code: 'origin_not_allowed' },
  ];
  for (const { headers, code } of cases) {
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers });
    assert.equal(out.statusCode, 403, JSON.stringify(headers));
    assert.equal(out.json().error.code, code);
  }
  const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
  assert.equal(me.json().authenticated, true, 'still logged in: no refused request changed anything');

  const fromMerchant = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, origin: MERCHANT, 'x-csrf-token': csrfToken } });
  assert.equal(fromMerchant.statusCode, 204, 'an allowlisted merchant origin with the token is fine');
});

test('a new login replaces the previous session (no fixation)', async (t) => {
  const { app } = await buildAuthApp(t);
  const first = cookiePair((await app.inject(login('kenso', '12345678'))).headers['set-cookie']);
  const second = await app.inject({ ...login('kenso', '12345678'), headers: { origin: ORIGIN, cookie: first } });
  assert.notEqual(cookiePair(second.headers['set-cookie']), first);
  const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: first } });
  assert.deepEqual(me.json(), { authenticated: false });
});

test('wired into the proxy: an allowed merchant origin may log in with credentials; others are refused', async (t) => {
  const db = await database(t);
  await db.query('TRUNCATE auth_sessions, auth_login_failures');
  const app = await proxyOnly(t, { ALLOWED_ORIGINS: MERCHANT });
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/api/auth/login',
    headers: { origin: MERCHANT, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-csrf-token' },
  });
  assert.equal(preflight.headers['access-control-allow-origin'], MERCHANT);
  assert.equal(preflight.headers['access-control-allow-credentials'], 'true');
  assert.match(String(preflight.headers['access-control-allow-headers']), /x-csrf-token/);

  const res = await app.inject(login('kenso', '12345678', { origin: MERCHANT }));
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['access-control-allow-credentials'], 'true');
  const cookie = cookiePair(res.headers['set-cookie']);
  const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie, origin: MERCHANT } });
  assert.equal(me.json().user.username, 'kenso');

  const evil = await app.inject(login('kenso', '12345678', { origin: 'https://evil.example' }));
  assert.equal(evil.statusCode, 403);
  await db.query('TRUNCATE auth_sessions, auth_login_failures');
});
