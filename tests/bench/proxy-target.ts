/**
 * One role of the separate-process proxy bench (tests/bench/proxy-processes.ts), started with
 * `child_process.fork` so it runs in its own Node process, as it would be deployed:
 *
 *   emulator                       the Checkout.com emulator; counts the TCP connections it accepts
 *   ours <emulatorUrl> [dbUrl]     our proxy (buildApp, as main.ts builds it: LOG_LEVEL from the
 *                                  environment, rate limits lifted with the bench-only option,
 *                                  payment velocity on with a 1 ms window),
 *                                  PGlite in memory or PostgreSQL at dbUrl
 *   bare <emulatorUrl>             a bare @fastify/http-proxy to the same emulator
 *
 * Over IPC it answers `{ type: 'stats' }` with what the process did since the last `reset`:
 * CPU time (user + system), event-loop delay (perf_hooks.monitorEventLoopDelay), GC pauses
 * (PerformanceObserver 'gc'), accepted connections (emulator) and, for ours, the database
 * statements and transactions it ran, and the CPU time of the PostgreSQL backends serving its
 * database when PostgreSQL runs on this machine (read from /proc: the server's share of the work).
 */
import Fastify from 'fastify';
import httpProxy from '@fastify/http-proxy';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { startEmulator } from '../../server/emulator/app';
import { openDatabase } from '../../server/storage/db';
import { countingDatabase, type RoundTrips } from '../helpers/round-trips';
import { NO_RATE_LIMITS } from '../server/reliability-harness';

const [role, upstream, dbUrl] = process.argv.slice(2);

const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
let gc = { count: 0, ms: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gc.count++;
    gc.ms += e.duration;
  }
}).observe({ entryTypes: ['gc'] });
let cpu = process.cpuUsage();
let wall = performance.now();
let connections = 0;
/** Our proxy's database round trips (statements, BEGIN and COMMIT). */
let counts: RoundTrips | undefined;

/** CPU ticks (user + system) of each PostgreSQL backend serving `database` on this machine, by pid (/proc; empty elsewhere). */
function postgresTicks(database: string): Map<string, number> {
  const ticks = new Map<string, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return ticks;
  }
  for (const pid of pids) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.startsWith('postgres: ') || !cmd.includes(` ${database} `)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, Number(f[11]) + Number(f[12]));
    } catch {
      // the backend ended meanwhile
    }
  }
  return ticks;
}
const pgDatabase = dbUrl ? decodeURIComponent(new URL(dbUrl).pathname.slice(1)) : undefined;
let pgTicks = new Map<string, number>();
/** ms of PostgreSQL backend CPU since the last reset (USER_HZ 100: 10 ms a tick). */
const postgresCpuMs = () => {
  if (!pgDatabase) return 0;
  let sum = 0;
  for (const [pid, t] of postgresTicks(pgDatabase)) sum += t - (pgTicks.get(pid) ?? 0);
  return sum * 10;
};

let close: () => Promise<unknown>;
let url: string;
if (role === 'emulator') {
  const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
  url = emulator.url;
  close = () => emulator.close();
  emulator.app.server.on('connection', () => connections++);
} else if (role === 'ours') {
  const opened = await openDatabase(dbUrl ? { url: dbUrl } : { dataDir: 'memory://' });
  const { db: database, counts: c } = countingDatabase(opened);
  counts = c;
  const config = loadConfig({ ...process.env, DATA_DIR: 'memory://', EMBED_DEMO: 'off', ...(dbUrl ? { DATABASE_URL: dbUrl } : {}) });
  config.checkout.apiUrl = upstream;
  // Payment velocity runs as in production (its locks, reads, count and clean-up are part of every
  // session's database work), with a 1 ms window: the bench's one shopper is never refused, and
  // its table stays as small as a real shop's per shopper instead of growing with the bench.
  const app = await buildApp(config, { database, velocity: { windowMs: 1, perEmail: 1e9, perIp: 1e9, perCard: 1e9, challengeAt: 1e9 }, rateLimits: NO_RATE_LIMITS });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  close = async () => {
    await app.close();
    await opened.close();
  };
} else if (role === 'bare') {
  const bare = Fastify({ logger: false });
  await bare.register(httpProxy, { upstream: upstream!, prefix: '/' });
  await bare.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;
  close = () => bare.close();
} else {
  throw new Error(`unknown role ${role}`);
}

/** BENCH_CPU_PROF=<dir>: a V8 CPU profile of each measured window (reset → stats), not of the start. */
const profileDir = process.env.BENCH_CPU_PROF;
const inspector = profileDir ? new Session() : undefined;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.setSamplingInterval', { interval: 250 });
}
let profiled = 0;

const reset = () => {
  loop.reset();
  gc = { count: 0, ms: 0 };
  cpu = process.cpuUsage();
  wall = performance.now();
  connections = 0;
  counts?.reset();
  if (pgDatabase) pgTicks = postgresTicks(pgDatabase);
};

process.on('message', async (message: { type: string }) => {
  if (message.type === 'reset') {
    if (inspector) await inspector.post('Profiler.start');
    reset();
    process.send!({ type: 'reset' });
  } else if (message.type === 'stats') {
    const used = process.cpuUsage(cpu);
    const elapsed = performance.now() - wall;
    if (inspector) {
      const { profile } = await inspector.post('Profiler.stop');
      writeFileSync(join(profileDir!, `${role}${dbUrl ? '-postgres' : ''}-${++profiled}.cpuprofile`), JSON.stringify(profile));
    }
    process.send!({
      type: 'stats',
      cpuMs: (used.user + used.system) / 1000,
      systemMs: used.system / 1000,
      wallMs: elapsed,
      busy: (used.user + used.system) / 1000 / elapsed,
      loopDelay: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6, mean: loop.mean / 1e6 },
      gc: { ...gc },
      connections,
      db: { statements: counts?.roundTrips ?? 0, transactions: counts?.transactions ?? 0, serverCpuMs: postgresCpuMs() },
    });
  } else if (message.type === 'close') {
    await close();
    process.exit(0);
  }
});
// The bench that started this process ended (or crashed): so does this one.
process.on('disconnect', () => process.exit(0));
process.send!({ type: 'ready', url });
