/**
 * Logger options: secrets, session secrets and PAN-like numbers never reach a log line.
 * Three layers, because each catches what the others cannot:
 *  - pino `redact` for the known header paths (cheap, exact);
 *  - a `formatters.log` walk that blanks sensitive keys at any depth and scrubs PAN-like
 *    digit runs (13–19 digits, spaces or dashes allowed between) from every string;
 *  - a `hooks.logMethod` that scrubs the message strings themselves.
 */
import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { stdSerializers } from 'pino';
import { traceIds } from './trace-context';

const PAN_LIKE = /\b\d(?:[ -]?\d){12,18}\b/g;
const SENSITIVE_KEY = /^(authorization|cookie|set-cookie|password|secret|secretkey|.*_secret|.*secret_key|payment_session_token|payment_session_secret|cvv|cko-signature|number|card_number|pan)$/i;

export function scrubPan(text: string): string {
  return text.replace(PAN_LIKE, (match) => (match.replace(/\D/g, '').length >= 13 ? '[PAN redacted]' : match));
}

export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubPan(value);
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) >= 1e12 ? scrubPan(String(value)) : value;
  if (!value || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  // Requests, replies and errors are left to the serializers below (which scrub their output):
  // walking a live request object here would strip it to `{}`.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    // A BIN lookup's `number` is 6–8 digits and useful in logs; longer values are blanked.
    if (SENSITIVE_KEY.test(key) && !(key === 'number' && typeof v === 'string' && /^\d{6,8}$/.test(v))) out[key] = '[Redacted]';
    else out[key] = scrub(v, depth + 1);
  }
  return out;
}

export function loggerOptions(level: string): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["cko-signature"]', 'req.headers["idempotency-key"]', 'res.headers["set-cookie"]'],
      censor: '[Redacted]',
    },
    serializers: {
      // Fastify's default request fields, with the URL scrubbed (a PAN in a query string).
      req: (request: FastifyRequest) =>
        typeof request?.url === 'string'
          ? { method: request.method, url: scrubPan(request.url), host: request.host, remoteAddress: request.ip }
          : (scrub({ ...request }) as Record<string, unknown>),
      err: (error: Error) => scrub({ ...stdSerializers.err(error) }) as ReturnType<typeof stdSerializers.err>,
    },
    formatters: {
      log: (object) => scrub(object) as Record<string, unknown>,
    },
    // With tracing on (server/tracing.ts), each line names the trace and span it was written in.
    mixin: () => traceIds() ?? {},
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrubPan(a) : a)) as Parameters<typeof method>);
      },
    },
  };
}

/**
 * One access line per request, written when it is answered: `request completed` with the
 * request (method, scrubbed URL, host, address), the status and the time taken — what Fastify's
 * default writes in two lines (`incoming request`, then `request completed`). Half the log
 * writes per request at the default level; every other line Fastify writes is unchanged.
 */
export class AccessLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
