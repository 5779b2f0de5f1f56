import assert from 'node:assert/strict';
import { after, type TestContext } from 'node:test';
import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp, type BuildOptions } from '../../server/app';
import { eventually } from '../helpers/wait';
import { loadConfig } from '../../server/config';
import { buildEmulator, type EmulatorOptions } from '../../server/emulator/app';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS_DIR, openDatabase, type Database } from '../../server/storage/db';
import { startProxy, type RunningProxy } from '../helpers/proxy';
import { skipOutsideCi } from '../helpers/requirements';

type Json = Record<string, any>;

/** Stands in for TEST_DATABASE_URL when it is not set: `database()` fails for it (CI) — locally its tests are skipped. */
const NO_POSTGRES = 'postgres://TEST_DATABASE_URL-is-not-set';
const NO_POSTGRES_REASON = 'TEST_DATABASE_URL is not set (.ci/run starts a PostgreSQL and sets it)';

/**
 * Databases the suite runs against: PGlite always, and a real PostgreSQL (TEST_DATABASE_URL).
 * Pass `skip` as the options of the test or describe of each variant: without
 * TEST_DATABASE_URL the PostgreSQL variants print as skipped locally and fail in CI
 * (tests/helpers/requirements.ts).
 */
export const DATABASES: Array<{ name: string; url?: string; skip?: string }> = [
  { name: 'pglite' },
  { name: 'postgres', url: process.env.TEST_DATABASE_URL ?? NO_POSTGRES, ...skipOutsideCi(!process.env.TEST_DATABASE_URL && NO_POSTGRES_REASON) },
];

const opened = new Map<string, Promise<Database>>();

/**
 * One database per process and URL (PGlite takes ~1 s to start), emptied before each test.
 * Tests within a file run one after another, so they never share rows.
 */
export async function database(_t: TestContext, url?: string): Promise<Database> {
  if (url === NO_POSTGRES) assert.fail(`${NO_POSTGRES_REASON}; CI must provide it, so this PostgreSQL test fails rather than skip.`);
  const key = url ?? 'pglite';
  let db = opened.get(key);
  if (!db) {
    db = url ? openDatabase({ url, max: 60 }) : openSnapshotPglite();
    opened.set(key, db);
  }
  const ready = await db;
  await ready.query('TRUNCATE payment_events, webhook_events, idempotency_keys, payments, orders, payment_attempts RESTART IDENTITY CASCADE');
  return ready;
}

/**
 * PGlite's initdb is most of its start-up time; a migrated data directory is cached in the OS
 * temp dir (keyed by the PGlite version and the migrations) and later test processes start
 * from it. Any problem with the cache falls back to a fresh database.
 */
async function openSnapshotPglite(): Promise<Database> {
  const migrations = readdirSync(MIGRATIONS_DIR).sort().map((f) => f + readFileSync(join(MIGRATIONS_DIR, f), 'utf8'));
  const version = JSON.parse(readFileSync(join(process.cwd(), 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version as string;
  const key = createHash('sha256').update(version).update(migrations.join('\n')).digest('hex').slice(0, 16);
  const file = join(tmpdir(), `checkout-kit-pglite-${key}.tar`);
  if (existsSync(file)) {
    try {
      return await openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([readFileSync(file)]) });
    } catch {
      // a truncated or stale cache: rebuild it below
    }
  }
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    const dump = Buffer.from(await (await db.dumpDataDir!()).arrayBuffer());
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, dump);
    renameSync(partial, file); // atomic: parallel test processes never read half a file
  } catch {
    // caching is an optimisation only
  }
  return db;
}

/** Closes the shared databases (also done once every test of the file has run, see below). */
export async function closeDatabases(): Promise<void> {
  for (const db of opened.values()) await (await db).close();
  opened.clear();
}

// An open database keeps the test process alive: close it after the file's last test, so a
// file that forgets to is not a suite that never ends.
after(closeDatabases);

/**
 * The full stack on real ports (emulator + proxy), for tests that need the network between
 * them (webhooks, timeouts, faults). `logs` collects the proxy's log lines.
 */
export async function stack(
  t: TestContext,
  opts: { env?: Record<string, string>; build?: BuildOptions; emulator?: EmulatorOptions; databaseUrl?: string } = {},
): Promise<RunningProxy & { logs: string[]; request: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: Json; headers: Record<string, unknown> }> }> {
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const db = await database(t, opts.databaseUrl);
  const running = await startProxy(
    { LOG_LEVEL: 'info', ...opts.env },
    {
      logger: undefined,
      logStream: stream,
      database: db,
      emulator: { faultTimeoutMs: 5_000, ...opts.emulator },
      checkoutClient: { readTimeoutMs: 800, writeTimeoutMs: 800, retryBaseMs: 10, breakerCooldownMs: 300, ...opts.build?.checkoutClient },
      ...opts.build,
    },
  );
  t.after(() => running.close());
  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await running.app.inject({ method: method as 'GET', url: path, payload: body as Json, headers });
    let parsed: Json;
    try {
      parsed = res.body ? (res.json() as Json) : {};
    } catch {
      parsed = { text: res.body };
    }
    return { status: res.statusCode, body: parsed, headers: res.headers as Record<string, unknown> };
  };
  return { ...running, logs, request };
}

/** A proxy wired to an in-process emulator through inject (no ports), for fast route tests. */
export async function proxyOnly(t: TestContext, env: Record<string, string> = {}, build: BuildOptions = {}): Promise<FastifyInstance> {
  const db = await database(t);
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://', ...env }), { logger: false, database: db, velocity: false, ...build });
  t.after(() => app.close());
  return app;
}

export async function emulatorApp(t: TestContext, opts: EmulatorOptions = {}): Promise<FastifyInstance> {
  const app = await buildEmulator(opts);
  t.after(() => app.close());
  return app;
}

/**
 * One browser talking to the proxy from one address: it keeps the cookies the proxy sets (the
 * seat holder's `ck_holder`, a login session) and sends them back, as a browser would.
 */
export function browser(app: FastifyInstance, remoteAddress = '127.0.0.1') {
  const jar = new Map<string, string>();
  const inject = async (opts: InjectOptions) => {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const res = await app.inject({ remoteAddress, ...opts, headers: { ...(cookie ? { cookie } : {}), ...opts.headers } });
    for (const c of res.cookies as Array<{ name: string; value: string }>) jar.set(c.name, c.value);
    return res;
  };
  return {
    jar,
    inject,
    hold: (eventId: string, seats: string[], headers: Record<string, string> = {}) => inject({ method: 'POST', url: '/api/seat-holds', headers, payload: { eventId, seats } }),
    extend: (id: string, headers: Record<string, string> = {}) => inject({ method: 'POST', url: `/api/seat-holds/${id}/extend`, headers, payload: {} }),
    release: (id: string, headers: Record<string, string> = {}) => inject({ method: 'DELETE', url: `/api/seat-holds/${id}`, headers }),
  };
}
export type Browser = ReturnType<typeof browser>;

export const customer = { email: 'jordan.lee@example.com', name: 'Jordan Lee' };

/** Where physical goods ship in these tests (a payment for them needs one: 400 shipping_address_required). */
export const shippingAddress = { line1: '1 Queen’s Road Central', city: 'Central', country: 'HK' };

/** An order of two clear cases; its shipping address is in the order's `country` unless one is given. */
export const order = (overrides: Json = {}): Json => ({
  items: [{ reference: 'case-iphone16-clear', quantity: 2 }],
  currency: 'HKD',
  country: 'HK',
  customer,
  shippingAddress: { ...shippingAddress, country: typeof overrides.country === 'string' ? overrides.country : 'HK' },
  ...overrides,
});

/** Pays a payment session on the emulator the way Flow does (token → session_data → submit). */
export async function payOnEmulator(emulatorUrl: string, sessionId: string, cardNumber = '4242424242424242'): Promise<Json> {
  const { EMULATOR_KEYS } = await import('../../server/emulator/keys');
  const { encodeSessionData } = await import('../../server/emulator/sessions');
  const tokenRes = await fetch(`${emulatorUrl}/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${EMULATOR_KEYS.publicKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'card', number: cardNumber, expiry_month: 12, expiry_year: 2030, cvv: '100' }),
  });
  const token = ((await tokenRes.json()) as Json).token as string;
  const submit = await fetch(`${emulatorUrl}/payment-sessions/${sessionId}/submit`, {
    method: 'POST',
    headers: { authorization: `Bearer ${EMULATOR_KEYS.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ session_data: encodeSessionData(token) }),
  });
  return (await submit.json()) as Json;
}

/** What `stack()` gives a test. */
export type Stack = Awaited<ReturnType<typeof stack>>;

/** Waits until the order reaches `status` (a webhook or a status check moves it); returns it. */
export function orderIn(s: Stack, orderId: string, status: string) {
  return eventually(async () => {
    const order = await s.app.orders.get(orderId);
    return order?.status === status ? order : undefined;
  }, `order ${orderId} to be ${status}`);
}

/**
 * Everything this process has in flight has landed: refund, capture and void attempts answered,
 * the emulator's webhooks delivered (and what they started answered too). Work that a NOTIFY
 * has yet to start is not in flight: wait for its state first.
 */
export async function settle(s: Stack): Promise<void> {
  await s.app.upstreamActions.idle();
  await s.emulator.app.emulator.webhooks.idle();
  await s.app.upstreamActions.idle();
}
