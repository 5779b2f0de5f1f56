import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { newRequestId } from './ids';

/**
 * Faults on demand: a rule matches requests by method and path and then misbehaves in one of the
 * ways a real upstream does (latency, hanging, 429, 5xx, broken JSON, reset connections), for a
 * number of requests or with a probability. Only the emulator has this; it never touches the
 * control API itself.
 */

export const FAULT_MODES = ['latency', 'timeout', '429', '429-no-retry-after', '500', '502', '503', 'malformed-json', 'reset'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export const faultRuleSchema = z
  .object({
    /** HTTP method; any when absent. */
    method: z.string().transform((m) => m.toUpperCase()).optional(),
    /**
     * Path to match: exact (`/payments`), a route pattern (`/payments/:id`) or a glob with `*`
     * (`/payment-sessions/*`). Any path when absent.
     */
    path: z.string().startsWith('/').optional(),
    mode: z.enum(FAULT_MODES),
    /** How many matching requests to affect; unlimited when absent. */
    count: z.number().int().min(1).optional(),
    /** Chance (0–1) that a matching request is affected; 1 when absent. */
    probability: z.number().min(0).max(1).optional(),
    /** latency mode: delay before the request is handled normally (default 1000 ms). */
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    /** 429 mode: Retry-After seconds (default 1). */
    retryAfter: z.number().int().min(0).optional(),
  })
  .strict();

export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export interface FaultRule extends z.output<typeof faultRuleSchema> {
  id: string;
  /** Requests this rule has affected so far. */
  hits: number;
}

export class FaultInjector {
  private rules: FaultRule[] = [];
  private sequence = 0;
  private readonly pending = new Set<{ timer: NodeJS.Timeout; finish: () => void }>();

  constructor(
    /** How long a `timeout` fault holds the connection before dropping it. */
    private readonly timeoutHoldMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  add(input: unknown): FaultRule {
    const parsed = faultRuleSchema.parse(input);
    const rule: FaultRule = { ...parsed, id: `fault_${++this.sequence}`, hits: 0 };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  remove(id?: string): boolean {
    const before = this.rules.length;
    this.rules = id ? this.rules.filter((rule) => rule.id !== id) : [];
    return this.rules.length !== before;
  }

  /** Ends held requests and pending delays (app close, reset), so no timer keeps the process up. */
  releaseAll(): void {
    for (const entry of this.pending) {
      clearTimeout(entry.timer);
      entry.finish();
    }
    this.pending.clear();
  }

  private take(method: string, path: string, routePattern: string | undefined): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.method && rule.method !== method) continue;
      if (rule.path && !pathMatches(rule.path, path, routePattern)) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      rule.hits++;
      if (rule.count !== undefined && rule.hits >= rule.count) this.rules = this.rules.filter((r) => r !== rule);
      return rule;
    }
    return undefined;
  }

  private wait(ms: number, onTimeout: () => void = () => undefined): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.pending.delete(entry);
          onTimeout();
          resolve();
        }, ms),
        finish: () => resolve(),
      };
      this.pending.add(entry);
    });
  }

  /** onRequest hook. */
  readonly hook = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> => {
    const path = request.url.split('?')[0] ?? request.url;
    if (path.startsWith('/_emulator')) return;
    const rule = this.take(request.method, path, request.routeOptions.url);
    if (!rule) return;
    request.log.info({ fault: rule.id, mode: rule.mode }, 'injecting fault');
    const requestId = newRequestId();
    switch (rule.mode) {
      case 'latency':
        await this.wait(rule.latencyMs ?? 1000);
        return;
      case 'timeout': {
        reply.hijack();
        const socket = request.raw.socket;
        // Hold the connection without answering, then drop it: the client's own timeout must fire.
        await this.wait(this.timeoutHoldMs, () => socket?.destroy());
        if (!reply.raw.headersSent) socket?.destroy();
        return reply;
      }
      case 'reset':
        reply.hijack();
        request.raw.socket?.destroy();
        return reply;
      case '429':
      case '429-no-retry-after':
        if (rule.mode === '429') reply.header('retry-after', String(rule.retryAfter ?? 1));
        return reply
          .code(429)
          .header('cko-request-id', requestId)
          .send({ request_id: requestId, error_type: 'too_many_requests', error_codes: ['too_many_requests'] });
      case '500':
        return reply.code(500).header('cko-request-id', requestId).send({ request_id: requestId, error_type: 'internal_server_error' });
      case '502':
      case '503':
        // Gateways answer these, not the API: an HTML page, not Checkout.com's JSON envelope.
        return reply
          .code(Number(rule.mode))
          .type('text/html; charset=utf-8')
          .send(`<html><body><h1>${rule.mode} ${rule.mode === '502' ? 'Bad Gateway' : 'Service Unavailable'}</h1></body></html>`);
      case 'malformed-json':
        return reply
          .code(request.method === 'POST' ? 201 : 200)
          .header('cko-request-id', requestId)
          .type('application/json; charset=utf-8')
          .send('{"id":"pay_');
    }
  };
}

function pathMatches(rulePath: string, path: string, routePattern: string | undefined): boolean {
  if (rulePath === path || rulePath === routePattern) return true;
  if (!rulePath.includes('*') && !rulePath.includes(':')) return false;
  const source = rulePath
    .split('/')
    .map((segment) => (segment === '*' ? '.*' : segment.startsWith(':') ? '[^/]+' : segment.replace(/[.+?^${}()|[\]\\*]/g, (c) => (c === '*' ? '[^/]*' : `\\${c}`))))
    .join('/');
  return new RegExp(`^${source}$`).test(path);
}
