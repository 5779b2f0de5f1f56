import type { TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildEmulator, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../../server/emulator/app';
import { EMULATOR_KEYS } from '../../../server/emulator/keys';

export const SK = `Bearer ${EMULATOR_KEYS.secretKey}`;
export const PK = `Bearer ${EMULATOR_KEYS.publicKey}`;

/** An in-process emulator for app.inject(), closed when the test ends. */
export async function emulator(t: TestContext, opts: EmulatorOptions = {}): Promise<FastifyInstance> {
  const app = await buildEmulator(opts);
  t.after(() => app.close());
  return app;
}

/** A listening emulator on an ephemeral port, closed when the test ends. */
export async function listeningEmulator(t: TestContext, opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const running = await startEmulator({ port: 0, host: '127.0.0.1', ...opts });
  t.after(() => running.close());
  return running;
}

/**
 * Checkout.com's id formats as /work/shared/docs/checkout-api-facts.md §0.7 documents them, each with
 * the documentation's own example (`sid_` and `act_` share the `pay_` format; the example is the
 * documented `pay_` one's 26 characters) — an independent source, not the emulator's ids.ts.
 */
export const DOCUMENTED_IDS = {
  /** `pay_` + 26 lowercase base32 characters (path regex `^(pay|sid)_(\w{26})$`). */
  payment: { pattern: /^pay_[a-z2-7]{26}$/, example: 'pay_mbabizu24mvu3mela5njyhpit4' },
  sessionId: { pattern: /^sid_[a-z2-7]{26}$/, example: 'sid_' + 'mbabizu24mvu3mela5njyhpit4' },
  token: { pattern: /^tok_[a-z2-7]{26}$/, example: 'tok_ubfj2q76miwundwlk72vxt2i7q' },
  action: { pattern: /^act_[a-z2-7]{26}$/, example: 'act_' + 'mbabizu24mvu3mela5njyhpit4' },
  /** `ps_` + 27 base62 characters. */
  paymentSession: { pattern: /^ps_[0-9A-Za-z]{27}$/, example: 'ps_2aOig7knIeGNYPlyuxUEPQyOmxN' },
  /** `pss_` + a UUID. */
  paymentSessionSecret: { pattern: /^pss_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, example: 'pss_009d4916-1a66-48e7-9f36-a4c0a0583e81' },
  /** `hpp_` + 12 mixed-case characters, underscores included. */
  hostedPayment: { pattern: /^hpp_[0-9A-Za-z_]{12}$/, example: 'hpp_kQhs_fI9b8oQ' },
} as const;

/** A controllable clock for expiry tests. */
export function fakeClock(start = Date.UTC(2026, 0, 15, 12, 0, 0)): { now: () => number; advance(ms: number): void } {
  let current = start;
  return { now: () => current, advance: (ms) => void (current += ms) };
}

export const sessionBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  amount: 123400,
  currency: 'HKD',
  reference: 'ORD-123A',
  billing: { address: { country: 'HK' } },
  customer: { name: 'Jordan Smith', email: 'jordan.smith@example.com' },
  success_url: 'https://merchant.example/success',
  failure_url: 'https://merchant.example/failure',
  ...overrides,
});

export const cardSource = (number: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'card',
  number,
  expiry_month: 12,
  expiry_year: 2030,
  cvv: number.startsWith('34') || number.startsWith('37') ? '1000' : '100',
  ...extra,
});

export const paymentBody = (number: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  source: cardSource(number),
  amount: 1000,
  currency: 'GBP',
  reference: 'ORD-1',
  ...overrides,
});

type Json = Record<string, any>;  

export async function post(app: FastifyInstance, url: string, payload: unknown, auth = SK, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'POST', url, payload: payload as Json, headers: { authorization: auth, ...headers } });
  return { status: res.statusCode, body: (res.body ? res.json() : {}) as Json, headers: res.headers };
}

export async function get(app: FastifyInstance, url: string, auth = SK) {
  const res = await app.inject({ method: 'GET', url, headers: { authorization: auth } });
  return { status: res.statusCode, body: (res.body ? res.json() : {}) as Json, headers: res.headers };
}

/** Creates a token through the public-key endpoint. */
export async function tokenFor(app: FastifyInstance, number: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await post(app, '/tokens', cardSource(number, extra), PK);
  if (res.status !== 201) throw new Error(`token failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

/** session_data as the emulated Flow produces it (tests that skip the browser). */
export { encodeSessionData } from '../../../server/emulator/sessions';
