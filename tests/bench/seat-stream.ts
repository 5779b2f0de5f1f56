/**
 * Seat stream latency: how long a seat change takes to reach an open seat map's SSE stream
 * (`GET /api/events/:id/seats/stream`), from the proxy the change was made on and from another
 * proxy sharing the database. The requirement: every open map updates within a second.
 * Prints `BENCH_RESULT {json}`.
 *
 *   node --import tsx tests/bench/seat-stream.ts [--quick]
 *
 * Two proxies (`startProxy`: the real app on real ports of 127.0.0.1, rate limits lifted with the
 * bench-only `rateLimits` option) use the same database; one SSE client (fetch +
 * TextDecoderStream, as a browser's EventSource reads it) is subscribed to proxy A. Then, one at
 * a time, a seat is held and released again over HTTP, alternately on proxy A (same proxy as the
 * stream) and proxy B (another proxy: the change reaches A only through the database's
 * LISTEN/NOTIFY). Each sample is the time from sending the request to the `change` message
 * naming that seat arriving on the stream.
 *
 * Databases: PGlite in memory always (both apps on one embedded instance, which notifies
 * in-process); PostgreSQL too when TEST_DATABASE_URL or DATABASE_URL is set (each proxy with its
 * own pool and its own LISTEN connection, as two processes would have). Nothing is truncated:
 * the bench holds seats that are free, as two browsers (the holder cookies the proxies issue), and releases them again.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, type Database } from '../../server/storage/db';
import { startProxy, type RunningProxy } from '../helpers/proxy';
import { sseMessages } from '../helpers/sse';
import { NO_RATE_LIMITS } from '../server/reliability-harness';

const quick = process.argv.includes('--quick');
/** Changes measured per proxy (half holds, half releases). */
const CHANGES = quick ? 40 : 200;
/** Unmeasured rounds first (a round: one hold + one release on each proxy). */
const WARMUP_ROUNDS = quick ? 2 : 5;
/** A change that has not arrived after this long counts as lost (and fails the bench). */
const LOST_AFTER_MS = 5000;
const EVENT = 'harbour-strings-2031';
const SEAT_POOL = 8;

type Json = Record<string, any>;

interface Message {
  type: string;
  data: Json;
  /** performance.now() when the message was parsed from the stream. */
  at: number;
}

interface Stream {
  /** The first message (already received or still to come) that `match` accepts; undefined after `timeout` ms. */
  next(match: (m: Message) => boolean, timeout?: number): Promise<Message | undefined>;
  readonly versionGaps: number;
  readonly snapshots: number;
  close(): void;
}

/** Reads an SSE stream message by message, stamping each with its arrival time. */
async function openStream(href: string): Promise<Stream> {
  const controller = new AbortController();
  const res = await fetch(href, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
  if (res.status !== 200 || !/^text\/event-stream/.test(res.headers.get('content-type') ?? '')) throw new Error(`${href} → ${res.status} ${res.headers.get('content-type')}`);
  const backlog: Message[] = [];
  const waiters = new Set<{ match: (m: Message) => boolean; resolve: (m: Message | undefined) => void }>();
  let version = -1;
  let versionGaps = 0;
  let snapshots = 0;
  const dispatch = (m: Message) => {
    if (m.type === 'availability') {
      snapshots++;
      version = Number(m.data.version);
    } else if (m.type === 'change') {
      if (version >= 0 && m.data.version !== version + 1) versionGaps++;
      version = Number(m.data.version);
    }
    for (const w of waiters) {
      if (w.match(m)) {
        waiters.delete(w);
        return w.resolve(m);
      }
    }
    backlog.push(m);
    if (backlog.length > 1000) backlog.shift();
  };
  void (async () => {
    for await (const m of sseMessages(res.body!)) dispatch({ ...m, at: performance.now() });
    for (const w of waiters) w.resolve(undefined);
    waiters.clear();
  })();
  return {
    next(match, timeout = LOST_AFTER_MS) {
      const index = backlog.findIndex(match);
      if (index >= 0) return Promise.resolve(backlog.splice(index, 1)[0]);
      return new Promise((resolve) => {
        const waiter = {
          match,
          resolve: (m: Message | undefined) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          resolve(undefined);
        }, timeout);
        waiters.add(waiter);
      });
    },
    get versionGaps() {
      return versionGaps;
    },
    get snapshots() {
      return snapshots;
    },
    close: () => controller.abort(),
  };
}

interface Sample {
  /** Request sent → `change` on the stream (ms); undefined when it never came. */
  stream?: number;
  /** Request sent → HTTP response (ms), for comparison. */
  response: number;
}

interface Figures {
  n: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
  responseP50: number | null;
  /** Changes whose message did not arrive within LOST_AFTER_MS. */
  lost: number;
  /** Changes whose message came before the HTTP response. */
  beforeResponse: number;
}

/** Nearest-rank percentile. */
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : null);

function figures(samples: Sample[]): Figures {
  const stream = samples.flatMap((s) => (s.stream == null ? [] : [s.stream])).sort((a, b) => a - b);
  const response = samples.map((s) => s.response).sort((a, b) => a - b);
  return {
    n: samples.length,
    p50: pct(stream, 50),
    p95: pct(stream, 95),
    max: stream.at(-1) ?? null,
    responseP50: pct(response, 50),
    lost: samples.filter((s) => s.stream == null).length,
    beforeResponse: samples.filter((s) => s.stream != null && s.stream < s.response).length,
  };
}

/** Free seats of the event: from its venue layout, minus what the stream's snapshot says is held or sold. */
async function freeSeats(proxy: RunningProxy, snapshot: Json, count: number): Promise<string[]> {
  const venue = (await (await fetch(`${proxy.url}/api/events/${EVENT}/venue`)).json()) as { sections: Array<{ id: string; rows: Array<{ label: string; seats: number; firstNumber: number }> }> };
  const taken = new Set<string>([...(snapshot.held as string[]), ...(snapshot.sold as string[])]);
  const seats: string[] = [];
  // From the back of the hall: the seats tests and demos pick first are at the front.
  for (const section of [...venue.sections].reverse()) {
    for (const row of [...section.rows].reverse()) {
      for (let i = row.seats - 1; i >= 0; i--) {
        const id = `${section.id}:${row.label}:${row.firstNumber + i}`;
        if (!taken.has(id)) seats.push(id);
        if (seats.length === count) return seats;
      }
    }
  }
  throw new Error(`only ${seats.length} free seats in ${EVENT}`);
}

interface Side {
  name: 'same' | 'cross';
  proxy: RunningProxy;
  /** The holder cookie its proxy issued with the first hold (a browser sends it back). */
  cookie: string;
}

/** Holds one seat, then releases it, on `side`'s proxy: two samples. */
async function holdAndRelease(stream: Stream, side: Side, seat: string): Promise<Sample[]> {
  const change = async (kind: 'held' | 'free', send: () => Promise<Response>, expect: number[]) => {
    const started = performance.now();
    // Only a message read after the request was sent counts (a late one from an earlier round never matches).
    const arrived = stream.next((m) => m.at >= started && m.type === 'change' && (m.data[kind] as string[]).includes(seat));
    const res = await send();
    const answered = performance.now();
    const body = res.status === 204 ? null : ((await res.json()) as Json);
    if (!expect.includes(res.status)) throw new Error(`${side.name}: ${kind === 'held' ? 'hold' : 'release'} of ${seat} → ${res.status} ${JSON.stringify(body)}`);
    const message = await arrived;
    return { sample: { stream: message ? message.at - started : undefined, response: answered - started }, body };
  };
  const held = await change(
    'held',
    async () => {
      const res = await fetch(`${side.proxy.url}/api/seat-holds`, { method: 'POST', headers: { 'content-type': 'application/json', ...(side.cookie ? { cookie: side.cookie } : {}) }, body: JSON.stringify({ eventId: EVENT, seats: [seat] }) });
      side.cookie ||= (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      return res;
    },
    [200, 201],
  );
  const id = String(held.body?.id);
  const released = await change('free', () => fetch(`${side.proxy.url}/api/seat-holds/${id}`, { method: 'DELETE', headers: { cookie: side.cookie } }), [204]);
  return [held.sample, released.sample];
}

interface Run {
  database: string;
  kind: 'pglite' | 'postgres';
  same: Figures;
  cross: Figures;
  versionGaps: number;
  snapshots: number;
  seconds: number;
}

async function measure(label: (serverVersion: string) => string, open: () => Promise<{ a: Database; b: Database; close(): Promise<void> }>): Promise<Run> {
  const started = performance.now();
  const dbs = await open();
  const proxies: RunningProxy[] = [];
  let stream: Stream | undefined;
  try {
    // `sweepEvery` etc. stay at their defaults: the expiry sweep runs every second on both, as in production.
    proxies.push(await startProxy({}, { database: dbs.a, rateLimits: NO_RATE_LIMITS }));
    proxies.push(await startProxy({}, { database: dbs.b, rateLimits: NO_RATE_LIMITS }));
    const [a, b] = proxies as [RunningProxy, RunningProxy];
    const version = (await dbs.a.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? '?';
    const database = label(version.split(' ')[0]!);
    stream = await openStream(`${a.url}/api/events/${EVENT}/seats/stream`);
    const snapshot = await stream.next((m) => m.type === 'availability');
    if (!snapshot) throw new Error('no availability snapshot on the stream');
    const seats = await freeSeats(a, snapshot.data, SEAT_POOL);
    const sides: [Side, Side] = [
      { name: 'same', proxy: a, cookie: '' },
      { name: 'cross', proxy: b, cookie: '' },
    ];
    const samples: Record<Side['name'], Sample[]> = { same: [], cross: [] };
    const rounds = WARMUP_ROUNDS + CHANGES / 2;
    for (let round = 0; round < rounds; round++) {
      // Alternate which proxy goes first, so neither always follows the other's release.
      for (const side of round % 2 ? [sides[1], sides[0]] : sides) {
        const seat = seats[(2 * round + (side.name === 'cross' ? 1 : 0)) % seats.length]!;
        const pair = await holdAndRelease(stream, side, seat);
        if (round >= WARMUP_ROUNDS) samples[side.name].push(...pair);
      }
    }
    const run: Run = {
      database,
      kind: dbs.a.kind,
      same: figures(samples.same),
      cross: figures(samples.cross),
      versionGaps: stream.versionGaps,
      snapshots: stream.snapshots,
      seconds: (performance.now() - started) / 1000,
    };
    for (const side of ['same', 'cross'] as const) {
      const f = run[side];
      console.log(`${run.kind.padEnd(8)} ${side.padEnd(5)}: n ${f.n}, p50 ${f.p50?.toFixed(1)} ms, p95 ${f.p95?.toFixed(1)} ms, max ${f.max?.toFixed(1)} ms (HTTP response p50 ${f.responseP50?.toFixed(1)} ms), lost ${f.lost}`);
    }
    return run;
  } finally {
    stream?.close();
    for (const p of proxies) await p.close();
    await dbs.close();
  }
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(import.meta.dirname, '../../node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

async function main() {
  // The 1-minute load average before and after: the machine is shared, so say how busy it was.
  const load = { before: loadavg()[0]!, after: 0 };
  const runs: Run[] = [];
  runs.push(
    await measure((v) => `PGlite ${packageVersion('@electric-sql/pglite')} (PostgreSQL ${v} in WASM, in memory), one instance shared by both proxies`, async () => {
      const db = await openDatabase({ dataDir: 'memory://' });
      return { a: db, b: db, close: () => db.close() };
    }),
  );
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (url) {
    const from = process.env.TEST_DATABASE_URL ? 'TEST_DATABASE_URL' : 'DATABASE_URL';
    runs.push(
      await measure((v) => `PostgreSQL ${v} server (${from}), one pool + one LISTEN connection per proxy`, async () => {
        // One pool and one LISTEN connection per proxy, as two proxy processes would have.
        const a = await openDatabase({ url });
        const b = await openDatabase({ url }).catch(async (error: unknown) => {
          await a.close();
          throw error;
        });
        return { a, b, close: async () => void (await Promise.all([a.close(), b.close()])) };
      }),
    );
  }
  load.after = loadavg()[0]!;
  console.log(
    `BENCH_RESULT ${JSON.stringify({
      changes: CHANGES,
      warmup: WARMUP_ROUNDS * 2,
      lostAfterMs: LOST_AFTER_MS,
      event: EVENT,
      seatPool: SEAT_POOL,
      postgres: Boolean(url),
      load,
      runs,
    })}`,
  );
}

await main();
