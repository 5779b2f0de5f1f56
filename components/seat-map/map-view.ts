/**
 * The canvas side of `ck-seat-map`: camera (zoom, pan, pinch), drawing with a cached venue
 * layer, hit-testing and keyboard navigation seat by seat. Loaded on demand (views.ts).
 */
import { BLOCK_PITCH, drawBase, drawOverlay, type Camera, type Palette } from './renderer';
import type { Direction, Venue } from './venue';

const KEY_DIRECTIONS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
/** Seat size (CSS px) the camera zooms to when a keyboard user starts moving seat by seat. */
const KEYBOARD_PITCH = 22;

/** What the view needs from its element. */
export interface MapHost {
  readonly renderRoot: ParentNode;
  /** The stage's label in the shopper's language (drawn on the canvas). */
  readonly stageLabel: string | undefined;
  readonly selectedIndices: readonly number[];
  focusSeat: number;
  isAvailable(seat: number): boolean;
  toggle(seat: number): void;
  /** Moves the keyboard focus to a seat (the element announces it). */
  moveFocus(seat: number): void;
}

export class MapView {
  camera: Camera = { scale: 1, tx: 0, ty: 0 };
  size = { width: 0, height: 0 };
  showFocus = false;
  private fitted = false;
  private frame = 0;
  private palette?: Palette;
  private paletteKey = '';
  private paletteReadAt = 0;
  /** The venue drawn at the current zoom into an offscreen bitmap with a margin, so a pan is one blit. */
  private base?: { canvas: HTMLCanvasElement; scale: number; tx: number; ty: number; width: number; height: number; dpr: number; margin: number; key: string };
  /** Bumped whenever seat states change, which invalidates the bitmap. */
  private baseVersion = 0;
  /** Bumped whenever the bitmap is drawn again. */
  private baseDraws = 0;
  /** What the on-screen canvas shows (bitmap and offset): a frame that would show the same leaves the canvas alone. */
  private shown = '';
  private resizeObserver?: ResizeObserver;
  private pointers = new Map<number, { x: number; y: number }>();
  private pointerDown?: { x: number; y: number };
  private dragged = false;
  private area?: HTMLElement;
  private canvas?: HTMLCanvasElement;
  private overlay?: SVGSVGElement;
  /** A canvas whose context the browser dropped and restored is blank: draw everything again. */
  private readonly restored = () => {
    this.base = undefined;
    this.shown = '';
    this.scheduleDraw();
  };

  constructor(
    readonly venue: Venue,
    private readonly host: MapHost,
  ) {}

  /** Binds the view to the element's map area, canvas and overlay (again after a re-render swapped them). */
  attach(area: HTMLElement, canvas: HTMLCanvasElement, overlay?: SVGSVGElement): void {
    if (this.area === area && this.canvas === canvas && this.overlay === overlay) return;
    this.detach();
    this.area = area;
    this.canvas = canvas;
    this.overlay = overlay;
    this.shown = '';
    canvas.addEventListener('contextrestored', this.restored);
    this.observeSize();
  }

  detach(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.canvas?.removeEventListener('contextrestored', this.restored);
    this.area = undefined;
    this.canvas = undefined;
    this.overlay = undefined;
  }

  /** The theme may have changed: read the colours again at the next frame. */
  invalidatePalette(): void {
    this.paletteReadAt = 0;
  }

  /** Shows the keyboard focus ring while the map has focus. */
  setFocusVisible(visible: boolean): void {
    this.showFocus = visible;
    this.scheduleDraw();
  }

  /** Seat states changed: redraw the venue layer. */
  invalidate(): void {
    this.baseVersion++;
    this.paletteReadAt = 0;
    this.scheduleDraw();
  }


  observeSize(): void {
    this.resizeObserver?.disconnect();
    const area = this.area;
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
    return 48 / (this.venue.pitch);
  }

  fit(): void {
    const venue = this.venue;
    if (!venue || !this.size.width) return;
    const { width, height } = this.size;
    const scale = Math.min(width / venue.layout.width, height / venue.layout.height) * 0.96;
    this.camera = { scale, tx: (width - venue.layout.width * scale) / 2, ty: (height - venue.layout.height * scale) / 2 };
    this.fitted = true;
    this.scheduleDraw();
  }

  zoomAt(factor: number, sx = this.size.width / 2, sy = this.size.height / 2): void {
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
  reveal(seat: number): void {
    const venue = this.venue;
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

  scheduleDraw(): void {
    if (this.frame || !this.canvas) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.paint();
    });
  }

  private readPalette(): Palette {
    const now = performance.now();
    if (this.palette && now - this.paletteReadAt < 500) return this.palette;
    const probe = (name: string) => {
      const el = this.host.renderRoot.querySelector<HTMLElement>(`[data-probe="${name}"]`);
      return el ? getComputedStyle(el).color : '#888';
    };
    this.palette = {
      unavailable: probe('unavailable'),
      text: probe('text'),
      stage: probe('stage'),
    };
    this.paletteReadAt = now;
    this.paletteKey = Object.values(this.palette).join('|');
    return this.palette;
  }

  /**
   * Draws one frame now (the benchmark and the tests call it through rAF as well). The canvas
   * is drawn only when what it shows changed (a pan, a zoom, seat states, the theme, its size);
   * a selection or a focus move only updates the SVG overlay.
   */
  paint(): void {
    const canvas = this.canvas;
    const venue = this.venue;
    if (!canvas || !venue || !this.size.width) return;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(this.size.width * dpr);
    const h = Math.round(this.size.height * dpr);
    if (canvas.width !== w || canvas.height !== h) {
      // Resizing clears the canvas.
      canvas.width = w;
      canvas.height = h;
      this.shown = '';
    }
    const palette = this.readPalette();
    const { width, height } = this.size;
    const camera = this.camera;
    const margin = Math.round(Math.max(width, height) * 0.25);
    const stageLabel = this.host.stageLabel;
    const key = `${this.baseVersion}|${this.paletteKey}|${stageLabel}|${dpr}|${width}x${height}|${camera.scale}`;
    let base = this.base;
    if (!base || base.key !== key || Math.abs(camera.tx - base.tx) > margin || Math.abs(camera.ty - base.ty) > margin) {
      let bitmap = base?.canvas;
      if (!bitmap) {
        bitmap = document.createElement('canvas');
        bitmap.addEventListener('contextrestored', this.restored);
      }
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
        stageLabel,
        selected: new Set(),
        focus: -1,
        showFocus: false,
      });
      base = { canvas: bitmap, scale: camera.scale, tx: camera.tx, ty: camera.ty, width, height, dpr, margin, key };
      this.base = base;
      this.baseDraws++;
    }
    const dx = Math.round((camera.tx - base.tx - base.margin) * dpr);
    const dy = Math.round((camera.ty - base.ty - base.margin) * dpr);
    const shown = `${this.baseDraws}|${dx}|${dy}|${w}x${h}`;
    if (shown !== this.shown) {
      const ctx = canvas.getContext('2d', { alpha: true });
      if (!ctx) return;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, w, h);
      ctx.drawImage(base.canvas, dx, dy);
      this.shown = shown;
    }
    if (this.overlay) {
      drawOverlay(this.overlay, {
        venue,
        camera,
        width,
        height,
        dpr,
        palette,
        selected: new Set(this.host.selectedIndices),
        focus: this.host.focusSeat,
        showFocus: this.showFocus,
      });
    }
  }

  private localPoint(event: PointerEvent | WheelEvent): { x: number; y: number } {
    const rect = this.canvas!.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  onWheel(event: WheelEvent): void {
    event.preventDefault();
    const p = this.localPoint(event);
    const delta = event.deltaMode === 1 ? event.deltaY * 33 : event.deltaY;
    this.zoomAt(Math.exp(-delta * 0.0015), p.x, p.y);
  }

  onPointerDown(event: PointerEvent): void {
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

  onPointerMove(event: PointerEvent): void {
    const previous = this.pointers.get(event.pointerId);
    const p = this.localPoint(event);
    if (!previous) {
      const seat = this.seatAt(p);
      this.canvas!.style.cursor = seat >= 0 && this.host.isAvailable(seat) ? 'pointer' : 'grab';
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

  onPointerUp(event: PointerEvent): void {
    if (!this.pointers.has(event.pointerId)) return;
    this.pointers.delete(event.pointerId);
    if (event.type === 'pointerup' && this.pointers.size === 0 && !this.dragged) {
      const seat = this.seatAt(this.localPoint(event));
      if (seat >= 0) {
        this.host.focusSeat = seat;
        this.showFocus = false;
        this.host.toggle(seat);
      }
    }
  }

  private seatAt(p: { x: number; y: number }): number {
    const venue = this.venue;
    if (!venue) return -1;
    const c = this.camera;
    return venue.hit((p.x - c.tx) / c.scale, (p.y - c.ty) / c.scale);
  }

  onMapKeydown(event: KeyboardEvent): void {
    const venue = this.venue;
    if (!venue) return;
    const direction = KEY_DIRECTIONS[event.key];
    let handled = true;
    this.showFocus = true;
    if (direction) {
      const firstMove = venue.pitch * this.camera.scale < BLOCK_PITCH * 2;
      const next = firstMove ? this.host.focusSeat : venue.neighbor(this.host.focusSeat, direction);
      this.host.moveFocus(next);
    } else if (event.key === 'Enter' || event.key === ' ') {
      this.host.toggle(this.host.focusSeat);
    } else if (event.key === 'Home' || event.key === 'End') {
      const row = venue.rows[venue.rowOf[this.host.focusSeat]!]!;
      this.host.moveFocus(event.key === 'Home' ? row.start : row.start + row.count - 1);
    } else if (event.key === 'PageDown' || event.key === 'PageUp') {
      const row = venue.rows[venue.rowOf[this.host.focusSeat]!]!;
      const count = venue.sections.length;
      const section = venue.sections[(row.section + (event.key === 'PageDown' ? 1 : count - 1)) % count]!;
      this.host.moveFocus(venue.rows[section.rowStart]!.start);
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

}
