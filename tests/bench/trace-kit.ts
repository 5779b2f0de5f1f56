/**
 * Where the time goes between DOMContentLoaded and every element rendered, on the bench's
 * every-element page: each request (kit and API) with its start and end, each element's first
 * non-empty render, and a Chromium trace summarised by main-thread task.
 *
 *   node --import tsx tests/bench/trace-kit.ts [runs] [--lang fr] [--tags ck-cart,ck-pay-button] [--trace out.json] [--profile] [--quiet]
 *                                              [--kits dist/kit,/tmp/old/dist/kit]
 *
 * With --kits, each built kit is served by a proxy of its own and the runs alternate between them
 * (side by side, on the same machine load); the medians are printed per kit. With --profile, a CPU
 * profile of every run (CDP Profiler) is summed by the source function it spent its time in (through
 * the kit's source maps).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SourceMapConsumer } from 'source-map-js';
import { kitPage, kitTags } from './kit-page';
import { launchChromium } from '../helpers/chromium';
import { startProxy } from '../helpers/proxy';
import { NO_RATE_LIMITS } from '../server/reliability-harness';

const root = join(import.meta.dirname, '../..');
const runs = Number(process.argv[2] ?? 3);
const traceOut = process.argv.includes('--trace') ? process.argv[process.argv.indexOf('--trace') + 1] : undefined;
const lang = process.argv.includes('--lang') ? process.argv[process.argv.indexOf('--lang') + 1] : 'en';
const quiet = process.argv.includes('--quiet');
const profiling = process.argv.includes('--profile');
const kits = process.argv.includes('--kits') ? process.argv[process.argv.indexOf('--kits') + 1]!.split(',') .map((dir) => resolve(root, dir)) : [join(root, 'dist/kit')];
const tags = process.argv.includes('--tags')
  ? process.argv[process.argv.indexOf('--tags') + 1]!.split(',')
  : kitTags();
const page = kitPage(tags, 'trace', lang);
const probe = `
(() => {
  const out = window.__trace = { first: {}, done: false };
  const rendered = (el) => !!el.shadowRoot && el.shadowRoot.innerHTML.replace(/<!--[^]*?-->/g, '').trim().length > 0;
  document.addEventListener('DOMContentLoaded', () => {
    out.dcl = performance.now();
    const els = [...document.querySelectorAll('*')].filter((el) => el.localName.startsWith('ck-'));
    for (const t of new Set(els.map((e) => e.localName))) customElements.whenDefined(t).then(() => { out.first['defined ' + t] = performance.now(); });
    const tick = () => {
      for (const el of els) if (!out.first[el.localName] && rendered(el)) out.first[el.localName] = performance.now();
      if (els.every((el) => out.first[el.localName])) { out.done = true; out.rendered = performance.now(); return; }
      requestAnimationFrame(tick);
    };
    tick();
  });
})();`;

const pages = mkdtempSync(join(tmpdir(), 'ck-trace-'));
writeFileSync(join(pages, '__trace.html'), page);
// One after the other: two PGlite databases starting at once on a loaded 2-core machine can miss the plugin timeout.
const stacks = [];
for (const kitDir of kits) stacks.push(await startProxy({ LOG_LEVEL: 'warn', EMBED_DEMO: 'off', DEMO_PAGES: 'on' }, { rateLimits: NO_RATE_LIMITS, static: { demoDir: pages, kitDir } }));
const browser = await launchChromium();
const figures = kits.map(() => ({ dcl: [] as number[], after: [] as number[], requests: [] as number[] }));
/** CPU time by source function (ms, summed over the profiled runs), through each built file's source map. */
const selfTime = new Map<string, number>();
const sourceMaps = new Map<string, SourceMapConsumer | null>();
function sourceOf(kitDir: string, url: string, line: number, column: number): string {
  if (!url.includes('/kit/')) return url;
  const file = url.replace(/.*?\/kit\//, '');
  if (!sourceMaps.has(file)) {
    try {
      sourceMaps.set(file, new SourceMapConsumer(JSON.parse(readFileSync(join(kitDir, `${file}.map`), 'utf8'))));
    } catch {
      sourceMaps.set(file, null);
    }
  }
  const at = sourceMaps.get(file)?.originalPositionFor({ line: line + 1, column });
  return at?.source ? `${at.source.replace(/.*node_modules\//, '').replace(/^(\.\.\/)+/, '')}:${at.line} ${at.name ?? ''}` : file;
}
type CpuProfile = { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }>; samples: number[]; timeDeltas: number[] };
function addProfile(kitDir: string, profile: CpuProfile): void {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const { callFrame } = nodes.get(id)!;
    if (callFrame.functionName === '(idle)') return;
    const key = callFrame.url ? sourceOf(kitDir, callFrame.url, callFrame.lineNumber, callFrame.columnNumber) : callFrame.functionName;
    selfTime.set(key, (selfTime.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
try {
  for (let i = 0; i < runs; i++) {
    for (const [k, stack] of stacks.entries()) {
      const context = await browser.newContext({ bypassCSP: true });
      await context.addInitScript(probe);
      const tab = await context.newPage();
      const cdp = profiling ? await context.newCDPSession(tab) : undefined;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
        await cdp.send('Profiler.start');
      }
      const last = i === runs - 1 && traceOut;
      if (last) await browser.startTracing(tab, { path: traceOut, categories: ['devtools.timeline', 'v8.execute', 'blink.user_timing', 'loading'] });
      await tab.goto(`${stack.url}/__trace.html`);
      await tab.waitForFunction('window.__trace && window.__trace.done', undefined, { timeout: 20_000 });
      if (last) await browser.stopTracing();
      if (cdp) addProfile(kits[k]!, ((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile);
      const r = (await tab.evaluate(`(() => ({ ...window.__trace, res: performance.getEntriesByType('resource').map((e) => ({ n: e.name.replace(location.origin, ''), s: e.startTime, rs: e.responseStart, e: e.responseEnd, size: e.encodedBodySize })) }))()`)) as {
        dcl: number; rendered: number; first: Record<string, number>; res: Array<{ n: string; s: number; rs: number; e: number; size: number }>;
      };
      const kitRequests = r.res.filter((x) => x.n.includes('/kit/')).length;
      figures[k]!.dcl.push(r.dcl);
      figures[k]!.after.push(r.rendered - r.dcl);
      figures[k]!.requests.push(kitRequests);
      console.log(`${kits.length > 1 ? `[${kits[k]}] ` : ''}run ${i + 1}: DCL ${r.dcl.toFixed(0)}  all rendered ${r.rendered.toFixed(0)}  (DCL→rendered ${(r.rendered - r.dcl).toFixed(0)} ms), ${kitRequests} kit requests`);
      if (!quiet) {
        for (const x of r.res.sort((a, b) => a.s - b.s)) console.log(`  ${x.s.toFixed(0).padStart(5)} → ${x.e.toFixed(0).padStart(5)} (ttfb ${(x.rs - x.s).toFixed(0).padStart(3)})  ${String(x.size).padStart(6)} B  ${x.n}`);
        for (const [name, at] of Object.entries(r.first).sort((a, b) => a[1] - b[1])) console.log(`  ${at.toFixed(0).padStart(5)}  ${name}`);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await Promise.all(stacks.map((stack) => stack.close()));
}
for (const [k, f] of figures.entries()) {
  console.log(`${kits[k]}: median DCL ${median(f.dcl).toFixed(0)} ms, DCL→all rendered ${median(f.after).toFixed(0)} ms, ${median(f.requests)} kit requests (${runs} runs)`);
}
if (profiling) {
  console.log(`CPU time by source function, ms summed over ${runs * kits.length} runs (navigation start → all rendered):`);
  for (const [where, ms] of [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${ms.toFixed(1).padStart(8)}  ${where}`);
}
if (kits.length === 2) console.log(`DCL→all rendered, ${kits[1]} ÷ ${kits[0]}: ${(median(figures[1]!.after) / median(figures[0]!.after)).toFixed(2)}× (per-run pairs: ${figures[0]!.after.map((a, i) => (figures[1]!.after[i]! / a).toFixed(2)).join(' ')})`);
