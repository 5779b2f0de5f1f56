/**
 * The list side of `ck-seat-map`, for screen readers and anyone who prefers buttons to a
 * canvas: sections, then a section's rows, then a row's seats, with the focus moved to each
 * new level's title.
 */
import { html } from 'lit';
import { formatMoney } from '../../contract/money';
import type { LocalizeController } from '../core/localize';
import type seatMapEn from './en';
import type { MapHost } from './map-view';
import type { Venue } from './venue';

/** What the list needs from its element (partly what the map needs too). */
export interface ListHost extends Pick<MapHost, 'renderRoot' | 'selectedIndices' | 'isAvailable' | 'toggle'> {
  readonly localize: LocalizeController<keyof typeof seatMapEn>;
  readonly updateComplete: Promise<unknown>;
  requestUpdate(): void;
  /** "Row A, Seat 14, Category 1, HK$880, available". */
  seatLabel(seat: number): string;
  /** A category's colour dot. */
  swatch(color: string): unknown;
}

export class ListView {
  /** The open section; -1 lists the sections. */
  section = -1;
  /** The open row; -1 lists the open section's rows. */
  row = -1;

  constructor(
    readonly venue: Venue,
    private readonly host: ListHost,
  ) {}

  /** Opens the list at the section of `seat` (where the shopper was on the map), unless one is open. */
  showSeat(seat: number): void {
    if (this.section < 0 && seat >= 0) this.section = this.venue.rows[this.venue.rowOf[seat]!]!.section;
  }

  render() {
    const { venue, host } = this;
    const t = host.localize;
    const money = (amount: number, currency: string) => formatMoney(amount, currency, t.lang);
    if (this.section < 0) {
      return html`<div part="list">
        <p class="list-title" id="list-title">${t.term('seatListSections')}</p>
        <ul aria-labelledby="list-title">
          ${venue.sections.map((section, index) => {
            const free = venue.sectionFree(index);
            const category = venue.layout.categories[venue.rows[section.rowStart]!.category]!;
            return html`<li>
              <button type="button" class="button entry" ?disabled=${free === 0} @click=${() => this.openSection(index)}>
                <span>${t.text(section, 'name')}</span>
                <span class="meta">${t.term('seatListAvailable', free)} · ${t.text(category, 'name')} · ${money(category.price.amount, category.price.currency)}</span>
              </button>
            </li>`;
          })}
        </ul>
      </div>`;
    }
    const section = venue.sections[this.section]!;
    if (this.row < 0) {
      const rows = venue.rows.slice(section.rowStart, section.rowEnd);
      return html`<div part="list">
        <button type="button" class="link back" @click=${() => this.openSection(-1)}>${t.term('seatListBackToSections')}</button>
        <p class="list-title" id="list-title" tabindex="-1">${t.text(section, 'name')}</p>
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
    const row = venue.rows[this.row]!;
    const seats = Array.from({ length: row.count }, (_, k) => row.start + k);
    return html`<div part="list">
      <button type="button" class="link back" @click=${() => this.openRow(-1)}>${t.term('seatListBackToRows', t.text(section, 'name'))}</button>
      <p class="list-title" id="list-title" tabindex="-1">${t.text(section, 'name')}, ${t.term('seatListRow', row.label)}</p>
      <ul class="seats" aria-labelledby="list-title">
        ${seats.map((seat) => {
          const available = host.isAvailable(seat);
          return html`<li>
            <button
              type="button"
              part="seat"
              class="seat"
              aria-pressed=${host.selectedIndices.includes(seat)}
              aria-disabled=${!available}
              aria-label=${host.seatLabel(seat)}
              @click=${() => host.toggle(seat)}
            >
              ${host.swatch(venue.layout.categories[row.category]!.color)}${venue.number(seat)}
            </button>
          </li>`;
        })}
      </ul>
    </div>`;
  }

  private openSection(index: number): void {
    this.section = index;
    this.row = -1;
    this.refocus(index < 0 ? '[part="list"] button' : '.list-title');
  }

  private openRow(index: number): void {
    this.row = index;
    this.refocus('.list-title');
  }

  /** Re-renders, then moves the focus to the new level. */
  private refocus(selector: string): void {
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }
}
