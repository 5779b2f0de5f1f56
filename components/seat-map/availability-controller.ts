/**
 * The seat map's data: loads an event's venue and seat states (with the views, on demand),
 * then follows availability live over Server-Sent Events. The browser's EventSource reconnects
 * by itself and the proxy starts every connection with a snapshot; a change that skipped a
 * version (one was missed) loads the snapshot again.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SeatAvailabilityChange } from '../../contract/api';
import { getSeats, getVenue, seatStreamUrl, type SeatAvailabilityResponse } from './seats-api';
import type { Venue } from './venue';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

/** The element: which event, and whether to follow it live. */
export interface AvailabilityElement extends ReactiveControllerHost {
  readonly eventId: string;
  readonly live: boolean;
}

/** What the controller needs from its element beyond that. */
export interface AvailabilityHost {
  /** The proxy's base URL, as the element's settings have it now. */
  endpoint(): string;
  /** A venue was loaded: make its views (from the lazily loaded module) and start afresh. */
  loaded(venue: Venue, views: typeof import('./views')): void;
  /** Seats changed state, live or in a fresh snapshot. */
  changed(): void;
}

export class AvailabilityController implements ReactiveController {
  readonly #element: AvailabilityElement;
  readonly #host: AvailabilityHost;
  #state: LoadState = 'idle';
  #error?: unknown;
  #venue?: Venue;
  #abort?: AbortController;
  #stream?: EventSource;

  constructor(element: AvailabilityElement, host: AvailabilityHost) {
    this.#element = element;
    this.#host = host;
    element.addController(this);
  }

  /** `idle` without an event, then `loading`, `ready` or `error`. */
  get state(): LoadState {
    return this.#state;
  }

  /** Why the last load failed (state `error`). */
  get error(): unknown {
    return this.#error;
  }

  /** The venue with its seats' states, once one was loaded. */
  get venue(): Venue | undefined {
    return this.#venue;
  }

  hostConnected(): void {
    // Connected again: the stream was closed, and the seats may have changed meanwhile.
    if (this.#state !== 'idle') void this.load();
  }

  hostDisconnected(): void {
    this.#abort?.abort();
    this.#close();
  }

  /** Loads the element's event (its venue, seats and the views), then follows it live. */
  async load(): Promise<void> {
    this.#abort?.abort();
    this.#close();
    const { eventId } = this.#element;
    if (!eventId) return this.#set('idle');
    const abort = new AbortController();
    this.#abort = abort;
    this.#error = undefined;
    this.#set('loading');
    try {
      const endpoint = this.#host.endpoint();
      // The venue model and views load while the layout is in flight.
      const [layout, seats, views] = await Promise.all([
        getVenue(endpoint, eventId, abort.signal),
        getSeats(endpoint, eventId, abort.signal),
        import('./views'),
      ]);
      if (abort.signal.aborted) return;
      const venue = new views.Venue(layout);
      venue.applySnapshot(seats);
      this.#venue = venue;
      this.#host.loaded(venue, views);
      this.#set('ready');
      this.#open();
    } catch (error) {
      if (abort.signal.aborted) return;
      this.#error = error;
      this.#set('error');
    }
  }

  #set(state: LoadState): void {
    this.#state = state;
    this.#element.requestUpdate();
  }

  #open(): void {
    const { eventId, live } = this.#element;
    if (!live || typeof EventSource === 'undefined') return;
    const stream = new EventSource(seatStreamUrl(this.#host.endpoint(), eventId));
    this.#stream = stream;
    stream.addEventListener('availability', (event) => {
      this.#snapshot(JSON.parse((event as MessageEvent<string>).data) as SeatAvailabilityResponse);
    });
    stream.addEventListener('change', (event) => {
      const change = JSON.parse((event as MessageEvent<string>).data) as SeatAvailabilityChange;
      const venue = this.#venue;
      if (!venue || change.eventId !== this.#element.eventId) return;
      const touched = venue.applyChange(change);
      if (touched === null) {
        void getSeats(this.#host.endpoint(), this.#element.eventId).then((s) => this.#snapshot(s), () => undefined);
        return;
      }
      if (touched.length) this.#changed();
    });
  }

  #close(): void {
    this.#stream?.close();
    this.#stream = undefined;
  }

  #snapshot(snapshot: SeatAvailabilityResponse): void {
    if (!this.#venue || snapshot.eventId !== this.#element.eventId) return;
    if (this.#venue.applySnapshot(snapshot)) this.#changed();
  }

  #changed(): void {
    this.#host.changed();
    this.#element.requestUpdate();
  }
}
