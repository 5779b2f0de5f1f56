/**
 * Draws a venue on a 2D canvas. Only what the viewport shows is drawn (grid culling), and
 * the level of detail follows the zoom: rows as thick strokes when seats are a few pixels
 * wide (sections read as blocks), squares at mid zoom, circles with row labels up close.
 * Seats of one style share one path, so a frame costs a handful of fill calls. The
 * selection and the focus ring are not on the canvas: they are SVG shapes over it
 * (`drawOverlay`), so selecting a seat never redraws the venue.
 */
import { FREE, type Venue } from './venue';

/** screen = layout × scale + (tx, ty), in CSS pixels. */
export interface Camera {
  scale: number;
  tx: number;
  ty: number;
}

/** The canvas's colours, read from the stylesheet (the overlay takes its own from CSS). */
export interface Palette {
  unavailable: string;
  text: string;
  stage: string;
}

export interface Scene {
  venue: Venue;
  camera: Camera;
  width: number;
  height: number;
  dpr: number;
  palette: Palette;
  /** The stage's label as the shopper reads it (else the layout's own). */
  stageLabel?: string | undefined;
  selected: ReadonlySet<number>;
  focus: number;
  showFocus: boolean;
}

/** Seat size on screen below which rows are drawn as strokes. */
export const BLOCK_PITCH = 4;
const CIRCLE_PITCH = 10;
const LABEL_PITCH = 18;

const buckets: number[][] = [];

function setCamera(ctx: CanvasRenderingContext2D, scene: Scene): void {
  const { dpr, camera } = scene;
  ctx.setTransform(dpr * camera.scale, 0, 0, dpr * camera.scale, dpr * camera.tx, dpr * camera.ty);
}

/**
 * The venue itself (stage, seats by category and availability, labels) — what a pan only
 * translates, so the element keeps it in an offscreen bitmap and redraws it only on zoom,
 * on an availability change or when the pan leaves the bitmap's margin.
 */
export function drawBase(ctx: CanvasRenderingContext2D, scene: Scene): void {
  const { venue, camera, width, height, dpr, palette } = scene;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width * dpr, height * dpr);
  setCamera(ctx, scene);

  const minX = -camera.tx / camera.scale;
  const minY = -camera.ty / camera.scale;
  const maxX = (width - camera.tx) / camera.scale;
  const maxY = (height - camera.ty) / camera.scale;
  const pitch = venue.pitch;
  const pitchPx = pitch * camera.scale;
  const categories = venue.layout.categories;

  const stage = venue.layout.stage;
  if (stage) {
    ctx.fillStyle = palette.stage;
    ctx.fillRect(stage.x, stage.y, stage.width, stage.height);
  }

  if (pitchPx < BLOCK_PITCH) {
    drawRows(ctx, scene, minX - pitch, minY - pitch, maxX + pitch, maxY + pitch);
  } else {
    const styles = categories.length + 1;
    for (let s = 0; s < styles; s++) (buckets[s] ??= []).length = 0;
    const unavailable = categories.length;
    const pad = pitch;
    venue.forEachIn(minX - pad, minY - pad, maxX + pad, maxY + pad, (i) => {
      buckets[venue.status[i] === FREE ? venue.category[i]! : unavailable]!.push(i);
    });
    const circles = pitchPx >= CIRCLE_PITCH;
    for (let s = 0; s < styles; s++) {
      const seats = buckets[s]!;
      if (!seats.length) continue;
      ctx.fillStyle = s === unavailable ? palette.unavailable : categories[s]!.color;
      fillSeats(ctx, venue, seats, pitch * 0.4, circles);
    }
    if (pitchPx >= LABEL_PITCH) drawRowLabels(ctx, scene, minX, minY, maxX, maxY);
  }

  if (stage && stage.height * camera.scale > 14) {
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = palette.text;
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(scene.stageLabel ?? stage.label, (stage.x + stage.width / 2) * camera.scale + camera.tx, (stage.y + stage.height / 2) * camera.scale + camera.ty);
  }
}

function fillSeats(ctx: CanvasRenderingContext2D, venue: Venue, seats: Iterable<number>, r: number, circles: boolean): void {
  ctx.beginPath();
  for (const i of seats) {
    const x = venue.x[i]!;
    const y = venue.y[i]!;
    if (circles) {
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, Math.PI * 2);
    } else {
      ctx.rect(x - r, y - r, r * 2, r * 2);
    }
  }
  ctx.fill();
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The overlay's two groups and what they show, so an unchanged part is not rebuilt. */
interface OverlayNodes {
  seats: SVGGElement;
  focus: SVGGElement;
  seatsKey: string;
  transform: string;
  focusKey: string;
}
const overlays = new WeakMap<SVGSVGElement, OverlayNodes>();

function shape<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, String(value));
  return el;
}

/**
 * What changes with the shopper's every move — the selected seats and the keyboard focus
 * ring — as a few SVG shapes over the canvas (colours from the stylesheet). A click or a
 * focus move repaints those shapes only: the canvas, and its cached venue layer, stay as
 * they are. A pan moves the seats' group with one transform.
 */
export function drawOverlay(svg: SVGSVGElement, scene: Scene): void {
  let nodes = overlays.get(svg);
  if (!nodes) {
    nodes = { seats: shape('g', { class: 'selected' }), focus: shape('g', { class: 'focus' }), seatsKey: '', transform: '', focusKey: '' };
    svg.replaceChildren(nodes.seats, nodes.focus);
    overlays.set(svg, nodes);
  }
  const { venue, camera } = scene;
  const pitch = venue.pitch;
  const pitchPx = pitch * camera.scale;
  // Zoomed out, selected seats stay visible however far out the shopper zooms.
  const blocks = pitchPx < BLOCK_PITCH;
  const circles = blocks || pitchPx >= CIRCLE_PITCH;
  const r = blocks ? Math.max(pitch, 3 / camera.scale) : pitch * 0.4;
  const seatsKey = `${blocks}|${circles}|${r}|${[...scene.selected].join()}`;
  if (seatsKey !== nodes.seatsKey) {
    nodes.seatsKey = seatsKey;
    const shapes: SVGElement[] = [];
    for (const i of scene.selected) {
      const x = venue.x[i]!;
      const y = venue.y[i]!;
      shapes.push(circles ? shape('circle', { cx: x, cy: y, r }) : shape('rect', { x: x - r, y: y - r, width: r * 2, height: r * 2 }));
      if (circles && !blocks) {
        // A ring in the category colour keeps "selected" legible without relying on colour alone.
        const color = venue.layout.categories[venue.category[i]!]?.color;
        shapes.push(shape('circle', { class: 'ring', cx: x, cy: y, r: pitch * 0.22, 'stroke-width': pitch * 0.12, ...(color ? { stroke: color } : {}) }));
      }
    }
    nodes.seats.replaceChildren(...shapes);
  }
  const transform = `matrix(${camera.scale} 0 0 ${camera.scale} ${camera.tx} ${camera.ty})`;
  if (transform !== nodes.transform) {
    nodes.transform = transform;
    nodes.seats.setAttribute('transform', transform);
  }
  let focusKey = '';
  let sx = 0;
  let sy = 0;
  let radius = 0;
  if (scene.showFocus && scene.focus >= 0) {
    sx = venue.x[scene.focus]! * camera.scale + camera.tx;
    sy = venue.y[scene.focus]! * camera.scale + camera.ty;
    radius = Math.max(6, pitchPx * 0.6);
    focusKey = `${sx}|${sy}|${radius}`;
  }
  if (focusKey !== nodes.focusKey) {
    nodes.focusKey = focusKey;
    if (!focusKey) nodes.focus.replaceChildren();
    else nodes.focus.replaceChildren(shape('circle', { class: 'halo', cx: sx, cy: sy, r: radius + 2 }), shape('circle', { class: 'ring', cx: sx, cy: sy, r: radius }));
  }
}

/** Zoomed out: one stroke per row (a polyline through a subset of its seats for curved rows). */
function drawRows(ctx: CanvasRenderingContext2D, scene: Scene, minX: number, minY: number, maxX: number, maxY: number) {
  const { venue, palette } = scene;
  const categories = venue.layout.categories;
  const step = Math.max(1, Math.floor(BLOCK_PITCH / Math.max(venue.pitch * scene.camera.scale, 0.01)));
  ctx.lineWidth = venue.pitch * 1.1;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (let style = 0; style <= categories.length; style++) {
    ctx.beginPath();
    let any = false;
    venue.sections.forEach((section) => {
      if (section.maxX < minX || section.minX > maxX || section.maxY < minY || section.minY > maxY) return;
      for (let r = section.rowStart; r < section.rowEnd; r++) {
        const row = venue.rows[r]!;
        const rowStyle = venue.rowFree[r]! > 0 ? row.category : categories.length;
        if (rowStyle !== style) continue;
        any = true;
        const last = row.start + row.count - 1;
        ctx.moveTo(venue.x[row.start]!, venue.y[row.start]!);
        for (let i = row.start + step; i < last; i += step) ctx.lineTo(venue.x[i]!, venue.y[i]!);
        ctx.lineTo(venue.x[last]! + 1e-3, venue.y[last]!);
      }
    });
    if (!any) continue;
    ctx.strokeStyle = style === categories.length ? palette.unavailable : categories[style]!.color;
    ctx.stroke();
  }
}

function drawRowLabels(ctx: CanvasRenderingContext2D, scene: Scene, minX: number, minY: number, maxX: number, maxY: number) {
  const { venue, camera, dpr, palette } = scene;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = palette.text;
  ctx.font = `${Math.min(14, venue.pitch * camera.scale * 0.5)}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const row of venue.rows) {
    const first = row.start;
    const x = venue.x[first]!;
    const y = venue.y[first]!;
    if (x < minX || x > maxX || y < minY || y > maxY) continue;
    // One pitch before the first seat, along the row.
    const next = row.count > 1 ? first + 1 : first;
    const ux = row.count > 1 ? (venue.x[next]! - x) / venue.pitch : 1;
    const uy = row.count > 1 ? (venue.y[next]! - y) / venue.pitch : 0;
    const lx = (x - ux * venue.pitch) * camera.scale + camera.tx;
    const ly = (y - uy * venue.pitch) * camera.scale + camera.ty;
    ctx.fillText(row.label, lx, ly);
  }
}
