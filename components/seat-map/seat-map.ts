import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { ApiError } from '../core/api';
import { CkElement } from '../core/base';
import { KitController } from '../core/context';
import type { CkSeatHold, CkSelectedSeat } from '../core/events';
import { LocalizeController } from '../core/localize';
import { formatMoney } from '../core/money';
import { describeApiError } from '../core/ui';
import type { SeatAvailabilityChange } from '../../server/schemas/api';
import { BLOCK_PITCH, drawBase, drawOverlay, type Camera, type Palette } from './renderer';
import styles from './seat-map.styles';
import {
  extendHold,
  getSeats,
  getVenue,
  holdSeats,
  releaseHold,
  seatStreamUrl,
  type SeatAvailabilityResponse,
  type SeatHoldResponse,
} from './seats-api';
import { FREE, Venue, type Direction } from './venue';

type HoldMode = 'manual' | 'auto' | 'off';
type LoadState = 'idle' | 'loading' | 'ready' | 'error';

const KEY_DIRECTIONS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
const ONE_MINUTE = 60_000;
/** Seat size (CSS px) the camera zooms to when a keyboard user starts moving seat by seat. */
const KEYBOARD_PITCH = 22;

/**
 * @summary A venue's seats with prices and live availability: pick seats on a canvas map
 * (zoom, pan, keyboard seat by seat) or in an accessible list, hold them on the server, and
 * see the hold's countdown. Stays smooth at 100,000 seats.
 *
 * @tag ck-seat-map
 *
 * @slot actions - Below the selection summary, e.g. a `ck-pay-button` for the held seats.
 *
 * @event {CustomEvent<CkSeatSelectDetail>} ck-seat-select - The shopper selected or removed a seat. `detail`: `{ seats, total }`.
 * @event {CustomEvent<CkSeatHoldDetail>} ck-seat-hold - The seats were held on the server, the hold was extended or released. `detail`: `{ hold }` (`hold.id` goes to the order as `seatHoldId`).
 * @event {CustomEvent<CkSeatHoldDetail>} ck-seat-hold-expired - The hold ran out and the seats were released. `detail`: `{ hold }`.
 *
 * @csspart base - The element's container.
 * @csspart toolbar - Zoom buttons and the map/list switch.
 * @csspart zoom-in - The zoom-in button.
 * @csspart zoom-out - The zoom-out button.
 * @csspart zoom-reset - The button that shows the whole venue.
 * @csspart view-switch - The map/list switch.
 * @csspart map - The focusable canvas area.
 * @csspart list - The list mode container.
 * @csspart seat - A seat button in list mode.
 * @csspart legend - The legend of price categories.
 * @csspart summary - The selected seats and total.
 * @csspart selected-seat - One selected seat in the summary.
 * @csspart total - The total of the selection.
 * @csspart hold-button - Holds the selected seats.
 * @csspart timer - The hold countdown.
 * @csspart extend-button - Extends the hold (once).
 * @csspart release-button - Releases the hold.
 * @csspart status - Loading, error and sold-out messages.
 *
 * @cssproperty --ck-seat-map-height - Height of the map (default 28rem).
 * @cssproperty --ck-seat-map-background - Background of the map.
 * @cssproperty --ck-seat-map-unavailable - Colour of unavailable seats.
 * @cssproperty --ck-seat-map-selected - Colour of selected seats.
 * @cssproperty --ck-seat-map-stage - Colour of the stage.
 */
export class CkSeatMap extends CkElement {
  static override styles = styles;

  /** The catalog event whose venue to show. */
  @property({ attribute: 'event-id', reflect: true }) eventId = '';

  /** Most seats the shopper may select; 0 uses the event's own limit (else 10). */
  @property({ type: Number, attribute: 'max-selection' }) maxSelection = 0;

  /**
   * Server-side holds: `manual` (default) shows a "Hold seats" button; `auto` holds every
   * selection as it is made; `off` leaves holding to the page (listen to `ck-seat-select`).
   */
  @property() hold: HoldMode = 'manual';

  /** `map` (canvas) or `list` (section → row → seat buttons). */
  @property({ reflect: true }) view: 'map' | 'list' = 'map';

  /** Follow availability live over Server-Sent Events. */
  @property({ type: Boolean }) live = true;

  @state() private loadState: LoadState = 'idle';
  @state() private loadError = '';
  @state() private selection: number[] = [];
  @state() private currentHold?: SeatHoldResponse;
  @state() private busy = false;
  @state() private message = '';
  @state() private announcement = '';
  @state() private focusSeat = -1;
  @state() private listSection = -1;
  @state() private listRow = -1;
  @state() private now = Date.now();
  /** Bumped when availability changes, so the list and legend re-render. */
  @state() private availabilityVersion = 0;

  @query('canvas') private canvas?: HTMLCanvasElement;
  @query('[part="map"]') private mapArea?: HTMLElement;

  private venue?: Venue;
  private camera: Camera = { scale: 1, tx: 0, ty: 0 };
  private fitted = false;
  private size = { width: 0, height: 0 };
  private frame = 0;
  private showFocus = false;
  private palette?: Palette;
  private paletteKey = '';
  private paletteReadAt = 0;
  /** The venue drawn at the current zoom into an offscreen bitmap with a margin, so a pan is one blit. */
  private base?: { canvas: HTMLCanvasElement; scale: number; tx: number; ty: number; width: number; height: number; dpr: number; margin: number; key: string };
  /** Bumped whenever seat states change, which invalidates the bitmap. */
  private baseVersion = 0;
  private resizeObserver?: ResizeObserver;
  private stream?: EventSource;
  private abort?: AbortController;
  private pointers = new Map<number, { x: number; y: number }>();
  private pointerDown?: { x: number; y: number };
  private dragged = false;
  private timer?: ReturnType<typeof setInterval>;
  private clockSkew = 0;
  private minuteAnnounced = false;
  private pending = new Set<string>();
  private autoHoldTimer?: ReturnType<typeof setTimeout>;

  private readonly kit = new KitController(this);
  private readonly localize = new LocalizeController(this);

  /** The selected seats, in the order they were picked. */
  get selectedSeats(): CkSelectedSeat[] {
    return this.selection.map((seat) => this.describe(seat));
  }

  /** The active server-side hold, if any. */
  get seatHold(): CkSeatHold | undefined {
    return this.currentHold;
  }

  /** Loads the layout and availability again. */
  reload(): void {
    void this.load();
  }

  /** Empties the selection (does not release a hold; see `releaseSeats()`). */
  clearSelection(): void {
    this.selection = [];
    this.scheduleDraw();
  }

  /** Releases the active hold on the server. */
  async releaseSeats(): Promise<void> {
    const hold = this.currentHold;
    if (!hold) return;
    this.stopCountdown();
    this.currentHold = undefined;
    try {
      await releaseHold(this.kit.endpoint, hold.id);
    } catch {
      // The hold expires by itself; nothing the shopper needs to act on.
    }
    this.emit('ck-seat-hold', { hold: { ...hold, status: 'released' } });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.loadState !== 'idle') void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
    this.stream?.close();
    this.stream = undefined;
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.stopCountdown();
    clearTimeout(this.autoHoldTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('eventId') && this.isConnected) void this.load();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('view') || changed.has('loadState' as keyof CkSeatMap)) this.observeSize();
    this.paletteReadAt = 0;
    this.scheduleDraw();
  }

  // ── Data ──────────────────────────────────────────────────────────────────

  private async load(): Promise<void> {
    this.abort?.abort();
    this.stream?.close();
    this.stream = undefined;
    if (!this.eventId) {
      this.loadState = 'idle';
      return;
    }
    const abort = new AbortController();
    this.abort = abort;
    this.loadState = 'loading';
    this.loadError = '';
    try {
      const endpoint = this.kit.endpoint;
      const [layout, seats] = await Promise.all([
        getVenue(endpoint, this.eventId, abort.signal),
        getSeats(endpoint, this.eventId, abort.signal),
      ]);
      if (abort.signal.aborted) return;
      const venue = new Venue(layout);
      venue.applySnapshot(seats);
      this.venue = venue;
      this.baseVersion++;
      this.fitted = false;
      this.selection = [];
      this.listSection = -1;
      this.listRow = -1;
      const stage = layout.stage;
      this.focusSeat = stage
        ? venue.nearestFree(stage.x + stage.width / 2, stage.y + stage.height / 2)
        : venue.nearestFree(layout.width / 2, layout.height / 2);
      if (this.focusSeat < 0) this.focusSeat = 0;
      this.loadState = 'ready';
      this.availabilityVersion++;
      this.openStream();
    } catch (error) {
      if (abort.signal.aborted) return;
      this.loadState = 'error';
      this.loadError = error instanceof ApiError ? describeApiError(this.localize, error) : this.localize.term('seatMapLoadError');
    }
  }

  private openStream(): void {
    if (!this.live || typeof EventSource === 'undefined' || !this.venue) return;
    const stream = new EventSource(seatStreamUrl(this.kit.endpoint, this.eventId));
    this.stream = stream;
    stream.addEventListener('availability', (event) => {
      this.onSnapshot(JSON.parse((event as MessageEvent<string>).data) as SeatAvailabilityResponse);
    });
    stream.addEventListener('change', (event) => {
      const change = JSON.parse((event as MessageEvent<string>).data) as SeatAvailabilityChange;
      const venue = this.venue;
      if (!venue || change.eventId !== this.eventId) return;
      const touched = venue.applyChange(change);
      if (touched === null) {
        void getSeats(this.kit.endpoint, this.eventId).then((s) => this.onSnapshot(s), () => undefined);
        return;
      }
      if (touched.length) this.afterAvailabilityChange();
    });
  }

  private onSnapshot(snapshot: SeatAvailabilityResponse): void {
    if (!this.venue || snapshot.eventId !== this.eventId) return;
    if (this.venue.applySnapshot(snapshot)) this.afterAvailabilityChange();
  }

  /** Drops selected seats somebody else took, and redraws. */
  private afterAvailabilityChange(): void {
    const venue = this.venue!;
    const mine = new Set(this.currentHold?.seats ?? []);
    const lost = this.selection.filter((seat) => {
      const id = venue.id(seat);
      return venue.status[seat] !== FREE && !mine.has(id) && !this.pending.has(id);
    });
    if (lost.length) {
      this.selection = this.selection.filter((seat) => !lost.includes(seat));
      this.announce(this.localize.term('seatTaken', lost.map((s) => this.seatLabel(s, true)).join('; ')));
      this.emitSelection();
    }
    this.availabilityVersion++;
    this.baseVersion++;
    this.scheduleDraw();
  }

  // ── Selection and holds ───────────────────────────────────────────────────

  private get limit(): number {
    return this.maxSelection > 0 ? this.maxSelection : (this.venue?.layout.maxSeatsPerOrder ?? 10);
  }

  private isMine(seat: number): boolean {
    return this.selection.includes(seat);
  }

  private isAvailable(seat: number): boolean {
    const venue = this.venue!;
    return venue.status[seat] === FREE || this.isMine(seat) || (this.currentHold?.seats.includes(venue.id(seat)) ?? false);
  }

  private toggle(seat: number): void {
    const venue = this.venue;
    if (!venue || seat < 0) return;
    const t = this.localize;
    if (this.currentHold && this.hold === 'manual') {
      this.announce(t.term('seatHoldLocked'), true);
      return;
    }
    if (this.isMine(seat)) {
      this.selection = this.selection.filter((s) => s !== seat);
      this.announce(t.term('seatRemoved', this.seatLabel(seat, true)));
    } else if (!this.isAvailable(seat)) {
      this.announce(t.term('seatNotAvailable', this.seatLabel(seat, true)), true);
      return;
    } else if (this.selection.length >= this.limit) {
      this.announce(t.term('seatLimit', this.limit), true);
      return;
    } else {
      this.selection = [...this.selection, seat];
      this.announce(t.term('seatAdded', this.seatLabel(seat, true), this.selection.length));
    }
    this.message = '';
    this.emitSelection();
    if (this.hold === 'auto') this.scheduleAutoHold();
    this.scheduleDraw();
  }

  private emitSelection(): void {
    const seats = this.selectedSeats;
    this.emit('ck-seat-select', { seats, total: this.total(seats) });
  }

  private total(seats: readonly CkSelectedSeat[]): { amount: number; currency: string } {
    const currency = seats[0]?.currency ?? this.venue?.layout.categories[0]?.price.currency ?? 'USD';
    return { amount: seats.reduce((sum, s) => sum + s.amount, 0), currency };
  }

  private scheduleAutoHold(): void {
    clearTimeout(this.autoHoldTimer);
    this.autoHoldTimer = setTimeout(() => void this.holdSelection(), 250);
  }

  /** Holds exactly the selected seats (a new hold replaces this buyer's previous one). */
  private async holdSelection(): Promise<void> {
    const venue = this.venue;
    if (!venue || this.busy) return;
    const t = this.localize;
    const ids = this.selection.map((s) => venue.id(s));
    if (!ids.length) {
      if (this.currentHold) await this.releaseSeats();
      return;
    }
    this.busy = true;
    ids.forEach((id) => this.pending.add(id));
    try {
      const hold = await holdSeats(this.kit.endpoint, this.eventId, ids);
      this.startHold(hold);
      this.announce(t.term('seatsHeld', hold.seats.length, this.countdownText()));
      this.emit('ck-seat-hold', { hold: this.publicHold(hold) });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.code === 'seat_unavailable') {
        const taken = new Set(
          error.fields.map((f) => ids[Number(/^seats\.(\d+)$/.exec(f.path)?.[1] ?? -1)]).filter((id): id is string => Boolean(id)),
        );
        const takenSeats = this.selection.filter((s) => taken.has(venue.id(s)));
        takenSeats.forEach((s) => (venue.status[s] = 1));
        this.baseVersion++;
        this.selection = this.selection.filter((s) => !taken.has(venue.id(s)));
        this.message = t.term('seatTaken', takenSeats.map((s) => this.seatLabel(s, true)).join('; '));
        this.announce(this.message, true);
        this.emitSelection();
        this.availabilityVersion++;
        if (this.hold === 'auto' && this.selection.length) this.scheduleAutoHold();
      } else {
        this.message = error instanceof ApiError ? describeApiError(t, error) : t.term('seatHoldFailed');
        this.announce(this.message, true);
      }
    } finally {
      ids.forEach((id) => this.pending.delete(id));
      this.busy = false;
      this.scheduleDraw();
    }
  }

  private publicHold(hold: SeatHoldResponse): CkSeatHold {
    return { id: hold.id, eventId: hold.eventId, seats: hold.seats, expiresAt: hold.expiresAt, extended: hold.extended, status: hold.status };
  }

  private startHold(hold: SeatHoldResponse): void {
    const received = Date.now();
    this.clockSkew = hold.serverTime ? Date.parse(hold.serverTime) - received : 0;
    const wasExtended = this.currentHold?.id === hold.id && hold.extended && !this.currentHold.extended;
    if (!this.currentHold || this.currentHold.id !== hold.id || wasExtended) this.minuteAnnounced = false;
    this.currentHold = hold;
    this.now = received;
    if (!this.timer) this.timer = setInterval(() => this.tick(), 1000);
  }

  private stopCountdown(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private get remaining(): number {
    if (!this.currentHold) return 0;
    return Math.max(0, Date.parse(this.currentHold.expiresAt) - (this.now + this.clockSkew));
  }

  private countdownText(): string {
    const seconds = Math.ceil(this.remaining / 1000);
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  }

  private tick(): void {
    this.now = Date.now();
    const hold = this.currentHold;
    if (!hold) return this.stopCountdown();
    const left = this.remaining;
    if (left <= 0) {
      this.stopCountdown();
      this.currentHold = undefined;
      this.selection = [];
      this.message = this.localize.term('seatHoldExpired');
      this.announce(this.message, true);
      this.emit('ck-seat-hold-expired', { hold: { ...this.publicHold(hold), status: 'expired' } });
      this.scheduleDraw();
    } else if (left <= ONE_MINUTE && !this.minuteAnnounced) {
      this.minuteAnnounced = true;
      this.announce(this.localize.term('seatHoldOneMinute'), true);
    }
  }

  private async extend(): Promise<void> {
    const hold = this.currentHold;
    if (!hold || hold.extended || this.busy) return;
    this.busy = true;
    try {
      const extended = await extendHold(this.kit.endpoint, hold.id);
      this.startHold(extended);
      this.announce(this.localize.term('seatHoldExtended', this.countdownText()));
      this.emit('ck-seat-hold', { hold: this.publicHold(extended) });
    } catch (error) {
      this.message = error instanceof ApiError ? describeApiError(this.localize, error) : this.localize.term('seatHoldFailed');
      this.announce(this.message, true);
    } finally {
      this.busy = false;
    }
  }

  private async release(): Promise<void> {
    this.busy = true;
    try {
      await this.releaseSeats();
      this.announce(this.localize.term('seatHoldReleased'));
    } finally {
      this.busy = false;
    }
  }

  // ── Labels ────────────────────────────────────────────────────────────────

  private describe(seat: number): CkSelectedSeat {
    const venue = this.venue!;
    const row = venue.rows[venue.rowOf[seat]!]!;
    const section = venue.sections[row.section]!;
    const category = venue.layout.categories[row.category]!;
    return {
      id: venue.id(seat),
      section: section.id,
      sectionName: section.name,
      row: row.label,
      number: venue.number(seat),
      category: category.id,
      categoryName: category.name,
      amount: category.price.amount,
      currency: category.price.currency,
    };
  }

  /** "Row A, Seat 14, Category 1, HK$880, available" — with the section first when asked. */
  private seatLabel(seat: number, withSection = false, withStatus = true): string {
    const t = this.localize;
    const d = this.describe(seat);
    const status = this.isMine(seat) ? t.term('seatStatusSelected') : this.isAvailable(seat) ? t.term('seatStatusAvailable') : t.term('seatStatusUnavailable');
    const label = t.term('seatLabel', d.row, String(d.number), d.categoryName, formatMoney(d.amount, d.currency, t.lang), withStatus ? status : '');
    return withSection ? `${d.sectionName}, ${label}` : label;
  }

  private announce(text: string, force = false): void {
    // Re-setting the same text would not be read again; a trailing no-break space makes it new.
    this.announcement = force && text === this.announcement ? `${text}\u00a0` : text;
  }

  // ── Canvas: size, camera, drawing ─────────────────────────────────────────

  private observeSize(): void {
    this.resizeObserver?.disconnect();
    const area = this.mapArea;
    if (!area) return;
    this.resizeObserver = new ResizeObserver(() => {
      // The canvas fills the area inside its border.
      const width = area.clientWidth;
      const height = area.clientHeight;
      if (!width || !height) return;
      this.size = { width, height };
      if (!this.fitted) this.fit();
      this.scheduleDraw();
    });
    this.resizeObserver.observe(area);
  }

  private get minScale(): number {
    const venue = this.venue;
    if (!venue || !this.size.width) return 0.01;
    return Math.min(this.size.width / venue.layout.width, this.size.height / venue.layout.height) * 0.5;
  }

  private get maxScale(): number {
    return 48 / (this.venue?.pitch ?? 1);
  }

  private fit(): void {
    const venue = this.venue;
    if (!venue || !this.size.width) return;
    const { width, height } = this.size;
    const scale = Math.min(width / venue.layout.width, height / venue.layout.height) * 0.96;
    this.camera = { scale, tx: (width - venue.layout.width * scale) / 2, ty: (height - venue.layout.height * scale) / 2 };
    this.fitted = true;
    this.scheduleDraw();
  }

  private zoomAt(factor: number, sx = this.size.width / 2, sy = this.size.height / 2): void {
    const c = this.camera;
    const scale = Math.min(this.maxScale, Math.max(this.minScale, c.scale * factor));
    const k = scale / c.scale;
    this.camera = { scale, tx: sx - (sx - c.tx) * k, ty: sy - (sy - c.ty) * k };
    this.scheduleDraw();
  }

  private panBy(dx: number, dy: number): void {
    this.camera = { ...this.camera, tx: this.camera.tx + dx, ty: this.camera.ty + dy };
    this.scheduleDraw();
  }

  /** Keeps a keyboard-focused seat on screen, zooming in to seat level first when needed. */
  private reveal(seat: number): void {
    const venue = this.venue!;
    const c = this.camera;
    const x = venue.x[seat]!;
    const y = venue.y[seat]!;
    if (venue.pitch * c.scale < BLOCK_PITCH * 2) {
      const scale = Math.min(this.maxScale, KEYBOARD_PITCH / venue.pitch);
      this.camera = { scale, tx: this.size.width / 2 - x * scale, ty: this.size.height / 2 - y * scale };
    } else {
      const sx = x * c.scale + c.tx;
      const sy = y * c.scale + c.ty;
      const margin = Math.min(48, this.size.width / 4);
      if (sx < margin || sy < margin || sx > this.size.width - margin || sy > this.size.height - margin) {
        this.camera = { ...c, tx: this.size.width / 2 - x * c.scale, ty: this.size.height / 2 - y * c.scale };
      }
    }
    this.scheduleDraw();
  }

  private scheduleDraw(): void {
    if (this.frame || !this.venue || this.view !== 'map') return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.paint();
    });
  }

  private readPalette(): Palette {
    const now = performance.now();
    if (this.palette && now - this.paletteReadAt < 500) return this.palette;
    const probe = (name: string) => {
      const el = this.renderRoot.querySelector<HTMLElement>(`[data-probe="${name}"]`);
      return el ? getComputedStyle(el).color : '#888';
    };
    this.palette = {
      unavailable: probe('unavailable'),
      selected: probe('selected'),
      focus: probe('focus'),
      text: probe('text'),
      stage: probe('stage'),
      surface: probe('surface'),
    };
    this.paletteReadAt = now;
    this.paletteKey = Object.values(this.palette).join('|');
    return this.palette;
  }

  /** Draws one frame now (the benchmark and the tests call it through rAF as well). */
  private paint(): void {
    const canvas = this.canvas;
    const venue = this.venue;
    if (!canvas || !venue || !this.size.width) return;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(this.size.width * dpr);
    const h = Math.round(this.size.height * dpr);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    const ctx = canvas.getContext('2d', { alpha: true });
    if (!ctx) return;
    const palette = this.readPalette();
    const { width, height } = this.size;
    const camera = this.camera;
    const margin = Math.round(Math.max(width, height) * 0.25);
    const key = `${this.baseVersion}|${this.paletteKey}|${dpr}|${width}x${height}|${camera.scale}`;
    let base = this.base;
    if (!base || base.key !== key || Math.abs(camera.tx - base.tx) > margin || Math.abs(camera.ty - base.ty) > margin) {
      const bitmap = base?.canvas ?? document.createElement('canvas');
      const bw = Math.round((width + margin * 2) * dpr);
      const bh = Math.round((height + margin * 2) * dpr);
      if (bitmap.width !== bw || bitmap.height !== bh) {
        bitmap.width = bw;
        bitmap.height = bh;
      }
      const bctx = bitmap.getContext('2d');
      if (!bctx) return;
      drawBase(bctx, {
        venue,
        camera: { scale: camera.scale, tx: camera.tx + margin, ty: camera.ty + margin },
        width: width + margin * 2,
        height: height + margin * 2,
        dpr,
        palette,
        selected: new Set(),
        focus: -1,
        showFocus: false,
      });
      base = { canvas: bitmap, scale: camera.scale, tx: camera.tx, ty: camera.ty, width, height, dpr, margin, key };
      this.base = base;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.drawImage(base.canvas, Math.round((camera.tx - base.tx - base.margin) * dpr), Math.round((camera.ty - base.ty - base.margin) * dpr));
    drawOverlay(ctx, {
      venue,
      camera,
      width,
      height,
      dpr,
      palette,
      selected: new Set(this.selection),
      focus: this.focusSeat,
      showFocus: this.showFocus,
    });
  }

  // ── Canvas: input ─────────────────────────────────────────────────────────

  private localPoint(event: PointerEvent | WheelEvent): { x: number; y: number } {
    const rect = this.canvas!.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    const p = this.localPoint(event);
    const delta = event.deltaMode === 1 ? event.deltaY * 33 : event.deltaY;
    this.zoomAt(Math.exp(-delta * 0.0015), p.x, p.y);
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    try {
      this.canvas?.setPointerCapture(event.pointerId);
    } catch {
      // A pointer that is no longer active (or a synthetic one) cannot be captured; dragging still works inside the canvas.
    }
    const p = this.localPoint(event);
    this.pointers.set(event.pointerId, p);
    if (this.pointers.size === 1) {
      this.pointerDown = p;
      this.dragged = false;
    } else {
      this.dragged = true;
    }
  }

  private onPointerMove(event: PointerEvent): void {
    const previous = this.pointers.get(event.pointerId);
    const p = this.localPoint(event);
    if (!previous) {
      const seat = this.seatAt(p);
      this.canvas!.style.cursor = seat >= 0 && this.isAvailable(seat) ? 'pointer' : 'grab';
      return;
    }
    if (this.pointers.size === 2) {
      const [a, b] = [...this.pointers.values()] as [{ x: number; y: number }, { x: number; y: number }];
      const other = a === previous ? b : a;
      const before = Math.hypot(previous.x - other.x, previous.y - other.y);
      const after = Math.hypot(p.x - other.x, p.y - other.y);
      this.pointers.set(event.pointerId, p);
      if (before > 0) this.zoomAt(after / before, (p.x + other.x) / 2, (p.y + other.y) / 2);
      this.panBy((p.x - previous.x) / 2, (p.y - previous.y) / 2);
      return;
    }
    this.pointers.set(event.pointerId, p);
    const start = this.pointerDown ?? p;
    if (!this.dragged && Math.hypot(p.x - start.x, p.y - start.y) > 4) this.dragged = true;
    if (this.dragged) this.panBy(p.x - previous.x, p.y - previous.y);
  }

  private onPointerUp(event: PointerEvent): void {
    if (!this.pointers.has(event.pointerId)) return;
    this.pointers.delete(event.pointerId);
    if (event.type === 'pointerup' && this.pointers.size === 0 && !this.dragged) {
      const seat = this.seatAt(this.localPoint(event));
      if (seat >= 0) {
        this.focusSeat = seat;
        this.showFocus = false;
        this.toggle(seat);
      }
    }
  }

  private seatAt(p: { x: number; y: number }): number {
    const venue = this.venue;
    if (!venue) return -1;
    const c = this.camera;
    return venue.hit((p.x - c.tx) / c.scale, (p.y - c.ty) / c.scale);
  }

  private onMapKeydown(event: KeyboardEvent): void {
    const venue = this.venue;
    if (!venue) return;
    const direction = KEY_DIRECTIONS[event.key];
    let handled = true;
    this.showFocus = true;
    if (direction) {
      const firstMove = venue.pitch * this.camera.scale < BLOCK_PITCH * 2;
      const next = firstMove ? this.focusSeat : venue.neighbor(this.focusSeat, direction);
      this.moveFocus(next);
    } else if (event.key === 'Enter' || event.key === ' ') {
      this.toggle(this.focusSeat);
    } else if (event.key === 'Home' || event.key === 'End') {
      const row = venue.rows[venue.rowOf[this.focusSeat]!]!;
      this.moveFocus(event.key === 'Home' ? row.start : row.start + row.count - 1);
    } else if (event.key === 'PageDown' || event.key === 'PageUp') {
      const row = venue.rows[venue.rowOf[this.focusSeat]!]!;
      const count = venue.sections.length;
      const section = venue.sections[(row.section + (event.key === 'PageDown' ? 1 : count - 1)) % count]!;
      this.moveFocus(venue.rows[section.rowStart]!.start);
    } else if (event.key === '+' || event.key === '=') {
      this.zoomAt(1.5);
    } else if (event.key === '-' || event.key === '_') {
      this.zoomAt(1 / 1.5);
    } else if (event.key === '0') {
      this.fit();
    } else {
      handled = false;
    }
    if (handled) event.preventDefault();
  }

  private moveFocus(seat: number): void {
    this.focusSeat = seat;
    this.reveal(seat);
    this.announce(this.seatLabel(seat, true));
  }

  // ── Rendering ─────────────────────────────────────────────────────────────

  override render() {
    const t = this.localize;
    return html`
      <div part="base" dir=${t.dir}>
        ${this.loadState === 'ready' && this.venue ? this.renderReady(this.venue) : this.renderStatus()}
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
        <span data-probe="unavailable" class="probe"></span><span data-probe="selected" class="probe"></span><span
          data-probe="focus"
          class="probe"
        ></span
        ><span data-probe="text" class="probe"></span><span data-probe="stage" class="probe"></span><span
          data-probe="surface"
          class="probe"
        ></span>
      </div>
    `;
  }

  private renderStatus() {
    const t = this.localize;
    if (this.loadState === 'error') {
      return html`<div part="status alert" role="alert">
        <span>${this.loadError}</span>
        <button type="button" class="button" @click=${() => this.reload()}>${t.term('seatRetry')}</button>
      </div>`;
    }
    if (this.loadState === 'loading') {
      return html`<div part="status" class="loading" role="status">
        <div class="skeleton map-skeleton" aria-hidden="true"></div>
        <span>${t.term('seatMapLoading')}</span>
      </div>`;
    }
    return nothing;
  }

  private renderReady(venue: Venue) {
    const t = this.localize;
    void this.availabilityVersion;
    const free = venue.freeCount;
    return html`
      <div part="toolbar" role="toolbar" aria-label=${t.term('seatMapTools')}>
        ${this.view === 'map'
          ? html`
              <button type="button" class="button" part="zoom-in" aria-label=${t.term('zoomIn')} @click=${() => this.zoomAt(1.5)}>+</button>
              <button type="button" class="button" part="zoom-out" aria-label=${t.term('zoomOut')} @click=${() => this.zoomAt(1 / 1.5)}>−</button>
              <button type="button" class="button" part="zoom-reset" @click=${() => this.fit()}>${t.term('zoomReset')}</button>
            `
          : nothing}
        <span class="spacer"></span>
        <span part="view-switch" role="group" aria-label=${t.term('seatMapView')}>
          <button type="button" class="button" aria-pressed=${this.view === 'map'} @click=${() => this.setView('map')}>${t.term('seatMapViewMap')}</button>
          <button type="button" class="button" aria-pressed=${this.view === 'list'} @click=${() => this.setView('list')}>${t.term('seatMapViewList')}</button>
        </span>
      </div>
      ${free === 0 && !this.selection.length ? html`<p part="status" class="sold-out">${t.term('seatMapSoldOut')}</p>` : nothing}
      ${this.view === 'map' ? this.renderMap(venue) : this.renderList(venue)}
      ${this.renderLegend(venue)} ${this.renderSummary()}
    `;
  }

  private setView(view: 'map' | 'list'): void {
    this.view = view;
    if (view === 'list' && this.listSection < 0 && this.focusSeat >= 0 && this.venue) {
      // Open the list where the shopper was on the map.
      const row = this.venue.rows[this.venue.rowOf[this.focusSeat]!]!;
      this.listSection = row.section;
    }
  }

  private renderMap(venue: Venue) {
    const t = this.localize;
    return html`
      <div
        part="map"
        tabindex="0"
        role="application"
        aria-roledescription=${t.term('seatMapRole')}
        aria-label=${t.term('seatMapLabel', venue.layout.name)}
        aria-describedby="map-help"
        @keydown=${this.onMapKeydown}
        @focus=${() => {
          this.showFocus = true;
          this.scheduleDraw();
        }}
        @blur=${() => {
          this.showFocus = false;
          this.scheduleDraw();
        }}
      >
        <canvas
          aria-hidden="true"
          @wheel=${this.onWheel}
          @pointerdown=${this.onPointerDown}
          @pointermove=${this.onPointerMove}
          @pointerup=${this.onPointerUp}
          @pointercancel=${this.onPointerUp}
        ></canvas>
      </div>
      <p id="map-help" class="help">${t.term('seatMapHelp')}</p>
    `;
  }

  private renderList(venue: Venue) {
    const t = this.localize;
    const money = (amount: number, currency: string) => formatMoney(amount, currency, t.lang);
    if (this.listSection < 0) {
      return html`<div part="list">
        <p class="list-title" id="list-title">${t.term('seatListSections')}</p>
        <ul aria-labelledby="list-title">
          ${venue.sections.map((section, index) => {
            const free = venue.sectionFree(index);
            const category = venue.layout.categories[venue.rows[section.rowStart]!.category]!;
            return html`<li>
              <button type="button" class="button entry" ?disabled=${free === 0} @click=${() => this.openSection(index)}>
                <span>${section.name}</span>
                <span class="meta">${t.term('seatListAvailable', free)} · ${category.name} · ${money(category.price.amount, category.price.currency)}</span>
              </button>
            </li>`;
          })}
        </ul>
      </div>`;
    }
    const section = venue.sections[this.listSection]!;
    if (this.listRow < 0) {
      const rows = venue.rows.slice(section.rowStart, section.rowEnd);
      return html`<div part="list">
        <button type="button" class="link back" @click=${() => this.openSection(-1)}>${t.term('seatListBackToSections')}</button>
        <p class="list-title" id="list-title" tabindex="-1">${section.name}</p>
        <ul aria-labelledby="list-title">
          ${rows.map((row, k) => {
            const index = section.rowStart + k;
            const free = venue.rowFree[index]!;
            return html`<li>
              <button type="button" class="button entry" ?disabled=${free === 0} @click=${() => this.openRow(index)}>
                <span>${t.term('seatListRow', row.label)}</span>
                <span class="meta">${t.term('seatListAvailable', free)}</span>
              </button>
            </li>`;
          })}
        </ul>
      </div>`;
    }
    const row = venue.rows[this.listRow]!;
    const seats = Array.from({ length: row.count }, (_, k) => row.start + k);
    return html`<div part="list">
      <button type="button" class="link back" @click=${() => this.openRow(-1)}>${t.term('seatListBackToRows', section.name)}</button>
      <p class="list-title" id="list-title" tabindex="-1">${section.name}, ${t.term('seatListRow', row.label)}</p>
      <ul class="seats" aria-labelledby="list-title">
        ${seats.map((seat) => {
          const available = this.isAvailable(seat);
          return html`<li>
            <button
              type="button"
              part="seat"
              class="seat"
              aria-pressed=${this.isMine(seat)}
              aria-disabled=${!available}
              aria-label=${this.seatLabel(seat)}
              style=${styleMap({ '--_seat-color': venue.layout.categories[row.category]!.color })}
              @click=${() => this.toggle(seat)}
            >
              ${venue.number(seat)}
            </button>
          </li>`;
        })}
      </ul>
    </div>`;
  }

  private openSection(index: number): void {
    this.listSection = index;
    this.listRow = -1;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(index < 0 ? '[part="list"] button' : '.list-title')?.focus());
  }

  private openRow(index: number): void {
    this.listRow = index;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(index < 0 ? '.list-title' : '.list-title')?.focus());
  }

  private renderLegend(venue: Venue) {
    const t = this.localize;
    return html`<ul part="legend" aria-label=${t.term('seatLegend')}>
      ${venue.layout.categories.map(
        (c) => html`<li>
          <span class="swatch" style=${styleMap({ background: c.color })}></span>${c.name}
          <span class="meta">${formatMoney(c.price.amount, c.price.currency, t.lang)}</span>
        </li>`,
      )}
      <li><span class="swatch unavailable"></span>${t.term('seatStatusUnavailable')}</li>
      <li><span class="swatch selected"></span>${t.term('seatStatusSelected')}</li>
    </ul>`;
  }

  private renderSummary() {
    const t = this.localize;
    const seats = this.selectedSeats;
    const total = this.total(seats);
    const hold = this.currentHold;
    return html`<section part="summary" aria-labelledby="summary-title">
      <p id="summary-title" class="summary-title">${t.term('seatSelection', seats.length, this.limit)}</p>
      ${seats.length
        ? html`<ul>
            ${seats.map(
              (s, i) => html`<li part="selected-seat">
                <span>${s.sectionName}, ${t.term('seatLabel', s.row, String(s.number), s.categoryName, formatMoney(s.amount, s.currency, t.lang), '')}</span>
                ${hold && this.hold === 'manual'
                  ? nothing
                  : html`<button
                      type="button"
                      class="link"
                      aria-label=${t.term('seatRemove', `${s.sectionName}, ${t.term('seatLabel', s.row, String(s.number), '', '', '')}`)}
                      @click=${() => this.toggle(this.selection[i]!)}
                    >
                      ${t.term('remove')}
                    </button>`}
              </li>`,
            )}
          </ul>`
        : html`<p class="empty">${t.term('seatSelectionEmpty')}</p>`}
      <p part="total"><span>${t.term('seatTotal')}</span> <strong>${formatMoney(total.amount, total.currency, t.lang)}</strong></p>
      ${this.message ? html`<p class="error" role="alert">${this.message}</p>` : nothing}
      ${hold
        ? html`<div class="hold">
            <span part="timer" role="timer" aria-label=${t.term('seatHoldTimer')}>${t.term('seatHoldCountdown', this.countdownText())}</span>
            ${hold.extended
              ? nothing
              : html`<button type="button" class="button" part="extend-button" ?disabled=${this.busy} @click=${() => void this.extend()}>
                  ${t.term('seatHoldExtend')}
                </button>`}
            ${this.hold === 'manual'
              ? html`<button type="button" class="button" part="release-button" ?disabled=${this.busy} @click=${() => void this.release()}>
                  ${t.term('seatHoldRelease')}
                </button>`
              : nothing}
          </div>`
        : this.hold === 'manual' && seats.length
          ? html`<button type="button" class="button primary" part="hold-button" ?disabled=${this.busy} @click=${() => void this.holdSelection()}>
              ${t.term('seatHoldButton', seats.length)}
            </button>`
          : nothing}
      <slot name="actions"></slot>
    </section>`;
  }
}
