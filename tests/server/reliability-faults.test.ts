/**
 * Every emulator fault mode × the three upstream calls a shopper waits on — session creation
 * (POST /payment-sessions), BIN lookup (POST /metadata/card) and the status check
 * (GET /payments/{id}) — through the real proxy:
 *  - a clear error (right status, error shape, a code, Retry-After where it applies) after
 *    exactly the attempts the retry rules allow (counted by the emulator: session creation
 *    once, lookups up to three times, never again after a 429 or an unreadable answer) — how
 *    fast is a benchmark figure (npm run bench), not asserted here;
 *  - nothing lost: the stored order stays `pending` while the fault lasts, and once the fault
 *    clears a retry (same Idempotency-Key) succeeds with exactly ONE upstream session, even
 *    while the faulted first attempt is still held by the upstream (latency beyond our
 *    timeout). The emulator drops a held call whose client hung up, so a late call that the
 *    upstream still acts on is not covered here;
 *  - the circuit breaker opens on each operation, fails fast without calling upstream, and
 *    recovers through a half-open probe.
 * Extends tests/server/upstream.test.ts (proxy engineer: session-creation faults one by one,
 * read retries, breaker on sessions) to the full mode × operation matrix and "nothing lost".
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { payOnEmulator } from './helpers';
import { errorShapeProblem, reliabilityStack, type ReliabilityStack } from './reliability-harness';

type Json = Record<string, any>;

const TIMEOUT_MS = 400;
const RETRIES = 2;
const RETRY_BASE_MS = 10;
const THRESHOLD = 5;
const COOLDOWN_MS = 10_000;
/** Far longer than our deadline: the upstream still holds the call (until it closes) when we retry. */
const LATE_MS = 10 * 60_000;
/** The circuit breaker's clock: the cooldown passes when a test moves it. */
let clock = 0;

const MODES = ['latency', 'timeout', '429', '429-no-retry-after', '500', '502', '503', 'malformed-json', 'reset'] as const;
type Mode = (typeof MODES)[number];

/** Upstream attempts of a lookup (GET /payments/{id}, card metadata) under each mode: retried on timeouts, network errors and 5xx, never on 429 or an unreadable answer. */
const READ_ATTEMPTS: Record<Mode, number> = { latency: RETRIES + 1, timeout: RETRIES + 1, '429': 1, '429-no-retry-after': 1, '500': RETRIES + 1, '502': RETRIES + 1, '503': RETRIES + 1, 'malformed-json': 1, reset: RETRIES + 1 };

/** What the shopper must get for each mode (README "Upstream errors"). */
const EXPECTED: Record<Mode, { status: number; code: string; retryAfter?: boolean }> = {
  latency: { status: 504, code: 'upstream_timeout' },
  timeout: { status: 504, code: 'upstream_timeout' },
  '429': { status: 429, code: 'upstream_rate_limited', retryAfter: true },
  '429-no-retry-after': { status: 429, code: 'upstream_rate_limited', retryAfter: true },
  '500': { status: 502, code: 'upstream_error' },
  '502': { status: 502, code: 'upstream_error' },
  '503': { status: 503, code: 'upstream_unavailable', retryAfter: true },
  'malformed-json': { status: 502, code: 'upstream_invalid_response' },
  reset: { status: 502, code: 'upstream_unavailable' },
};

let s: ReliabilityStack;
const closers: Array<() => Promise<void>> = [];
before(async () => {
  s = await reliabilityStack(
    { after: (fn: () => Promise<void>) => void closers.push(fn) },
    {
      logLevel: 'warn',
      emulator: { faultTimeoutMs: LATE_MS },
      build: { checkoutClient: { readTimeoutMs: TIMEOUT_MS, writeTimeoutMs: TIMEOUT_MS, retries: RETRIES, retryBaseMs: RETRY_BASE_MS, breakerThreshold: THRESHOLD, breakerCooldownMs: COOLDOWN_MS, now: () => clock } },
    },
  );
  // No webhooks: a status check must be the only way an order learns its payment's outcome here.
  s.emulator.app.emulator.webhooks.configure(undefined);
});
after(async () => {
  for (const close of closers) await close();
});

const faults = () => s.emulator.app.emulator.faults;
const order = (name = 'Fault Tester') => ({
  items: [{ reference: 'case-iphone16-clear', quantity: 1 }],
  currency: 'HKD',
  country: 'HK',
  customer: { email: 'faults@example.com', name },
  shippingAddress: { line1: '1 Fault Lane', city: 'Hong Kong', country: 'HK' },
});
/** The fault clears (calls it holds stay held until the emulator closes). */
const clearFaults = () => faults().remove();
const orderRow = async (id: string) =>
  (await s.app.db.query<{ status: string; session_id: string | null }>('SELECT status, session_id FROM orders WHERE id = $1', [id])).rows[0];
const latestOrder = async () =>
  (await s.app.db.query<{ id: string; status: string; session_id: string | null }>('SELECT id, status, session_id FROM orders ORDER BY created_at DESC, id DESC LIMIT 1')).rows[0];

function checkError(label: string, mode: Mode, res: { status: number; raw: string; headers: Record<string, unknown>; body: Json }, hits: number, attempts: number): string[] {
  const want = EXPECTED[mode];
  const problems: string[] = [];
  if (res.status !== want.status || res.body.error?.code !== want.code) problems.push(`${label} ${mode}: got ${res.status} ${res.body.error?.code}, want ${want.status} ${want.code}`);
  const shape = errorShapeProblem(res.status, res.raw, res.headers['content-type']);
  if (shape) problems.push(`${label} ${mode}: ${shape}`);
  if (want.retryAfter && !/^\d+$/.test(String(res.headers['retry-after'] ?? ''))) problems.push(`${label} ${mode}: no Retry-After`);
  if (hits !== attempts) problems.push(`${label} ${mode}: ${hits} upstream attempt(s), want ${attempts}`);
  return problems;
}

async function breakerClosed(): Promise<void> {
  // Each case starts from a closed breaker; a failed case may have left it open.
  if (s.app.checkout.breaker.state !== 'closed') {
    clock += COOLDOWN_MS;
    await s.json('POST', '/card-metadata', { number: '42424242', type: 'bin' });
  }
}

test('session creation under every fault mode: clear error after one attempt, order pending, retry with the same key → one upstream session', { timeout: 60_000 }, async (t) => {
  const problems: string[] = [];
  for (const mode of MODES) {
    await breakerClosed();
    const key = randomUUID();
    const sessionsBefore = s.emulator.app.emulator.store.paymentSessions.size;
    const rule = faults().add({ method: 'POST', path: '/payment-sessions', mode, ...(mode === 'latency' ? { latencyMs: LATE_MS } : {}) });
    const res = await s.json('POST', '/create-payment-sessions', order(), { 'idempotency-key': key });
    problems.push(...checkError('create-payment-sessions', mode, res, rule.hits, 1));
    const failed = await latestOrder();
    if (!failed || failed.status !== 'pending' || failed.session_id) problems.push(`${mode}: the order of the failed attempt is ${JSON.stringify(failed)} (want pending, no session)`);
    clearFaults();

    const retry = await s.json('POST', '/create-payment-sessions', order(), { 'idempotency-key': key });
    if (retry.status !== 201) {
      problems.push(`${mode}: retry after the fault cleared → ${retry.status} ${retry.raw.slice(0, 160)}`);
      continue;
    }
    const replay = await s.json('POST', '/create-payment-sessions', order(), { 'idempotency-key': key });
    if (replay.body.paymentSession?.id !== retry.body.paymentSession.id) problems.push(`${mode}: a replay after success gave another session`);
    const created = s.emulator.app.emulator.store.paymentSessions.size - sessionsBefore;
    if (created !== 1) problems.push(`${mode}: ${created} upstream sessions for one Idempotency-Key (want 1)`);
    const stored = await orderRow(retry.body.order.id as string);
    if (stored?.status !== 'pending' || stored.session_id !== retry.body.paymentSession.id) problems.push(`${mode}: retried order stored as ${JSON.stringify(stored)}`);
    // The session the shopper got must be for the order the shopper got (webhooks and status checks find orders by reference).
    const upstream = s.emulator.app.emulator.store.paymentSessions.get(retry.body.paymentSession.id as string) as Json | undefined;
    const reference = upstream?.reference ?? upstream?.request?.reference ?? upstream?.body?.reference;
    if (reference !== retry.body.order.id) problems.push(`${mode}: the session returned belongs to order ${reference}, but the shopper was given order ${retry.body.order.id}`);
  }
  t.diagnostic(`${MODES.length} modes; deadline per attempt ${TIMEOUT_MS} ms`);
  assert.deepEqual(problems, []);
});

test('BIN lookup under every fault mode: clear error after the retry budget, then a retry succeeds', { timeout: 60_000 }, async () => {
  const problems: string[] = [];
  for (const mode of MODES) {
    await breakerClosed();
    const rule = faults().add({ method: 'POST', path: '/metadata/card', mode, ...(mode === 'latency' ? { latencyMs: LATE_MS } : {}) });
    const res = await s.json('POST', '/card-metadata', { number: '42424242', type: 'bin' });
    problems.push(...checkError('card-metadata', mode, res, rule.hits, READ_ATTEMPTS[mode]));
    clearFaults();
    const ok = await s.json('POST', '/card-metadata', { number: '42424242', type: 'bin' });
    if (ok.status !== 200 || ok.body.bin !== '42424242') problems.push(`card-metadata ${mode}: after the fault cleared → ${ok.status} ${ok.raw.slice(0, 120)}`);
  }
  assert.deepEqual(problems, []);
});

test('status check under every fault mode: clear error, the order stays pending, the next check after the fault marks it paid', { timeout: 60_000 }, async () => {
  const problems: string[] = [];
  for (const mode of MODES) {
    await breakerClosed();
    const created = await s.json('POST', '/create-payment-sessions', order(), { 'idempotency-key': randomUUID() });
    assert.equal(created.status, 201, created.raw);
    const paid = await payOnEmulator(s.emulator.url, created.body.paymentSession.id as string);
    assert.ok(paid.id, JSON.stringify(paid));
    const rule = faults().add({ method: 'GET', path: '/payments/:id', mode, ...(mode === 'latency' ? { latencyMs: LATE_MS } : {}) });
    const res = await s.json('GET', `/api/payments/${paid.id}`);
    problems.push(...checkError('payments/:id', mode, res, rule.hits, READ_ATTEMPTS[mode]));
    const during = await orderRow(created.body.order.id as string);
    if (during?.status !== 'pending') problems.push(`payments/:id ${mode}: order is ${during?.status} during the fault (want pending)`);
    clearFaults();
    const ok = await s.json('GET', `/api/payments/${paid.id}`);
    if (ok.status !== 200 || ok.body.outcome !== 'succeeded') problems.push(`payments/:id ${mode}: after the fault cleared → ${ok.status} ${ok.raw.slice(0, 120)}`);
    const final = await orderRow(created.body.order.id as string);
    if (final?.status !== 'paid') problems.push(`payments/:id ${mode}: order is ${final?.status} after a successful check (want paid)`);
  }
  assert.deepEqual(problems, []);
});

test('circuit breaker on each operation: opens after consecutive faults, fails fast without calling upstream, recovers', { timeout: 60_000 }, async () => {
  const created = await s.json('POST', '/create-payment-sessions', order(), { 'idempotency-key': randomUUID() });
  const paid = await payOnEmulator(s.emulator.url, created.body.paymentSession.id as string);
  const ops = [
    { name: 'session creation', method: 'POST', upstream: '/payment-sessions', call: () => s.json('POST', '/create-payment-sessions', order(), { 'idempotency-key': randomUUID() }), ok: 201 },
    { name: 'BIN lookup', method: 'POST', upstream: '/metadata/card', call: () => s.json('POST', '/card-metadata', { number: '42424242', type: 'bin' }), ok: 200 },
    { name: 'status check', method: 'GET', upstream: '/payments/:id', call: () => s.json('GET', `/api/payments/${paid.id}`), ok: 200 },
  ];
  const problems: string[] = [];
  for (const op of ops) {
    for (const mode of ['503', 'timeout'] as const) {
      await breakerClosed();
      const rule = faults().add({ method: op.method, path: op.upstream, mode });
      let opened = false;
      for (let i = 0; i < THRESHOLD + 2 && !opened; i++) {
        await op.call();
        opened = s.app.checkout.breaker.state === 'open';
      }
      if (!opened) {
        problems.push(`${op.name} ${mode}: breaker still ${s.app.checkout.breaker.state} after ${THRESHOLD + 2} failing calls`);
        faults().remove();
        continue;
      }
      const hits = rule.hits;
      const fast = await op.call();
      if (fast.status !== 503 || fast.body.error?.code !== 'upstream_unavailable' || !fast.headers['retry-after']) problems.push(`${op.name} ${mode}: while open → ${fast.status} ${fast.raw.slice(0, 100)}`);
      // Failing fast means not calling upstream at all (how fast is a benchmark figure).
      if (rule.hits !== hits) problems.push(`${op.name} ${mode}: a call went upstream while the breaker was open`);
      clearFaults();
      clock += COOLDOWN_MS - 1;
      const early = await op.call();
      if (early.status !== 503 || early.body.error?.code !== 'upstream_unavailable') problems.push(`${op.name} ${mode}: the breaker let a call through before its cooldown ended (${early.status})`);
      clock += 1;
      const probe = await op.call();
      if (probe.status !== op.ok) problems.push(`${op.name} ${mode}: half-open probe after the fault cleared → ${probe.status} ${probe.raw.slice(0, 100)}`);
      if (s.app.checkout.breaker.state !== 'closed') problems.push(`${op.name} ${mode}: breaker ${s.app.checkout.breaker.state} after a good probe`);
    }
  }
  assert.deepEqual(problems, []);
});
