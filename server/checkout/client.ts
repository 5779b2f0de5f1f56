/**
 * The one client for Checkout.com (or the emulator): the official checkout-sdk-node where it
 * does the job, plain fetch where it cannot, and around every call a deadline, retries where
 * safe, a circuit breaker, metrics and one mapping of upstream failures to our errors.
 *
 * Why not the SDK for everything (checked in checkout-sdk-node 5.2.1, dist/services/http.js):
 *  - `paymentSessions.request(body)` takes no idempotency key (only `payments.request` does),
 *    so it cannot send `Cko-Idempotency-Key`; session creation uses the plain client below.
 *  - the SDK's default fetch path ignores `timeout` (no AbortSignal) and error responses
 *    keep no headers, so `Retry-After` of a 429 is lost; session creation (the call a
 *    shopper waits on) therefore uses the plain client, with its deadline, and keeps Retry-After.
 *    For the SDK calls we select its axios client, whose `timeout` is honoured. Refunds use
 *    the SDK: `payments.refund(id, body, idempotencyKey)` does send the key.
 *  - cost: under BIN-lookup load a quarter of the proxy's CPU time went to the SDK's HTTP
 *    stack (axios merging its config, follow-redirects, proxy-from-env reading the environment)
 *    per call; fetch costs about as much in web streams. The calls a shopper waits on (session
 *    creation, the BIN lookup, the payment read) therefore go through `send`: node:http(s) on
 *    one keep-alive agent, the JSON body written in one piece and read back as one string
 *    (BENCHMARKS.md "Proxy overhead", where the time goes). Hosted payments, tokens, refunds,
 *    captures and voids stay on the SDK: they are rare, and it serves them well.
 *  - AuthBuilder reads CKO_SECRET / CKO_SECRET_KEY / CKO_PUBLIC_KEY from process.env ahead of
 *    the key passed in, and decides sandbox vs live by looking for "sandbox" in a custom
 *    host; both are corrected below so the emulator URL and our validated config win.
 */
import { Checkout } from 'checkout-sdk-node';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Config } from '../config';
import { HttpError, type FieldError } from '../errors';
import { CircuitBreaker, type CircuitState } from './breaker';

export type UpstreamOp = 'payment_session' | 'hosted_payment' | 'get_payment' | 'card_metadata' | 'tokenize' | 'refund' | 'capture' | 'void';

export interface ClientOptions {
  /** Deadline of calls a shopper waits on that create something (default 10 s). */
  writeTimeoutMs?: number;
  /** Deadline of lookups (default 5 s). */
  readTimeoutMs?: number;
  /** Retries of safe calls after the first attempt (default 2). */
  retries?: number;
  retryBaseMs?: number;
  breakerThreshold?: number;
  breakerCooldownMs?: number;
  /** Retry-After we send when the upstream said 429 without one, or the SDK dropped it. */
  defaultRetryAfterSeconds?: number;
  onCall?: (op: UpstreamOp, outcome: string, seconds: number) => void;
  onCircuit?: (state: CircuitState) => void;
  /** The circuit breaker's clock (default Date.now; tests move it by hand). */
  now?: () => number;
}

/** What went wrong upstream, before it is mapped to our error shape. */
export class UpstreamFailure extends Error {
  constructor(
    readonly kind: 'timeout' | 'network' | 'http' | 'invalid_response' | 'circuit_open',
    readonly status = 0,
    readonly body: unknown = undefined,
    readonly retryAfter?: string,
  ) {
    super(`upstream ${kind}${status ? ` ${status}` : ''}`);
    this.name = 'UpstreamFailure';
  }

  get errorCodes(): string[] {
    const codes = (this.body as { error_codes?: unknown } | undefined)?.error_codes;
    return Array.isArray(codes) ? codes.filter((c): c is string => typeof c === 'string') : [];
  }

  /** Faults of the upstream itself (open the breaker), as opposed to answers about our request. */
  get isUpstreamFault(): boolean {
    return this.kind === 'timeout' || this.kind === 'network' || this.kind === 'invalid_response' || this.status === 429 || this.status >= 500;
  }
}

const SANDBOX_API = 'https://api.sandbox.checkout.com';
const LIVE_API = 'https://api.checkout.com';

const bearer = (key: string) => (/^(sk|pk)_(sbox_)?[a-z2-7]/.test(key) && !key.startsWith('Bearer ') ? `Bearer ${key}` : key);

export const sessionResponseSchema = z.looseObject({ id: z.string(), payment_session_secret: z.string(), payment_session_token: z.string() });
export const hostedResponseSchema = z.looseObject({ id: z.string(), _links: z.looseObject({ redirect: z.looseObject({ href: z.string() }) }) });
export const paymentDetailsSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  approved: z.boolean().optional(),
  reference: z.string().optional(),
  response_summary: z.string().optional(),
  response_code: z.string().optional(),
  /** The card that paid (never its number): what a presale rule is checked against. */
  source: z
    .looseObject({
      scheme: z.string().optional(),
      last4: z.string().optional(),
      bin: z.string().optional(),
      card_type: z.string().optional(),
      card_category: z.string().optional(),
      issuer: z.string().optional(),
      issuer_country: z.string().optional(),
    })
    .optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type PaymentDetails = z.infer<typeof paymentDetailsSchema>;
export const paymentListSchema = z.looseObject({ total_count: z.number().int(), data: z.array(paymentDetailsSchema) });
export const metadataSchema = z.looseObject({
  bin: z.string().optional(),
  scheme: z.string().optional(),
  card_type: z.string().optional(),
  card_category: z.string().optional(),
  issuer: z.string().optional(),
  issuer_country: z.string().optional(),
  issuer_country_name: z.string().optional(),
  product_type: z.string().optional(),
});
export type CardMetadata = z.infer<typeof metadataSchema>;
/** 202 of POST /payments/{id}/refunds: the refund's action id (its webhook carries the same one). */
export const refundResponseSchema = z.looseObject({ action_id: z.string(), reference: z.string().optional() });
export type RefundAccepted = z.infer<typeof refundResponseSchema>;
/** 202 of POST /payments/{id}/captures and /voids: the same shape (action id, reference, link). */
export const actionAcceptedSchema = refundResponseSchema;
export type ActionAccepted = z.infer<typeof actionAcceptedSchema>;
export const tokenSchema = z.looseObject({ token: z.string(), expires_on: z.string().optional(), scheme: z.string().optional(), last4: z.string().optional(), bin: z.string().optional() });

type Sdk = InstanceType<typeof Checkout>;

export class CheckoutClient {
  readonly apiUrl: string;
  readonly breaker: CircuitBreaker;
  private readonly reads: Sdk;
  private readonly writes: Sdk;
  /** Upstream connections of the plain client, kept alive between calls (closed by `close`). */
  private readonly agent: HttpAgent;
  private readonly target: { secure: boolean; hostname: string; port: string; basePath: string };
  private readonly authorization: string;
  private readonly opts: Required<Omit<ClientOptions, 'onCall' | 'onCircuit' | 'now'>> & Pick<ClientOptions, 'onCall'>;

  constructor(private readonly config: Config['checkout'], options: ClientOptions = {}) {
    if (!config.secretKey) throw new Error('CheckoutClient needs a secret key');
    this.apiUrl = (config.apiUrl ?? (config.environment === 'production' ? LIVE_API : SANDBOX_API)).replace(/\/+$/, '');
    this.opts = {
      writeTimeoutMs: options.writeTimeoutMs ?? 10_000,
      readTimeoutMs: options.readTimeoutMs ?? 5_000,
      retries: options.retries ?? 2,
      retryBaseMs: options.retryBaseMs ?? 150,
      breakerThreshold: options.breakerThreshold ?? 5,
      breakerCooldownMs: options.breakerCooldownMs ?? 10_000,
      defaultRetryAfterSeconds: options.defaultRetryAfterSeconds ?? 5,
      onCall: options.onCall,
    };
    this.breaker = new CircuitBreaker(this.opts.breakerThreshold, this.opts.breakerCooldownMs, options.now ?? Date.now, options.onCircuit);
    this.reads = this.sdk(this.opts.readTimeoutMs);
    this.writes = this.sdk(this.opts.writeTimeoutMs);
    const url = new URL(this.apiUrl);
    const secure = url.protocol === 'https:';
    this.target = { secure, hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port, basePath: url.pathname.replace(/\/+$/, '') };
    // Node's own defaults for a keep-alive agent (its global agent's): reuse the most recently
    // freed connection, drop one idle for 5 s (or sooner when the server's Keep-Alive hint says so).
    const agentOptions = { keepAlive: true, scheduling: 'lifo' as const, timeout: 5_000 };
    this.agent = secure ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    this.authorization = bearer(config.secretKey);
  }

  /** Closes the kept-alive upstream connections (the app's onClose). */
  close(): void {
    this.agent.destroy();
  }

  private sdk(timeout: number): Sdk {
    const sk = this.config.secretKey!;
    const pk = this.config.publicKey ?? '';
    const sdk = new Checkout(sk, { host: this.apiUrl, pk, timeout, httpClient: 'axios' });
    const cfg = (sdk as unknown as { config: Record<string, unknown> }).config;
    // Our validated config wins over whatever CKO_* variables the SDK found in process.env.
    Object.assign(cfg, { sk: bearer(sk), pk: bearer(pk), host: this.apiUrl, client: undefined, secret: undefined, access: undefined });
    // A custom host without "sandbox" in it (the emulator's) makes the SDK assume live; take
    // the environment-derived settings from an SDK built for the real sandbox host instead.
    if (this.config.environment === 'sandbox' && !(cfg.environment as { isSandbox?: boolean }).isSandbox) {
      const reference = (new Checkout(sk, { host: SANDBOX_API, pk }) as unknown as { config: Record<string, unknown> }).config;
      for (const key of ['environment', 'filesUrl', 'transfersUrl', 'forwardUrl', 'balancesUrl', 'identityVerificationUrl']) cfg[key] = reference[key];
    }
    return sdk;
  }

  get environmentIsSandbox(): boolean {
    return Boolean(((this.reads as unknown as { config: { environment: { isSandbox: boolean } } }).config.environment).isSandbox);
  }

  // ── operations ──────────────────────────────────────────────────────────────

  /** POST /payment-sessions, with Cko-Idempotency-Key; never retried (see file comment). */
  async createPaymentSession(body: Record<string, unknown>, idempotencyKey?: string) {
    return this.call('payment_session', false, async () => {
      const res = await this.send('POST', '/payment-sessions', body, this.opts.writeTimeoutMs, idempotencyKey ? { 'cko-idempotency-key': idempotencyKey } : undefined);
      return parse(sessionResponseSchema, res);
    });
  }

  async createHostedPayment(body: Record<string, unknown>) {
    return this.call('hosted_payment', false, async () => parse(hostedResponseSchema, await sdkCall(() => this.writes.hostedPayments.create(body))));
  }

  async getPayment(id: string): Promise<PaymentDetails> {
    return this.call('get_payment', true, async () => parse(paymentDetailsSchema, await this.send('GET', `/payments/${encodeURIComponent(id)}`, undefined, this.opts.readTimeoutMs)));
  }

  /**
   * GET /payments?reference=… (CHECKOUT-API-FACTS-2.md §5.1): every payment made with this
   * reference (the proxy sends the order id), latest first, read 100 at a time. Reconciliation's lookup.
   */
  async paymentsByReference(reference: string): Promise<PaymentDetails[]> {
    const all: PaymentDetails[] = [];
    for (let skip = 0; ; skip += 100) {
      const page = await this.call('get_payment', true, async () =>
        parse(paymentListSchema, await this.send('GET', `/payments?reference=${encodeURIComponent(reference)}&limit=100&skip=${skip}`, undefined, this.opts.readTimeoutMs)),
      );
      all.push(...page.data);
      if (page.data.length < 100 || all.length >= page.total_count) return all;
    }
  }

  /** POST /metadata/card is a lookup with no side effect, so it is retried like a GET. */
  async cardMetadata(bin: string): Promise<CardMetadata> {
    return this.call('card_metadata', true, async () =>
      parse(metadataSchema, await this.send('POST', '/metadata/card', { source: { type: 'bin', bin }, format: 'basic' }, this.opts.readTimeoutMs)),
    );
  }

  async tokenize(card: Record<string, unknown>) {
    return this.call('tokenize', false, async () => parse(tokenSchema, await sdkCall(() => this.writes.tokens.request({ type: 'card', ...card }))));
  }

  /**
   * POST /payments/{id}/refunds with `Cko-Idempotency-Key` (a documented idempotent endpoint:
   * a repeat with the same key answers the first refund, it never refunds twice). Not retried
   * here: nobody waits on a refund, and its durable queue (server/upstream-actions/plugin.ts) retries
   * it with the same key.
   */
  async refundPayment(paymentId: string, body: { amount: number; reference?: string }, idempotencyKey: string): Promise<RefundAccepted> {
    return this.call('refund', false, async () => parse(refundResponseSchema, await sdkCall(() => this.writes.payments.refund(paymentId, body, idempotencyKey))));
  }

  /**
   * POST /payments/{id}/captures with `Cko-Idempotency-Key` (documented idempotent: a repeat
   * answers the first capture's action id). Not retried here, for the refund's reasons: the
   * upstream-action queue retries it with the same key.
   */
  async capturePayment(paymentId: string, body: { amount: number; reference?: string }, idempotencyKey: string): Promise<ActionAccepted> {
    return this.call('capture', false, async () => parse(actionAcceptedSchema, await sdkCall(() => this.writes.payments.capture(paymentId, body, idempotencyKey))));
  }

  /** POST /payments/{id}/voids with `Cko-Idempotency-Key`: releases an authorisation not captured. Queued like captures. */
  async voidPayment(paymentId: string, body: { reference?: string }, idempotencyKey: string): Promise<ActionAccepted> {
    return this.call('void', false, async () => parse(actionAcceptedSchema, await sdkCall(() => this.writes.payments.void(paymentId, body, idempotencyKey))));
  }

  /** Readiness: can we reach the upstream at all (any HTTP answer counts)? */
  async reachable(timeoutMs = 2000): Promise<boolean> {
    try {
      await fetch(this.apiUrl, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) }).then((r) => r.body?.cancel());
      return true;
    } catch {
      return false;
    }
  }

  // ── plumbing ───────────────────────────────────────────────────────────────

  private async call<T>(op: UpstreamOp, safe: boolean, attempt: () => Promise<T>): Promise<T> {
    const attempts = safe ? this.opts.retries + 1 : 1;
    let last: UpstreamFailure | undefined;
    for (let i = 0; i < attempts; i++) {
      if (!this.breaker.allow()) {
        this.opts.onCall?.(op, 'circuit_open', 0);
        throw new UpstreamFailure('circuit_open', 0, undefined, String(this.breaker.retryAfterSeconds()));
      }
      const started = process.hrtime.bigint();
      const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
      try {
        const result = await attempt();
        this.breaker.success();
        this.opts.onCall?.(op, 'ok', seconds());
        return result;
      } catch (error) {
        const failure = error instanceof UpstreamFailure ? error : new UpstreamFailure('network', 0, String((error as Error)?.message ?? error));
        this.opts.onCall?.(op, failure.kind === 'http' ? String(failure.status) : failure.kind, seconds());
        if (failure.isUpstreamFault) this.breaker.failure();
        else this.breaker.neutral();
        last = failure;
        // Retry only faults a second try can fix, and never a 429 (it asked us to back off).
        const retryable = failure.kind === 'timeout' || failure.kind === 'network' || (failure.status >= 500 && failure.status !== 501);
        if (!retryable || i === attempts - 1) break;
        await sleep(this.opts.retryBaseMs * 2 ** i + Math.floor(Math.random() * this.opts.retryBaseMs));
      }
    }
    throw last!;
  }

  /**
   * One JSON call on the kept-alive connections: the body written in one piece, the answer read
   * as one string, the whole exchange under `timeoutMs`. Failures come back as UpstreamFailure:
   * no answer in time → timeout; refused, reset or cut short → network; a 2xx that is not JSON
   * → invalid_response; any other status → http (with its JSON body and Retry-After).
   */
  private send(method: string, path: string, body: unknown, timeoutMs: number, headers?: Record<string, string>): Promise<unknown> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const outgoing: OutgoingHttpHeaders = { authorization: this.authorization, accept: 'application/json', ...headers };
    if (payload !== undefined) {
      outgoing['content-type'] = 'application/json';
      outgoing['content-length'] = Buffer.byteLength(payload);
    }
    const { secure, hostname, port, basePath } = this.target;
    return new Promise((resolve, reject) => {
      let status = 0;
      let done = false;
      const finish = (error: UpstreamFailure | undefined, value?: unknown) => {
        if (done) return;
        done = true;
        clearTimeout(deadline);
        if (error) {
          req.destroy();
          reject(error);
        } else resolve(value);
      };
      const req = (secure ? httpsRequest : httpRequest)({ agent: this.agent, hostname, port, method, path: `${basePath}${path}`, headers: outgoing }, (res: IncomingMessage) => {
        status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        let text = '';
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', () => finish(new UpstreamFailure('network', status)));
        res.on('aborted', () => finish(new UpstreamFailure('network', status)));
        res.on('end', () => {
          if (!res.complete) return finish(new UpstreamFailure('network', status));
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : {};
          } catch {
            if (status >= 200 && status < 300) return finish(new UpstreamFailure('invalid_response', status));
            json = undefined; // gateways answer 502/503 with HTML
          }
          if (status < 200 || status >= 300) {
            const retryAfter = res.headers['retry-after'];
            return finish(new UpstreamFailure('http', status, json, typeof retryAfter === 'string' ? retryAfter : undefined));
          }
          finish(undefined, json);
        });
      });
      const deadline = setTimeout(() => finish(new UpstreamFailure('timeout', status)), timeoutMs);
      req.on('error', () => finish(new UpstreamFailure('network', status)));
      req.end(payload);
    });
  }
}

/** Runs an SDK call and turns its error classes into UpstreamFailure. */
async function sdkCall(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    return await fn();
  } catch (error) {
    const e = error as { name?: string; http_code?: number; body?: unknown; message?: string };
    if (e?.name === 'ApiTimeout' || e?.http_code === 408) throw new UpstreamFailure('timeout');
    if (typeof e?.http_code === 'number' && e.http_code > 0) throw new UpstreamFailure('http', e.http_code, e.body);
    if (e?.name === 'ValueError') throw error;
    throw new UpstreamFailure('network', 0, e?.message);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UpstreamFailure('invalid_response', 200, undefined);
  return parsed.data;
}

/**
 * Checkout.com 422 codes caused by the shopper's own data (we pass those fields through
 * from their input); anything else in a 422 means our request was wrong → 502.
 */
const SHOPPER_FIELDS: Array<[RegExp, string]> = [
  [/^customer_email/, 'customer.email'],
  [/^customer_name/, 'customer.name'],
  [/^customer_phone|^phone_/, 'customer.phone'],
  [/^billing_address|^billing_/, 'billingAddress'],
  [/^shipping_address|^shipping_/, 'shippingAddress'],
  [/^card_number|^number_/, 'number'],
  [/^card_expiry|^expiry/, 'expiry'],
  [/^cvv/, 'cvv'],
  [/^bin_/, 'number'],
];

/**
 * Our answer for an upstream failure. Decisions (documented in README "Upstream errors"):
 * timeout → 504; unreachable/5xx/garbage → 502 (503 when the upstream said 503 or our
 * breaker is open); 401/403 → 502 (our credentials are wrong, nothing the shopper can do);
 * 429 → 429 keeping Retry-After; 422 → 400 when every code points at shopper data, else 502.
 */
export function toHttpError(failure: UpstreamFailure, op: UpstreamOp, defaultRetryAfter = 5): HttpError {
  const retryAfter = failure.retryAfter && /^\d+$/.test(failure.retryAfter) ? failure.retryAfter : String(defaultRetryAfter);
  switch (failure.kind) {
    case 'circuit_open':
      return new HttpError(503, 'upstream_unavailable', 'The payment provider is failing; we paused calls to it for a few seconds. Please retry shortly.', undefined, { 'retry-after': retryAfter });
    case 'timeout':
      return new HttpError(504, 'upstream_timeout', 'The payment provider did not answer in time. Please retry.');
    case 'network':
      return new HttpError(502, 'upstream_unavailable', 'The payment provider could not be reached. Please retry.');
    case 'invalid_response':
      return new HttpError(502, 'upstream_invalid_response', 'The payment provider sent an answer we could not read. Please retry.');
    case 'http':
      break;
  }
  const s = failure.status;
  if (s === 429) return new HttpError(429, 'upstream_rate_limited', 'The payment provider is busy. Please retry after a short wait.', undefined, { 'retry-after': retryAfter });
  if (s === 401 || s === 403) return new HttpError(502, 'upstream_auth_failed', 'The payment provider refused the shop’s credentials. The shop has been notified.');
  if (s === 404) {
    if (op === 'get_payment') return new HttpError(404, 'payment_not_found', 'No payment with this id.');
    if (op === 'card_metadata') return new HttpError(404, 'bin_not_found', 'No card information for this BIN.');
    return new HttpError(502, 'upstream_error', 'The payment provider could not process the request.');
  }
  if (s === 422) {
    const codes = failure.errorCodes;
    const fields: FieldError[] = [];
    for (const code of codes) {
      const match = SHOPPER_FIELDS.find(([re]) => re.test(code));
      if (match) fields.push({ path: match[1], message: code.replace(/_/g, ' ') });
    }
    if (codes.length > 0 && fields.length === codes.length) {
      return new HttpError(400, 'invalid_payment_details', 'The payment provider rejected some details. Please check them.', fields);
    }
    return new HttpError(502, 'upstream_rejected', `The payment provider rejected the shop’s request (${codes.join(', ') || 'no reason given'}). This is our fault; please try again later.`);
  }
  if (s === 503) return new HttpError(503, 'upstream_unavailable', 'The payment provider is temporarily unavailable. Please retry shortly.', undefined, { 'retry-after': retryAfter });
  return new HttpError(502, 'upstream_error', 'The payment provider failed to process the request. Please retry.');
}
