/**
 * Server-side seat holds: hold (atomic, one active hold per buyer and event, a cap on the seats
 * one client address holds at once), extend once, release, expire (lazily on every write and by
 * a periodic sweep), and sell when the order is paid. Every availability change bumps the
 * event's version and NOTIFYs `ck_seats` in the same transaction, so every proxy process
 * sharing the database hears it after the commit.
 *
 * A hold with a live order (pending, its payment session created or being created) is in
 * checkout: its seats cannot change and it cannot be released, and no second order is taken
 * for it. A paid order sells the seats it priced (order_seats), never what its hold holds later.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Catalog } from '../catalog';
import { findSeat } from '../catalog/venues';
import { notOnSale, salePhase } from '../cards/eligibility';
import { HttpError, type FieldError } from '../errors';
import type { SeatHoldRecord } from '../orders/pricing';
import type { SeatAvailabilityChange, SeatAvailabilityResponse, SeatHoldResponse } from '../../contract/api';
import type { Database, Queryable } from '../storage/db';
import { clientNetwork } from '../privacy';

export const SEAT_CHANNEL = 'ck_seats';
export const HOLD_MS = 5 * 60_000;
/** NOTIFY payloads are limited to 8000 bytes; bigger changes tell listeners to reload instead. */
const MAX_PAYLOAD = 7000;

/** What travels on the channel: a change, or "reload the snapshot" when it was too big. */
export type SeatNotification = SeatAvailabilityChange | { eventId: string; version: number; reload: true };

interface HoldRow {
  id: string;
  event_id: string;
  holder: string;
  client: string | null;
  status: SeatHoldResponse['status'];
  seats: Array<{ seatId: string; categoryId: string }>;
  expires_at: Date | string;
  extended: boolean;
}

export interface SeatHoldServiceOptions {
  db: Database;
  catalog: Catalog;
  now?: () => number;
  holdMs?: number;
  /** Seats one client address may hold at once per event (SEAT_HOLDS_PER_IP), never below the event's maxSeatsPerOrder. */
  perClient?: number;
}

export const DEFAULT_SEATS_PER_CLIENT = 24;

/** The holder token from the signed `ck_holder` cookie is hashed before it is stored or compared. */
export function holderHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The client address a hold counts against (SEAT_HOLDS_PER_IP; an IPv6 address counts as its /64), keyed with the proxy's secret:
 * a plain hash of an IPv4 address is reversed by trying all 2³² of them.
 */
export function clientHash(secret: string, ip: string): string {
  return createHmac('sha256', secret).update(`seat-client\n${clientNetwork(ip)}`).digest('base64url');
}

/** The holder of an event that requires login: the user, whichever browser or tab they use. */
export function userHolder(username: string): string {
  // `user:` cannot be a holder token (those are URL-safe characters only), so the two never collide.
  return holderHash(`user:${username}`);
}

const iso = (value: Date | string) => new Date(value).toISOString();

const sameSeats = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * The hold's live order: pending, with its payment session created or still being created. An
 * order whose session creation failed (audited `session_failed`/`hosted_payment_failed`) cannot
 * be paid by the shopper and does not keep the hold in checkout; a declined, expired or
 * canceled one does not either, so the shopper can try again.
 */
async function liveOrderOf(q: Queryable, holdId: string): Promise<string | undefined> {
  return (await q.query<{ id: string }>(
    `SELECT o.id FROM orders o WHERE o.seat_hold_id = $1 AND o.status = 'pending'
     AND NOT EXISTS (SELECT 1 FROM payment_events e WHERE e.order_id = o.id AND e.type IN ('session_failed', 'hosted_payment_failed'))
     ORDER BY o.created_at LIMIT 1`,
    [holdId],
  )).rows[0]?.id;
}

const inCheckout = () =>
  new HttpError(409, 'seat_hold_in_checkout', 'These seats are in a payment that is still open: complete or cancel it first, or wait for the hold to end and choose again.');

export class SeatHoldService {
  readonly #db: Database;
  readonly #catalog: Catalog;
  /** The clock holds expire by (tests move it by hand). */
  now: () => number;
  readonly holdMs: number;
  readonly perClient: number;

  constructor(options: SeatHoldServiceOptions) {
    this.#db = options.db;
    this.#catalog = options.catalog;
    this.now = options.now ?? Date.now;
    this.holdMs = options.holdMs ?? HOLD_MS;
    this.perClient = options.perClient ?? DEFAULT_SEATS_PER_CLIENT;
  }

  #event(eventId: string) {
    const event = this.#catalog.events.get(eventId);
    if (!event) throw new HttpError(404, 'not_found', `No event ${eventId}.`);
    return event;
  }

  #response(row: HoldRow): SeatHoldResponse {
    return {
      id: row.id,
      eventId: row.event_id,
      seats: row.seats.map((s) => s.seatId),
      expiresAt: iso(row.expires_at),
      extended: row.extended,
      status: row.status,
      serverTime: new Date(this.now()).toISOString(),
    };
  }

  /** Locks the event's version row (serialising its seat changes) and returns the version. */
  async #lock(tx: Queryable, eventId: string): Promise<number> {
    await tx.query('INSERT INTO seat_versions (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING', [eventId]);
    const row = (await tx.query<{ version: number }>('SELECT version::int AS version FROM seat_versions WHERE event_id = $1 FOR UPDATE', [eventId])).rows[0];
    return row?.version ?? 0;
  }

  /** Bumps the version and NOTIFYs the change (both take effect at commit). */
  async #publish(tx: Queryable, eventId: string, change: { free: string[]; held: string[]; sold: string[] }): Promise<number | undefined> {
    if (!change.free.length && !change.held.length && !change.sold.length) return undefined;
    const version = (await tx.query<{ version: number }>('UPDATE seat_versions SET version = version + 1 WHERE event_id = $1 RETURNING version::int AS version', [eventId])).rows[0]!.version;
    let payload = JSON.stringify({ eventId, version, ...change } satisfies SeatAvailabilityChange);
    if (payload.length > MAX_PAYLOAD) payload = JSON.stringify({ eventId, version, reload: true });
    await tx.query('SELECT pg_notify($1, $2)', [SEAT_CHANNEL, payload]);
    return version;
  }

  /** Expires the event's holds whose time is up; returns the seats it freed. Call inside the event lock. */
  async #expire(tx: Queryable, eventId: string): Promise<string[]> {
    const expired = (await tx.query<{ id: string }>(
      `UPDATE seat_holds SET status = 'expired', updated_at = now() WHERE event_id = $1 AND status = 'held' AND expires_at <= $2 RETURNING id`,
      [eventId, new Date(this.now())],
    )).rows.map((r) => r.id);
    if (!expired.length) return [];
    return (await tx.query<{ seat_id: string }>(`DELETE FROM seat_claims WHERE hold_id = ANY($1::text[]) AND state = 'held' RETURNING seat_id`, [expired])).rows.map((r) => r.seat_id);
  }

  /**
   * Holds `seats` for the buyer: all of them or none. A buyer's new hold for an event
   * replaces their previous one (same id, same expiry: re-holding never buys more time),
   * unless it is in checkout (409 `seat_hold_in_checkout`). `client` (the keyed hash of the
   * request's address) may hold at most `perClient` seats of the event at once, over every
   * holder identity it uses (409 `seat_hold_limit`). Both are checked under the event's lock,
   * so concurrent requests cannot pass them together.
   */
  async hold(eventId: string, requested: string[], holder: string, client: string): Promise<{ hold: SeatHoldResponse; created: boolean }> {
    const event = this.#event(eventId);
    const now = this.now();
    if (salePhase(event, now) === 'not_on_sale') throw notOnSale(event, now);
    const layout = this.#catalog.venue(event.venueId);
    if (!layout) throw new HttpError(404, 'not_found', `No venue for ${eventId}.`);
    const errors: FieldError[] = [];
    const seats: Array<{ seatId: string; categoryId: string }> = [];
    const seen = new Set<string>();
    requested.forEach((id, i) => {
      const seat = findSeat(layout, id);
      if (!seat) errors.push({ path: `seats.${i}`, message: `"${id}" is not a seat of ${layout.name}` });
      else if (seen.has(id)) errors.push({ path: `seats.${i}`, message: 'is listed twice' });
      else {
        seen.add(id);
        seats.push({ seatId: id, categoryId: seat.category });
      }
    });
    if (seats.length > event.maxSeatsPerOrder) errors.push({ path: 'seats', message: `at most ${event.maxSeatsPerOrder} seats per order` });
    if (errors.length) throw new HttpError(400, 'invalid_request', 'Some seats cannot be held.', errors);

    return this.#db.transaction(async (tx) => {
      await this.#lock(tx, eventId);
      const freed = await this.#expire(tx, eventId);
      const existing = (await tx.query<HoldRow>(`SELECT * FROM seat_holds WHERE event_id = $1 AND holder = $2 AND status = 'held' FOR UPDATE`, [eventId, holder])).rows[0];
      if (existing && (await liveOrderOf(tx, existing.id))) {
        // Asking again for exactly the seats in checkout changes nothing: answer with the hold.
        if (sameSeats(existing.seats.map((x) => x.seatId), seats.map((x) => x.seatId))) return { hold: this.#response(existing), created: false };
        throw inCheckout();
      }
      const cap = Math.max(this.perClient, event.maxSeatsPerOrder);
      const others = (await tx.query<{ n: number }>(
        `SELECT coalesce(sum(jsonb_array_length(seats)), 0)::int AS n FROM seat_holds WHERE event_id = $1 AND client = $2 AND status = 'held' AND id <> $3`,
        [eventId, client, existing?.id ?? ''],
      )).rows[0]!.n;
      if (others + seats.length > cap) {
        const left = Math.max(0, cap - others);
        throw new HttpError(409, 'seat_hold_limit', `At most ${cap} seats of ${event.name} can be held at once from one network. Complete or release a hold first.`, [
          { path: 'seats', message: `at most ${left} more ${left === 1 ? 'seat' : 'seats'} can be held from this network` },
        ]);
      }
      const mine = new Set(existing?.seats.map((s) => s.seatId));
      const wanted = new Set(seats.map((s) => s.seatId));
      const drop = [...mine].filter((id) => !wanted.has(id));
      const claim = seats.map((s) => s.seatId).filter((id) => !mine.has(id)).sort();
      const id = existing?.id ?? `sh_${randomBytes(16).toString('base64url')}`;
      const expiresAt = existing ? new Date(existing.expires_at) : new Date(now + this.holdMs);

      let row: HoldRow;
      if (existing) {
        row = (await tx.query<HoldRow>('UPDATE seat_holds SET seats = $2, client = $3, updated_at = now() WHERE id = $1 RETURNING *', [id, JSON.stringify(seats), client])).rows[0]!;
      } else {
        row = (await tx.query<HoldRow>(
          'INSERT INTO seat_holds (id, event_id, holder, seats, expires_at, client) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
          [id, eventId, holder, JSON.stringify(seats), expiresAt, client],
        )).rows[0]!;
      }
      if (drop.length) await tx.query('DELETE FROM seat_claims WHERE event_id = $1 AND hold_id = $2 AND seat_id = ANY($3::text[])', [eventId, id, drop]);
      const won = new Set(
        (await tx.query<{ seat_id: string }>(
          `INSERT INTO seat_claims (event_id, seat_id, hold_id, state, expires_at)
           SELECT $1, seat, $2, 'held', $3 FROM unnest($4::text[]) AS seat
           ON CONFLICT (event_id, seat_id) DO NOTHING RETURNING seat_id`,
          [eventId, id, expiresAt, claim],
        )).rows.map((r) => r.seat_id),
      );
      if (won.size < claim.length) {
        // Throwing rolls the whole transaction back: the buyer keeps exactly what they had.
        throw new HttpError(
          409,
          'seat_unavailable',
          'Some of these seats were just taken by someone else.',
          requested.flatMap((seatId, i) => (claim.includes(seatId) && !won.has(seatId) ? [{ path: `seats.${i}`, message: `${seatId} is no longer available` }] : [])),
        );
      }
      const freedNow = [...freed, ...drop].filter((s) => !won.has(s));
      await this.#publish(tx, eventId, { free: freedNow, held: [...won], sold: [] });
      return { hold: this.#response(row), created: !existing };
    });
  }

  async #owned(tx: Queryable, id: string, holder: string): Promise<HoldRow> {
    const row = (await tx.query<HoldRow>('SELECT * FROM seat_holds WHERE id = $1 FOR UPDATE', [id])).rows[0];
    // Somebody else's hold answers like a missing one: ids are not for probing.
    if (!row || row.holder !== holder) throw new HttpError(404, 'not_found', 'No such seat hold.');
    return row;
  }

  /** Adds one more hold period, once. */
  async extend(id: string, holder: string): Promise<SeatHoldResponse> {
    return this.#db.transaction(async (tx) => {
      const row = await this.#owned(tx, id, holder);
      if (row.status === 'held' && new Date(row.expires_at).getTime() <= this.now()) {
        throw new HttpError(409, 'seat_hold_expired', 'The seat hold has expired; choose your seats again.');
      }
      if (row.status !== 'held') throw new HttpError(409, `seat_hold_${row.status}`, `The seat hold is ${row.status}.`);
      if (row.extended) throw new HttpError(409, 'seat_hold_already_extended', 'A seat hold can be extended once.');
      const expiresAt = new Date(new Date(row.expires_at).getTime() + this.holdMs);
      const updated = (await tx.query<HoldRow>('UPDATE seat_holds SET expires_at = $2, extended = true, updated_at = now() WHERE id = $1 RETURNING *', [id, expiresAt])).rows[0]!;
      await tx.query(`UPDATE seat_claims SET expires_at = $2 WHERE hold_id = $1 AND state = 'held'`, [id, expiresAt]);
      return this.#response(updated);
    });
  }

  /** The event a hold belongs to, or undefined for no such hold. */
  async eventIdOf(id: string): Promise<string | undefined> {
    return (await this.#db.query<{ event_id: string }>('SELECT event_id FROM seat_holds WHERE id = $1', [id])).rows[0]?.event_id;
  }

  /** Releases a hold's seats now. Releasing twice, or an expired hold, is not an error. */
  async release(id: string, holder: string): Promise<void> {
    const eventId = await this.eventIdOf(id);
    if (!eventId) throw new HttpError(404, 'not_found', 'No such seat hold.');
    await this.#db.transaction(async (tx) => {
      await this.#lock(tx, eventId);
      const row = await this.#owned(tx, id, holder);
      if (row.status === 'sold') throw new HttpError(409, 'seat_hold_sold', 'These seats are paid for and cannot be released.');
      if (row.status !== 'held') return;
      // Its order would pay for seats that are free again: the payment has to end first.
      if (await liveOrderOf(tx, id)) throw inCheckout();
      await tx.query(`UPDATE seat_holds SET status = 'released', updated_at = now() WHERE id = $1`, [id]);
      const freed = (await tx.query<{ seat_id: string }>(`DELETE FROM seat_claims WHERE hold_id = $1 AND state = 'held' RETURNING seat_id`, [id])).rows.map((r) => r.seat_id);
      await this.#publish(tx, eventId, { free: freed, held: [], sold: [] });
    });
  }

  /**
   * The hold of an order that was voided goes back on sale, inside the order's status
   * transaction (`OrderStore.onVoided`): its seats are freed whether still held or sold to this
   * very order (an authorisation voided after the order was paid). A hold sold to another order
   * is left alone. Returns the seats it freed.
   */
  async releaseForOrder(tx: Queryable, holdId: string, orderId: string): Promise<string[]> {
    const eventId = (await tx.query<{ event_id: string }>('SELECT event_id FROM seat_holds WHERE id = $1', [holdId])).rows[0]?.event_id;
    if (!eventId) return [];
    // Read again under the event's lock: a sale to another order may have just committed.
    await this.#lock(tx, eventId);
    const row = (await tx.query<HoldRow & { order_id: string | null }>('SELECT * FROM seat_holds WHERE id = $1 FOR UPDATE', [holdId])).rows[0];
    if (!row || !(row.status === 'held' || (row.status === 'sold' && row.order_id === orderId))) return [];
    await tx.query(`UPDATE seat_holds SET status = 'released', updated_at = now() WHERE id = $1`, [holdId]);
    const freed = (await tx.query<{ seat_id: string }>('DELETE FROM seat_claims WHERE hold_id = $1 RETURNING seat_id', [holdId])).rows.map((r) => r.seat_id);
    await this.#publish(tx, row.event_id, { free: freed, held: [], sold: [] });
    return freed;
  }

  /** The hold for pricing (`PricingExtensions.seatHolds`): only an active one. */
  async get(id: string): Promise<SeatHoldRecord | undefined> {
    const row = (await this.#db.query<HoldRow>('SELECT * FROM seat_holds WHERE id = $1', [id])).rows[0];
    if (!row || (row.status !== 'held' && row.status !== 'expired')) return undefined;
    // Expiry is this service's clock's call: an expired hold reads as expired at the epoch, so
    // pricing (whatever its own clock) answers 409 seat_hold_expired.
    const expiresAt = new Date(row.expires_at).getTime();
    const expired = row.status === 'expired' || expiresAt <= this.now();
    // A members' presale hold belongs to the user who made it, and only they may pay for it.
    const ownedBy = this.#catalog.events.get(row.event_id)?.requiresLogin ? (username: string) => userHolder(username) === row.holder : undefined;
    return { id: row.id, eventId: row.event_id, seats: row.seats, expiresAt: expired ? 0 : expiresAt, ...(ownedBy ? { ownedBy } : {}) };
  }

  /** The seats of an event that are held or sold, with the version they are current at. */
  async availability(eventId: string): Promise<SeatAvailabilityResponse> {
    this.#event(eventId);
    // One statement: the version and the claims come from the same snapshot.
    const rows = (await this.#db.query<{ version: number | null; seat_id: string | null; state: string | null; expires_at: Date | null }>(
      `SELECT (SELECT version::int FROM seat_versions WHERE event_id = $1) AS version, c.seat_id, c.state, c.expires_at
       FROM (SELECT 1) one LEFT JOIN seat_claims c ON c.event_id = $1`,
      [eventId],
    )).rows;
    const now = this.now();
    const held: string[] = [];
    const sold: string[] = [];
    for (const r of rows) {
      if (!r.seat_id) continue;
      if (r.state === 'sold') sold.push(r.seat_id);
      else if (r.expires_at && new Date(r.expires_at).getTime() > now) held.push(r.seat_id);
    }
    return { eventId, held, sold, version: rows[0]?.version ?? 0 };
  }

  /** Expires every hold whose time is up, event by event. Returns how many seats it freed. */
  async sweep(): Promise<number> {
    const events = (await this.#db.query<{ event_id: string }>(
      `SELECT DISTINCT event_id FROM seat_holds WHERE status = 'held' AND expires_at <= $1 LIMIT 100`,
      [new Date(this.now())],
    )).rows.map((r) => r.event_id);
    let freed = 0;
    for (const eventId of events) {
      freed += await this.#db.transaction(async (tx) => {
        await this.#lock(tx, eventId);
        const seats = await this.#expire(tx, eventId);
        await this.#publish(tx, eventId, { free: seats, held: [], sold: [] });
        return seats.length;
      });
    }
    return freed;
  }

  /**
   * Inside a new order's transaction (`OrderStore.beforeCreate`), before its row is written:
   * the hold must still hold exactly the seats the order priced (409 `seat_hold_changed` when a
   * change slipped in after pricing), and have no live order already (409
   * `seat_hold_in_checkout`). The hold's row lock orders this against `hold` and `release`, and
   * against a second order for the same hold: only one of them can be first.
   */
  async checkout(tx: Queryable, holdId: string, priced: ReadonlyArray<{ seatId: string }>): Promise<void> {
    const row = (await tx.query<HoldRow>('SELECT * FROM seat_holds WHERE id = $1 FOR UPDATE', [holdId])).rows[0];
    if (!row || row.status !== 'held' || !sameSeats(row.seats.map((s) => s.seatId), priced.map((s) => s.seatId))) {
      throw new HttpError(409, 'seat_hold_changed', 'Your seats changed while the order was being priced. Check your seats and try again.', [
        { path: 'seatHoldId', message: 'no longer holds the seats that were priced' },
      ]);
    }
    if (await liveOrderOf(tx, holdId)) throw inCheckout();
  }

  /**
   * The paid order's seats become sold, inside the order's own status transaction
   * (`OrderStore.onPaid`): the seats the order priced (order_seats), whatever its hold holds by
   * now. A seat still held by the order's hold, or free, is sold to it; a seat another hold or
   * another order has by now is lost, and reported back with its price category (and the order
   * it was sold to, if any) so the caller refunds it. The hold ends with the sale: seats it held
   * beyond the order's are freed.
   */
  async sell(tx: Queryable, holdId: string, orderId: string): Promise<{ eventId?: string; sold: string[]; lost: Array<{ seatId: string; categoryId: string; soldTo?: string }> }> {
    const row = (await tx.query<HoldRow>('SELECT * FROM seat_holds WHERE id = $1', [holdId])).rows[0];
    const priced = (await tx.query<{ event_id: string; seat_id: string; category_id: string }>(
      'SELECT event_id, seat_id, category_id FROM order_seats WHERE order_id = $1 ORDER BY seat_id',
      [orderId],
    )).rows;
    const eventId = priced[0]?.event_id ?? row?.event_id;
    if (!eventId) return { sold: [], lost: [] };
    // An order written by a proxy from before order_seats (a rolling deploy) priced its hold's seats.
    const seats = priced.length ? priced.map((s) => ({ seatId: s.seat_id, categoryId: s.category_id })) : (row?.seats ?? []);
    if (!seats.length) return { sold: [], lost: [] };
    await this.#lock(tx, eventId);
    const ids = seats.map((s) => s.seatId).sort();
    await tx.query(
      `UPDATE seat_claims SET state = 'sold', expires_at = NULL, order_id = $3 WHERE event_id = $1 AND hold_id = $2 AND state = 'held' AND seat_id = ANY($4::text[])`,
      [eventId, holdId, orderId, ids],
    );
    await tx.query(
      `INSERT INTO seat_claims (event_id, seat_id, hold_id, state, order_id) SELECT $1, seat, $2, 'sold', $3 FROM unnest($4::text[]) AS seat
       ON CONFLICT (event_id, seat_id) DO NOTHING`,
      [eventId, holdId, orderId, ids],
    );
    const claims = new Map(
      (await tx.query<{ seat_id: string; state: string; order_id: string | null }>(
        'SELECT seat_id, state, order_id FROM seat_claims WHERE event_id = $1 AND seat_id = ANY($2::text[])',
        [eventId, ids],
      )).rows.map((c) => [c.seat_id, c]),
    );
    const sold = ids.filter((id) => claims.get(id)?.order_id === orderId);
    let freed: string[] = [];
    if (row && row.status !== 'sold') {
      await tx.query(`UPDATE seat_holds SET status = 'sold', order_id = $2, updated_at = now() WHERE id = $1`, [holdId, orderId]);
      freed = (await tx.query<{ seat_id: string }>(`DELETE FROM seat_claims WHERE hold_id = $1 AND state = 'held' RETURNING seat_id`, [holdId])).rows.map((r) => r.seat_id);
    }
    await this.#publish(tx, eventId, { free: freed, held: [], sold });
    const lost = seats
      .filter((s) => !sold.includes(s.seatId))
      .map((s) => {
        const claim = claims.get(s.seatId);
        return claim?.state === 'sold' && claim.order_id ? { ...s, soldTo: claim.order_id } : s;
      });
    return { eventId, sold, lost };
  }
}
