/**
 * The seat map's model of a venue: every seat in flat typed arrays (100,000 seats cost a
 * few MB, not 100,000 objects), a uniform grid for culling and hit-testing, availability
 * as one byte per seat, and seat-by-seat navigation for the keyboard.
 */
import type {
  SeatAvailabilityChange,
  SeatAvailabilityResponse,
  VenueLayoutResponse,
} from '../../contract/api';

export const FREE = 0;
export const HELD = 1;
export const SOLD = 2;

export type Direction = 'left' | 'right' | 'up' | 'down';

export interface RowInfo {
  section: number;
  label: string;
  /** Index of the row's first seat in the seat arrays. */
  start: number;
  count: number;
  firstNumber: number;
  category: number;
  /** +1 when seat numbers run left to right on screen, −1 otherwise. */
  direction: 1 | -1;
}

export interface SectionInfo {
  id: string;
  name: string;
  /** Its name in other languages (shown through the element's `localize.text`). */
  translations?: Partial<Record<string, { name?: string }>>;
  rowStart: number;
  rowEnd: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export class Venue {
  readonly count: number;
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** Category index per seat (into `layout.categories`). */
  readonly category: Uint8Array;
  readonly rowOf: Uint32Array;
  readonly status: Uint8Array;
  readonly rows: RowInfo[] = [];
  readonly sections: SectionInfo[] = [];
  /** Typical distance between neighbouring seats, in layout units. */
  readonly pitch: number;
  /** Free seats per row, kept current for the zoomed-out view and the list mode. */
  readonly rowFree: Uint16Array;
  version = -1;

  readonly #rowIndex = new Map<string, number>();
  readonly #cell: number;
  readonly #cols: number;
  readonly #gridRows: number;
  readonly #cellStart: Uint32Array;
  readonly #cellItems: Uint32Array;

  constructor(readonly layout: VenueLayoutResponse) {
    const categoryIndex = new Map(layout.categories.map((c, i) => [c.id, i]));
    let total = 0;
    for (const s of layout.sections) for (const r of s.rows) total += r.seats;
    this.count = total;
    this.x = new Float32Array(total);
    this.y = new Float32Array(total);
    this.category = new Uint8Array(total);
    this.rowOf = new Uint32Array(total);
    this.status = new Uint8Array(total);
    const steps: number[] = [];
    let seat = 0;
    layout.sections.forEach((section, sectionIndex) => {
      const info: SectionInfo = {
        id: section.id,
        name: section.name,
        translations: section.translations,
        rowStart: this.rows.length,
        rowEnd: this.rows.length + section.rows.length,
        minX: Infinity,
        minY: Infinity,
        maxX: -Infinity,
        maxY: -Infinity,
      };
      for (const row of section.rows) {
        const rowIndex = this.rows.length;
        const start = seat;
        const cat = categoryIndex.get(row.category) ?? 0;
        for (let k = 0; k < row.seats; k++, seat++) {
          const px = row.points ? row.points[k * 2]! : row.x + row.dx * k;
          const py = row.points ? row.points[k * 2 + 1]! : row.y + row.dy * k;
          this.x[seat] = px;
          this.y[seat] = py;
          this.category[seat] = cat;
          this.rowOf[seat] = rowIndex;
          if (px < info.minX) info.minX = px;
          if (py < info.minY) info.minY = py;
          if (px > info.maxX) info.maxX = px;
          if (py > info.maxY) info.maxY = py;
        }
        if (row.seats > 1 && steps.length < 4096) {
          steps.push(Math.hypot(this.x[start + 1]! - this.x[start]!, this.y[start + 1]! - this.y[start]!));
        }
        const last = start + row.seats - 1;
        this.rows.push({
          section: sectionIndex,
          label: row.label,
          start,
          count: row.seats,
          firstNumber: row.firstNumber ?? 1,
          category: cat,
          direction: this.x[last]! >= this.x[start]! ? 1 : -1,
        });
        this.#rowIndex.set(`${section.id}:${row.label}`, rowIndex);
      }
      this.sections.push(info);
    });
    steps.sort((a, b) => a - b);
    this.pitch = steps.length ? Math.max(steps[steps.length >> 1]!, 1e-6) : 1;
    this.rowFree = new Uint16Array(this.rows.length);
    this.#recountRows();

    // Uniform grid, CSR layout: cell → range of seat indices. About 16 seats a cell.
    this.#cell = this.pitch * 4;
    this.#cols = Math.max(1, Math.ceil(layout.width / this.#cell) + 1);
    this.#gridRows = Math.max(1, Math.ceil(layout.height / this.#cell) + 1);
    const cells = this.#cols * this.#gridRows;
    const counts = new Uint32Array(cells + 1);
    const cellOf = new Uint32Array(total);
    for (let i = 0; i < total; i++) {
      const c = this.#cellAt(this.x[i]!, this.y[i]!);
      cellOf[i] = c;
      counts[c + 1]!++;
    }
    for (let c = 0; c < cells; c++) counts[c + 1]! += counts[c]!;
    this.#cellStart = counts;
    this.#cellItems = new Uint32Array(total);
    const fill = counts.slice(0, cells);
    for (let i = 0; i < total; i++) this.#cellItems[fill[cellOf[i]!]!++] = i;
  }

  #cellAt(x: number, y: number): number {
    const cx = Math.min(this.#cols - 1, Math.max(0, Math.floor(x / this.#cell)));
    const cy = Math.min(this.#gridRows - 1, Math.max(0, Math.floor(y / this.#cell)));
    return cy * this.#cols + cx;
  }

  /** Calls `visit` for every seat whose centre lies in the rectangle (cell-granular culling). */
  forEachIn(minX: number, minY: number, maxX: number, maxY: number, visit: (seat: number) => void): void {
    const c0 = Math.max(0, Math.floor(minX / this.#cell));
    const c1 = Math.min(this.#cols - 1, Math.floor(maxX / this.#cell));
    const r0 = Math.max(0, Math.floor(minY / this.#cell));
    const r1 = Math.min(this.#gridRows - 1, Math.floor(maxY / this.#cell));
    const start = this.#cellStart;
    const items = this.#cellItems;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * this.#cols + c;
        for (let k = start[cell]!, end = start[cell + 1]!; k < end; k++) visit(items[k]!);
      }
    }
  }

  /** The seat under a point (layout units), or −1. */
  hit(x: number, y: number): number {
    const reach = this.pitch * 0.6;
    let best = -1;
    let bestDistance = reach * reach;
    this.forEachIn(x - reach, y - reach, x + reach, y + reach, (i) => {
      const d = (this.x[i]! - x) ** 2 + (this.y[i]! - y) ** 2;
      if (d <= bestDistance) {
        bestDistance = d;
        best = i;
      }
    });
    return best;
  }

  number(seat: number): number {
    const row = this.rows[this.rowOf[seat]!]!;
    return row.firstNumber + (seat - row.start);
  }

  id(seat: number): string {
    const row = this.rows[this.rowOf[seat]!]!;
    return `${this.sections[row.section]!.id}:${row.label}:${row.firstNumber + (seat - row.start)}`;
  }

  indexOf(id: string): number {
    const last = id.lastIndexOf(':');
    const rowIndex = this.#rowIndex.get(id.slice(0, last));
    if (rowIndex === undefined) return -1;
    const row = this.rows[rowIndex]!;
    const offset = Number(id.slice(last + 1)) - row.firstNumber;
    return offset >= 0 && offset < row.count ? row.start + offset : -1;
  }

  /** Replaces availability with a snapshot; returns false for an older version. */
  applySnapshot(snapshot: SeatAvailabilityResponse): boolean {
    if (snapshot.version < this.version) return false;
    this.status.fill(FREE);
    this.#mark(snapshot.held, HELD);
    this.#mark(snapshot.sold, SOLD);
    this.version = snapshot.version;
    this.#recountRows();
    return true;
  }

  /**
   * Applies one change. Returns the seats it touched, or `null` when the change skipped a
   * version (a message was missed): the caller then reloads the snapshot.
   */
  applyChange(change: SeatAvailabilityChange): number[] | null {
    if (change.version <= this.version) return [];
    if (this.version >= 0 && change.version > this.version + 1) return null;
    const touched = [...this.#mark(change.free, FREE), ...this.#mark(change.held, HELD), ...this.#mark(change.sold, SOLD)];
    this.version = change.version;
    for (const seat of touched) this.#recountRow(this.rowOf[seat]!);
    return touched;
  }

  #mark(ids: readonly string[], status: number): number[] {
    const seats: number[] = [];
    for (const id of ids) {
      const seat = this.indexOf(id);
      if (seat >= 0) {
        this.status[seat] = status;
        seats.push(seat);
      }
    }
    return seats;
  }

  #recountRow(rowIndex: number): void {
    const row = this.rows[rowIndex]!;
    let free = 0;
    for (let i = row.start, end = row.start + row.count; i < end; i++) if (this.status[i] === FREE) free++;
    this.rowFree[rowIndex] = free;
  }

  #recountRows(): void {
    for (let r = 0; r < this.rows.length; r++) this.#recountRow(r);
  }

  get freeCount(): number {
    let free = 0;
    for (let r = 0; r < this.rowFree.length; r++) free += this.rowFree[r]!;
    return free;
  }

  sectionFree(section: number): number {
    const info = this.sections[section]!;
    let free = 0;
    for (let r = info.rowStart; r < info.rowEnd; r++) free += this.rowFree[r]!;
    return free;
  }

  /** The free seat nearest to a point, or −1 when nothing is free. */
  nearestFree(x: number, y: number): number {
    let best = -1;
    let bestDistance = Infinity;
    for (let i = 0; i < this.count; i++) {
      if (this.status[i] !== FREE) continue;
      const d = (this.x[i]! - x) ** 2 + (this.y[i]! - y) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return best;
  }

  /**
   * The seat a keyboard user reaches from `seat` with an arrow key. Left/right walk the row
   * (in screen order); up/down step to the neighbouring row of the section. Past the end of
   * a row or section the nearest seat in that screen direction is taken, so every seat of
   * the venue is reachable.
   */
  neighbor(seat: number, direction: Direction): number {
    const rowIndex = this.rowOf[seat]!;
    const row = this.rows[rowIndex]!;
    if (direction === 'left' || direction === 'right') {
      const step = (direction === 'right' ? 1 : -1) * row.direction;
      const next = seat + step;
      if (next >= row.start && next < row.start + row.count) return next;
      return this.#toward(seat, direction === 'right' ? 1 : -1, 0);
    }
    const dy = direction === 'down' ? 1 : -1;
    const section = this.sections[row.section]!;
    let best = -1;
    for (const candidate of [rowIndex - 1, rowIndex + 1]) {
      if (candidate < section.rowStart || candidate >= section.rowEnd) continue;
      const nearest = this.#nearestInRow(candidate, this.x[seat]!, this.y[seat]!);
      if ((this.y[nearest]! - this.y[seat]!) * dy > this.pitch * 0.25) {
        if (best < 0 || Math.abs(this.y[nearest]! - this.y[seat]!) < Math.abs(this.y[best]! - this.y[seat]!)) best = nearest;
      }
    }
    return best >= 0 ? best : this.#toward(seat, 0, dy);
  }

  #nearestInRow(rowIndex: number, x: number, y: number): number {
    const row = this.rows[rowIndex]!;
    let best = row.start;
    let bestDistance = Infinity;
    for (let i = row.start, end = row.start + row.count; i < end; i++) {
      const d = (this.x[i]! - x) ** 2 + (this.y[i]! - y) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return best;
  }

  /** Nearest seat in a screen direction, favouring seats straight ahead; `seat` itself when none. */
  #toward(seat: number, ux: number, uy: number): number {
    const x0 = this.x[seat]!;
    const y0 = this.y[seat]!;
    let best = seat;
    let bestScore = Infinity;
    const maxReach = Math.max(this.layout.width, this.layout.height);
    for (let reach = this.#cell * 2; reach <= maxReach * 2; reach *= 2) {
      this.forEachIn(x0 - reach, y0 - reach, x0 + reach, y0 + reach, (i) => {
        const dx = this.x[i]! - x0;
        const dy = this.y[i]! - y0;
        const along = dx * ux + dy * uy;
        if (along <= this.pitch * 0.25) return;
        const score = along + 3 * Math.abs(dx * uy - dy * ux);
        if (score < bestScore) {
          bestScore = score;
          best = i;
        }
      });
      if (best !== seat && bestScore <= reach) break;
    }
    return best;
  }
}
