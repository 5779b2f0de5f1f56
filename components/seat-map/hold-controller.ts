/**
 * The seat map's server-side hold: holds, extends and releases seats through the proxy, counts
 * the hold down on the server's clock, says when one minute is left, and lets the seats go
 * when the hold runs out. The proxy owns the hold; this mirrors the last answer it gave.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError } from '../core/api';
import type { CkSeatHold } from '../core/events';
import type { LocalizeController } from '../core/localize';
import type seatMapEn from './en';
import { describeApiError } from '../core/error-message';
import { extendHold, holdSeats, releaseHold, type SeatHoldResponse } from './seats-api';

const ONE_MINUTE = 60_000;
/** In `hold="auto"`, the selection is held once the shopper has paused this long. */
const AUTO_HOLD_DELAY = 250;

/** What the controller needs from its element. */
export interface HoldHost {
  /** The proxy's base URL, as the element's settings have it now. */
  endpoint(): string;
  readonly localize: LocalizeController<keyof typeof seatMapEn>;
  /** Says `text` to screen readers; `force` says it again when it was the last thing said. */
  announce(text: string, force?: boolean): void;
  /** Shows a refusal (or the expiry) in the summary, and announces it. */
  alert(text: string): void;
  /** A hold was made, extended, released or ran out: `hold.status` says which. */
  changed(hold: CkSeatHold): void;
}

/** The hold as the element's events and `seatHold` give it (without the server's clock). */
const publicHold = (hold: SeatHoldResponse): CkSeatHold => ({
  id: hold.id,
  eventId: hold.eventId,
  seats: hold.seats,
  expiresAt: hold.expiresAt,
  extended: hold.extended,
  status: hold.status,
});

export class HoldController implements ReactiveController {
  readonly #element: ReactiveControllerHost;
  readonly #host: HoldHost;
  #current?: SeatHoldResponse;
  #busy = false;
  #now = 0;
  /** The server's clock minus this device's, from the hold's last answer. */
  #skew = 0;
  #timer?: ReturnType<typeof setInterval>;
  #autoHold?: ReturnType<typeof setTimeout>;
  #minuteAnnounced = false;
  /** Seats of a hold on its way to the proxy. */
  readonly #pending = new Set<string>();

  constructor(element: ReactiveControllerHost, host: HoldHost) {
    this.#element = element;
    this.#host = host;
    element.addController(this);
  }

  hostDisconnected(): void {
    this.#stop();
    clearTimeout(this.#autoHold);
  }

  /** The active hold, as the proxy last answered it. */
  get current(): SeatHoldResponse | undefined {
    return this.#current;
  }

  /** A hold, extension or release is on its way (its buttons are disabled meanwhile). */
  get busy(): boolean {
    return this.#busy;
  }

  /** Time left on the hold as m:ss, by the server's clock. */
  get countdown(): string {
    const seconds = Math.ceil(this.#remaining() / 1000);
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  }

  /**
   * Whether this shopper holds the seat, or is about to: the live stream reporting it taken is
   * then this hold's own doing.
   */
  owns(id: string): boolean {
    return (this.#current?.seats.includes(id) ?? false) || this.#pending.has(id);
  }

  /** Runs `hold` once the shopper has stopped changing the selection for a moment (`hold="auto"`). */
  schedule(hold: () => void): void {
    clearTimeout(this.#autoHold);
    this.#autoHold = setTimeout(hold, AUTO_HOLD_DELAY);
  }

  /**
   * Holds exactly these seats (a new hold replaces this buyer's previous one). The refusals the
   * element acts on itself, seats taken (409 `seat_unavailable`) and login required (401
   * `login_required`), are thrown; any other is shown.
   */
  async hold(eventId: string, ids: string[]): Promise<void> {
    this.#setBusy(true);
    ids.forEach((id) => this.#pending.add(id));
    try {
      const hold = await holdSeats(this.#host.endpoint(), eventId, ids);
      this.#start(hold);
      this.#host.announce(this.#host.localize.term('seatsHeld', hold.seats.length, this.countdown));
      this.#host.changed(publicHold(hold));
    } catch (error) {
      if (
        error instanceof ApiError &&
        ((error.status === 409 && error.code === 'seat_unavailable') || (error.status === 401 && error.code === 'login_required'))
      ) {
        throw error;
      }
      this.#host.alert(this.#error(error));
    } finally {
      ids.forEach((id) => this.#pending.delete(id));
      this.#setBusy(false);
    }
  }

  /** Extends the hold (the proxy allows it once). */
  async extend(): Promise<void> {
    const hold = this.#current;
    if (!hold || hold.extended || this.#busy) return;
    this.#setBusy(true);
    try {
      const extended = await extendHold(this.#host.endpoint(), hold.id);
      this.#start(extended);
      this.#host.announce(this.#host.localize.term('seatHoldExtended', this.countdown));
      this.#host.changed(publicHold(extended));
    } catch (error) {
      this.#host.alert(this.#error(error));
    } finally {
      this.#setBusy(false);
    }
  }

  /** Releases the hold; false when there was none, or its payment is still open (it stays held, and the shopper is told why). */
  async release(): Promise<boolean> {
    const hold = this.#current;
    if (!hold) return false;
    this.#stop();
    this.#current = undefined;
    this.#element.requestUpdate();
    try {
      await releaseHold(this.#host.endpoint(), hold.id);
    } catch (error) {
      // A payment for these seats is still open: they stay held, and the shopper is told why.
      if (error instanceof ApiError && error.code === 'seat_hold_in_checkout') {
        this.#start(hold);
        this.#host.alert(this.#error(error));
        return false;
      }
      // Otherwise the hold expires by itself; nothing the shopper needs to act on.
    }
    this.#host.changed({ ...hold, status: 'released' });
    return true;
  }

  /** The shopper's "Change seats": releases the hold and says so. */
  async releaseByShopper(): Promise<void> {
    this.#setBusy(true);
    try {
      if (await this.release()) this.#host.announce(this.#host.localize.term('seatHoldReleased'));
    } finally {
      this.#setBusy(false);
    }
  }

  #setBusy(busy: boolean): void {
    this.#busy = busy;
    this.#element.requestUpdate();
  }

  /** A refused hold, extension or release, in the shopper's language (the proxy's codes they can act on). */
  #error(error: unknown): string {
    const t = this.#host.localize;
    if (!(error instanceof ApiError)) return t.term('seatHoldFailed');
    if (error.code === 'seat_hold_limit') return t.term('seatHoldLimit');
    if (error.code === 'seat_hold_in_checkout') return t.term('seatHoldInCheckout');
    return describeApiError(t, error);
  }

  #start(hold: SeatHoldResponse): void {
    const received = Date.now();
    this.#skew = hold.serverTime ? Date.parse(hold.serverTime) - received : 0;
    const wasExtended = this.#current?.id === hold.id && hold.extended && !this.#current.extended;
    if (!this.#current || this.#current.id !== hold.id || wasExtended) this.#minuteAnnounced = false;
    this.#current = hold;
    this.#now = received;
    this.#timer ??= setInterval(() => this.#tick(), 1000);
    this.#element.requestUpdate();
  }

  #stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #remaining(): number {
    if (!this.#current) return 0;
    return Math.max(0, Date.parse(this.#current.expiresAt) - (this.#now + this.#skew));
  }

  #tick(): void {
    this.#now = Date.now();
    this.#element.requestUpdate();
    const hold = this.#current;
    if (!hold) return this.#stop();
    const left = this.#remaining();
    if (left <= 0) {
      this.#stop();
      this.#current = undefined;
      this.#host.alert(this.#host.localize.term('seatHoldExpired'));
      this.#host.changed({ ...publicHold(hold), status: 'expired' });
    } else if (left <= ONE_MINUTE && !this.#minuteAnnounced) {
      this.#minuteAnnounced = true;
      this.#host.announce(this.#host.localize.term('seatHoldOneMinute'), true);
    }
  }
}
