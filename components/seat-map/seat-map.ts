import { html, nothing, svg, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError } from '../core/api';
import { CkElement } from '../core/base';
import { KitController } from '../core/context';
import type { CkSeatHold, CkSelectedSeat } from '../core/events';
import { addEnglish, LocalizeController } from '../core/localize';
import seatMapEn from './en';
import { SessionController } from '../core/session';
import { formatMoney } from '../../contract/money';
import { describeApiError } from '../core/error-message';
import styles from './seat-map.styles';
import { AvailabilityController } from './availability-controller';
import { HoldController } from './hold-controller';
import type { ListHost, ListView } from './list-view';
import type { MapHost, MapView } from './map-view';
import type { Venue } from './venue';

// This element's own English strings (the shared ones ship in the kit's core).
addEnglish(seatMapEn);

type HoldMode = 'manual' | 'auto' | 'off';

/** A colour dot as SVG: a `fill` attribute, unlike an inline style, passes a strict CSP. */
const dot = (color: string, state = '') =>
  html`<svg class="swatch ${state}" viewBox="0 0 10 10" aria-hidden="true">${svg`<circle cx="5" cy="5" r="5" fill=${color || nothing}></circle>`}</svg>`;

/** Seat state "free" (venue.ts; repeated so this module does not load the venue model). */
const FREE = 0;

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
 * @csspart login - The login shown above the hold action when `require-login` is set (or the proxy answers `login_required`).
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

  /**
   * The shopper logs in (a `ck-login` above the hold action) before seats are held, e.g. a
   * members' presale. The proxy enforces it for events with `requiresLogin`; the map turns
   * this on by itself when the event's layout says so or the proxy answers `login_required`.
   */
  @property({ type: Boolean, reflect: true, attribute: 'require-login' }) requireLogin = false;

  @state() private selection: number[] = [];
  @state() private message = '';
  @state() private announcement = '';
  @state() private focusSeat = -1;

  /** The canvas view, made with the venue. */
  private map?: MapView;
  /** The list mode, made with the venue. */
  private list?: ListView;
  private waitedForLogin = false;

  private readonly kit = new KitController(this);
  private readonly localize = new LocalizeController<keyof typeof seatMapEn>(this);
  private readonly availability = new AvailabilityController(this, {
    endpoint: () => this.kit.endpoint,
    loaded: (venue, views) => this.venueLoaded(venue, views),
    changed: () => this.afterAvailabilityChange(),
  });
  private readonly holds = new HoldController(this, {
    endpoint: () => this.kit.endpoint,
    localize: this.localize,
    announce: (text, force) => this.announce(text, force),
    alert: (text) => this.alert(text),
    changed: (hold) => this.holdChanged(hold),
  });
  /** The page's login session; only followed once login is required (no /api/auth/me otherwise). */
  private auth?: SessionController;

  private get venue(): Venue | undefined {
    return this.availability.venue;
  }

  /** Login is wanted and nobody is logged in yet: holds wait for `ck-login`. */
  private get loginPending(): boolean {
    return this.requireLogin && !this.auth?.session.user;
  }

  /** The selected seats, in the order they were picked. */
  get selectedSeats(): CkSelectedSeat[] {
    return this.selection.map((seat) => this.describe(seat));
  }

  /** The active server-side hold, if any. */
  get seatHold(): CkSeatHold | undefined {
    return this.holds.current;
  }

  /** Loads the layout and availability again. */
  reload(): void {
    void this.availability.load();
  }

  /** Empties the selection (does not release a hold; see `releaseSeats()`). */
  clearSelection(): void {
    this.selection = [];
    this.map?.scheduleDraw();
  }

  /** Releases the active hold on the server; false when there was none, or its payment is still open. */
  releaseSeats(): Promise<boolean> {
    return this.holds.release();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.map?.detach();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.auth ??= this.requireLogin ? new SessionController(this, () => this.kit.endpoint) : undefined;
    if (changed.has('eventId') && this.isConnected) void this.availability.load();
  }

  protected override updated(): void {
    // In auto mode, a selection made before logging in is held as soon as the shopper is.
    const waiting = this.loginPending;
    if (this.waitedForLogin && !waiting && this.hold === 'auto' && this.selection.length && !this.holds.current) this.scheduleAutoHold();
    this.waitedForLogin = waiting;
    const map = this.map;
    if (!map) return;
    const area = this.renderRoot.querySelector<HTMLElement>('[part="map"]');
    const canvas = area?.querySelector('canvas');
    if (area && canvas) map.attach(area, canvas, area.querySelector<SVGSVGElement>('svg.overlay') ?? undefined);
    else map.detach();
    // Selection, focus or theme may have changed: the overlay follows; the canvas is drawn
    // again only if the theme changed its colours.
    map.invalidatePalette();
    map.scheduleDraw();
  }

  // ── Data ──────────────────────────────────────────────────────────────────

  /** A venue was loaded: its views, the keyboard's first seat near the stage, an empty selection. */
  private venueLoaded(venue: Venue, { MapView, ListView }: typeof import('./views')): void {
    const layout = venue.layout;
    // The event itself may require login (a members' presale): ask before holding, not after a 401.
    if (layout.requiresLogin) this.requireLogin = true;
    this.map?.detach();
    const host = this.viewHost();
    this.map = new MapView(venue, host);
    this.list = new ListView(venue, host);
    this.selection = [];
    const stage = layout.stage;
    this.focusSeat = stage
      ? venue.nearestFree(stage.x + stage.width / 2, stage.y + stage.height / 2)
      : venue.nearestFree(layout.width / 2, layout.height / 2);
    if (this.focusSeat < 0) this.focusSeat = 0;
  }

  /** Drops selected seats somebody else took, and redraws. */
  private afterAvailabilityChange(): void {
    const venue = this.venue!;
    const lost = this.selection.filter((seat) => venue.status[seat] !== FREE && !this.holds.owns(venue.id(seat)));
    if (lost.length) {
      this.selection = this.selection.filter((seat) => !lost.includes(seat));
      this.announce(this.localize.term('seatTaken', lost.map((s) => this.seatLabel(s, true)).join('; ')));
      this.emitSelection();
    }
    this.map?.invalidate();
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
    return venue.status[seat] === FREE || this.isMine(seat) || (this.holds.current?.seats.includes(venue.id(seat)) ?? false);
  }

  private toggle(seat: number): void {
    const venue = this.venue;
    if (!venue || seat < 0) return;
    const t = this.localize;
    if (this.holds.current && this.hold === 'manual') {
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
    this.map?.scheduleDraw();
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
    this.holds.schedule(() => void this.holdSelection());
  }

  /** Holds exactly the selected seats (a new hold replaces this buyer's previous one). */
  private async holdSelection(): Promise<void> {
    const venue = this.venue;
    if (!venue || this.holds.busy || this.loginPending) return;
    const t = this.localize;
    const ids = this.selection.map((s) => venue.id(s));
    if (!ids.length) {
      if (this.holds.current) await this.releaseSeats();
      return;
    }
    try {
      await this.holds.hold(this.eventId, ids);
    } catch (error) {
      // The controller shows any other refusal; these two are the selection's and the login's.
      if (error instanceof ApiError && error.code === 'seat_unavailable') {
        const taken = new Set(
          error.fields.map((f) => ids[Number(/^seats\.(\d+)$/.exec(f.path)?.[1] ?? -1)]).filter((id): id is string => Boolean(id)),
        );
        const takenSeats = this.selection.filter((s) => taken.has(venue.id(s)));
        takenSeats.forEach((s) => (venue.status[s] = 1));
        this.map?.invalidate();
        this.selection = this.selection.filter((s) => !taken.has(venue.id(s)));
        this.alert(t.term('seatTaken', takenSeats.map((s) => this.seatLabel(s, true)).join('; ')));
        this.emitSelection();
        if (this.hold === 'auto' && this.selection.length) this.scheduleAutoHold();
      } else {
        // The event requires login (or the session ended): ask for it, then hold again.
        this.requireLogin = true;
        this.auth ??= new SessionController(this, () => this.kit.endpoint);
        void this.auth.session.refresh(true).catch(() => undefined);
        this.announce(t.term('seatLoginRequired'), true);
      }
    } finally {
      this.map?.scheduleDraw();
    }
  }

  /** A hold was made, extended, released or ran out. */
  private holdChanged(hold: CkSeatHold): void {
    if (hold.status !== 'expired') {
      this.emit('ck-seat-hold', { hold });
      return;
    }
    this.selection = [];
    this.emit('ck-seat-hold-expired', { hold });
    this.map?.scheduleDraw();
  }

  /** What the canvas and list views read from and ask of this element. */
  private viewHost(): MapHost & ListHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const el = this;
    return {
      get renderRoot() {
        return el.renderRoot;
      },
      get stageLabel() {
        const layout = el.venue?.layout;
        return layout?.stage && el.localize.text({ stage: layout.stage.label, translations: layout.translations }, 'stage');
      },
      get updateComplete() {
        return el.updateComplete;
      },
      localize: el.localize,
      requestUpdate: () => el.requestUpdate(),
      seatLabel: (seat) => el.seatLabel(seat),
      swatch: (color) => dot(color),
      get selectedIndices() {
        return el.selection;
      },
      get focusSeat() {
        return el.focusSeat;
      },
      set focusSeat(seat: number) {
        el.focusSeat = seat;
      },
      isAvailable: (seat) => el.isAvailable(seat),
      toggle: (seat) => el.toggle(seat),
      moveFocus: (seat) => el.moveFocus(seat),
    };
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
      sectionName: this.localize.text(section, 'name'),
      row: row.label,
      number: venue.number(seat),
      category: category.id,
      categoryName: this.localize.text(category, 'name'),
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

  /** Shows a message in the summary (a refusal, a taken seat, the expiry) and announces it. */
  private alert(text: string): void {
    this.message = text;
    this.announce(text, true);
  }

  private announce(text: string, force = false): void {
    // Re-setting the same text would not be read again; a trailing no-break space makes it new.
    this.announcement = force && text === this.announcement ? `${text}\u00a0` : text;
  }

  private moveFocus(seat: number): void {
    this.focusSeat = seat;
    this.map?.reveal(seat);
    this.announce(this.seatLabel(seat, true));
  }

  // ── Rendering ─────────────────────────────────────────────────────────────

  override render() {
    const t = this.localize;
    return html`
      <div part="base" dir=${t.dir}>
        ${this.availability.state === 'ready' && this.venue ? this.renderReady(this.venue) : this.renderStatus()}
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
        <span data-probe="unavailable" class="probe"></span><span data-probe="text" class="probe"></span><span
          data-probe="stage"
          class="probe"
        ></span>
      </div>
    `;
  }

  private renderStatus() {
    const t = this.localize;
    const { state, error } = this.availability;
    if (state === 'error') {
      return html`<div part="status alert" role="alert">
        <span>${error instanceof ApiError ? describeApiError(t, error) : t.term('seatMapLoadError')}</span>
        <button type="button" class="button" @click=${() => this.reload()}>${t.term('seatRetry')}</button>
      </div>`;
    }
    if (state === 'loading') {
      return html`<div part="status" class="loading" role="status">
        <div class="skeleton map-skeleton" aria-hidden="true"></div>
        <span>${t.term('seatMapLoading')}</span>
      </div>`;
    }
    return nothing;
  }

  private renderReady(venue: Venue) {
    const t = this.localize;
    const free = venue.freeCount;
    return html`
      <div part="toolbar" role="toolbar" aria-label=${t.term('seatMapTools')}>
        ${this.view === 'map'
          ? html`
              <button type="button" class="button" part="zoom-in" aria-label=${t.term('zoomIn')} @click=${() => this.map?.zoomAt(1.5)}>+</button>
              <button type="button" class="button" part="zoom-out" aria-label=${t.term('zoomOut')} @click=${() => this.map?.zoomAt(1 / 1.5)}>−</button>
              <button type="button" class="button" part="zoom-reset" @click=${() => this.map?.fit()}>${t.term('zoomReset')}</button>
            `
          : nothing}
        <span class="spacer"></span>
        <span part="view-switch" role="group" aria-label=${t.term('seatMapView')}>
          <button type="button" class="button" aria-pressed=${this.view === 'map'} @click=${() => this.setView('map')}>${t.term('seatMapViewMap')}</button>
          <button type="button" class="button" aria-pressed=${this.view === 'list'} @click=${() => this.setView('list')}>${t.term('seatMapViewList')}</button>
        </span>
      </div>
      ${free === 0 && !this.selection.length ? html`<p part="status" class="sold-out">${t.term('seatMapSoldOut')}</p>` : nothing}
      ${this.view === 'map' ? this.renderMap(venue) : this.list?.render()}
      ${this.renderLegend(venue)} ${this.renderSummary()}
    `;
  }

  private setView(view: 'map' | 'list'): void {
    this.view = view;
    // Open the list where the shopper was on the map.
    if (view === 'list') this.list?.showSeat(this.focusSeat);
  }

  private renderMap(venue: Venue) {
    const t = this.localize;
    return html`
      <div
        part="map"
        tabindex="0"
        role="application"
        aria-roledescription=${t.term('seatMapRole')}
        aria-label=${t.term('seatMapLabel', t.text(venue.layout, 'name'))}
        aria-describedby="map-help"
        @keydown=${(e: KeyboardEvent) => this.map?.onMapKeydown(e)}
        @focus=${() => this.map?.setFocusVisible(true)}
        @blur=${() => this.map?.setFocusVisible(false)}
      >
        <canvas
          aria-hidden="true"
          @wheel=${(e: WheelEvent) => this.map?.onWheel(e)}
          @pointerdown=${(e: PointerEvent) => this.map?.onPointerDown(e)}
          @pointermove=${(e: PointerEvent) => this.map?.onPointerMove(e)}
          @pointerup=${(e: PointerEvent) => this.map?.onPointerUp(e)}
          @pointercancel=${(e: PointerEvent) => this.map?.onPointerUp(e)}
        ></canvas>
        <svg class="overlay" aria-hidden="true"></svg>
      </div>
      <p id="map-help" class="help">${t.term('seatMapHelp')}</p>
    `;
  }

  private renderLegend(venue: Venue) {
    const t = this.localize;
    return html`<ul part="legend" aria-label=${t.term('seatLegend')}>
      ${venue.layout.categories.map(
        (c) => html`<li>
          ${dot(c.color)}${t.text(c, 'name')}
          <span class="meta">${formatMoney(c.price.amount, c.price.currency, t.lang)}</span>
        </li>`,
      )}
      <li>${dot('', 'unavailable')}${t.term('seatStatusUnavailable')}</li>
      <li>${dot('', 'selected')}${t.term('seatStatusSelected')}</li>
    </ul>`;
  }

  private renderLogin() {
    const session = this.auth!.session;
    // ck-login loads only when a shopper has to log in, keeping it out of the seat map's bundle.
    void import('../groups/account');
    if (session.me === undefined && !session.failed) return html`<p aria-busy="true">${this.localize.term('loading')}</p>`;
    return html`<div part="login">
      <p>${this.localize.term('seatLoginRequired')}</p>
      <ck-login heading-level="3"></ck-login>
    </div>`;
  }

  private renderSummary() {
    const t = this.localize;
    const seats = this.selectedSeats;
    const total = this.total(seats);
    const hold = this.holds.current;
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
            <span part="timer" role="timer" aria-label=${t.term('seatHoldTimer')}>${t.term('seatHoldCountdown', this.holds.countdown)}</span>
            ${hold.extended
              ? nothing
              : html`<button type="button" class="button" part="extend-button" ?disabled=${this.holds.busy} @click=${() => void this.holds.extend()}>
                  ${t.term('seatHoldExtend')}
                </button>`}
            ${this.hold === 'manual'
              ? html`<button type="button" class="button" part="release-button" ?disabled=${this.holds.busy} @click=${() => void this.holds.releaseByShopper()}>
                  ${t.term('seatHoldRelease')}
                </button>`
              : nothing}
          </div>`
        : this.loginPending
          ? this.renderLogin()
          : this.hold === 'manual' && seats.length
          ? html`<button type="button" class="button primary" part="hold-button" ?disabled=${this.holds.busy} @click=${() => void this.holdSelection()}>
              ${t.term('seatHoldButton', seats.length)}
            </button>`
          : nothing}
      <slot name="actions"></slot>
    </section>`;
  }
}
