/**
 * Benchmark (not a test) of ck-seat-map on the ~100,000-seat demo arena and a bench-only
 * ~250,000-seat arena in Chromium: time to first render, frame times while panning and
 * click → painted frame at three zoom levels, and JS heap. Prints the "## Seat map" section and writes it into BENCHMARKS.md.
 *
 *   node --import tsx tests/bench/seat-map.bench.ts [--quick] [--no-write]
 *
 * (`npm run bench` runs it as the seat-map section of tests/bench/run.mjs.)
 */
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { execSync } from 'node:child_process';
import { build } from 'esbuild';
import { launchChromium } from '../helpers/chromium';

const root = resolve(import.meta.dirname, '../..');
const quick = process.argv.includes('--quick');
const FRAMES = quick ? 40 : 240;
const SELECTIONS = quick ? 5 : 30;
/** Print the section without writing it into BENCHMARKS.md (for side-by-side runs of two commits). */
const noWrite = process.argv.includes('--no-write');
const load = loadavg();

/**
 * Figures of earlier code measured with this same bench, kept in the section as the baseline
 * the current figures are compared with (lines of markdown, ending with an empty line).
 */
const HISTORY: string[] = [];

// The element and the in-page API stand-in (the catalog's own arena generator), bundled
// minified and in Lit's production mode, as a merchant page would load it.
const bundle = await build({
  stdin: {
    contents: `import '../../components/seat-map/define';
      import { demoLayout, mockSeatApi, seatIds } from '../helpers/seat-map-mock';
      import { generateVenue, toWireLayout } from '../../server/catalog/venues';
      window.__bench = { demoLayout, mockSeatApi, seatIds, generateVenue, toWireLayout };`,
    resolveDir: resolve(root, 'tests/bench'),
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2022',
  write: false,
  tsconfig: resolve(root, 'tsconfig.json'),
  logLevel: 'error',
});
const js = bundle.outputFiles[0]!.text;
const page = `<!doctype html><html lang="en"><meta charset="utf-8"><title>seat map bench</title>
<body style="margin:0"><div id="host" style="inline-size:1200px;padding:8px"></div><script type="module" src="/bench.js"></script></body></html>`;

const server = createServer((req, res) => {
  if (req.url === '/bench.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
  res.writeHead(200, { 'content-type': 'text/html' }).end(page);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const address = server.address();
const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 2 });
const tab = await context.newPage();
const cdp = await context.newCDPSession(tab);
await tab.goto(origin);
await tab.waitForFunction('window.__bench');

/** JS heap plus ArrayBuffer backing stores (the venue's typed arrays live there). */
async function heap(): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  return usage.usedSize + (usage.backingStorageSize ?? 0);
}

/**
 * A bench-only venue of about 250,000 seats: the demo arena with a larger floor and a fourth
 * ring, from the catalog's own generator (not in the demo catalog).
 */
const BIG_ARENA = {
  kind: 'arena',
  id: 'bench-arena-250k',
  name: 'Bench Arena 250k',
  floor: { rows: 70, seats: 110, category: 'floor' },
  rings: [
    { name: 'Lower', sections: 24, rows: 38, category: 'lower', premiumCategory: 'lower-centre' },
    { name: 'Middle', sections: 30, rows: 44, category: 'middle' },
    { name: 'Upper', sections: 36, rows: 50, category: 'upper' },
    { name: 'Gallery', sections: 48, rows: 80, category: 'upper' },
  ],
  seatPitch: 5,
  rowDepth: 8,
};

// Page code is passed as strings: tsx would wrap named inner functions in __name().
// The layouts are generated before timing starts: on a real page they come over the network.
await tab.evaluate(`(() => {
  const { demoLayout, seatIds, generateVenue, toWireLayout } = window.__bench;
  const soldOf = (layout) => seatIds(layout).filter((_, i) => ((i * 2654435761) >>> 0) % 1000 < 300);
  const arena = demoLayout('arena');
  const big = toWireLayout(generateVenue(${JSON.stringify(BIG_ARENA)}), { id: 'bench-250k', categories: arena.categories, maxSeatsPerOrder: 8 });
  window.__venues = { arena: { layout: arena, sold: soldOf(arena) }, big: { layout: big, sold: soldOf(big) } };
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  window.__frames = async (n) => { for (let i = 0; i < n; i++) await frame(); };
  let mock;
  // Mounts a seat map for one venue and resolves when its first frame is painted.
  window.__mount = async (which) => {
    window.__el?.remove();
    mock?.restore();
    const { layout, sold } = window.__venues[which];
    mock = window.__bench.mockSeatApi({ events: { [layout.eventId]: layout }, sold, delay: 0 });
    const host = document.getElementById('host');
    const started = performance.now();
    const el = document.createElement('ck-seat-map');
    el.setAttribute('event-id', layout.eventId);
    el.setAttribute('hold', 'off');
    el.style.setProperty('--ck-seat-map-height', '720px');
    host.append(el);
    window.__el = el;
    let painted = 0;
    await new Promise((resolve) => {
      const check = () => {
        const map = el.map;
        if (map && !map.__timed) {
          map.__timed = true;
          const paint = map.paint.bind(map);
          map.paint = () => { paint(); if (!painted && map.size.width) painted = performance.now(); };
        }
        return painted ? resolve() : requestAnimationFrame(check);
      };
      check();
    });
    delete el.map.paint;
    return { ms: painted - started, seats: el.venue.count, sections: el.venue.sections.length };
  };
  // The three zoom levels: whole venue (rows as blocks), mid (squares), close (circles + labels).
  window.__zoom = (level) => {
    const el = window.__el; const map = el.map;
    map.fit();
    const target = { whole: 0, mid: 6, close: 22 }[level];
    if (target) {
      const scale = target / el.venue.pitch;
      const seat = el.venue.nearestFree(el.venue.layout.width / 2, el.venue.layout.height * 0.8);
      map.camera = { scale, tx: map.size.width / 2 - el.venue.x[seat] * scale, ty: map.size.height / 2 - el.venue.y[seat] * scale };
    }
    map.scheduleDraw();
  };
  // Drags the map one step per animation frame, with two seats in view selected (their marks
  // move with the venue); records frame intervals and draw times.
  window.__pan = async (level, count) => {
    const el = window.__el; const map = el.map; const venue = el.venue;
    window.__zoom(level);
    const c = map.camera;
    for (const f of [0.45, 0.55]) el.toggle(venue.nearestFree((map.size.width * f - c.tx) / c.scale, (map.size.height / 2 - c.ty) / c.scale));
    if (el.selectedSeats.length !== 2) throw new Error('could not select two seats to pan with');
    await window.__frames(3);
    const draws = [];
    const paint = map.paint.bind(map);
    map.paint = () => { const s = performance.now(); paint(); draws.push(performance.now() - s); };
    const canvas = el.shadowRoot.querySelector('canvas');
    const rect = canvas.getBoundingClientRect();
    let x = rect.left + rect.width / 2;
    const y = rect.top + rect.height / 2;
    const opts = (cx) => ({ clientX: cx, clientY: y, pointerId: 7, bubbles: true, button: 0, pointerType: 'mouse', isPrimary: true });
    canvas.dispatchEvent(new PointerEvent('pointerdown', opts(x)));
    const frames = [];
    let last = 0;
    await new Promise((resolve) => {
      let n = 0;
      const step = (t) => {
        if (last) frames.push(t - last);
        last = t;
        if (n++ >= count) return resolve();
        x += (Math.floor(n / 60) % 2 ? -6 : 6);
        canvas.dispatchEvent(new PointerEvent('pointermove', opts(x)));
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
    canvas.dispatchEvent(new PointerEvent('pointerup', opts(x)));
    delete map.paint;
    el.clearSelection();
    return { frames, draws, pitch: el.venue.pitch * map.camera.scale };
  };
  // Clicks free seats in the middle of the view, each once to select it and once to remove it,
  // at a random moment within a frame (as a shopper's click lands): ms from the click to
  // ck-seat-select, and to the next frame painted — the frame's requestAnimationFrame callbacks,
  // style, layout and paint done (a task posted from the frame's last rAF callback runs after them).
  window.__select = async (level, count) => {
    const el = window.__el; const map = el.map; const venue = el.venue;
    window.__zoom(level);
    await window.__frames(3);
    const canvas = el.shadowRoot.querySelector('canvas');
    const rect = canvas.getBoundingClientRect();
    const c = map.camera;
    let seed = 20311;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const events = []; const frames = []; let missed = 0;
    for (let k = 0; k < count; k++) {
      const lx = (map.size.width * (0.2 + 0.6 * random()) - c.tx) / c.scale;
      const ly = (map.size.height * (0.2 + 0.6 * random()) - c.ty) / c.scale;
      const seat = venue.nearestFree(lx, ly);
      if (seat < 0 || venue.hit(venue.x[seat], venue.y[seat]) !== seat) { missed++; continue; }
      const opts = { clientX: rect.left + venue.x[seat] * c.scale + c.tx, clientY: rect.top + venue.y[seat] * c.scale + c.ty, pointerId: 9, bubbles: true, button: 0, pointerType: 'mouse', isPrimary: true };
      for (let pass = 0; pass < 2; pass++) {
        await window.__frames(2);
        await new Promise((r) => setTimeout(r, random() * 16));
        let selected = 0;
        const listener = () => (selected = performance.now());
        el.addEventListener('ck-seat-select', listener, { once: true });
        const start = performance.now();
        canvas.dispatchEvent(new PointerEvent('pointerdown', opts));
        canvas.dispatchEvent(new PointerEvent('pointerup', opts));
        const painted = await new Promise((r) => requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => r(performance.now());
          channel.port2.postMessage(0);
        }));
        el.removeEventListener('ck-seat-select', listener);
        const ok = pass === 0 ? el.selectedSeats.length === 1 : el.selectedSeats.length === 0;
        if (!selected || !ok) throw new Error('click ' + k + '/' + pass + ' at ' + level + ' zoom did not ' + (pass ? 'remove' : 'select') + ' seat ' + venue.id(seat));
        events.push(selected - start);
        frames.push(painted - start);
      }
    }
    return { events, frames, missed, pitch: venue.pitch * map.camera.scale };
  };
})()`);

interface Pan {
  frames: number[];
  draws: number[];
  pitch: number;
}
interface Selection {
  events: number[];
  frames: number[];
  missed: number;
  pitch: number;
}
const LEVELS = ['whole', 'mid', 'close'] as const;
type Level = (typeof LEVELS)[number];
const pan = async (level: Level) => (await tab.evaluate(`window.__pan('${level}', ${FRAMES})`)) as Pan;
const select = async (level: Level) => (await tab.evaluate(`window.__select('${level}', ${SELECTIONS})`)) as Selection;
const perLevel = async <T>(measure: (level: Level) => Promise<T>): Promise<Record<Level, T>> => {
  const out = {} as Record<Level, T>;
  for (const level of LEVELS) out[level] = await measure(level);
  return out;
};

const heapBefore = await heap();
const firstRender = (await tab.evaluate(`window.__mount('arena')`)) as { ms: number; seats: number; sections: number };
const heapAfter = await heap();
const panning = await perLevel(pan);
const selection = await perLevel(select);

const bigRender = (await tab.evaluate(`window.__mount('big')`)) as { ms: number; seats: number; sections: number };
const bigPanning = await perLevel(pan);
const bigSelection = await perLevel(select);

const chromium = (await browser.version()) || 'Chromium';
await browser.close();
server.close();

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
const ZOOM_NAMES: Record<Level, string> = {
  whole: 'whole venue, rows as blocks',
  mid: 'mid zoom, seats as squares',
  close: 'close zoom, seats as circles + row labels',
};
const row = (level: Level, p: Pan) =>
  `| ${ZOOM_NAMES[level]} (${p.pitch.toFixed(1)} px/seat) | ${ms(pct(p.frames, 50))} | ${ms(pct(p.frames, 95))} | ${ms(Math.max(...p.frames))} | ${ms(pct(p.draws, 50))} | ${ms(pct(p.draws, 95))} | ${(1000 / pct(p.frames, 50)).toFixed(0)} |`;
const selectionRow = (level: Level, s: Selection) =>
  `| ${ZOOM_NAMES[level]} (${s.pitch.toFixed(1)} px/seat) | ${s.frames.length} | ${ms(pct(s.events, 50))} / ${ms(pct(s.events, 95))} | ${ms(pct(s.frames, 50))} | **${ms(pct(s.frames, 95))}** | ${ms(Math.max(...s.frames))} |`;
const worst = <T>(of: Record<Level, T>, figure: (t: T) => number) => Math.max(...LEVELS.map((l) => figure(of[l])));

let commit = 'unknown';
try {
  commit = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim();
} catch {
  // Not a git checkout: the figures stand without it.
}
const [loadBefore] = load;
const loadAfter = loadavg()[0]!;

const markdown = [
  '## Seat map (100k and 250k seats)',
  '',
  `Measured ${new Date().toISOString().slice(0, 16)}Z on ${cpus()[0]?.model.trim() ?? 'CPU'} (${cpus().length} cores as seen by Node, shared with other work: 1-minute load average ${loadBefore!.toFixed(1)} before, ${loadAfter.toFixed(1)} after), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
    `Node ${process.version}, Chromium ${chromium.replace(/^[^\d]*/, '')} headless with \`--disable-gpu\` (canvas rasterised on the CPU), commit ${commit}${quick ? ' — **quick run, not for publishing**' : ''}.`,
  '',
  `Venue: the demo catalog's Victoria Arena, ${firstRender.seats.toLocaleString('en')} seats in ${firstRender.sections} sections, 30 % sold; viewport 1280×900 at devicePixelRatio 2 (canvas 2368×1440 device pixels).`,
  '',
  '| figure | value |',
  '|---|---:|',
  `| time to first render (layout JSON → parsed → indexed → first frame painted) | ${ms(firstRender.ms)} |`,
  `| JS heap + array buffers after load (GC'd, minus the page before the element) | ${((heapAfter - heapBefore) / 2 ** 20).toFixed(1)} MiB |`,
  '',
  `Selection: ${SELECTIONS} free seats in the middle of the view at each zoom, each clicked twice (selected, then removed), every click`,
  'at a random moment within a frame as a shopper\'s lands. "Painted" is the end of the next frame\'s main-thread work',
  '(its `requestAnimationFrame` callbacks, style, layout and paint: a task posted from the frame\'s last rAF callback runs',
  'after them), so the figure includes waiting for that frame (0–16.7 ms at 60 Hz).',
  '',
  '| zoom | clicks | click → `ck-seat-select` p50 / p95 | click → painted p50 | click → painted p95 | max |',
  '|---|---:|---:|---:|---:|---:|',
  ...LEVELS.map((l) => selectionRow(l, selection[l])),
  '',
  `Panning: a pointer drag of 6 px per animation frame for ${FRAMES} frames at three zoom levels, two seats selected; frame time is`,
  'the interval between `requestAnimationFrame` callbacks (rasterisation included), paint call the JS time of one redraw.',
  '',
  '| zoom | frame p50 | frame p95 | frame max | paint call p50 | paint call p95 | fps (p50) |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...LEVELS.map((l) => row(l, panning[l])),
  '',
  `### ${bigRender.seats.toLocaleString('en')} seats`,
  '',
  `A bench-only arena (\`BIG_ARENA\` in the bench, the catalog's generator with a larger floor and a fourth ring; not in the demo catalog),`,
  `${bigRender.seats.toLocaleString('en')} seats in ${bigRender.sections} sections, 30 % sold, same page, viewport and method.`,
  '',
  '| figure | value |',
  '|---|---:|',
  `| time to first render (layout JSON → parsed → indexed → first frame painted) | ${ms(bigRender.ms)} |`,
  '',
  '| zoom | clicks | click → `ck-seat-select` p50 / p95 | click → painted p50 | click → painted p95 | max |',
  '|---|---:|---:|---:|---:|---:|',
  ...LEVELS.map((l) => selectionRow(l, bigSelection[l])),
  '',
  '| zoom | frame p50 | frame p95 | frame max | paint call p50 | paint call p95 | fps (p50) |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...LEVELS.map((l) => row(l, bigPanning[l])),
  '',
  ...HISTORY,
  'How: `node --import tsx tests/bench/seat-map.bench.ts` (part of `npm run bench`). The element and the catalog\'s',
  'arena generator are bundled with esbuild (minified, Lit production mode) into one page served from 127.0.0.1;',
  'the API answers from memory (`tests/helpers/seat-map-mock.ts`), so network time is excluded and JSON parsing is',
  'included. Heap via CDP `Runtime.getHeapUsage` (used size + backing stores) after `HeapProfiler.collectGarbage`; the canvas bitmaps (on-screen and the pan cache, about 4 bytes per device pixel each) are not JS heap. Rendering: grid-culled,',
  'level-of-detail canvas drawing, one path per colour, the venue layer cached in an offscreen bitmap with a 25 % margin',
  'so a pan is one blit plus the selection overlay (components/seat-map/renderer.ts, map-view.ts `paint`).',
].join('\n');

console.log(markdown);
// The figures run.mjs checks against tests/bench/budgets.mjs (after the markdown, on its own line).
const figures = {
  firstRenderMs: firstRender.ms,
  heapMiB: (heapAfter - heapBefore) / 2 ** 20,
  selectionFrameP95Ms: worst(selection, (s) => pct(s.frames, 95)),
  selectionFrameP95ByZoomMs: Object.fromEntries(LEVELS.map((l) => [l, pct(selection[l].frames, 95)])),
  panFrameP50Ms: worst(panning, (p) => pct(p.frames, 50)),
  big: {
    seats: bigRender.seats,
    firstRenderMs: bigRender.ms,
    panFrameP50Ms: worst(bigPanning, (p) => pct(p.frames, 50)),
    selectionFrameP95Ms: worst(bigSelection, (s) => pct(s.frames, 95)),
  },
};
console.log(`BENCH_RESULT ${JSON.stringify(figures)}`);

const file = resolve(root, 'BENCHMARKS.md');
if (!quick && !noWrite && existsSync(file)) {
  const current = readFileSync(file, 'utf8');
  const section = /^## Seat map[^\n]*\n[\s\S]*?(?=^## |(?![\s\S]))/m;
  const next = section.test(current) ? current.replace(section, `${markdown}\n\n`) : `${current.trimEnd()}\n\n${markdown}\n`;
  writeFileSync(file, next);
}
