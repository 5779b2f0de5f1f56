/**
 * Fans seat-availability notifications out to this process's live streams. The source is
 * the database's `ck_seats` channel (LISTEN/NOTIFY): on PostgreSQL every proxy process hears
 * every other's changes; on PGlite the embedded database notifies in-process. Either way a
 * change is heard only after its transaction committed.
 */
import type { Database } from '../storage/db';
import { SEAT_CHANNEL, type SeatNotification } from './holds';

type Listener = (notification: SeatNotification) => void;

export class SeatFeed {
  readonly #listeners = new Map<string, Set<Listener>>();
  #unlisten?: () => Promise<void>;

  async start(db: Database): Promise<void> {
    this.#unlisten = await db.listen(
      SEAT_CHANNEL,
      (payload) => this.#dispatch(payload),
      // A lost listening connection may have missed changes: every stream reloads its snapshot.
      () => {
        for (const [eventId, listeners] of this.#listeners) for (const fn of listeners) fn({ eventId, version: 0, reload: true });
      },
    );
  }

  async stop(): Promise<void> {
    await this.#unlisten?.();
    this.#unlisten = undefined;
  }

  subscribe(eventId: string, listener: Listener): () => void {
    let set = this.#listeners.get(eventId);
    if (!set) this.#listeners.set(eventId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size) this.#listeners.delete(eventId);
    };
  }

  get subscribers(): number {
    let n = 0;
    for (const set of this.#listeners.values()) n += set.size;
    return n;
  }

  #dispatch(payload: string): void {
    let notification: SeatNotification;
    try {
      notification = JSON.parse(payload) as SeatNotification;
    } catch {
      return;
    }
    for (const fn of this.#listeners.get(notification.eventId) ?? []) fn(notification);
  }
}
