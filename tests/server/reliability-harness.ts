/**
 * Shared pieces of the reliability suites (tests/server/reliability-*.test.ts) and the
 * benchmarks: the full stack with log capture and rate limits off, route discovery at
 * runtime, a seeded PRNG, the error-shape check and the secret/PAN scanner.
 */
import type { TestContext } from 'node:test';
import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { BuildOptions } from '../../server/app';
import type { RateTier } from '../../server/plugins/security';
import type { EmulatorOptions } from '../../server/emulator/app';
import { openDatabase } from '../../server/storage/db';
import { startProxy, type RunningProxy } from '../helpers/proxy';
import { luhnValid } from '../../server/emulator/cards';

type Json = Record<string, any>;

// ── seeded PRNG ───────────────────────────────────────────────────────────────

/** mulberry32: tiny, fast, good enough to pick fuzz cases; same seed → same sequence. */
export class Rng {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** The seed from `name` in the environment ("random" → a fresh one), else the fixed default. */
export function seedFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === 'random') return (Math.random() * 2 ** 31) >>> 0;
  if (raw && /^\d+$/.test(raw)) return Number(raw) >>> 0;
  return fallback;
}

// ── the stack ─────────────────────────────────────────────────────────────────

/**
 * Rate limits high enough never to trigger: the fuzzer and the benchmarks send thousands of
 * requests from one IP. Uses the proxy's own `rateLimits` build option (test/bench only);
 * production defaults (DEFAULT_RATE_LIMITS) are untouched.
 */
const UNLIMITED: RateTier = { max: 1_000_000_000, timeWindow: 60_000 };
export const NO_RATE_LIMITS: NonNullable<BuildOptions['rateLimits']> = { payments: UNLIMITED, auth: UNLIMITED, general: UNLIMITED };

export interface ReliabilityStack extends RunningProxy {
  /** Every line the proxy logged (pino JSON), captured through `logStream`. */
  logs: string[];
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  json(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Json; headers: Record<string, unknown>; raw: string }>;
}

/** Anything that can run clean-up: a TestContext, or `{ after }` of node:test for a file-wide stack. */
export type Cleanup = Pick<TestContext, 'after'> | { after(fn: () => Promise<void>): void };

export async function reliabilityStack(
  t: Cleanup,
  opts: { env?: Record<string, string>; build?: BuildOptions; emulator?: EmulatorOptions; logLevel?: string } = {},
): Promise<ReliabilityStack> {
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const database = await openDatabase({ dataDir: 'memory://' });
  let running: RunningProxy;
  try {
    running = await startProxy(
      { LOG_LEVEL: opts.logLevel ?? 'info', ...opts.env },
      {
        logger: undefined,
        logStream,
        database,
        rateLimits: NO_RATE_LIMITS,
        emulator: { faultTimeoutMs: 5_000, ...opts.emulator },
        ...opts.build,
        checkoutClient: { readTimeoutMs: 800, writeTimeoutMs: 800, retryBaseMs: 10, breakerCooldownMs: 300, ...opts.build?.checkoutClient },
      },
    );
  } catch (error) {
    await database.close();
    throw error;
  }
  (t.after as (fn: () => Promise<void>) => void)(async () => {
    await running.close();
    await database.close();
  });
  const inject = (options: InjectOptions): Promise<LightMyRequestResponse> => running.app.inject(options);
  const json: ReliabilityStack['json'] = async (method, url, body, headers = {}) => {
    const res = await running.app.inject({ method: method as 'GET', url, payload: body as Json, headers });
    let parsed: Json;
    try {
      parsed = res.body ? (JSON.parse(res.body) as Json) : {};
    } catch {
      parsed = { text: res.body };
    }
    return { status: res.statusCode, body: parsed, headers: res.headers as Record<string, unknown>, raw: res.body };
  };
  return Object.assign(running, { logs, inject, json });
}

// ── route discovery ───────────────────────────────────────────────────────────

export interface DiscoveredRoute {
  method: string;
  url: string;
}

/**
 * Every route of a built app, read from `app.printRoutes()` (the router's own tree), so
 * routes added by any plugin — now or later — are found without a list to maintain.
 * HEAD twins of GET routes and the CORS preflight catch-all are left out.
 */
export function discoverRoutes(app: FastifyInstance): DiscoveredRoute[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const routes: DiscoveredRoute[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)(?:├── |└── )(.*?)(?: \(([^)]*)\))?$/.exec(line.replace(/\s+$/, ''));
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + match[2]!;
    stack[depth] = path;
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim()).filter(Boolean)) {
      if (method === '-' || method === 'HEAD' || (method === 'OPTIONS' && path === '*')) continue;
      routes.push({ method, url: path });
    }
  }
  const seen = new Set<string>();
  return routes.filter((r) => {
    const key = `${r.method} ${r.url}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ── the error shape ───────────────────────────────────────────────────────────

/** What is wrong with a non-2xx answer, or null when it is `{ error: { code, message, fields? } }`. */
export function errorShapeProblem(status: number, body: string, contentType: unknown): string | null {
  if (status < 400) return null;
  if (!/application\/json/.test(String(contentType ?? ''))) return `content-type ${String(contentType)} is not JSON`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'body is not JSON';
  }
  const root = parsed as Json;
  if (!root || typeof root !== 'object' || Array.isArray(root)) return 'body is not an object';
  const keys = Object.keys(root);
  if (keys.length !== 1 || keys[0] !== 'error') return `top-level keys ${JSON.stringify(keys)} (want ["error"])`;
  const error = root.error as Json;
  if (!error || typeof error !== 'object') return 'error is not an object';
  const extra = Object.keys(error).filter((k) => !['code', 'message', 'fields'].includes(k));
  if (extra.length) return `unexpected error keys ${JSON.stringify(extra)}`;
  if (typeof error.code !== 'string' || !error.code) return 'error.code missing';
  if (typeof error.message !== 'string' || !error.message) return 'error.message missing';
  if (/\n\s+at .+:\d+:\d+/.test(error.message)) return 'error.message holds a stack trace';
  if (error.fields !== undefined) {
    if (!Array.isArray(error.fields)) return 'error.fields is not an array';
    for (const f of error.fields as Json[]) {
      if (!f || typeof f.path !== 'string' || typeof f.message !== 'string') return `bad field entry ${JSON.stringify(f)}`;
    }
  }
  return null;
}

// ── secrets and PANs ──────────────────────────────────────────────────────────

/** Digit runs of 13–19 digits (spaces or dashes allowed between digits) that pass Luhn. */
export function panLike(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?<![\d.])\d(?:[ -]?\d){12,18}(?![\d])/g)) {
    const digits = match[0].replace(/\D/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits) && !/^(\d)\1+$/.test(digits)) found.push(match[0]);
  }
  return found;
}

/** Secret-looking material: Checkout.com secret keys, session secrets and tokens by name or value. */
const SECRET_PATTERNS: Array<[string, RegExp]> = [
  ['secret key (sk_…)', /\bsk_(?:sbox_|test_)?[A-Za-z0-9_]{8,}/],
  ['payment_session_secret', /pss_[0-9a-f-]{8,}/i],
];

/**
 * Secrets found in `text`. `known` are exact values that must never appear (the configured
 * secret key, webhook secret, session secret, session secrets/tokens seen upstream …).
 * `allow` are substrings that may appear in this text (e.g. a payment session's own
 * secret in the create-session answer, which Flow needs).
 */
export function findSecrets(text: string, known: string[] = [], allow: string[] = []): string[] {
  let scrubbed = text;
  for (const a of allow) if (a) scrubbed = scrubbed.split(a).join('[allowed]');
  const hits: string[] = [];
  for (const [name, re] of SECRET_PATTERNS) {
    const m = re.exec(scrubbed);
    if (m) hits.push(`${name}: ${m[0].slice(0, 12)}…`);
  }
  for (const k of known) if (k && k.length >= 8 && scrubbed.includes(k)) hits.push(`known secret ${k.slice(0, 6)}…`);
  for (const pan of panLike(scrubbed)) hits.push(`PAN-like number ${pan.slice(0, 6)}…`);
  return hits;
}
