/**
 * Races over REAL sockets, across two proxies sharing one database (the scale-out shape of
 * docs/design.md), with a slow upstream so every duplicate lands while the first is in flight:
 *  - 50 concurrent duplicate session creations (same Idempotency-Key) → one upstream session,
 *    one order, every answer the same session; the same for the hosted payment page;
 *  - 50 duplicates of which 10 carry a changed order → still one session; every loser is
 *    409 `idempotency_key_reused`;
 *  - 50 duplicates from one IP under the PRODUCTION rate limits → one session; the rest are
 *    replays or 429 with Retry-After, never a second session;
 *  - 200 concurrent holds on one seat, split over both proxies → one hold.
 * Extends tests/server/storage.test.ts and seat-holds.test.ts (same invariants through
 * app.inject on one process) to sockets, HPP, changed bodies and production limits.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { unavailable } from '../helpers/requirements';
import { errorShapeProblem, NO_RATE_LIMITS, reliabilityStack, type ReliabilityStack } from './reliability-harness';

type Json = Record<string, any>;

let s: ReliabilityStack;
let second: { app: FastifyInstance; url: string };
let limited: { app: FastifyInstance; url: string };
const closers: Array<() => Promise<void>> = [];

async function sibling(rateLimits?: typeof NO_RATE_LIMITS) {
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://', PUBLIC_BASE_URL: s.url });
  config.checkout.apiUrl = s.emulator.url;
  const app = await buildApp(config, { logger: false, database: s.app.db, velocity: false, ...(rateLimits ? { rateLimits } : {}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  closers.unshift(() => app.close());
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { app, url: `http://127.0.0.1:${address.port}` };
}

before(async () => {
  s = await reliabilityStack({ after: (fn: () => Promise<void>) => void closers.push(fn) }, { logLevel: 'warn', build: { checkoutClient: { writeTimeoutMs: 10_000, readTimeoutMs: 5_000 } } });
  second = await sibling(NO_RATE_LIMITS);
  limited = await sibling(); // production defaults (DEFAULT_RATE_LIMITS)
});
after(async () => {
  for (const close of closers) await close();
});

const order = (quantity = 1) => ({
  items: [{ reference: 'case-iphone16-clear', quantity }],
  currency: 'HKD',
  country: 'HK',
  customer: { email: 'race@example.com', name: 'Race Condition' },
  billingAddress: { line1: '1 Race Road', city: 'Hong Kong', country: 'HK' },
  shippingAddress: { line1: '1 Race Road', city: 'Hong Kong', country: 'HK' },
});

async function post(url: string, path: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const raw = await res.text();
  return { status: res.status, raw, json: (raw ? JSON.parse(raw) : {}) as Json, headers: Object.fromEntries(res.headers) };
}

const countOrders = async () => (await s.app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders')).rows[0]!.n;
const slowUpstream = (path: string) => s.emulator.app.emulator.faults.add({ method: 'POST', path, mode: 'latency', latencyMs: 300, count: 1 });
const tally = (codes: number[]) => JSON.stringify(codes.reduce<Record<number, number>>((m, c) => ({ ...m, [c]: (m[c] ?? 0) + 1 }), {}));

for (const route of [
  { path: '/create-payment-sessions', upstream: '/payment-sessions', count: () => s.emulator.app.emulator.store.paymentSessions.size, id: (b: Json) => b.paymentSession?.id },
  { path: '/create-hosted-payment', upstream: '/hosted-payments', count: () => s.emulator.app.emulator.store.hostedPayments.size, id: (b: Json) => b.hostedPayment?.id },
]) {
  test(`50 concurrent duplicates of ${route.path} over sockets, two proxies, one database → one upstream object, one order`, { timeout: 60_000 }, async (t) => {
    const before = { upstream: route.count(), orders: await countOrders() };
    slowUpstream(route.upstream);
    const headers = { 'idempotency-key': randomUUID() };
    const body = order();
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => post(i % 2 ? second.url : s.url, route.path, body, headers)));
    const codes = results.map((r) => r.status);
    assert.ok(codes.every((c) => c === 201), tally(codes));
    assert.equal(new Set(results.map((r) => route.id(r.json))).size, 1, 'every duplicate got the same upstream object');
    assert.equal(new Set(results.map((r) => r.json.order?.id)).size, 1, 'and the same order');
    assert.equal(route.count() - before.upstream, 1, 'exactly one upstream object');
    assert.equal((await countOrders()) - before.orders, 1, 'exactly one stored order');
    t.diagnostic(`50 duplicates answered in ${(performance.now() - started).toFixed(0)} ms; ${results.filter((r) => r.headers['idempotent-replayed']).length} marked as replays`);
  });
}

test('50 concurrent duplicates of which 10 change the order → one session; every body other than the first one’s is refused with 409', { timeout: 60_000 }, async () => {
  const before = s.emulator.app.emulator.store.paymentSessions.size;
  slowUpstream('/payment-sessions');
  const headers = { 'idempotency-key': randomUUID() };
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => post(i % 2 ? second.url : s.url, '/create-payment-sessions', order(i % 5 === 4 ? 2 : 1), headers)));
  const ok = results.filter((r) => r.status === 201);
  const refused = results.filter((r) => r.status !== 201);
  assert.equal(s.emulator.app.emulator.store.paymentSessions.size - before, 1, 'one upstream session');
  assert.equal(new Set(ok.map((r) => r.json.paymentSession.id)).size, 1);
  // Whichever body reached the proxy first owns the key: every duplicate with that body gets its
  // session, every other body is refused — 10 refused if an unchanged order came first, else 40.
  const quantity = (i: number) => (i % 5 === 4 ? 2 : 1);
  const owner = ok[0]!.json.order.lines[0].quantity as number;
  assert.deepEqual(
    results.map((r, i) => [i, r.status]).filter(([i, status]) => (status === 201) !== (quantity(i as number) === owner)),
    [],
    `201 exactly for the owner's body (quantity ${owner}): ${tally(results.map((r) => r.status))}`,
  );
  assert.equal(refused.length, owner === 1 ? 10 : 40);
  for (const r of refused) {
    assert.equal(r.status, 409, r.raw);
    assert.equal(r.json.error.code, 'idempotency_key_reused');
    assert.equal(errorShapeProblem(r.status, r.raw, r.headers['content-type']), null);
  }
});

test('50 duplicates from one IP under the production rate limits → one session; the rest replay or get 429 with Retry-After', { timeout: 60_000 }, async (t) => {
  const before = s.emulator.app.emulator.store.paymentSessions.size;
  slowUpstream('/payment-sessions');
  const headers = { 'idempotency-key': randomUUID() };
  const results = await Promise.all(Array.from({ length: 50 }, () => post(limited.url, '/create-payment-sessions', order(), headers)));
  const codes = results.map((r) => r.status);
  assert.ok(codes.every((c) => c === 201 || c === 429), tally(codes));
  assert.ok(codes.includes(201));
  for (const r of results.filter((x) => x.status === 429)) {
    assert.match(String(r.headers['retry-after']), /^\d+$/);
    assert.equal(errorShapeProblem(r.status, r.raw, r.headers['content-type']), null);
  }
  assert.equal(new Set(results.filter((r) => r.status === 201).map((r) => r.json.paymentSession.id)).size, 1);
  assert.equal(s.emulator.app.emulator.store.paymentSessions.size - before, 1);
  t.diagnostic(`production limits: ${tally(codes)}`);
});

test('200 concurrent holds on one seat over sockets, split across two proxies → exactly one hold', { timeout: 60_000 }, async (t) => {
  const routes = s.app.printRoutes({ commonPrefix: false });
  if (unavailable(t, !routes.includes('/api/seat-holds') && 'the proxy has no POST /api/seat-holds route')) return;
  const catalog = (await s.json('GET', '/api/catalog')).body;
  const event = catalog.events?.[0];
  assert.ok(event, 'the catalog has an event');
  const venue = (await s.json('GET', `/api/events/${event.id}/venue`)).body;
  const section = venue.sections[venue.sections.length - 1];
  const row = section.rows[section.rows.length - 1];
  const seat = `${section.id}:${row.label}:${(row.firstNumber ?? 1) + row.seats - 1}`;
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) => post(i % 2 ? second.url : s.url, '/api/seat-holds', { eventId: event.id, seats: [seat] }, {})),
  );
  const codes = results.map((r) => r.status);
  assert.equal(codes.filter((c) => c === 201).length, 1, tally(codes));
  for (const r of results.filter((x) => x.status !== 201)) {
    assert.equal(r.status, 409, r.raw);
    assert.equal(errorShapeProblem(r.status, r.raw, r.headers['content-type']), null);
  }
  const availability = (await s.json('GET', `/api/events/${event.id}/seats`)).body;
  assert.equal((availability.held as string[]).filter((x) => x === seat).length, 1);
  t.diagnostic(`200 racers for ${seat} answered in ${(performance.now() - started).toFixed(0)} ms: ${tally(codes)}`);
});
