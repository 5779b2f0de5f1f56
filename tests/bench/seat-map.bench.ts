/**
 * Benchmark (not a test) of ck-seat-map on the ~100,000-seat demo arena in Chromium:
 * time to first render, frame times while panning at three zoom levels, selection latency
 * and JS heap. Prints the "## Seat map" section and writes it into BENCHMARKS.md.
 *
 *   node --import tsx tests/bench/seat-map.bench.ts [--quick]
 *
 * (`npm run bench` runs it as the seat-map section of tests/bench/run.mjs.)
 */
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { execSync } from 'node:child_process';
import { build } from 'esbuild';
import { launchChromium } from '../helpers/chromium';

const root = resolve(import.meta.dirname, '../..');
const quick = process.argv.includes('--quick');
const FRAMES = quick ? 40 : 240;
const SELECTIONS = quick ? 5 : 30;

// The element and the in-page API stand-in (the catalog's own arena generator), bundled
// minified and in Lit's production mode, as a merchant page would load it.
const bundle = await build({
  stdin: {
    contents: `import '../../components/seat-map/define';
      import { demoLayout, mockSeatApi, seatIds } from '../helpers/seat-map-mock';
      window.__bench = { demoLayout, mockSeatApi, seatIds };`,
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

// The layout is generated before timing starts: on a real page it comes over the network.
await tab.evaluate(`(() => {
  const { demoLayout, seatIds } = window.__bench;
  const layout = demoLayout('arena');
  const ids = seatIds(layout);
  window.__sold = ids.filter((_, i) => ((i * 2654435761) >>> 0) % 1000 < 300);
  window.__layout = layout;
})()`);
const heapBefore = await heap();

// Page code is passed as strings: tsx would wrap named inner functions in __name().
const firstRender = (await tab.evaluate(`(async () => {
  const { mockSeatApi } = window.__bench;
  mockSeatApi({ events: { [window.__layout.eventId]: window.__layout }, sold: window.__sold, delay: 0 });
  const host = document.getElementById('host');
  const started = performance.now();
  const el = document.createElement('ck-seat-map');
  el.setAttribute('event-id', window.__layout.eventId);
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
  return { ms: painted - started, seats: el.venue.count, sections: el.venue.sections.length };
})()`)) as { ms: number; seats: number; sections: number };
const heapAfter = await heap();

interface Pan {
  frames: number[];
  draws: number[];
  pitch: number;
}

/** Drags the map one step per animation frame and records frame intervals and draw times. */
async function pan(level: 'whole' | 'mid' | 'close'): Promise<Pan> {
  return (await tab.evaluate(`(async () => {
    const el = window.__el; const map = el.map;
    map.fit();
    const target = { whole: 0, mid: 6, close: 22 }['${level}'];
    if (target) {
      const scale = target / el.venue.pitch;
      const seat = el.venue.nearestFree(el.venue.layout.width / 2, el.venue.layout.height * 0.8);
      map.camera = { scale, tx: map.size.width / 2 - el.venue.x[seat] * scale, ty: map.size.height / 2 - el.venue.y[seat] * scale };
    }
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
        if (n++ >= ${FRAMES}) return resolve();
        x += (Math.floor(n / 60) % 2 ? -6 : 6);
        canvas.dispatchEvent(new PointerEvent('pointermove', opts(x)));
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
    canvas.dispatchEvent(new PointerEvent('pointerup', opts(x)));
    map.paint = paint;
    return { frames, draws, pitch: el.venue.pitch * map.camera.scale };
  })()`)) as Pan;
}

const panning = { whole: await pan('whole'), mid: await pan('mid'), close: await pan('close') };

/** Clicks free seats at close zoom: time from the click to ck-seat-select, and to the next painted frame. */
const selection = (await tab.evaluate(`(async () => {
  const el = window.__el; const map = el.map;
  const canvas = el.shadowRoot.querySelector('canvas');
  const rect = canvas.getBoundingClientRect();
  const events = [];
  const frames = [];
  for (let k = 0; k < ${SELECTIONS}; k++) {
    const c = map.camera;
    const seat = el.venue.hit((map.size.width / 2 - c.tx) / c.scale, (map.size.height / 2 - c.ty) / c.scale);
    const free = seat >= 0 && el.venue.status[seat] === 0 ? seat : el.venue.nearestFree((map.size.width / 2 - c.tx) / c.scale, (map.size.height / 2 - c.ty) / c.scale);
    const cx = rect.left + el.venue.x[free] * c.scale + c.tx;
    const cy = rect.top + el.venue.y[free] * c.scale + c.ty;
    const opts = { clientX: cx, clientY: cy, pointerId: 9, bubbles: true, button: 0, pointerType: 'mouse', isPrimary: true };
    let selected = 0;
    el.addEventListener('ck-seat-select', () => (selected = performance.now()), { once: true });
    const start = performance.now();
    canvas.dispatchEvent(new PointerEvent('pointerdown', opts));
    canvas.dispatchEvent(new PointerEvent('pointerup', opts));
    await new Promise((r) => requestAnimationFrame(() => r()));
    const painted = performance.now();
    events.push(selected - start);
    frames.push(painted - start);
    el.clearSelection();
    // Move on so the next click hits another seat.
    map.camera = { ...map.camera, tx: map.camera.tx - el.venue.pitch * map.camera.scale * 1.01 };
  }
  return { events, frames };
})()`)) as { events: number[]; frames: number[] };

const chromium = (await browser.version()) || 'Chromium';
await browser.close();
server.close();

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
const row = (name: string, p: Pan) =>
  `| ${name} (${p.pitch.toFixed(1)} px/seat) | ${ms(pct(p.frames, 50))} | ${ms(pct(p.frames, 95))} | ${ms(Math.max(...p.frames))} | ${ms(pct(p.draws, 50))} | ${ms(pct(p.draws, 95))} | ${(1000 / pct(p.frames, 50)).toFixed(0)} |`;

let commit = 'unknown';
try {
  commit = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim();
} catch {
  // Not a git checkout: the figures stand without it.
}

const markdown = [
  '## Seat map (100k seats)',
  '',
  `Measured ${new Date().toISOString().slice(0, 16)}Z on ${cpus()[0]?.model.trim() ?? 'CPU'} (${cpus().length} cores as seen by Node), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
    `Node ${process.version}, Chromium ${chromium.replace(/^[^\d]*/, '')} headless with \`--disable-gpu\` (canvas rasterised on the CPU), commit ${commit}${quick ? ' — **quick run, not for publishing**' : ''}.`,
  '',
  `Venue: the demo catalog's Victoria Arena, ${firstRender.seats.toLocaleString('en')} seats in ${firstRender.sections} sections, 30 % sold; viewport 1280×900 at devicePixelRatio 2 (canvas 2368×1440 device pixels).`,
  '',
  '| figure | value |',
  '|---|---:|',
  `| time to first render (layout JSON → parsed → indexed → first frame painted) | ${ms(firstRender.ms)} |`,
  `| JS heap + array buffers after load (GC'd, minus the page before the element) | ${((heapAfter - heapBefore) / 2 ** 20).toFixed(1)} MiB |`,
  `| selection latency, click → \`ck-seat-select\` (p50 / p95) | ${ms(pct(selection.events, 50))} / ${ms(pct(selection.events, 95))} |`,
  `| selection latency, click → next frame painted (p50 / p95) | ${ms(pct(selection.frames, 50))} / ${ms(pct(selection.frames, 95))} |`,
  '',
  `Panning: a pointer drag of 6 px per animation frame for ${FRAMES} frames at three zoom levels; frame time is the interval`,
  'between `requestAnimationFrame` callbacks (rasterisation included), paint call the JS time of one redraw.',
  '',
  '| zoom | frame p50 | frame p95 | frame max | paint call p50 | paint call p95 | fps (p50) |',
  '|---|---:|---:|---:|---:|---:|---:|',
  row('whole venue, rows as blocks', panning.whole),
  row('mid zoom, seats as squares', panning.mid),
  row('close zoom, seats as circles + row labels', panning.close),
  '',
  'How: `node --import tsx tests/bench/seat-map.bench.ts` (part of `npm run bench`). The element and the catalog\'s',
  'arena generator are bundled with esbuild (minified, Lit production mode) into one page served from 127.0.0.1;',
  'the API answers from memory (`tests/helpers/seat-map-mock.ts`), so network time is excluded and JSON parsing is',
  'included. Heap via CDP `Runtime.getHeapUsage` (used size + backing stores) after `HeapProfiler.collectGarbage`; the canvas bitmaps (on-screen and the pan cache, about 4 bytes per device pixel each) are not JS heap. Rendering: grid-culled,',
  'level-of-detail canvas drawing, one path per colour, the venue layer cached in an offscreen bitmap with a 25 % margin',
  'so a pan is one blit plus the selection overlay (components/seat-map/renderer.ts, seat-map.ts `paint`).',
].join('\n');

console.log(markdown);
// The figures run.mjs checks against tests/bench/budgets.mjs (after the markdown, on its own line).
const figures = {
  firstRenderMs: firstRender.ms,
  heapMiB: (heapAfter - heapBefore) / 2 ** 20,
  selectionFrameP95Ms: pct(selection.frames, 95),
  panFrameP50Ms: Math.max(pct(panning.whole.frames, 50), pct(panning.mid.frames, 50), pct(panning.close.frames, 50)),
};
console.log(`BENCH_RESULT ${JSON.stringify(figures)}`);

const file = resolve(root, 'BENCHMARKS.md');
if (!quick && existsSync(file)) {
  const current = readFileSync(file, 'utf8');
  const section = /^## Seat map[^\n]*\n[\s\S]*?(?=^## |(?![\s\S]))/m;
  const next = section.test(current) ? current.replace(section, `${markdown}\n\n`) : `${current.trimEnd()}\n\n${markdown}\n`;
  writeFileSync(file, next);
}
