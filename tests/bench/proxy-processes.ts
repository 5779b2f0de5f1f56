/**
 * Proxy overhead as deployed: the load generator (autocannon, this process), the Checkout.com
 * emulator, our proxy and a bare @fastify/http-proxy each in their own Node process
 * (tests/bench/proxy-target.ts), on 127.0.0.1. Same routes and bodies as the in-process bench
 * (tests/bench/proxy-overhead.ts). Prints `BENCH_RESULT {json}`.
 *
 *   node --import tsx tests/bench/proxy-processes.ts [--quick] [--rounds N] [--only card|sessions]
 *     [--cpu-prof DIR]     our proxy writes a V8 CPU profile of each measured window into DIR
 *                          (summarise with `node tests/bench/cpu-profile.mjs DIR/ours-1.cpuprofile`)
 *     [--base DIR]         also measure session creation on the proxy of another checkout of this
 *                          repository at DIR (e.g. `git archive <commit> | tar -x -C DIR`, with its
 *                          node_modules linked), PGlite and PostgreSQL, in the same rounds: a change
 *                          compared side by side with the code before it on a shared machine
 *
 * Our proxy runs with the default LOG_LEVEL (info) unless LOG_LEVEL says otherwise — as main.ts
 * starts it — and PGlite in memory; with TEST_DATABASE_URL (or BENCH_DATABASE_URL) set, a second
 * proxy process on that PostgreSQL is measured for session creation too. Next to each figure the
 * processes report their CPU time, event-loop delay, GC pauses, the TCP connections the emulator
 * accepted (is the upstream connection reused?) and our proxy's database statements per request.
 */
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { EMULATOR_KEYS } from '../../server/emulator/keys';

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = argv.includes('--quick');
const CONNECTIONS = 10;
const DURATION = quick ? 2 : 6;
const WARMUP = quick ? 1 : 2;
const ROUNDS = Number(flag('--rounds') ?? (quick ? 1 : 3));
const only = flag('--only');
const cpuProf = flag('--cpu-prof');
const baseDir = flag('--base');
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

interface Stats {
  cpuMs: number;
  /** The part of cpuMs spent in the kernel (system calls: socket reads and writes, the log's write). */
  systemMs: number;
  wallMs: number;
  busy: number;
  loopDelay: { p50: number; p99: number; max: number; mean: number };
  gc: { count: number; ms: number };
  connections: number;
  db: { statements: number; transactions: number; serverCpuMs: number };
}

interface Proc {
  child: ChildProcess;
  url: string;
  request(type: 'reset' | 'stats'): Promise<Stats>;
  close(): Promise<void>;
}

/** Every role process: killed with this one, whatever ends it. */
const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill();
});

async function start(role: string, args: string[] = [], env: Record<string, string> = {}, root?: string): Promise<Proc> {
  const child = fork(root ? join(root, 'tests/bench/proxy-target.ts') : join(import.meta.dirname, 'proxy-target.ts'), [role, ...args], {
    execArgv: ['--import', 'tsx'],
    ...(root ? { cwd: root } : {}),
    env: { ...process.env, LOG_LEVEL: process.env.PROXY_LOG_LEVEL ?? 'info', FORCE_COLOR: '0', ...env },
    // Our proxy's log lines are written as in production (to stdout) and thrown away here.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.push(child);
  const waiters: Array<(m: { type: string } & Stats & { url: string }) => void> = [];
  child.on('message', (m) => waiters.shift()?.(m as { type: string } & Stats & { url: string }));
  const next = () => new Promise<{ type: string } & Stats & { url: string }>((resolve) => waiters.push(resolve));
  const ready = await Promise.race([
    next(),
    new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)))),
  ]);
  return {
    child,
    url: ready.url,
    request: async (type) => {
      const reply = next();
      child.send({ type });
      return reply;
    },
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'close' });
      await exited;
    },
  };
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
const spread = (xs: number[]) => (xs.length > 1 ? (Math.max(...xs) - Math.min(...xs)) / median(xs) : 0);

interface Figures {
  p50: number;
  p99: number;
  rps: number;
  non2xx: number;
  errors: number;
  requests: number;
  /** Per-round req/s (the noise). */
  rpsRounds: number[];
  proxy?: {
    cpuMsPerRequest: number;
    systemMsPerRequest: number;
    busy: number;
    loopDelayP50: number;
    loopDelayP99: number;
    gcMsPerRequest: number;
    upstreamConnections: number;
    dbStatementsPerRequest?: number;
    dbTransactionsPerRequest?: number;
    /** PostgreSQL's backends' CPU per request (a local PostgreSQL only). */
    dbServerCpuMsPerRequest?: number;
  };
}

async function main() {
  const load: { before: number; after?: number } = { before: loadavg()[0]! };
  const emulator = await start('emulator');
  const bare = await start('bare', [emulator.url]);
  const profile: Record<string, string> = cpuProf ? { BENCH_CPU_PROF: cpuProf } : {};
  const ours = await start('ours', [emulator.url], profile);
  const oursPg = pgUrl && only !== 'card' ? await start('ours', [emulator.url, pgUrl], profile) : undefined;
  // The code before a change, in its own processes (PostgreSQL: the same database, whose migrations it already has).
  const base = baseDir && only !== 'card' ? await start('ours', [emulator.url], {}, baseDir) : undefined;
  const basePg = baseDir && pgUrl && only !== 'card' ? await start('ours', [emulator.url, pgUrl], {}, baseDir) : undefined;

  const auth = { authorization: `Bearer ${EMULATOR_KEYS.secretKey}`, 'content-type': 'application/json' };
  const order = { items: [{ reference: 'case-iphone16-clear', quantity: 1 }], currency: 'HKD', country: 'HK', customer: { email: 'bench@example.com', name: 'Bench Mark' }, shippingAddress: { line1: '1 Queen\'s Road Central', city: 'Hong Kong', country: 'HK' } };
  const quoted = (await (await fetch(`${ours.url}/api/orders/quote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) })).json()) as { order?: { amount: number } };
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
  const json = { 'content-type': 'application/json' };
  const card = { method: 'POST' as const, headers: json, body: JSON.stringify({ number: '42424242', type: 'bin' }) };
  const sessions = { method: 'POST' as const, headers: json, body: JSON.stringify(order) };
  const routes = [
    {
      name: 'POST /card-metadata',
      targets: {
        bare: { proc: bare, url: `${bare.url}/metadata/card`, method: 'POST' as const, headers: auth, body: JSON.stringify({ source: { type: 'bin', bin: '42424242' }, format: 'basic' }) },
        ours: { proc: ours, url: `${ours.url}/card-metadata`, ...card },
      },
    },
    {
      name: 'POST /create-payment-sessions',
      targets: {
        bare: { proc: bare, url: `${bare.url}/payment-sessions`, method: 'POST' as const, headers: auth, body: JSON.stringify(upstreamSession) },
        ours: { proc: ours, url: `${ours.url}/create-payment-sessions`, ...sessions },
        ...(oursPg ? { oursPostgres: { proc: oursPg, url: `${oursPg.url}/create-payment-sessions`, ...sessions } } : {}),
        ...(base ? { base: { proc: base, url: `${base.url}/create-payment-sessions`, ...sessions } } : {}),
        ...(basePg ? { basePostgres: { proc: basePg, url: `${basePg.url}/create-payment-sessions`, ...sessions } } : {}),
      },
    },
  ].filter((r) => !only || (only === 'card' ? r.name.includes('card') : r.name.includes('sessions')));

  for (const r of routes) {
    for (const t of Object.values(r.targets)) {
      const res = await fetch(t.url, { method: t.method, headers: t.headers, body: t.body });
      if (!res.ok) throw new Error(`${t.url} → ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
  }

  const results = [];
  for (const r of routes) {
    const names = Object.keys(r.targets) as Array<keyof typeof r.targets>;
    const rounds: Record<string, Array<Omit<Figures, 'rpsRounds'>>> = Object.fromEntries(names.map((n) => [n, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order so neither target always runs on a warmer (or more loaded) machine.
      for (const which of round % 2 ? [...names].reverse() : names) {
        const t = r.targets[which]!;
        const opts = { url: t.url, method: t.method, headers: t.headers, body: t.body, connections: CONNECTIONS, pipelining: 1 };
        await run({ ...opts, duration: WARMUP });
        await Promise.all([t.proc.request('reset'), emulator.request('reset')]);
        const res = await run({ ...opts, duration: DURATION });
        const [proxy, upstream] = await Promise.all([t.proc.request('stats'), emulator.request('stats')]);
        const n = Math.max(res.requests.total, 1);
        rounds[which]!.push({
          p50: res.latency.p50,
          p99: res.latency.p99,
          rps: res.requests.average,
          non2xx: res.non2xx,
          errors: res.errors + res.timeouts,
          requests: res.requests.total,
          proxy: {
            cpuMsPerRequest: proxy.cpuMs / n,
            systemMsPerRequest: proxy.systemMs / n,
            busy: proxy.busy,
            loopDelayP50: proxy.loopDelay.p50,
            loopDelayP99: proxy.loopDelay.p99,
            gcMsPerRequest: proxy.gc.ms / n,
            upstreamConnections: upstream.connections,
            ...(which === 'bare' ? {} : { dbStatementsPerRequest: proxy.db.statements / n, dbTransactionsPerRequest: proxy.db.transactions / n }),
            ...(which === 'oursPostgres' || which === 'basePostgres' ? { dbServerCpuMsPerRequest: proxy.db.serverCpuMs / n } : {}),
          },
        });
        console.log(
          `${r.name.padEnd(30)} ${which.padEnd(12)} round ${round + 1}: p50 ${res.latency.p50} ms, p99 ${res.latency.p99} ms, ${res.requests.average.toFixed(0)} req/s, non-2xx ${res.non2xx}, errors ${res.errors}` +
            ` | proxy CPU ${(proxy.cpuMs / n).toFixed(3)} ms/req (kernel ${(proxy.systemMs / n).toFixed(3)}), busy ${(proxy.busy * 100).toFixed(0)} %, loop delay p50 ${proxy.loopDelay.p50.toFixed(2)} p99 ${proxy.loopDelay.p99.toFixed(2)} ms, GC ${(proxy.gc.ms / n).toFixed(3)} ms/req, upstream conns ${upstream.connections}, emulator CPU ${(upstream.cpuMs / n).toFixed(3)} ms/req` +
            (which === 'bare' ? '' : `, db ${(proxy.db.statements / n).toFixed(2)} stmts/req in ${(proxy.db.transactions / n).toFixed(2)} tx/req`) +
            (which === 'oursPostgres' || which === 'basePostgres' ? `, PostgreSQL CPU ${(proxy.db.serverCpuMs / n).toFixed(3)} ms/req` : ''),
        );
      }
    }
    const agg = (xs: Array<Omit<Figures, 'rpsRounds'>>): Figures => {
      const m = (f: (x: NonNullable<Figures['proxy']>) => number | undefined) => {
        const v = xs.map((x) => f(x.proxy!)).filter((x): x is number => x !== undefined);
        return v.length ? median(v) : undefined;
      };
      return {
        p50: median(xs.map((x) => x.p50)),
        p99: median(xs.map((x) => x.p99)),
        rps: median(xs.map((x) => x.rps)),
        rpsRounds: xs.map((x) => Math.round(x.rps)),
        non2xx: xs.reduce((a, x) => a + x.non2xx, 0),
        errors: xs.reduce((a, x) => a + x.errors, 0),
        requests: xs.reduce((a, x) => a + x.requests, 0),
        proxy: {
          cpuMsPerRequest: m((p) => p.cpuMsPerRequest)!,
          systemMsPerRequest: m((p) => p.systemMsPerRequest)!,
          busy: m((p) => p.busy)!,
          loopDelayP50: m((p) => p.loopDelayP50)!,
          loopDelayP99: m((p) => p.loopDelayP99)!,
          gcMsPerRequest: m((p) => p.gcMsPerRequest)!,
          upstreamConnections: m((p) => p.upstreamConnections)!,
          dbStatementsPerRequest: m((p) => p.dbStatementsPerRequest),
          dbTransactionsPerRequest: m((p) => p.dbTransactionsPerRequest),
          dbServerCpuMsPerRequest: m((p) => p.dbServerCpuMsPerRequest),
        },
      };
    };
    const b = agg(rounds.bare!);
    // autocannon's histogram counts whole milliseconds: a p50 of 0 is "under 1 ms", so latencies are compared from 1 ms up.
    const ratio = (o: Figures) => ({ p50: Math.max(o.p50, 1) / Math.max(b.p50, 1), p99: Math.max(o.p99, 1) / Math.max(b.p99, 1), rps: o.rps / Math.max(b.rps, 0.01) });
    const entry: Record<string, unknown> = { name: r.name, bare: b, noise: { bare: spread(b.rpsRounds) } };
    for (const n of names.filter((x) => x !== 'bare')) {
      const o = agg(rounds[n]!);
      entry[n] = o;
      entry[`${n}Ratio`] = ratio(o);
      (entry.noise as Record<string, number>)[n] = spread(o.rpsRounds);
    }
    entry.ratio = entry.oursRatio;
    results.push(entry);
  }

  await Promise.all([ours.close(), bare.close(), oursPg?.close(), base?.close(), basePg?.close()]);
  await emulator.close();
  load.after = loadavg()[0]!;
  console.log(
    `BENCH_RESULT ${JSON.stringify({
      mode: 'processes',
      connections: CONNECTIONS,
      duration: DURATION,
      warmup: WARMUP,
      rounds: ROUNDS,
      logLevel: process.env.PROXY_LOG_LEVEL ?? 'info',
      postgres: Boolean(oursPg),
      load,
      routes: results,
    })}`,
  );
}

await main();
