/**
 * The fuzzer: thousands of malformed, oversized, wrongly typed and hostile requests to EVERY
 * route of buildApp (found at runtime, so routes that land later are fuzzed too), against the
 * real stack (proxy + emulator + PGlite). Invariants, for every single request:
 *  - no 5xx (the emulator is healthy, so a 5xx is our bug), no hang, no crash;
 *  - every 4xx is `{ error: { code, message, fields? } }`, JSON, no stack trace;
 *  - Object.prototype is never polluted; the app still answers /healthz at the end.
 *
 * Reproducible: a seeded PRNG (mulberry32). The seed is printed; rerun a failure with
 *   FUZZ_SEED=<seed> node --import tsx --test tests/server/reliability-fuzz.test.ts
 * FUZZ_SEED=random picks a fresh seed; FUZZ_CASES=<n> sets the cases per route (default 100).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { discoverRoutes, errorShapeProblem, reliabilityStack, Rng, seedFrom, type DiscoveredRoute, type ReliabilityStack } from './reliability-harness';

type Json = Record<string, any>;

const SEED = seedFrom('FUZZ_SEED', 20260115);
const CASES_PER_ROUTE = Number(process.env.FUZZ_CASES ?? 100);
const HANG_MS = 8_000;
/** Routes whose non-2xx answer is not an API error by design. */
const SHAPE_EXEMPT: Array<[string, number]> = [['/readyz', 503]];
/** In-flight requests at a time (cases are generated up front, so the seed fixes them all). */
const CONCURRENCY = 6;

/**
 * Invariant breaks already reported to their owner. They are listed in a `todo` subtest
 * (reported, not failing the suite) with the reason; anything else fails. Remove an entry
 * once it is fixed — the todo subtest then says it passes.
 */
// Failures the team knows of and has not fixed yet, reported as to-do subtests so they stay
// visible without failing the suite. Empty: buildApp's frameworkErrors and clientErrorHandler
// now answer router and HTTP-parser errors in the error shape too.
const KNOWN_GAPS: Array<{ match: RegExp; reason: string }> = [];

function reportGaps(t: { test: (name: string, opts: { todo: string }, fn: () => void) => unknown }, failures: string[]): string[] {
  const rest: string[] = [];
  const byGap = new Map<number, string[]>();
  for (const f of failures) {
    const i = KNOWN_GAPS.findIndex((g) => g.match.test(f));
    if (i < 0) rest.push(f);
    else byGap.set(i, [...(byGap.get(i) ?? []), f]);
  }
  for (const [i, list] of byGap) {
    void t.test(`known gap: ${KNOWN_GAPS[i]!.reason.slice(0, 80)}…`, { todo: KNOWN_GAPS[i]!.reason }, () => {
      assert.fail(`${list.length} case(s), e.g.\n${list.slice(0, 3).join('\n')}`);
    });
  }
  return rest;
}

// ── hostile values ───────────────────────────────────────────────────────────

const UNICODE = [
  '\u0000', 'a\u0000b', '\ud800', '\udfff\ud800', '\u202eevil\u202c', 'zero\u200bwidth', '\ufeffbom', 'e\u0301', 'İı', '𝕏𝕐',
  '🧨'.repeat(300), '\u2028\u2029', '\r\n\r\nX-Injected: 1', 'ﬀ', '\u0130', 'Ω'.repeat(5000), '\u{10ffff}', 'ᴬᴮ',
];
const HOSTILE_STRINGS = [
  '', ' ', '   \t\n', '0', '-1', '1e999', 'NaN', 'Infinity', 'null', 'undefined', 'true', '[]', '{}', '__proto__', 'constructor',
  'prototype', "'; DROP TABLE orders;--", '" OR "1"="1', '<script>window.__xss=1</script>', '<img src=x onerror=alert(1)>',
  '${7*7}', '{{7*7}}', '%s%s%s%n', '../../../../etc/passwd', '..%2f..%2f', 'file:///etc/passwd', 'http://169.254.169.254/',
  '4242424242424242', '4242 4242 4242 4242', '42424242', '00000000', '123456789012345678901234567890', 'a'.repeat(300),
  'x'.repeat(4096), '\\', '"', "'", '`', ';', '|', '&&', '$(id)', 'A:1:1', 'pay_' + 'a'.repeat(26), 'sid_aaaaaaaaaaaaaaaaaaaaaaaaaa',
  'pay_../../x', 'USD', 'usd', 'XXX', 'HK', 'ZZ', 'jordan@example.com', 'not-an-email', '@', 'a@b', ...UNICODE,
];
const HOSTILE_NUMBERS = [0, -0, -1, 1, 1.5, -1.5, 0.1, 99, 100, 1e6, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, 5e-324, 123456789012];

/** A fresh prototype-polluting object each time (JSON.parse creates own "__proto__" keys). */
const pollutors = () => [
  JSON.parse('{"__proto__":{"polluted":"yes"}}'),
  JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}'),
  JSON.parse('{"__proto__":{"isAdmin":true,"amount":1}}'),
  JSON.parse('{"prototype":{"polluted":"yes"}}'),
];

function deep(depth: number, leaf: unknown = 1, asArray = false): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

function hostileValue(rng: Rng): unknown {
  switch (rng.int(12)) {
    case 0: case 1: case 2: return rng.pick(HOSTILE_STRINGS);
    case 3: case 4: return rng.pick(HOSTILE_NUMBERS);
    case 5: return rng.pick([null, true, false]);
    case 6: return rng.pick([[], {}, [null], [[[]]], [1, 'a', null, {}]]);
    case 7: return rng.pick(pollutors());
    case 8: return deep(rng.int(200) + 20, 'x', rng.bool());
    case 9: return Array.from({ length: rng.int(3000) + 51 }, (_, i) => ({ reference: `r${i}`, quantity: 1 }));
    case 10: return rng.pick(UNICODE).repeat(rng.int(40) + 1);
    default: return 'Z'.repeat(rng.pick([101, 255, 256, 1025, 10_000, 63_000]));
  }
}

// ── body mutation ───────────────────────────────────────────────────────────

/** Paths to every value in a JSON value (objects and arrays), root included. */
function paths(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(prefix);
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}

function setAt(root: unknown, path: Array<string | number>, value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  let node = root as Json;
  for (const key of path.slice(0, -1)) node = node[key as string] as Json;
  const last = path[path.length - 1]!;
  if (remove && !Array.isArray(node)) delete node[last as string];
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  return root;
}

function getAt(root: unknown, path: Array<string | number>): unknown {
  let node = root as Json;
  for (const key of path) node = node?.[key as string] as Json;
  return node;
}

function mutate(rng: Rng, template: unknown): unknown {
  let body = structuredClone(template);
  const n = rng.int(3) + 1;
  for (let i = 0; i < n; i++) {
    const all = paths(body);
    const path = rng.pick(all);
    const current = getAt(body, path);
    switch (rng.int(10)) {
      case 0: // drop a field
        if (path.length) body = setAt(body, path, undefined, true);
        break;
      case 1: // unknown or polluting key next to real ones
        if (current && typeof current === 'object' && !Array.isArray(current)) {
          const key = rng.pick(['__proto__', 'constructor', 'prototype', 'amount', 'isAdmin', 'status', 'unitAmount', 'total', '\u0000', 'ключ', '']);
          Object.defineProperty(current, key, { value: hostileValue(rng), enumerable: true, writable: true, configurable: true });
        }
        break;
      case 2: // number as string, string as number
        if (typeof current === 'number') body = setAt(body, path, rng.pick([String(current), `${current}.0`, ` ${current}`, `0x${current.toString(16)}`]));
        else if (typeof current === 'string' && path.length) body = setAt(body, path, rng.pick([Number(current) || 0, 42, -1]));
        break;
      case 3: // array instead of object and vice versa
        body = setAt(body, path, Array.isArray(current) ? { 0: current[0] } : [current]);
        break;
      default:
        body = setAt(body, path, hostileValue(rng));
    }
  }
  return body;
}

// ── raw bodies and content types ─────────────────────────────────────────────

const RAW_BODIES = [
  '', ' ', '{', '}', '{"a":', '{"a":1,}', "{'a':1}", '[', 'null', 'true', '0', '"str"', '[]', '[{}]', 'NaN', '{"a":NaN}', '{"a":Infinity}',
  '{"amount":1e999}', '{"amount":-1e999}', '\ufeff{}', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"__proto__":{"polluted":"yes"}}',
  '{"a":1}{"b":2}', '{"a":1}\n{"a":2}', 'undefined', '<xml/>', 'a=1&b=2', '--boundary\r\n', '\u0000\u0000\u0000',
  '{"items":"' + 'A'.repeat(66_000) + '"}',
  '['.repeat(20_000) + ']'.repeat(20_000),
  '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000),
];
const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'application/JSON', 'text/plain',
  'text/html', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/octet-stream',
  'application/json, text/plain', 'application/merge-patch+json', 'application/vnd.api+json', '*/*', 'json', ';;;', '',
];

function hostileHeaders(rng: Rng): Record<string, string> {
  const h: Record<string, string> = {};
  const ascii = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');
  const n = rng.int(4);
  for (let i = 0; i < n; i++) {
    switch (rng.int(10)) {
      case 0: h['idempotency-key'] = rng.pick(['', 'x', 'a'.repeat(129), 'a'.repeat(8000), '../etc', "'; DROP", '12345678', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '__proto__aaaaa']); break;
      case 1: h.origin = rng.pick(['null', 'http://evil.example', 'file://', 'http://127.0.0.1:1', 'javascript:alert(1)', 'http://localhost:4244', ascii(rng.pick(HOSTILE_STRINGS))]); break;
      case 2: h.cookie = rng.pick(['ck_session=garbage', 'ck_session=s%3Aa.b', '__Host-ck_session=x; ck_session=y', 'a='.repeat(2000), '=;=;=', ascii(rng.pick(HOSTILE_STRINGS))]); break;
      case 3: h.accept = rng.pick(['text/html', 'application/xml', '*/*;q=0', 'garbage', '']); break;
      case 4: h['x-csrf-token'] = rng.pick(['', 'x', 'a'.repeat(5000), 'null']); break;
      case 5: h['cko-signature'] = rng.pick(['', '0'.repeat(64), 'f'.repeat(63), 'zz'.repeat(32), 'a'.repeat(10_000)]); break;
      case 6: h.authorization = rng.pick(['Bearer sk_sbox_x', 'Basic Zm9vOmJhcg==', 'x'.repeat(5000), '']); break;
      case 7: h['x-forwarded-for'] = rng.pick(['1.2.3.4', '::1', 'garbage', '1.1.1.1, 2.2.2.2, '.repeat(100)]); break;
      case 8: h['accept-language'] = rng.pick(['ar', 'zz-ZZ', '*', 'en;q=garbage', 'a'.repeat(2000)]); break;
      default: h['x-' + rng.int(1000)] = ascii(rng.pick(HOSTILE_STRINGS)).slice(0, 8000);
    }
  }
  return h;
}

const HOSTILE_SEGMENTS = [
  '', '%00', '%2e%2e', '..', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '__proto__', 'constructor', '%E2%80%AE', '%F0%9F%A7%A8', '%ZZ', '%',
  'a'.repeat(65), 'a'.repeat(5000), 'null', 'undefined', 'pay_' + 'a'.repeat(26), 'sid_' + 'b'.repeat(26), 'pay_%27%20OR%201%3D1',
  encodeURIComponent("'; DROP TABLE orders;--"), encodeURIComponent('<script>alert(1)</script>'), '1e999', '-1', '0', 'A:1:1',
];

const HOSTILE_QUERIES = [
  '?__proto__[polluted]=yes', '?constructor[prototype][polluted]=yes', '?a=1&a=2&a=3', '?%', '?a=%ZZ', '?' + 'a=1&'.repeat(3000),
  '?currency=XXX', '?currency[]=USD', '?limit=-1', '?limit=1e999', '?locale=%00', '?=', '?&&&', '?a[b][c][d][e][f]=1', '?q=' + 'x'.repeat(9000),
];

// ── templates of valid requests (from the live catalog where possible) ────────

interface Fixtures {
  productRef: string;
  eventId: string;
  giftDesign: string;
  planId: string;
}

function template(route: DiscoveredRoute, f: Fixtures): unknown {
  const customer = { email: 'fuzz@example.com', name: 'Fuzz Tester', phone: '+852 5555 0000' };
  const address = { line1: '1 Queen’s Road', city: 'Hong Kong', country: 'HK' };
  const order = { items: [{ reference: f.productRef, quantity: 1 }], currency: 'HKD', country: 'HK', customer, billingAddress: address, shippingAddress: address };
  const url = route.url;
  if (/create-payment-sessions|create-hosted-payment|orders\/quote/.test(url)) return order;
  if (/card-metadata/.test(url)) return { number: '42424242', type: 'bin' };
  if (/tokenize-card/.test(url)) return { number: '4242424242424242', expiryMonth: 12, expiryYear: 2031, cvv: '100' };
  if (/webhooks/.test(url)) return { id: 'evt_aaaaaaaaaaaaaaaaaaaaaaaaaa', type: 'payment_approved', data: { id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa', amount: 100, currency: 'HKD', reference: 'ORDX' } };
  if (/seat-holds/.test(url)) return { eventId: f.eventId, seats: ['A:1:1'] };
  if (/auth\/login/.test(url)) return { username: 'demo', password: 'wrong-password' };
  if (/insurance/.test(url)) return { planId: f.planId, applicant: { name: 'Fuzz', dateOfBirth: '1990-01-01', email: 'fuzz@example.com', phone: '+85255550000', country: 'HK' }, currency: 'HKD' };
  if (/gift/.test(url)) return { design: f.giftDesign, amount: 10000, recipientName: 'R', recipientEmail: 'r@example.com', senderName: 'S' };
  return { a: 1 };
}

function paramValue(rng: Rng, name: string, f: Fixtures): string {
  if (rng.bool(0.35)) {
    if (/event/i.test(name) || name === 'id') return rng.pick([f.eventId, 'pay_' + 'a'.repeat(26), 'sid_' + 'a'.repeat(26), 'hold_x']);
  }
  return rng.pick(HOSTILE_SEGMENTS);
}

// ── one case ────────────────────────────────────────────────────────────────

interface Case {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  kind: string;
}

function makeCase(rng: Rng, route: DiscoveredRoute, f: Fixtures): Case {
  let url = route.url.replace(/:(\w+)/g, (_m, name: string) => paramValue(rng, name, f));
  url = url.replace(/\*/g, () => rng.pick(['', 'x.js', '../package.json', '..%2f..%2fpackage.json', '%00.js', 'a/'.repeat(50), rng.pick(HOSTILE_SEGMENTS)]));
  if (rng.bool(0.25)) url += rng.pick(HOSTILE_QUERIES);
  const headers = rng.bool(0.5) ? hostileHeaders(rng) : {};
  const hasBody = route.method !== 'GET' || rng.bool(0.05);
  if (!hasBody) return { method: route.method, url, headers, kind: 'no-body' };

  const strategy = rng.int(10);
  let payload: string;
  let kind: string;
  if (strategy < 6) {
    payload = JSON.stringify(mutate(rng, template(route, f))) ?? 'null';
    kind = 'mutated-template';
    if (rng.bool(0.1)) {
      // Numbers JSON cannot express: 1e999 parses to Infinity.
      payload = payload.replace(/(:)(\d+)/, `$1${rng.pick(['1e999', '-1e999', '-0', '1.0000000000000002', '9007199254740993'])}`);
      kind = 'infinity';
    }
  } else if (strategy < 8) {
    payload = rng.pick(RAW_BODIES);
    kind = 'raw';
  } else if (strategy < 9) {
    payload = JSON.stringify(hostileValue(rng)) ?? 'null';
    kind = 'hostile-root';
  } else {
    payload = JSON.stringify(template(route, f));
    kind = 'valid-template';
  }
  const ctRoll = rng.int(10);
  if (ctRoll < 7) headers['content-type'] = 'application/json';
  else if (ctRoll < 9) {
    headers['content-type'] = rng.pick(CONTENT_TYPES);
    kind += '+content-type-lie';
  } // else: no content type at all
  return { method: route.method, url, headers, payload, kind };
}

// ── the test ────────────────────────────────────────────────────────────────

/** One stack for the file (opening PGlite is the slow part of a start). */
let stack: ReliabilityStack;
const closers: Array<() => Promise<void>> = [];
before(async () => {
  stack = await reliabilityStack({ after: (fn: () => Promise<void>) => void closers.push(fn) }, { logLevel: 'warn' });
});
after(async () => {
  for (const close of closers) await close();
});

test(`fuzz: every route of buildApp, ${CASES_PER_ROUTE} hostile requests each (seed ${SEED})`, { timeout: 120_000 }, async (t) => {
  const unhandled: unknown[] = [];
  const onUnhandled = (error: unknown) => unhandled.push(error);
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  t.after(() => {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
  });

  const routes = discoverRoutes(stack.app);
  assert.ok(routes.length >= 5, `found only ${routes.length} routes`);

  const catalog = (await stack.json('GET', '/api/catalog')).body;
  const fixtures: Fixtures = {
    productRef: catalog.products?.[0]?.reference ?? 'case-iphone16-clear',
    eventId: catalog.events?.[0]?.id ?? 'evt-1',
    giftDesign: catalog.giftCards?.designs?.[0]?.id ?? catalog.giftCardDesigns?.[0]?.id ?? 'classic',
    planId: catalog.insurancePlans?.[0]?.id ?? 'plan-1',
  };

  const rng = new Rng(SEED);
  const all: Array<{ route: DiscoveredRoute; c: Case; n: number }> = [];
  for (const route of routes) for (let i = 0; i < CASES_PER_ROUTE; i++) all.push({ route, c: makeCase(rng, route, fixtures), n: all.length + 1 });
  const cases = all.length;
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  const started = Date.now();
  const runOne = async ({ route, c, n }: (typeof all)[number]) => {
    const where = `#${n} ${c.kind} ${c.method} ${c.url.slice(0, 120)}`;
    let res: { statusCode: number; body: string; headers: Record<string, unknown> };
    try {
      res = await Promise.race([
        route.url.endsWith('/stream') ? streamRequest(c) : stack.inject({ method: c.method as 'GET', url: c.url, headers: c.headers, ...(c.payload !== undefined ? { payload: c.payload } : {}) }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${HANG_MS} ms`)), HANG_MS).unref()),
      ]);
    } catch (error) {
      const message = (error as Error).message;
      // light-my-request refuses some header values before they reach the server: not our bug.
      if (/Invalid character in header|ERR_INVALID_CHAR|Invalid header value/i.test(message)) return;
      failures.push(`${where}: ${message}`);
      return;
    }
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    const exempt = SHAPE_EXEMPT.some(([u, s]) => u === route.url && s === res.statusCode);
    if (res.statusCode >= 500 && !exempt) {
      failures.push(`${where}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      return;
    }
    if (c.method === 'HEAD' || exempt) return;
    const problem = errorShapeProblem(res.statusCode, res.body, res.headers['content-type']);
    if (problem) failures.push(`${where}: ${res.statusCode} not in the error shape (${problem}): ${res.body.slice(0, 160)}`);
  };
  /** A live stream (SSE) never ends: over real HTTP, judged by its status and headers, then dropped. */
  async function streamRequest(c: Case) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), HANG_MS - 500);
    try {
      const res = await fetch(stack.url + c.url, { method: c.method, headers: c.headers, signal: controller.signal, ...(c.method !== 'GET' && c.payload !== undefined ? { body: c.payload } : {}) });
      const type = res.headers.get('content-type') ?? '';
      const body = /event-stream/.test(type) ? '' : await res.text();
      return { statusCode: res.status, body, headers: { 'content-type': type } };
    } catch (error) {
      // fetch refuses some header values itself (not the server's doing).
      if ((error as Error).name === 'TypeError' && !/fetch failed/.test((error as Error).message)) throw new Error('Invalid header value', { cause: error });
      throw error;
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  }

  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < all.length) await runOne(all[next++]!);
  }));
  const seconds = (Date.now() - started) / 1000;

  // Still alive, and nothing leaked into Object.prototype.
  const health = await stack.json('GET', '/healthz');
  assert.equal(health.status, 200, '/healthz after the fuzz run');
  const proto = Object.prototype as Json;
  for (const key of ['polluted', 'isAdmin', 'amount']) assert.equal(proto[key], undefined, `Object.prototype.${key} was polluted`);
  assert.equal(({} as Json).polluted, undefined);

  const summary = [...statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ');
  t.diagnostic(`seed ${SEED}: ${cases} cases over ${routes.length} routes in ${seconds.toFixed(1)} s; statuses ${summary}`);
  t.diagnostic(`routes: ${routes.map((r) => `${r.method} ${r.url}`).join(', ')}`);
  assert.deepEqual(unhandled.map(String), [], 'unhandled rejections or exceptions during the run');
  const unexpected = reportGaps(t, failures);
  assert.ok(
    unexpected.length === 0,
    `${unexpected.length} of ${cases} fuzz cases broke an invariant (reproduce: FUZZ_SEED=${SEED} FUZZ_CASES=${CASES_PER_ROUTE} node --import tsx --test tests/server/reliability-fuzz.test.ts):\n` +
      [...new Set(unexpected)].sort((a, b) => Number(/: 5\d\d /.test(b)) - Number(/: 5\d\d /.test(a))).slice(0, 25).join('\n'),
  );
});

/**
 * What inject() cannot send: lies at the HTTP layer (content-length, transfer-encoding, bad
 * request lines), over a real socket. The server must answer (or close) and keep serving.
 */
test('fuzz: HTTP-level lies over a raw socket leave the server serving', { timeout: 30_000 }, async (t) => {
  const { port } = new URL(stack.url);
  const raw = (text: string) =>
    new Promise<string>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1');
      let data = '';
      socket.setTimeout(400, () => socket.destroy());
      socket.on('data', (c) => (data += c.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
      socket.end(text);
    });
  const body = '{"number":"42424242","type":"bin"}';
  const lies = [
    `POST /card-metadata HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n${body}`,
    `POST /card-metadata HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 9999\r\n\r\n${body}`,
    `POST /card-metadata HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n${body}`,
    `POST /card-metadata HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 34\r\nContent-Length: 3\r\n\r\n${body}`,
    `POST /card-metadata HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n${body}\r\n0\r\n\r\n`,
    `POST /card-metadata HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 34\r\n\r\n22\r\n${body}\r\n0\r\n\r\n`,
    `GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n`,
    `GET /\u0000 HTTP/1.1\r\nHost: x\r\n\r\n`,
    `GARBAGE\r\n\r\n`,
    `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    `GET /healthz HTTP/1.1\r\nHost: x\r\n${'X-A: b\r\n'.repeat(3000)}\r\n`,
    `POST /create-payment-sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`,
    `GET /api/payments/pay_${'a'.repeat(26)} HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n`,
  ];
  let answered = 0;
  const failures: string[] = [];
  for (const lie of lies) {
    const reply = await raw(lie);
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(reply)?.[1] ?? 0);
    if (status) answered++;
    const where = `${JSON.stringify(lie.slice(0, 70))} → ${status}`;
    if (status >= 500) failures.push(`${where} ${reply.slice(0, 160)}`);
    else if (status >= 400) {
      const split = reply.indexOf('\r\n\r\n');
      const head = reply.slice(0, split);
      const type = /content-type: *([^\r\n]+)/i.exec(head)?.[1];
      const problem = errorShapeProblem(status, reply.slice(split + 4), type);
      if (problem) failures.push(`${where} not in the error shape (${problem}): ${reply.slice(split + 4, split + 200)}`);
    }
  }
  const health = await fetch(`${stack.url}/healthz`);
  assert.equal(health.status, 200);
  t.diagnostic(`${lies.length} HTTP-level lies, ${answered} answered with a status, the rest closed; server still serving`);
  const unexpected = reportGaps(t, failures);
  assert.deepEqual(unexpected, []);
});
