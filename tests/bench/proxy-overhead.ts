/**
 * Proxy overhead: POST /card-metadata and POST /create-payment-sessions through OUR proxy
 * versus a bare Fastify reverse proxy (@fastify/http-proxy) to the SAME emulator instance,
 * side by side in one run with autocannon (programmatic API). Prints `BENCH_RESULT {json}`.
 *
 *   node --import tsx tests/bench/proxy-overhead.ts [--quick]
 *
 * Our proxy runs as in production (validation, pricing from the catalog, order insert, upstream
 * client with breaker and metrics, security headers, CORS) except: rate limits are lifted with
 * the `rateLimits` build option (test/bench only; production defaults untouched), logs at
 * `warn` (no per-request access log line), and storage is PGlite in memory.
 */
import autocannon from 'autocannon';
import Fastify from 'fastify';
import httpProxy from '@fastify/http-proxy';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import { startEmulator } from '../../server/emulator/app';
import { openDatabase } from '../../server/storage/db';
import { NO_RATE_LIMITS } from '../server/reliability-harness';

const quick = process.argv.includes('--quick');
const CONNECTIONS = 10;
const DURATION = quick ? 2 : 6;
const WARMUP = quick ? 1 : 2;
const ROUNDS = quick ? 1 : 3;

interface Figures {
  p50: number;
  p99: number;
  rps: number;
  non2xx: number;
  errors: number;
  requests: number;
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main() {
  const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
  const database = await openDatabase({ dataDir: 'memory://' });
  const config = loadConfig({ LOG_LEVEL: 'warn', DATA_DIR: 'memory://', EMBED_DEMO: 'off' });
  config.checkout.apiUrl = emulator.url;
  const ours = await buildApp(config, { logger: false, database, velocity: false, rateLimits: NO_RATE_LIMITS });
  await ours.listen({ host: '127.0.0.1', port: 0 });
  const oursUrl = `http://127.0.0.1:${(ours.server.address() as { port: number }).port}`;

  const bare = Fastify({ logger: false });
  await bare.register(httpProxy, { upstream: emulator.url, prefix: '/' });
  await bare.listen({ host: '127.0.0.1', port: 0 });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;

  const auth = { authorization: `Bearer ${EMULATOR_KEYS.secretKey}`, 'content-type': 'application/json' };
  // What our proxy sends upstream for the same order (priced server-side: one clear case, HKD 128.00).
  const order = { items: [{ reference: 'case-iphone16-clear', quantity: 1 }], currency: 'HKD', country: 'HK', customer: { email: 'bench@example.com', name: 'Bench Mark' }, shippingAddress: { line1: '1 Queen\'s Road Central', city: 'Hong Kong', country: 'HK' } };
  const quoted = await (await fetch(`${oursUrl}/api/orders/quote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) })).json() as { order?: { amount: number } };
  const upstreamSession = {
    amount: quoted.order?.amount ?? 12800,
    currency: 'HKD',
    reference: 'ORDBENCH0000000000000000',
    description: 'Order ORDBENCH',
    payment_type: 'Regular',
    billing: { address: { address_line1: '1 Queen\'s Road Central', city: 'Hong Kong', country: 'HK' } },
    shipping: { address: { address_line1: '1 Queen\'s Road Central', city: 'Hong Kong', country: 'HK' } },
    customer: { email: 'bench@example.com', name: 'Bench Mark' },
    items: [{ reference: 'case-iphone16-clear', name: 'Clear case', quantity: 1, unit_price: 12800, total_amount: 12800 }],
    success_url: 'http://localhost:4242/success.html',
    failure_url: 'http://localhost:4242/failure.html',
    processing_channel_id: EMULATOR_KEYS.processingChannelId,
    '3ds': { enabled: true },
    locale: 'en-GB',
    metadata: { order_id: 'ORDBENCH' },
  };

  const routes = [
    {
      name: 'POST /card-metadata',
      ours: { url: `${oursUrl}/card-metadata`, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ number: '42424242', type: 'bin' }) },
      bare: { url: `${bareUrl}/metadata/card`, method: 'POST' as const, headers: auth, body: JSON.stringify({ source: { type: 'bin', bin: '42424242' }, format: 'basic' }) },
    },
    {
      name: 'POST /create-payment-sessions',
      ours: { url: `${oursUrl}/create-payment-sessions`, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) },
      bare: { url: `${bareUrl}/payment-sessions`, method: 'POST' as const, headers: auth, body: JSON.stringify(upstreamSession) },
    },
  ];

  // Sanity: both paths answer 2xx before we measure.
  for (const r of routes) {
    for (const target of [r.ours, r.bare]) {
      const res = await fetch(target.url, { method: target.method, headers: target.headers, body: target.body });
      if (!res.ok) throw new Error(`${target.url} → ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
  }

  const results = [];
  for (const r of routes) {
    const rounds: Record<'ours' | 'bare', Figures[]> = { ours: [], bare: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const which of round % 2 ? (['ours', 'bare'] as const) : (['bare', 'ours'] as const)) {
        const target = r[which];
        await run({ ...target, connections: CONNECTIONS, duration: WARMUP, pipelining: 1 });
        const res = await run({ ...target, connections: CONNECTIONS, duration: DURATION, pipelining: 1 });
        rounds[which].push({ p50: res.latency.p50, p99: res.latency.p99, rps: res.requests.average, non2xx: res.non2xx, errors: res.errors + res.timeouts, requests: res.requests.total });
        console.log(`${r.name.padEnd(32)} ${which.padEnd(5)} round ${round + 1}: p50 ${res.latency.p50} ms, p99 ${res.latency.p99} ms, ${res.requests.average.toFixed(0)} req/s, non-2xx ${res.non2xx}, errors ${res.errors}`);
      }
    }
    const agg = (xs: Figures[]): Figures => ({
      p50: median(xs.map((x) => x.p50)),
      p99: median(xs.map((x) => x.p99)),
      rps: median(xs.map((x) => x.rps)),
      non2xx: xs.reduce((a, x) => a + x.non2xx, 0),
      errors: xs.reduce((a, x) => a + x.errors, 0),
      requests: xs.reduce((a, x) => a + x.requests, 0),
    });
    const o = agg(rounds.ours);
    const b = agg(rounds.bare);
    results.push({ name: r.name, ours: o, bare: b, ratio: { p50: Math.max(o.p50, 1) / Math.max(b.p50, 1), p99: Math.max(o.p99, 1) / Math.max(b.p99, 1), rps: o.rps / Math.max(b.rps, 0.01) } });
  }

  const orders = (await database.query<{ n: number }>('SELECT count(*)::int AS n FROM orders')).rows[0]!.n;
  await ours.close();
  await bare.close();
  await emulator.close();
  await database.close();
  console.log(
    `BENCH_RESULT ${JSON.stringify({
      connections: CONNECTIONS,
      duration: DURATION,
      warmup: WARMUP,
      rounds: ROUNDS,
      routes: results,
      notes: [
        `autocannon, the two proxies and the emulator share one Node process (${process.version}) on the same machine: absolute figures are lower than on separate hosts; the ratio is the point.`,
        `Our create-payment-sessions wrote ${orders} orders to PGlite (in-memory, WASM) during the run — a real PostgreSQL behaves differently.`,
        'Latency percentiles are autocannon\'s (HDR histogram, 1 ms resolution: a p50 of 0–1 ms on the bare proxy makes the p50 ratio coarse).',
      ],
    })}`,
  );
}

await main();
