/**
 * A second attacker's review of the proxy in session 7 (RELIABILITY.md §6), in areas the first
 * review did not cover. Each test is the attack as a client would send it, over real sockets or
 * `app.inject`; each failed on the code before its fix.
 *
 * - Slow clients (slowloris): Fastify's default `requestTimeout` is 0, so a client that sent its
 *   headers and then trickled the body (or never finished it) held its connection, its socket and
 *   a request in flight for as long as it liked; a few hundred such connections per minute from
 *   one address, within the rate limit, piled up without end. A request must now arrive whole
 *   within REQUEST_TIMEOUT_MS, or it is answered 408 `request_timeout` and its connection closed.
 *   The same for slow readers: a client that asked for a large answer (the 1.5 MB venue, a few
 *   times over on one connection) and read none of it kept its connection for ever. One that
 *   reads nothing of an answer for SEND_TIMEOUT_MS is now dropped.
 * - One insurance quote is one policy, but nothing stopped two orders for it (two tabs, a page
 *   left open) from both being paid: the shopper was charged twice, and the second order was
 *   `paid` for a policy already recorded against the first. The order store now asks the
 *   insurance feature before making such an order paid (under a lock on the quote): the second is
 *   voided and its payment given back, once.
 * - An insurance quote (the applicant's age; a logged-in applicant's own quote, 404 to anyone
 *   else) went out with no Cache-Control: a shared cache applying heuristic freshness could keep
 *   the owner's answer and serve it to the next asker of its id. Now `no-store`, like every answer
 *   about a shopper.
 * - A live seat stream whose client does not read: Node kept every change the stream wrote in the
 *   proxy's memory, so a few streams per address left unread through a busy on-sale (and per
 *   address is per /64, cheap to multiply) grew the proxy without bound. Past
 *   STREAM_BACKLOG_MAX waiting, a stream now skips changes until its client has read, then sends
 *   one fresh snapshot.
 * - Checkout.com's webhooks counted against the per-address request budget (300 a minute) like a
 *   browser's: a busy on-sale (a few events per payment, from a handful of Checkout.com addresses)
 *   got its signed events refused 429, to be retried later and later, while the orders waited.
 *   The webhook is now limited only when its signature does not verify: forged floods are still
 *   refused 429, Checkout.com's deliveries never.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { get as httpGet } from 'node:http';
import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import { SEAT_CHANNEL } from '../../server/seats/holds';
import { STREAM_BACKLOG_MAX } from '../../server/seats/routes';
import { eventually } from '../helpers/wait';
import { closeDatabases, customer, DATABASES, payOnEmulator, settle, stack, type Stack } from './helpers';

after(() => closeDatabases());

const HALL = 'harbour-strings-2031';

/** Writes `head` on a raw socket and then nothing more: resolves with all it read once the proxy closes it (or the test gives up). */
function stall(base: string, head: string, signal: AbortSignal): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head));
    signal.addEventListener('abort', () => socket.destroy());
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (text += chunk));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

/** An open seat stream: the text it has received so far, and a way to wait for a line in it. */
function openStream(url: string): Promise<{ received: () => string; closed: () => boolean; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      assert.equal(res.statusCode, 200);
      let text = '';
      let ended = false;
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('close', () => (ended = true));
      resolve({ received: () => text, closed: () => ended, close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}

const parseReply = (raw: string) => {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), body: body ? (JSON.parse(body) as { error: { code: string; message: string } }) : undefined };
};

test('slow clients: a body or headers that never finish arriving are cut at REQUEST_TIMEOUT_MS (408 request_timeout, connection closed); a live seat stream is not', { timeout: 120_000 }, async (t) => {
  const s = await stack(t, { env: { REQUEST_TIMEOUT_MS: '1000' } });
  const { hostname, port } = new URL(s.url);
  const host = `Host: ${hostname}:${port}\r\n`;
  // A shopper's seat map, open before the attack and for longer than any request may take.
  const seats = await openStream(`${s.url}/api/events/${HALL}/seats/stream`);
  t.after(() => seats.close());

  const [slowBody, slowHeaders, silent] = await Promise.all([
    // Headers whole, then the first bytes of a 4 kB body, then nothing.
    stall(s.url, `POST /api/orders/quote HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: 4000\r\n\r\n{"items":[`, t.signal),
    // Headers that never end.
    stall(s.url, `GET /api/catalog HTTP/1.1\r\n${host}X-Slow: a`, t.signal),
    // A request line and no more.
    stall(s.url, 'POST /create-payment-sessions HTTP/1.1\r\n', t.signal),
  ]);
  for (const [what, raw] of [['slow body', slowBody], ['slow headers', slowHeaders], ['silent', silent]] as const) {
    const reply = parseReply(raw);
    assert.equal(reply.status, 408, `${what}: ${raw}`);
    assert.equal(reply.body?.error.code, 'request_timeout', `${what}: ${raw}`);
  }

  // The stream opened before those requests outlived them, and still carries the seat map's changes.
  assert.equal(seats.closed(), false, 'the seat stream is still open');
  const hold = await s.request('POST', '/api/seat-holds', { eventId: HALL, seats: ['STALLS:N:5'] });
  assert.equal(hold.status, 201, JSON.stringify(hold.body));
  for (let i = 0; !seats.received().includes('STALLS:N:5'); i++) {
    assert.ok(i < 10_000 && !seats.closed(), `the stream never showed the new hold: ${seats.received()}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
});

/** The Refund and Void actions Checkout.com (the emulator) holds for a payment, with their amounts. */
async function givenBack(s: Stack, paymentId: string): Promise<number[]> {
  const res = await s.emulator.app.inject({ method: 'GET', url: `/payments/${paymentId}/actions`, headers: { authorization: `Bearer ${EMULATOR_KEYS.secretKey}` } });
  return (res.json() as Array<{ type: string; amount: number }>).filter((a) => a.type === 'Refund' || a.type === 'Void').map((a) => a.amount);
}

for (const { name, url, skip } of DATABASES) {
  describe(`attack review 2: one insurance quote, two orders (${name})`, { skip }, () => {
    test('one quote paid by two orders (one after the other, and both at once): one order paid, the other voided and its payment given back once', async (t) => {
      const s = await stack(t, { databaseUrl: url, build: { orderSweepEvery: 0, upstreamActions: { sweepEvery: 0, retryBaseMs: 0 } } });
      await s.app.db.query('TRUNCATE insurance_quotes, upstream_actions');
      for (const [i, together] of [false, true].entries()) {
        const quote = await s.request('POST', '/api/insurance/quotes', {
          planId: 'device-care',
          coverageOptions: ['theft'],
          paymentFrequency: 'annual',
          currency: 'HKD',
          applicant: { name: 'Kenso Lee', dateOfBirth: '1990-05-20', email: 'kenso@example.com', phone: '+852 5555 0101', country: 'HK' },
        });
        assert.equal(quote.status, 201, JSON.stringify(quote.body));
        // Two tabs of one checkout: each asks for its own payment session for the quote.
        const body = { insuranceQuoteId: quote.body.id, currency: 'HKD', country: 'HK', customer };
        const tabs: Array<{ order: { id: string; amount: number }; paymentSession: { id: string } }> = [];
        for (const tab of ['a', 'b']) {
          const session = await s.request('POST', '/create-payment-sessions', body, { 'idempotency-key': `attack-review-2-insurance-${i}-${tab}` });
          assert.equal(session.status, 201, JSON.stringify(session.body));
          assert.equal(session.body.order.amount, quote.body.amount);
          tabs.push(session.body as (typeof tabs)[number]);
        }
        const pay = (tab: (typeof tabs)[number]) => payOnEmulator(s.emulator.url, tab.paymentSession.id);
        const payments = together ? await Promise.all(tabs.map(pay)) : [await pay(tabs[0]!), await pay(tabs[1]!)];
        for (const p of payments) assert.equal(p.status, 'Approved');

        const statuses = await eventually(async () => {
          const now = await Promise.all(tabs.map(async (tab) => (await s.app.orders.get(tab.order.id))!.status));
          return now.every((status) => status !== 'pending') && now;
        }, 'both orders to be decided');
        assert.deepEqual([...statuses].sort(), ['paid', 'voided'], `${together ? 'at once' : 'one after the other'}: ${statuses}`);
        if (!together) assert.deepEqual(statuses, ['paid', 'voided'], 'the first paid keeps the policy');
        const voided = statuses.indexOf('voided');
        await settle(s);
        const trail = await s.app.orders.events(tabs[voided]!.order.id);
        assert.ok(trail.some((e) => e.type === 'insurance_quote_paid_meanwhile'), JSON.stringify(trail.map((e) => e.type)));
        // The second payment is given back in full, once; the first is kept whole.
        assert.deepEqual(await givenBack(s, payments[voided]!.id), [tabs[voided]!.order.amount]);
        assert.deepEqual(await givenBack(s, payments[1 - voided]!.id), []);
        const read = await s.request('GET', `/api/insurance/quotes/${quote.body.id}`);
        assert.equal(read.body.status, 'paid');
      }
    });
  });
}

test('an insurance quote, read or made, logged in or not, is never cached (no-store), its refusals neither', async (t) => {
  const s = await stack(t);
  await s.app.db.query('TRUNCATE insurance_quotes');
  const application = {
    planId: 'device-care',
    coverageOptions: [],
    paymentFrequency: 'monthly',
    currency: 'HKD',
    applicant: { name: 'Kenso Lee', dateOfBirth: '1961-02-03', email: 'kenso@example.com', phone: '+852 5555 0101', country: 'HK' },
  };
  const origin = { origin: s.url };
  const login = await s.request('POST', '/api/auth/login', { username: 'kenso', password: '12345678' }, origin);
  assert.equal(login.status, 200, JSON.stringify(login.body));
  const session = { ...origin, cookie: String(login.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': login.body.csrfToken as string };

  const guest = await s.request('POST', '/api/insurance/quotes', application);
  const mine = await s.request('POST', '/api/insurance/quotes', { ...application, requireLogin: true }, session);
  assert.equal(guest.status, 201, JSON.stringify(guest.body));
  assert.equal(mine.status, 201, JSON.stringify(mine.body));
  const answers = {
    'a guest quote made': guest,
    'a logged-in quote made': mine,
    'a guest quote read': await s.request('GET', `/api/insurance/quotes/${guest.body.id}`),
    'a logged-in quote read by its owner': await s.request('GET', `/api/insurance/quotes/${mine.body.id}`, undefined, session),
    'a logged-in quote read by anyone else': await s.request('GET', `/api/insurance/quotes/${mine.body.id}`),
    'a refused application': await s.request('POST', '/api/insurance/quotes', { ...application, planId: 'no-such-plan' }),
  };
  assert.equal(answers['a logged-in quote read by its owner'].status, 200);
  assert.equal(answers['a logged-in quote read by its owner'].body.age, mine.body.age);
  assert.equal(answers['a logged-in quote read by anyone else'].status, 404);
  for (const [what, res] of Object.entries(answers)) assert.equal(res.headers['cache-control'], 'no-store', what);
});

test('a seat stream whose client stops reading holds at most its backlog in the proxy, then catches up with one snapshot; a reading client stays current', { timeout: 120_000 }, async (t) => {
  const s = await stack(t);
  await s.app.db.query('TRUNCATE seat_claims, seat_holds, seat_versions, order_seats');
  const { hostname, port } = new URL(s.url);
  const reader = await openStream(`${s.url}/api/events/${HALL}/seats/stream`);
  t.after(() => reader.close());
  // The attacker's stream: asked for, then never read (its socket paused from the start).
  let unread = 0;
  let text = '';
  const stalled = connect(Number(port), hostname, () => {
    stalled.pause();
    stalled.write(`GET /api/events/${HALL}/seats/stream HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: text/event-stream\r\n\r\n`);
  });
  stalled.setEncoding('utf8');
  stalled.on('data', (chunk: string) => {
    unread += Buffer.byteLength(chunk);
    text = (text + chunk).slice(-65_536);
  });
  t.after(() => stalled.destroy());
  await eventually(async () => s.app.seatFeed.subscribers === 2, 'both streams to listen');

  // A busy on-sale, as every proxy's commits announce it: 3,000 changes of ~5 kB each (16 MB).
  const changes = 3_000;
  const held = Array.from({ length: 350 }, (_, i) => `BALCONY:Z:${i + 1}`);
  await s.app.db.transaction(async (tx) => {
    await tx.query('INSERT INTO seat_versions (event_id, version) VALUES ($1, $2) ON CONFLICT (event_id) DO UPDATE SET version = EXCLUDED.version', [HALL, changes]);
    await tx.query(
      `SELECT pg_notify($1, json_build_object('eventId', $2::text, 'version', v, 'free', '[]'::json, 'held', $3::json, 'sold', '[]'::json)::text) FROM generate_series(1, $4::int) AS v`,
      [SEAT_CHANNEL, HALL, JSON.stringify(held), changes],
    );
  });
  const sent = changes * JSON.stringify({ eventId: HALL, version: changes, free: [], held, sold: [] }).length;
  const latest = new RegExp(`"version":${changes}[,}]`);
  for (let i = 0; !latest.test(reader.received()); i++) {
    assert.ok(i < 1_000_000 && !reader.closed(), 'the reading client never saw the latest version');
    await new Promise((resolve) => setImmediate(resolve));
  }

  // The stalled client reads at last: it gets what waited (bounded), then the latest state in one snapshot.
  stalled.resume();
  await eventually(async () => latest.test(text), `the stalled client to reach version ${changes}`, 60_000);
  assert.ok(unread < sent / 4, `the stalled stream was sent ${unread} bytes of the ${sent} its changes came to (backlog cap ${STREAM_BACKLOG_MAX})`);
  assert.match(text, /event: availability\ndata: \{[^\n]*"version":3000\}/, 'it caught up with a snapshot');
  assert.equal(s.app.seatFeed.subscribers, 2, 'both streams are still open');
});

test('a busy sale: Checkout.com\'s signed webhooks are never rate limited; a flood of unsigned ones from one address still is', async (t) => {
  const s = await stack(t);
  const CHECKOUT_COM = '203.0.113.200';
  const FORGER = '198.51.100.99';
  const deliver = (n: number, from: string, signed: boolean) => {
    const raw = JSON.stringify({ id: `evt_busy_${from}_${signed}_${n}`, type: 'payment_approved', data: { id: `pay_busy${String(n).padStart(22, '0')}`, reference: `ord_unknown_${n}`, amount: 100, currency: 'HKD' } });
    const signature = createHmac('sha256', signed ? EMULATOR_KEYS.webhookSecret : 'not-the-secret').update(raw).digest('hex');
    return s.app.inject({ method: 'POST', url: '/webhooks/checkout', remoteAddress: from, payload: raw, headers: { 'content-type': 'application/json', 'cko-signature': signature } });
  };
  const general = s.app.rateTiers.general.max;
  const statuses = async (n: number, from: string, signed: boolean) => {
    const seen = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const res = await deliver(i, from, signed);
      seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode === 429) assert.equal(res.json().error.code, 'rate_limited');
    }
    return Object.fromEntries(seen);
  };
  // More events in a minute than any browser may send, from one Checkout.com address: every one is taken.
  assert.deepEqual(await statuses(general + 40, CHECKOUT_COM, true), { 200: general + 40 });
  // Forged ones from one address: refused 401 for the budget, then 429 without being looked at.
  assert.deepEqual(await statuses(general + 40, FORGER, false), { 401: general, 429: 40 });
  const recorded = (await s.app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_events WHERE event_id LIKE 'evt_busy_%'`)).rows[0]!.n;
  assert.equal(recorded, general + 40, 'each signed event recorded once; no forged one');
});

test('slow readers: an answer its client reads nothing of is dropped after SEND_TIMEOUT_MS, with its connection; a reading client keeps its seat stream', { timeout: 120_000 }, async (t) => {
  const s = await stack(t, { env: { SEND_TIMEOUT_MS: '1000' } });
  const { hostname, port } = new URL(s.url);
  const connections = () => new Promise<number>((resolve, reject) => s.app.server.getConnections((error, n) => (error ? reject(error) : resolve(n))));
  const reader = await openStream(`${s.url}/api/events/${HALL}/seats/stream`);
  t.after(() => reader.close());
  const baseline = await connections();

  // The largest answer there is (the stadium's venue, 1.5 MB unencoded), eight times on one
  // connection, asked for on a socket paused before the request goes out: nothing is ever read.
  const unread = connect(Number(port), hostname, () => {
    unread.pause();
    unread.write(`GET /api/events/skyline-live-2031/venue HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`.repeat(8));
  });
  unread.on('error', () => undefined);
  t.after(() => unread.destroy());
  await eventually(async () => (await connections()) === baseline + 1, 'the unread connection to be open');
  await eventually(async () => (await connections()) === baseline, 'the unread connection to be dropped', 30_000);

  // The seat stream (no answer to finish: heartbeats, then changes) is not timed.
  assert.equal(reader.closed(), false, 'the reading client keeps its stream');
  const hold = await s.request('POST', '/api/seat-holds', { eventId: HALL, seats: ['STALLS:N:6'] });
  assert.equal(hold.status, 201, JSON.stringify(hold.body));
  await eventually(async () => reader.received().includes('STALLS:N:6'), 'the reading client to see the new hold');
});
