import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { DEMO_CATALOG_FILE, parseCatalog } from '../../server/catalog';
import { closeDatabases, database, proxyOnly } from './helpers';

type Json = Record<string, any>;
const ORIGIN = 'http://localhost:4242';
const HALL = 'harbour-strings-2031';

after(() => closeDatabases());

/** A proxy whose catalog marks the hall event `requiresLogin` (the demo catalog does not). */
async function app(t: TestContext, requiresLogin = true): Promise<FastifyInstance> {
  const db = await database(t);
  await db.query('TRUNCATE seat_claims, seat_holds, seat_versions, auth_sessions, auth_login_failures');
  const raw = JSON.parse(readFileSync(DEMO_CATALOG_FILE, 'utf8'));
  const event = raw.events.find((e: Json) => e.id === HALL);
  event.requiresLogin = requiresLogin;
  return proxyOnly(t, {}, { catalog: parseCatalog(raw) });
}

const hold = (a: FastifyInstance, seats: string[], headers: Record<string, string> = {}) =>
  a.inject({ method: 'POST', url: '/api/seat-holds', headers: { origin: ORIGIN, ...headers }, payload: { eventId: HALL, seats } });

async function login(a: FastifyInstance): Promise<{ cookie: string; csrf: string }> {
  const res = await a.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: ORIGIN }, payload: { username: 'kenso', password: '12345678' } });
  assert.equal(res.statusCode, 200, res.body);
  return { cookie: String(res.headers['set-cookie']).split(';')[0]!, csrf: res.json().csrfToken };
}

test('an event that requires login: no session → 401; a session without the CSRF token → 403; with it → 201', async (t) => {
  const a = await app(t);
  const catalog = await a.inject({ method: 'GET', url: '/api/catalog' });
  assert.equal(catalog.json().events.find((e: Json) => e.id === HALL).requiresLogin, true, 'the public catalog tells the kit');

  const anonymous = await hold(a, ['STALLS:A:1']);
  assert.equal(anonymous.statusCode, 401);
  assert.equal(anonymous.json().error.code, 'login_required');
  assert.match(anonymous.json().error.message, /log in/i);

  const { cookie, csrf } = await login(a);
  const noToken = await hold(a, ['STALLS:A:1'], { cookie });
  assert.equal(noToken.statusCode, 403);
  assert.equal(noToken.json().error.code, 'csrf_token_invalid');
  const foreign = await hold(a, ['STALLS:A:1'], { cookie, 'x-csrf-token': csrf, origin: 'https://evil.example' });
  assert.equal(foreign.statusCode, 403);

  const ok = await hold(a, ['STALLS:A:1', 'STALLS:A:2'], { cookie, 'x-csrf-token': csrf });
  assert.equal(ok.statusCode, 201, ok.body);
  assert.deepEqual(ok.json().seats, ['STALLS:A:1', 'STALLS:A:2']);
  const id = ok.json().id as string;

  // The hold is the user's: another browser of theirs (another holder cookie) replaces it; a
  // stranger's browser cannot touch it.
  const anonymousHold = await a.inject({ method: 'POST', url: '/api/seat-holds', headers: { origin: ORIGIN }, payload: { eventId: 'skyline-live-2031', seats: ['FLOOR:A:1'] } });
  const holderCookie = String(anonymousHold.headers['set-cookie']).split(';')[0]!;
  const otherTab = await hold(a, ['STALLS:A:2'], { cookie: `${cookie}; ${holderCookie}`, 'x-csrf-token': csrf });
  assert.equal(otherTab.statusCode, 200);
  assert.equal(otherTab.json().id, id);
  const strangerExtend = await a.inject({ method: 'POST', url: `/api/seat-holds/${id}/extend`, headers: { origin: ORIGIN, cookie: holderCookie }, payload: {} });
  assert.equal(strangerExtend.statusCode, 401);
  const strangerRelease = await a.inject({ method: 'DELETE', url: `/api/seat-holds/${id}`, headers: { origin: ORIGIN, cookie: holderCookie } });
  assert.equal(strangerRelease.statusCode, 401);

  const extended = await a.inject({ method: 'POST', url: `/api/seat-holds/${id}/extend`, headers: { origin: ORIGIN, cookie: `${cookie}; ${holderCookie}`, 'x-csrf-token': csrf }, payload: {} });
  assert.equal(extended.statusCode, 200, extended.body);
  assert.equal(extended.json().extended, true);
  const released = await a.inject({ method: 'DELETE', url: `/api/seat-holds/${id}`, headers: { origin: ORIGIN, cookie, 'x-csrf-token': csrf } });
  assert.equal(released.statusCode, 204, released.body);
});

test('a forged session cookie cannot use the hold', async (t) => {
  const a = await app(t);
  const { cookie, csrf } = await login(a);
  const ok = await hold(a, ['STALLS:B:1'], { cookie, 'x-csrf-token': csrf });
  assert.equal(ok.statusCode, 201, ok.body);
  const forged = await a.inject({ method: 'POST', url: `/api/seat-holds/${ok.json().id}/extend`, headers: { origin: ORIGIN, cookie: 'ck_session=forged', 'x-csrf-token': csrf }, payload: {} });
  assert.equal(forged.statusCode, 401);
});

test('an event without requiresLogin still holds for the anonymous tab', async (t) => {
  const a = await app(t, false);
  const res = await hold(a, ['STALLS:A:1']);
  assert.equal(res.statusCode, 201, res.body);
});

test("a members' hold is priced only for its user: the hold id alone is not enough", async (t) => {
  const a = await app(t);
  const { cookie, csrf } = await login(a);
  const held = await hold(a, ['STALLS:C:1', 'STALLS:C:2'], { cookie, 'x-csrf-token': csrf });
  assert.equal(held.statusCode, 201, held.body);
  const price = (headers: Record<string, string>) =>
    a.inject({ method: 'POST', url: '/api/orders/quote', headers: { origin: ORIGIN, ...headers }, payload: { seatHoldId: held.json().id, currency: 'HKD', country: 'HK', customer: { email: 'kenso@example.com', name: 'Kenso Lee' } } });

  const anonymous = await price({});
  assert.equal(anonymous.statusCode, 401);
  assert.equal(anonymous.json().error.code, 'login_required');
  const withoutToken = await price({ cookie });
  assert.equal(withoutToken.statusCode, 403);

  const owner = await price({ cookie, 'x-csrf-token': csrf });
  assert.equal(owner.statusCode, 200, owner.body);
  assert.equal(owner.json().order.lines.reduce((n: number, l: Json) => n + l.quantity, 0), 2, 'both seats are priced');
});
