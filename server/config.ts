/**
 * The proxy's configuration, read from the environment and validated with zod at start.
 * A bad value stops the start with a message naming the variable and what is wrong.
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';

const secretKey = z
  .string()
  .regex(/^sk_[A-Za-z0-9_*#$=-]{8,}$/, 'must be a Checkout.com secret key (sk_…)');
const publicKey = z
  .string()
  .regex(/^pk_[A-Za-z0-9_*#$=-]{8,}$/, 'must be a Checkout.com public key (pk_…)');

const port = z.coerce.number().int().min(0).max(65535);

const origin = z.string().transform((value, ctx) => {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    return url.origin;
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not an http(s) origin` });
    return z.NEVER;
  }
});

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

const onOff = z.preprocess(emptyToUndefined, z.enum(['on', 'off']).optional());
const count = (max: number, fallback: number, min = 0) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).default(fallback));
const httpsUrl = (value: string | undefined) => !value || new URL(value).protocol === 'https:';

export const configSchema = z
  .object({
    CKO_SECRET_KEY: z.preprocess(emptyToUndefined, secretKey.optional()),
    CKO_PUBLIC_KEY: z.preprocess(emptyToUndefined, publicKey.optional()),
    CKO_PROCESSING_CHANNEL_ID: z.preprocess(
      emptyToUndefined,
      z.string().regex(/^pc_\w{26}$/, 'must look like pc_ followed by 26 characters').optional(),
    ),
    CKO_ENVIRONMENT: z.preprocess(emptyToUndefined, z.enum(['sandbox', 'production']).default('sandbox')),
    CKO_API_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
    CKO_WEBHOOK_SECRET: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
    HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
    PORT: z.preprocess(emptyToUndefined, port.default(4242)),
    EMULATOR_PORT: z.preprocess(emptyToUndefined, port.default(4243)),
    PUBLIC_BASE_URL: z.preprocess(emptyToUndefined, origin.optional()),
    ALLOWED_ORIGINS: z.preprocess(
      (value) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value),
      z.array(origin).optional(),
    ),
    /**
     * The embed demo: a plain merchant page on another origin (allowed) and on one more (not
     * allowed). Default: on in sandbox, off in production.
     */
    EMBED_DEMO: onOff,
    /** The demo shop's pages at `/`. Default: on in sandbox, off in production. */
    DEMO_PAGES: onOff,
    /**
     * Where Checkout.com sends the shopper back: `<url>/success.html`, `/failure.html` and
     * `/cancel.html`, pages holding `<ck-payment-result>`. Default: the demo pages' (PUBLIC_BASE_URL).
     */
    RESULT_PAGES_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
    EMBED_DEMO_PORT: z.preprocess(emptyToUndefined, port.default(4244)),
    EMBED_DEMO_BLOCKED_PORT: z.preprocess(emptyToUndefined, port.default(4245)),
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
    ),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('.data')),
    REDIS_URL: z.preprocess(emptyToUndefined, z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional()),
    FX_RATES_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
    CATALOG_FILE: z.preprocess(emptyToUndefined, z.string().optional()),
    /** HMAC key of the session cookie; a random one per start when unset (dev: sessions end on restart). */
    SESSION_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
    /**
     * Key material of gift-card codes: their lookup hash (HMAC) and the sealed copy the mail
     * worker sends (AES-GCM). Every proxy must share it; changing it makes issued codes unusable.
     * Required in production; sandbox uses a fixed development key.
     */
    GIFT_CARD_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
    /** Wrong gift-card codes one client address may try per 15 minutes, and all addresses together (balance checks and checkouts). */
    GIFT_CARD_GUESSES_PER_IP: count(10_000, 10, 1),
    GIFT_CARD_GUESSES_TOTAL: count(1_000_000, 500, 1),
    /** Users who may log in (username, scrypt hash); the demo user ships in server/demo-users.json; "none": no logins. */
    USERS_FILE: z.preprocess(emptyToUndefined, z.string().optional()),
    /** Failed logins from one client address (15 minutes) before it must wait; per account it is 5. */
    LOGIN_MAX_FAILURES_PER_IP: count(10_000, 50),
    /**
     * Payment velocity (server/risk/velocity.ts): weighted payment attempts in a sliding window per
     * customer email, client address and card (a decline counts double). Past VELOCITY_CHALLENGE_AT
     * (email or card) the bank is asked for a 3DS challenge; past a limit the shopper waits. 0: off.
     */
    VELOCITY_WINDOW_MIN: count(1440, 60),
    VELOCITY_MAX_PER_EMAIL: count(100_000, 10),
    VELOCITY_MAX_PER_IP: count(100_000, 30),
    VELOCITY_MAX_PER_CARD: count(100_000, 10),
    VELOCITY_CHALLENGE_AT: count(100_000, 5),
    /** Shopper-account sign-ups from one client address per hour (server/accounts/signup-limiter.ts). */
    SIGNUP_MAX_PER_IP: count(10_000, 5),
    /** Live seat-map streams (SSE) this proxy keeps open for one client address, and in total. */
    SEAT_STREAM_MAX_PER_IP: count(10_000, 20),
    SEAT_STREAM_MAX_TOTAL: count(1_000_000, 5_000),
    /** A request (headers and body) must arrive whole within this many ms, or it is answered 408 and its connection closed (slow clients). */
    REQUEST_TIMEOUT_MS: count(600_000, 30_000, 100),
    /** An answer whose client reads nothing of it for this many ms is dropped with its connection (slow readers; seat streams are not timed). */
    SEND_TIMEOUT_MS: count(600_000, 60_000, 100),
    /** Retention (server/ops/retention.ts): how long finished records are kept before the purge sweep deletes them. */
    // At least an hour: a replay of a payment request must still find its key (Checkout.com keeps them 24 h).
    IDEMPOTENCY_RETENTION_HOURS: count(24 * 365, 24, 1),
    INSURANCE_QUOTE_RETENTION_DAYS: count(3650, 30),
    SEAT_HOLD_RETENTION_DAYS: count(3650, 7),
    AUTH_SESSION_RETENTION_DAYS: count(3650, 7),
    /** Days the security and staff audit log (server/admin/audit.ts) keeps an entry. */
    AUDIT_RETENTION_DAYS: count(3650, 365),
    /** Days a finished reconciliation report (and its items) is kept. */
    RECONCILIATION_RETENTION_DAYS: count(3650, 730),
    /** Days the analytics day counters (quotes priced) are kept. */
    ANALYTICS_RETENTION_DAYS: count(3650, 1095),
    /** Minutes an order may stay pending (session failed, shopper gone) before the sweep expires it; 0: never. */
    /** The UTC hour (0–23) after which yesterday's orders are reconciled with Checkout.com (server/admin/reconciliation.ts); "off": never on a schedule. */
    RECONCILIATION_HOUR: z.preprocess(
      emptyToUndefined,
      z.union([z.literal('off'), z.coerce.number().int('must be a whole hour').min(0).max(23, 'must be 0–23 (UTC) or "off"')]).default(3),
    ),
    PENDING_ORDER_TTL_MIN: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int('must be a whole number of minutes').min(0).max(43_200, 'must be at most 43200 (30 days)').default(60),
    ),
    /**
     * The most seats one client address may hold at once for one event, across all the holder
     * identities it has (cookies are free to mint; addresses are not). Default 24: four orders of
     * the demo hall's six seats, so a family or an office behind one NAT still buys. An event
     * whose maxSeatsPerOrder is higher gets that many: one full order can always be held.
     */
    SEAT_HOLDS_PER_IP: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int('must be a whole number of seats').min(1).max(100_000).default(24),
    ),
    /**
     * Behind a load balancer: which proxies' X-Forwarded-For to believe, so rate limits and logs
     * see the shopper's address. A hop count ("1") or addresses/CIDRs ("10.0.0.0/8,127.0.0.1").
     * Unset: none (a shopper could otherwise spoof their address past the rate limits).
     */
    TRUST_PROXY: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .transform((value, ctx): number | string[] | undefined => {
          const v = value.trim();
          if (v === 'false' || v === '0') return undefined;
          if (/^\d+$/.test(v)) return Number(v);
          const list = v.split(',').map((s) => s.trim()).filter(Boolean);
          const bad = list.filter((entry) => {
            const [address, bits, ...rest] = entry.split('/');
            const family = isIP(address ?? '');
            const maxBits = family === 6 ? 128 : 32;
            return !family || rest.length > 0 || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= maxBits));
          });
          if (!list.length || bad.length) {
            ctx.addIssue({ code: 'custom', message: `must be a hop count or a comma list of IP addresses/CIDRs${bad.length ? ` (not: ${bad.join(', ')})` : ''}` });
            return z.NEVER;
          }
          return list;
        })
        .optional(),
    ),
    /** Mail (server/mail/): the SMTP server that sends (smtp:// or smtps://, credentials in the URL); unset: the dev mailbox outside production. */
    SMTP_URL: z.preprocess(emptyToUndefined, z.string().regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL').optional()),
    /** The From of every message ("Shop name <orders@shop.example>" or an address). */
    MAIL_FROM: z.preprocess(emptyToUndefined, z.string().max(200).regex(/^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, 'must be an email address or "Name <address>"').optional()),
    /** The shop's name and colour in messages (default: the catalog's merchant name, a dark blue). */
    MERCHANT_NAME: z.preprocess(emptyToUndefined, z.string().max(100).optional()),
    MERCHANT_COLOR: z.preprocess(emptyToUndefined, z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1a4fd6').optional()),
    /** Where a payment-failed message sends the shopper back to their saved cart (default: the demo shop's cart, else the failure page). */
    CART_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
    NODE_ENV: z.preprocess(emptyToUndefined, z.string().optional()),
    /** OpenTelemetry: traces are exported over OTLP/HTTP when set (e.g. http://collector:4318); unset: off. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
    OTEL_SERVICE_NAME: z.preprocess(emptyToUndefined, z.string().max(100).optional()),
    /** SIGTERM/SIGINT: how long /readyz answers 503 while requests are still served (load balancers stop sending), then the close. */
    SHUTDOWN_DRAIN_MS: z.preprocess(emptyToUndefined, z.coerce.number().int('must be a whole number of milliseconds').min(0).max(600_000).default(0)),
    /** The whole shutdown's deadline: past it the process exits with status 1, whatever is still running. */
    SHUTDOWN_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int('must be a whole number of milliseconds').min(100).max(3_600_000).default(10_000)),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.CKO_SECRET_KEY && !env.CKO_PUBLIC_KEY) {
      ctx.addIssue({ code: 'custom', path: ['CKO_PUBLIC_KEY'], message: 'is required when CKO_SECRET_KEY is set' });
    }
    if (env.CKO_ENVIRONMENT === 'production' && !env.CKO_SECRET_KEY) {
      ctx.addIssue({ code: 'custom', path: ['CKO_SECRET_KEY'], message: 'is required in production' });
    }
    if (env.CKO_ENVIRONMENT === 'production' && !env.SESSION_SECRET) {
      // Every proxy behind the load balancer must sign cookies with the same key.
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production' });
    }
    if (env.CKO_ENVIRONMENT === 'production' && !env.GIFT_CARD_SECRET) {
      // Gift-card codes are hashed and sealed with it: a development key would let anyone with the source forge lookups.
      ctx.addIssue({ code: 'custom', path: ['GIFT_CARD_SECRET'], message: 'is required in production' });
    }
    if (env.CKO_ENVIRONMENT === 'production') {
      // Without these a live proxy would sell the demo catalog, accept the README's demo login
      // and trust the demo's origins: the start stops instead, naming each one missing.
      const required: Array<[keyof typeof env, boolean, string]> = [
        ['CATALOG_FILE', !env.CATALOG_FILE, 'is required in production: the shop\'s own catalog (the demo catalog is never sold live)'],
        ['USERS_FILE', !env.USERS_FILE, 'is required in production: the shop\'s users file, or "none" for no logins (the demo login is never live)'],
        ['ALLOWED_ORIGINS', !env.ALLOWED_ORIGINS?.length, 'is required in production: the shop origins that may call this API'],
        ['PUBLIC_BASE_URL', !env.PUBLIC_BASE_URL, 'is required in production: the proxy\'s public origin'],
        [
          'RESULT_PAGES_URL',
          !env.RESULT_PAGES_URL && env.DEMO_PAGES !== 'on',
          'is required in production unless DEMO_PAGES=on: where the shop\'s success.html, failure.html and cancel.html live',
        ],
      ];
      for (const [name, missing, message] of required) if (missing) ctx.addIssue({ code: 'custom', path: [name], message });
      if (!httpsUrl(env.FX_RATES_URL)) {
        ctx.addIssue({ code: 'custom', path: ['FX_RATES_URL'], message: 'must be an https URL in production (rates over plain http can be altered on the way)' });
      }
    }
  });

export type Env = z.output<typeof configSchema>;

export interface Config {
  host: string;
  port: number;
  emulatorPort: number;
  /** The proxy's own public origin (always allowed to call the API). */
  publicBaseUrl: string;
  allowedOrigins: string[];
  checkout: {
    /** 'emulator' when no secret key is configured: the embedded sandbox emulator is used. */
    mode: 'emulator' | 'checkout';
    environment: 'sandbox' | 'production';
    secretKey?: string;
    publicKey?: string;
    processingChannelId?: string;
    apiUrl?: string;
    webhookSecret?: string;
  };
  /** The embed demo's two static "merchant sites" (started by main.ts with the demo). */
  embedDemo?: { allowedPort: number; blockedPort: number };
  /** Whether the demo shop's pages are served at `/` (DEMO_PAGES). */
  demoPages: boolean;
  /** Base URL of the success/failure/cancel pages Checkout.com returns shoppers to (no trailing slash). */
  resultPagesUrl: string;
  databaseUrl?: string;
  dataDir: string;
  redisUrl?: string;
  /** Fastify's trustProxy: hops or addresses whose X-Forwarded-For is believed (undefined: none). */
  trustProxy?: number | string[];
  fxRatesUrl?: string;
  catalogFile?: string;
  session: {
    secret: string;
    /** True when no SESSION_SECRET was set and a random one was made for this start. */
    generated: boolean;
  };
  /** Gift-card codes: the key material of their hash and seal, and the wrong-code budgets (per 15 minutes). */
  giftCards: { secret: string; guessesPerIp: number; guessesTotal: number };
  /** USERS_FILE: a users file; `false` for no logins ("none"); undefined for the demo users (sandbox only). */
  usersFile?: string | false;
  /** Failed logins per client address before it is throttled (per account it is LOGIN_MAX_FAILURES). */
  loginMaxFailuresPerIp: number;
  /** Payment velocity limits (server/risk/velocity.ts); undefined: off (VELOCITY_WINDOW_MIN=0). */
  velocity?: { windowMs: number; perEmail: number; perIp: number; perCard: number; challengeAt: number };
  /** Shopper-account sign-ups per client address per hour. */
  signupMaxPerIp: number;
  /** Caps on live seat-map streams of this proxy (0: no cap). */
  seatStreams: { perIp: number; total: number };
  /** How long a request may take to arrive, headers and body (ms): a slow or stalled client is cut then (408). */
  requestTimeoutMs: number;
  /** How long an answer may wait on a client that reads none of it (ms): then the connection is closed. */
  sendTimeoutMs: number;
  /** How long finished records are kept (ms), then purged (server/ops/retention.ts). */
  retention: { idempotencyMs: number; insuranceQuoteMs: number; seatHoldMs: number; authSessionMs: number; auditMs: number; reconciliationMs: number; analyticsMs: number };
  /** Seats one client address may hold at once per event (raised to the event's maxSeatsPerOrder). */
  seatHoldsPerIp: number;
  /** Orders still pending this many minutes after creation are expired by a periodic sweep (0: never). */
  pendingOrderTtlMinutes: number;
  /** Mail (server/mail/): how messages about orders are sent and what they look like. */
  mail: {
    smtpUrl?: string;
    from: string;
    /** Overrides the catalog's merchant name. */
    merchantName?: string;
    merchantColor: string;
    /** The saved cart (a payment-failed message links to it); undefined: the order's failure page. */
    cartUrl?: string;
    /**
     * No SMTP_URL outside production: `npm start` runs an embedded SMTP server whose mailbox is
     * read on the emulator's origin (/mailbox). Never in production (CKO_ENVIRONMENT or NODE_ENV).
     */
    devMailbox: boolean;
  };
  /** OpenTelemetry traces (server/tracing.ts), on when an OTLP endpoint is set. */
  tracing?: { serviceName: string };
  /** SIGTERM/SIGINT (server/shutdown.ts): not-ready drain, then the close, within the deadline (ms). */
  shutdown: { drainMs: number; timeoutMs: number };
  /** UTC hour after which the daily reconciliation of yesterday runs (undefined: off). */
  reconciliationHour?: number;
  logLevel: Env['LOG_LEVEL'];
}

/** Sandbox only (production requires GIFT_CARD_SECRET): stable, so codes survive a restart of the demo. */
const DEV_GIFT_CARD_SECRET = 'checkout-kit development gift-card key: never used in production';

/** Aliases kept from the seed demo's environment names. */
const ALIASES: Record<string, string> = {
  CK_SECRET: 'CKO_SECRET_KEY',
  CK_PUBLIC: 'CKO_PUBLIC_KEY',
  PROCESSING_CHANNEL_ID: 'CKO_PROCESSING_CHANNEL_ID',
};

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const env: Record<string, string | undefined> = { ...source };
  for (const [alias, name] of Object.entries(ALIASES)) {
    if (env[name] === undefined && env[alias] !== undefined) env[name] = env[alias];
  }
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    // Never echo the offending value: it may be a secret.
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`));
  }
  const e = parsed.data;
  const publicBaseUrl = e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`;
  // The demos are on out of the box in sandbox, and only when asked for in production.
  const demoDefault = e.CKO_ENVIRONMENT === 'production' ? 'off' : 'on';
  const embedDemo = (e.EMBED_DEMO ?? demoDefault) === 'on';
  const hour = 3_600_000;
  return {
    host: e.HOST,
    port: e.PORT,
    emulatorPort: e.EMULATOR_PORT,
    publicBaseUrl,
    // Unset, the allowlist holds the embed demo's allowed origin, so the demo works out of the box.
    allowedOrigins: [
      ...new Set([
        publicBaseUrl,
        ...(e.ALLOWED_ORIGINS ?? (embedDemo ? [`http://localhost:${e.EMBED_DEMO_PORT}`] : [])),
      ]),
    ],
    embedDemo: embedDemo ? { allowedPort: e.EMBED_DEMO_PORT, blockedPort: e.EMBED_DEMO_BLOCKED_PORT } : undefined,
    demoPages: (e.DEMO_PAGES ?? demoDefault) === 'on',
    resultPagesUrl: (e.RESULT_PAGES_URL ?? publicBaseUrl).replace(/\/+$/, ''),
    checkout: {
      mode: e.CKO_SECRET_KEY ? 'checkout' : 'emulator',
      environment: e.CKO_ENVIRONMENT,
      secretKey: e.CKO_SECRET_KEY,
      publicKey: e.CKO_PUBLIC_KEY,
      processingChannelId: e.CKO_PROCESSING_CHANNEL_ID,
      apiUrl: e.CKO_API_URL,
      webhookSecret: e.CKO_WEBHOOK_SECRET,
    },
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    trustProxy: e.TRUST_PROXY,
    fxRatesUrl: e.FX_RATES_URL,
    catalogFile: e.CATALOG_FILE,
    session: e.SESSION_SECRET
      ? { secret: e.SESSION_SECRET, generated: false }
      : { secret: randomBytes(32).toString('base64url'), generated: true },
    giftCards: { secret: e.GIFT_CARD_SECRET ?? DEV_GIFT_CARD_SECRET, guessesPerIp: e.GIFT_CARD_GUESSES_PER_IP, guessesTotal: e.GIFT_CARD_GUESSES_TOTAL },
    usersFile: e.USERS_FILE === 'none' ? false : e.USERS_FILE,
    loginMaxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
    signupMaxPerIp: e.SIGNUP_MAX_PER_IP,
    seatStreams: { perIp: e.SEAT_STREAM_MAX_PER_IP, total: e.SEAT_STREAM_MAX_TOTAL },
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    sendTimeoutMs: e.SEND_TIMEOUT_MS,
    ...(e.VELOCITY_WINDOW_MIN > 0
      ? {
          velocity: {
            windowMs: e.VELOCITY_WINDOW_MIN * 60_000,
            // 0 for a limit: that dimension never refuses.
            perEmail: e.VELOCITY_MAX_PER_EMAIL || Infinity,
            perIp: e.VELOCITY_MAX_PER_IP || Infinity,
            perCard: e.VELOCITY_MAX_PER_CARD || Infinity,
            challengeAt: e.VELOCITY_CHALLENGE_AT || Infinity,
          },
        }
      : {}),
    retention: {
      idempotencyMs: e.IDEMPOTENCY_RETENTION_HOURS * hour,
      insuranceQuoteMs: e.INSURANCE_QUOTE_RETENTION_DAYS * 24 * hour,
      seatHoldMs: e.SEAT_HOLD_RETENTION_DAYS * 24 * hour,
      authSessionMs: e.AUTH_SESSION_RETENTION_DAYS * 24 * hour,
      auditMs: e.AUDIT_RETENTION_DAYS * 24 * hour,
      reconciliationMs: e.RECONCILIATION_RETENTION_DAYS * 24 * hour,
      analyticsMs: e.ANALYTICS_RETENTION_DAYS * 24 * hour,
    },
    pendingOrderTtlMinutes: e.PENDING_ORDER_TTL_MIN,
    ...(e.RECONCILIATION_HOUR === 'off' ? {} : { reconciliationHour: e.RECONCILIATION_HOUR }),
    seatHoldsPerIp: e.SEAT_HOLDS_PER_IP,
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM ?? `orders@${new URL(publicBaseUrl).hostname === 'localhost' || isIP(new URL(publicBaseUrl).hostname) ? 'checkout-kit.localhost' : new URL(publicBaseUrl).hostname}`,
      merchantName: e.MERCHANT_NAME,
      merchantColor: e.MERCHANT_COLOR ?? '#1d3f8f',
      cartUrl: e.CART_URL ?? ((e.DEMO_PAGES ?? demoDefault) === 'on' ? `${publicBaseUrl}/omni-cart/cart.html` : undefined),
      devMailbox: !e.SMTP_URL && e.CKO_ENVIRONMENT !== 'production' && e.NODE_ENV !== 'production',
    },
    shutdown: { drainMs: e.SHUTDOWN_DRAIN_MS, timeoutMs: e.SHUTDOWN_TIMEOUT_MS },
    ...(e.OTEL_EXPORTER_OTLP_ENDPOINT || e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? { tracing: { serviceName: e.OTEL_SERVICE_NAME ?? 'checkout-kit-proxy' } } : {}),
    logLevel: e.LOG_LEVEL,
  };
}
