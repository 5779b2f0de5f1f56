import type { FastifyReply, FastifyRequest } from 'fastify';
import { CkoError } from './errors';
import { LIFETIMES_MS } from './store';

/**
 * `Cko-Idempotency-Key` as the docs describe it: a replay answers the original status and body; a
 * concurrent duplicate gets 429; a request that failed validation (or any error) stores nothing,
 * so the same key can be retried with a corrected body.
 */

type Entry = { state: 'in_flight' } | { state: 'done'; statusCode: number; body: string; expiresAt: number };

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyScope?: string;
  }
}

export const IDEMPOTENCY_HEADER = 'cko-idempotency-key';

export class IdempotencyKeys {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number) {}

  clear(): void {
    this.entries.clear();
  }

  /**
   * preHandler: runs after authentication so keys are scoped to the caller's API key, and to
   * the path the request acts on (one payment's refund key never replays another payment's).
   */
  readonly preHandler = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (typeof key !== 'string' || key === '') return;
    const scope = [request.credential?.key ?? '', request.method, request.url.split('?')[0], key].join('\n');
    const entry = this.entries.get(scope);
    if (entry?.state === 'in_flight') {
      throw new CkoError(429, 'too_many_requests', ['duplicate_request']);
    }
    if (entry?.state === 'done' && entry.expiresAt > this.now()) {
      reply.code(entry.statusCode).header('content-type', 'application/json; charset=utf-8').send(entry.body);
      return reply;
    }
    this.entries.set(scope, { state: 'in_flight' });
    request.idempotencyScope = scope;
  };

  /** onSend: remembers successful answers only. */
  readonly onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const scope = request.idempotencyScope;
    if (!scope) return payload;
    request.idempotencyScope = undefined;
    if (reply.statusCode < 400 && typeof payload === 'string') {
      this.entries.set(scope, { state: 'done', statusCode: reply.statusCode, body: payload, expiresAt: this.now() + LIFETIMES_MS.idempotencyKey });
    } else {
      this.entries.delete(scope);
    }
    return payload;
  };

  /** onResponse/onRequestAbort: a request that never reached onSend must not block its key. */
  readonly release = async (request: FastifyRequest): Promise<void> => {
    if (request.idempotencyScope) this.entries.delete(request.idempotencyScope);
  };
}
