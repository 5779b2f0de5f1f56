/**
 * Payment velocity (server/risk/velocity.ts), attacked the way a card tester would: one email
 * over and over, fresh emails from one address, declined cards, a burst at once, replays. Past
 * the soft threshold the bank is asked for a 3DS challenge; past a limit the shopper is told to
 * wait, and nothing reaches Checkout.com.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { VelocityLimits } from '../../server/risk/velocity';
import { DATABASES, order, orderIn, payOnEmulator, stack, type Stack } from './helpers';

const OFF: VelocityLimits = { windowMs: 60 * 60_000, perEmail: 1000, perIp: 1000, perCard: 1000, challengeAt: 1000 };
const DECLINED_CARD = '4544249167673670'; // 20051 Insufficient Funds (emulator test card)

async function velocityStack(t: Parameters<typeof stack>[0], limits: Partial<VelocityLimits>, databaseUrl?: string) {
  const clock = { now: Date.parse('2026-12-06T10:00:00Z') };
  const s = await stack(t, { databaseUrl, env: { SESSION_SECRET: 'velocity-test-secret-velocity-test-secret' }, build: { velocity: { ...OFF, ...limits }, clock: () => new Date(clock.now) } });
  return { s, clock };
}

const session = (s: Stack, email: string, ip = '203.0.113.7', headers: Record<string, string> = {}) =>
  s.app.inject({ method: 'POST', url: '/create-payment-sessions', remoteAddress: ip, headers, payload: order({ customer: { email, name: 'Card Tester' } }) });

const sessionsAtEmulator = (s: Stack) => s.emulator.app.emulator.store.paymentSessions.size;

describe('payment velocity', () => {
  test('one email: after its limit the shopper is told how long to wait, nothing reaches Checkout.com, and the window slides', async (t) => {
    const { s, clock } = await velocityStack(t, { perEmail: 3 });
    const start = clock.now;
    for (let i = 0; i < 3; i++) {
      clock.now = start + i * 5 * 60_000; // 10:00, 10:05, 10:10
      assert.equal((await session(s, 'tester@example.com')).statusCode, 201);
    }
    const before = sessionsAtEmulator(s);
    clock.now = start + 20 * 60_000;
    const refused = await session(s, 'Tester@Example.COM'); // another spelling is not another customer
    assert.equal(refused.statusCode, 429);
    const body = refused.json();
    assert.equal(body.error.code, 'too_many_payment_attempts');
    // The attempt of 10:00 leaves the window at 11:00: 40 minutes from 10:20.
    assert.match(body.error.message, /Try again in 40 minutes/);
    assert.equal(refused.headers['retry-after'], String(40 * 60));
    assert.equal(sessionsAtEmulator(s), before, 'no payment session was asked of Checkout.com');
    // Another shopper on another address is not affected.
    assert.equal((await session(s, 'someone.else@example.com', '198.51.100.20')).statusCode, 201);
    // The oldest attempt leaves the window: one more is allowed, and only one.
    clock.now = start + 60 * 60_000 + 1000;
    assert.equal((await session(s, 'tester@example.com')).statusCode, 201);
    assert.equal((await session(s, 'tester@example.com')).statusCode, 429);
  });

  test('fresh emails from one address: the address budget holds', async (t) => {
    const { s } = await velocityStack(t, { perIp: 4 });
    for (let i = 0; i < 4; i++) assert.equal((await session(s, `minted-${i}@example.com`)).statusCode, 201);
    const refused = await session(s, 'minted-99@example.com');
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().error.code, 'too_many_payment_attempts');
    assert.equal((await session(s, 'minted-100@example.com', '198.51.100.21')).statusCode, 201, 'another address still pays');
  });

  test('a declined payment counts double for its email', async (t) => {
    const { s } = await velocityStack(t, { perEmail: 4 });
    const first = await session(s, 'decliner@example.com');
    assert.equal(first.statusCode, 201);
    const { paymentSession, order: o } = first.json();
    await payOnEmulator(s.emulator.url, paymentSession.id, DECLINED_CARD);
    await orderIn(s, o.id, 'declined');
    // 1 (the session) + 1 (its decline) + 2 more sessions = 4: the next is refused.
    assert.equal((await session(s, 'decliner@example.com')).statusCode, 201);
    assert.equal((await session(s, 'decliner@example.com')).statusCode, 201);
    assert.equal((await session(s, 'decliner@example.com')).statusCode, 429);
  });

  test('a card over its limit blocks the next email tried from the same address (card testing)', async (t) => {
    const { s } = await velocityStack(t, { perCard: 4 });
    for (const email of ['a@example.com', 'b@example.com']) {
      const res = await session(s, email);
      const { paymentSession, order: o } = res.json();
      await payOnEmulator(s.emulator.url, paymentSession.id, DECLINED_CARD);
      await orderIn(s, o.id, 'declined');
    }
    // The same card declined twice (2 + 2): a new email from that address is refused.
    const refused = await session(s, 'c@example.com');
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().error.code, 'too_many_payment_attempts');
  });

  test('past the soft threshold the bank is asked for a 3DS challenge; the address goes in risk.device.network, never payment_ip', async (t) => {
    const { s } = await velocityStack(t, { challengeAt: 3 });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await session(s, 'soft@example.com'));
    assert.deepEqual(answers.map((r) => r.statusCode), [201, 201, 201]);
    assert.deepEqual(answers.map((r) => r.json().threeDsChallenge ?? false), [false, false, true]);
    const requests = [...s.emulator.app.emulator.store.paymentSessions.values()].map((r) => r.request as Record<string, any>);
    assert.deepEqual(requests.map((r) => r['3ds'].challenge_indicator ?? 'none'), ['none', 'none', 'challenge_requested']);
    for (const r of requests) {
      assert.deepEqual(r.risk, { enabled: true, device: { network: { ipv4: '203.0.113.7' } } });
      assert.equal(r.payment_ip, undefined);
      assert.equal(r.ip_address, undefined);
    }
  });

  test('a replay with the same Idempotency-Key is not another attempt', async (t) => {
    const { s } = await velocityStack(t, { perEmail: 2 });
    const key = { 'idempotency-key': 'velocity-replay-0001' };
    assert.equal((await session(s, 'replay@example.com', undefined, key)).statusCode, 201);
    for (let i = 0; i < 5; i++) {
      const replay = await session(s, 'replay@example.com', undefined, key);
      assert.equal(replay.statusCode, 201);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
    }
    assert.equal((await session(s, 'replay@example.com')).statusCode, 201);
    assert.equal((await session(s, 'replay@example.com')).statusCode, 429);
  });

  for (const db of DATABASES) {
    test(`${db.name}: a burst of 12 attempts at once for one email gets exactly its limit through`, { skip: db.skip }, async (t) => {
      const { s } = await velocityStack(t, { perEmail: 5 }, db.url);
      const results = await Promise.all(Array.from({ length: 12 }, () => session(s, 'burst@example.com')));
      const codes = results.map((r) => r.statusCode).sort();
      assert.equal(codes.filter((c) => c === 201).length, 5, `codes: ${codes.join(',')}`);
      assert.equal(codes.filter((c) => c === 429).length, 7);
    });
  }
});
