/**
 * Script tag → every element defined and rendered, in Chromium, against the full stack
 * (proxy serving the built kit + emulator, in-process on 127.0.0.1). Prints `BENCH_RESULT {json}`.
 *
 *   node --import tsx tests/bench/script-tag.ts [--quick]
 *
 * Elements are found from components/<name>/define.ts (the same rule as the Vite build's
 * per-element entries), so elements that land later are on the page automatically.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest, Agent } from 'node:http';
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitPage, kitTags } from './kit-page';
import { launchChromium } from '../helpers/chromium';
import { startProxy } from '../helpers/proxy';
import { NO_RATE_LIMITS } from '../server/reliability-harness';

const quick = process.argv.includes('--quick');
const WARMUP = quick ? 1 : 2;
const RUNS = quick ? 3 : 15;
const PAY_WARMUP = 1;
const PAY_RUNS = quick ? 2 : 7;

const tags = kitTags();

const page = kitPage(tags, 'bench: every element');

/** Runs in the page before any of its scripts; a string, so tsx's __name helper never reaches the page. */
const probe = `
(() => {
  const result = window.__bench = { done: false, missing: [] };
  const rendered = (el) => !!el.shadowRoot && el.shadowRoot.innerHTML.replace(/<!--[^]*?-->/g, '').trim().length > 0;
  // The page's kit tags, once it is parsed (times stay from navigation start).
  document.addEventListener('DOMContentLoaded', () => {
  const tags = [...new Set(Array.from(document.querySelectorAll('*'), (el) => el.localName).filter((name) => name.startsWith('ck-')))];
  Promise.all(tags.map((t) => customElements.whenDefined(t))).then(async () => {
    result.defined = performance.now();
    const els = tags.flatMap((t) => Array.from(document.querySelectorAll(t)));
    await Promise.all(els.map((el) => el.updateComplete || Promise.resolve()));
    const deadline = performance.now() + 5000;
    while (els.some((el) => !rendered(el)) && performance.now() < deadline) await new Promise((r) => requestAnimationFrame(r));
    result.rendered = performance.now();
    result.missing = els.filter((el) => !rendered(el)).map((el) => el.localName);
    result.done = true;
  });
  });
})();
`;

/** A typical shop page (as demo-pages/easy-checkout/phone-case-shop.html): four elements. */
const SHOP_TAGS = ['ck-currency-picker', 'ck-product-list', 'ck-cart', 'ck-pay-button'];
const shopPage = kitPage(SHOP_TAGS, 'bench: a shop page');

/**
 * Click → card form ready: a page with one pay button and a cart (a phone case, the shopper's
 * details and a Hong Kong address with its courier already in the checkout draft, as the checkout
 * leaves them), served by the proxy like the page above.
 */
const payPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bench: pay button</title>
<script type="module" src="/__bench-pay-button.js"></script></head>
<body><ck-pay-button currency="HKD"></ck-pay-button></body></html>`;
const payScript = `
import { cartStore, checkoutDraftStore } from '/kit/checkout-kit.js';
cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD' });
checkoutDraftStore().set({
  customer: { email: 'mei.chan@example.com', name: 'Mei Chan' },
  shippingAddress: { line1: '18 Harbour Road', city: 'Wan Chai', country: 'HK' },
  shippingMethod: 'hk-courier',
  billingSameAsShipping: true,
});
`;

/**
 * The stack as a shopper reaches it in production: over HTTPS with HTTP/2, as any TLS terminator,
 * load balancer or CDN in front of the proxy serves it (browsers speak HTTP/2 only over TLS). A
 * bench-only front: a self-signed certificate (openssl), node:http2, each stream forwarded to the
 * proxy over keep-alive HTTP/1.1. Over HTTP/1.1 Chromium opens at most 6 connections to an origin,
 * so a page's 16 kit files come in waves; over HTTP/2 they share one connection.
 */
async function http2Front(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ck-bench-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);
  const server = createSecureServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req: Http2ServerRequest, res: Http2ServerResponse) => {
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !k.startsWith(':') && !HOP.has(k)));
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...headers, host: upstream.host }, agent }, (up) => {
      res.writeHead(up.statusCode ?? 502, Object.fromEntries(Object.entries(up.headers).filter(([k]) => !HOP.has(k))));
      up.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      agent.destroy();
      server.close(() => resolve());
    }),
  };
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), min: s[0]!, max: s[s.length - 1]! };
};

async function main() {
  // The pages are served by the proxy itself, as a merchant's pages on an allowed origin would be
  // (Chromium's local-network rules let such a page load the emulator's Flow script).
  const pages = mkdtempSync(join(tmpdir(), 'ck-bench-'));
  writeFileSync(join(pages, '__bench-every-element.html'), page);
  writeFileSync(join(pages, '__bench-pay-button.html'), payPage);
  writeFileSync(join(pages, '__bench-shop.html'), shopPage);
  writeFileSync(join(pages, '__bench-pay-button.js'), payScript);
  const load = { before: loadavg()[0]!, after: 0 };
  const stack = await startProxy({ LOG_LEVEL: 'warn', EMBED_DEMO: 'off', DEMO_PAGES: 'on' }, { rateLimits: NO_RATE_LIMITS, static: { demoDir: pages } });
  const browser = await launchChromium();
  const front = await http2Front(stack.url);
  const url = `${stack.url}/__bench-every-element.html`;
  const failed: string[] = [];
  const payCold: number[] = [];
  const payWarm: number[] = [];
  type Sample = { dcl: number; defined: number; rendered: number; kitRequests: number; kitBytes: number; missing: string[]; protocol: string };
  /** Cold loads of one page: fresh context each run, the probe's milestones and the kit's requests. */
  const measure = async (url: string, label: string): Promise<Sample[]> => {
    const samples: Sample[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      // bypassCSP: the probe and waitForFunction evaluate strings, which the demo pages' CSP forbids; the HTTP/2 front's certificate is self-signed.
      const context = await browser.newContext({ bypassCSP: true, ignoreHTTPSErrors: true });
      await context.addInitScript(probe);
      const tab = await context.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      let r: Sample;
      try {
        await tab.goto(url);
        await tab.waitForFunction('window.__bench && window.__bench.done', undefined, { timeout: 20_000 });
        r = (await tab.evaluate(`(() => {
          const nav = performance.getEntriesByType('navigation')[0];
          const kit = performance.getEntriesByType('resource').filter((e) => e.name.includes('/kit/'));
          return { ...window.__bench, dcl: nav.domContentLoadedEventEnd, kitRequests: kit.length, kitBytes: kit.reduce((a, e) => a + (e.encodedBodySize || 0), 0), protocol: kit[0] ? kit[0].nextHopProtocol : '' };
        })()`)) as Sample;
      } catch (error) {
        // A run that never finishes is reported, not fatal: the figures say how many there were.
        failed.push(`${label} run ${i + 1}: ${(error as Error).message.split('\n')[0]}${errors.length ? ` (page errors: ${errors.slice(0, 2).join(' | ')})` : ''}`);
        console.log(failed[failed.length - 1]);
        await context.close();
        continue;
      }
      if (errors.length) console.log(`${label} run ${i + 1}: page errors: ${errors.slice(0, 3).join(' | ')}`);
      if (i >= WARMUP) samples.push(r);
      console.log(`${label} ${i < WARMUP ? 'warm-up' : `run ${i - WARMUP + 1}`}: DCL ${r.dcl.toFixed(0)} ms, defined ${r.defined.toFixed(0)} ms, rendered ${r.rendered.toFixed(0)} ms (${(r.rendered - r.dcl).toFixed(0)} ms after DCL), ${r.kitRequests} kit requests${r.missing.length ? `, not rendered: ${r.missing.join(', ')}` : ''}`);
      await context.close();
    }
    return samples;
  };
  let samples: Sample[];
  let shop: Sample[];
  let h2: Sample[];
  let h2Shop: Sample[];
  try {
    samples = await measure(url, 'every element');
    shop = await measure(`${stack.url}/__bench-shop.html`, 'shop page');
    h2 = await measure(`${front.url}/__bench-every-element.html`, 'every element, HTTPS + HTTP/2');
    h2Shop = await measure(`${front.url}/__bench-shop.html`, 'shop page, HTTPS + HTTP/2');
    if (h2[0] && h2[0].protocol !== 'h2') throw new Error(`the HTTP/2 front spoke ${h2[0].protocol}`);
    // Click → card form ready (the emulated Flow's card number field in its frame), timed in Node
    // around Playwright's click and wait (a few ms of its own polling included). "As soon as shown":
    // the shopper clicks the moment the button has rendered; "after a look": once the Flow script
    // the button started loading when it came into view has arrived.
    const payUrl = `${stack.url}/__bench-pay-button.html`;
    for (const when of ['cold', 'warm'] as const) {
      for (let i = 0; i < PAY_WARMUP + PAY_RUNS; i++) {
        const context = await browser.newContext({ bypassCSP: true }); // the probe and waitForFunction evaluate strings, which the demo pages' CSP forbids
        const tab = await context.newPage();
        try {
          await tab.goto(payUrl);
          const button = tab.locator('ck-pay-button').getByRole('button', { name: 'Pay now' });
          await button.waitFor();
          if (when === 'warm') await tab.waitForFunction('"CheckoutWebComponents" in window', undefined, { timeout: 20_000 });
          const started = performance.now();
          await button.click();
          await tab.frameLocator('ck-pay-button iframe').getByLabel('Card number').waitFor({ timeout: 20_000 });
          const ms = performance.now() - started;
          if (i >= PAY_WARMUP) (when === 'cold' ? payCold : payWarm).push(ms);
          console.log(`pay ${when} ${i < PAY_WARMUP ? 'warm-up' : `run ${i - PAY_WARMUP + 1}`}: click → card form ${ms.toFixed(0)} ms`);
        } catch (error) {
          failed.push(`pay ${when} run ${i + 1}: ${(error as Error).message.split('\n')[0]}`);
          console.log(failed[failed.length - 1]);
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await front.close();
    await stack.close();
  }
  load.after = loadavg()[0]!;
  if (!samples.length) throw new Error(`no run finished: ${failed.join('; ')}`);
  const last = samples[samples.length - 1]!;
  console.log(
    `BENCH_RESULT ${JSON.stringify({
      elements: tags,
      warmup: WARMUP,
      runs: RUNS,
      dcl: stats(samples.map((s) => s.dcl)),
      defined: stats(samples.map((s) => s.defined)),
      total: stats(samples.map((s) => s.rendered)),
      // Issue 17's figure: DOMContentLoaded (the kit's module has run) → every element rendered.
      afterDcl: stats(samples.map((s) => s.rendered - s.dcl)),
      kitRequests: last.kitRequests,
      kitBytes: last.kitBytes,
      missing: [...new Set(samples.flatMap((s) => s.missing))],
      shop: shop.length ? { elements: SHOP_TAGS, total: stats(shop.map((x) => x.rendered)), afterDcl: stats(shop.map((x) => x.rendered - x.dcl)), kitRequests: shop[shop.length - 1]!.kitRequests, kitBytes: shop[shop.length - 1]!.kitBytes } : null,
      // The same pages over HTTPS + HTTP/2 (as deployed behind any TLS terminator): one connection for every file.
      http2: h2.length ? { total: stats(h2.map((s) => s.rendered)), afterDcl: stats(h2.map((s) => s.rendered - s.dcl)), kitRequests: h2[h2.length - 1]!.kitRequests, shop: h2Shop.length ? { total: stats(h2Shop.map((s) => s.rendered)), afterDcl: stats(h2Shop.map((s) => s.rendered - s.dcl)) } : null } : null,
      payClick: { runs: PAY_RUNS, cold: payCold.length ? stats(payCold) : null, warm: payWarm.length ? stats(payWarm) : null },
      failed,
      load,
    })}`,
  );
}

await main();
