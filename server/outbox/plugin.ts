/**
 * The outbox feature (`app.outbox`): events a customer must hear about, written in the
 * transaction of the change (./store.ts), delivered after the commit by the proxy's queue worker
 * (server/plugins/queue-worker.ts, the one the upstream-action queue runs on) over the channels
 * registered for them (email: server/mail/).
 *
 *   app.outbox.enqueue(tx, { type, key, payload, orderId?, deliverAfter? })
 *   app.outbox.channels.register({ name, handles(type), active, deliver(delivery) })
 *
 * A delivery is attempted by one worker at a time, retried with exponential backoff, and dead
 * after `maxAttempts` (or at once when its channel says it can never succeed), logged as an error
 * for a person to look at. Once sent it is never sent again. Metrics: ck_outbox_deliveries_total
 * (this process's attempts by outcome) and ck_outbox_queue (queued and dead, from the database).
 */
import fp from 'fastify-plugin';
import { backoffMs, queueWorker } from '../plugins/queue-worker';
import type { Queryable } from '../storage/db';
import { OUTBOX_CHANNEL, OutboxStore, type ClaimedDelivery, type NewOutboxEvent } from './store';

declare module 'fastify' {
  interface FastifyInstance {
    outbox: OutboxService;
  }
}

export interface OutboxChannel {
  /** e.g. `email`: one delivery per event and channel. */
  name: string;
  /** Whether events of `type` go out on this channel (decided when the event is recorded). */
  handles(type: string): boolean;
  /** Whether this proxy can deliver now (e.g. mail with no SMTP configured: its deliveries wait). */
  readonly active: boolean;
  /**
   * Delivers one event; throws to fail the attempt (`OutboxRefusal` for one that can never
   * succeed). `skipped`: it was no longer worth sending when it came due (recorded, final).
   */
  deliver(delivery: ClaimedDelivery): Promise<{ messageId?: string; skipped?: boolean }>;
}

/** A delivery that can never succeed (no recipient, no template): dead at once, no retry. */
export class OutboxRefusal extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'OutboxRefusal';
  }
}

export interface OutboxOptions {
  /** How often deliveries due are (re)tried (ms, default 30 s); 0 turns the timer off (tests sweep by hand). */
  sweepEvery?: number;
  /** Delay before the retry of a failed attempt (default 1 min), doubled per attempt up to `retryMaxMs` (default 6 h). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Attempts before a delivery is dead (default 8: about four hours of retries). */
  maxAttempts?: number;
  /** How long a claimed delivery keeps other workers off it (default 5 min: well over an SMTP send's timeouts). */
  leaseMs?: number;
  /** The clock deliveries are due by (tests); default: the database's. */
  clock?: () => Date;
}

export interface OutboxService {
  readonly store: OutboxStore;
  readonly channels: { register(channel: OutboxChannel): void; readonly names: string[] };
  /** Records an event in the caller's transaction, for every channel that handles its type; undefined when its key was recorded before. */
  enqueue(tx: Queryable, event: NewOutboxEvent): Promise<string | undefined>;
  /** Attempts every delivery due now, once each, and refreshes the queue gauge. Returns how many were sent. */
  sweep(): Promise<number>;
  /** Resolves when no attempt this process started is still running. */
  idle(): Promise<void>;
}

const BATCH = 50;

export default fp<OutboxOptions>(
  async function outboxPlugin(app, opts) {
    const store = new OutboxStore(app.db, opts.clock);
    const leaseMs = opts.leaseMs ?? 300_000;
    const retryBaseMs = opts.retryBaseMs ?? 60_000;
    const retryMaxMs = opts.retryMaxMs ?? 6 * 3_600_000;
    const maxAttempts = opts.maxAttempts ?? 8;
    const channels = new Map<string, OutboxChannel>();
    const active = () => [...channels.values()].filter((c) => c.active).map((c) => c.name);

    const attempt = async (d: ClaimedDelivery): Promise<boolean> => {
      const channel = channels.get(d.channel);
      const log = { eventId: d.id, type: d.type, channel: d.channel, orderId: d.order_id ?? undefined, attempt: d.attempts };
      try {
        if (!channel) throw new OutboxRefusal('no_channel');
        const { messageId, skipped } = await channel.deliver(d);
        if (await store.sent(d, messageId, skipped ? 'skipped' : 'sent')) {
          app.metrics.outboxDeliveries.inc({ channel: d.channel, type: d.type, outcome: skipped ? 'skipped' : 'sent' });
          app.log.info({ ...log, messageId }, skipped ? 'outbox event no longer due: skipped' : 'outbox event delivered');
        } else {
          app.log.warn(log, 'outbox event delivered after its claim was taken over (its lease ran out)');
        }
        return true;
      } catch (error) {
        const refused = error instanceof OutboxRefusal;
        const final = refused || d.attempts >= maxAttempts;
        const code = refused ? error.code : errorCode(error);
        const retryInMs = backoffMs(d.attempts, retryBaseMs, retryMaxMs);
        try {
          await store.failed(d, { error: code, final, retryInMs });
        } catch (dbError) {
          // Not recorded: the lease runs out and the delivery is attempted again.
          app.log.warn({ ...log, err: dbError }, 'outbox failure could not be recorded');
        }
        app.metrics.outboxDeliveries.inc({ channel: d.channel, type: d.type, outcome: final ? 'dead' : 'failed' });
        if (final) app.log.error({ ...log, code }, 'outbox event given up: a person must look at it (outbox_deliveries.status = dead)');
        else app.log.warn({ ...log, code, retryInMs }, 'outbox delivery failed; retried later');
        return false;
      }
    };

    const refreshGauge = async () => {
      const counts = await store.counts();
      for (const name of new Set([...channels.keys(), ...counts.map((c) => c.channel)])) {
        for (const status of ['pending', 'dead'] as const) {
          const n = counts.find((c) => c.channel === name && c.status === status)?.count ?? 0;
          app.metrics.outboxQueue.set({ channel: name, status: status === 'pending' ? 'queued' : 'dead' }, n);
        }
      }
    };

    const worker = queueWorker(app, {
      name: 'outbox',
      channel: OUTBOX_CHANNEL,
      every: opts.sweepEvery ?? 30_000,
      batch: BATCH,
      claim: ({ limit, id }) => store.claim({ channels: active(), leaseMs, limit, id }),
      attempt,
      afterSweep: refreshGauge,
    });

    const service: OutboxService = {
      store,
      channels: {
        register(channel) {
          if (channels.has(channel.name)) throw new Error(`outbox channel "${channel.name}" is registered twice`);
          channels.set(channel.name, channel);
        },
        get names() {
          return [...channels.keys()];
        },
      },
      enqueue: (tx, event) => store.enqueue(tx, event, [...channels.values()].filter((c) => c.handles(event.type)).map((c) => c.name)),
      sweep: worker.sweep,
      idle: worker.idle,
    };
    app.decorate('outbox', service);
  },
  { name: 'ck-outbox', dependencies: ['ck-storage', 'ck-metrics'] },
);

/** A failure as a code: an SMTP reply code or a network error code, never the message (it may echo an address). */
function errorCode(error: unknown): string {
  const e = error as { responseCode?: number; code?: string; name?: string };
  if (typeof e?.responseCode === 'number') return `smtp_${e.responseCode}`;
  if (typeof e?.code === 'string' && /^[A-Z_]+$/.test(e.code)) return e.code.toLowerCase();
  return e?.name === 'Error' || !e?.name ? 'error' : e.name;
}
