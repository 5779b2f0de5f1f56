/**
 * The README's pinned snippet in a real browser: a merchant page on another site loads
 * `/kit/<version>/checkout-kit.js` with the README's `integrity` and `crossorigin`, under the
 * CSP the README documents; Chromium checks the hash, the elements define themselves, load
 * their chunks from the same versioned folder and show the catalog. The same tag with another
 * hash is blocked by the browser: the check is real.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { merchantCsp } from '../../server/demo-embed';
import { launchChromium } from '../helpers/chromium';
import { freePort, serveMerchantPage, startProxy, type RunningProxy } from '../helpers/proxy';
import { eventually, expectText, watchPage } from '../helpers/page';

const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
const PINNED = /src="https:\/\/YOUR-PROXY(\/kit\/[^"]+\/checkout-kit\.js)" integrity="([^"]+)" crossorigin="anonymous"/.exec(README);

let proxy: RunningProxy;
let browser: Browser;
let merchant = '';
let site: { close(): Promise<void> } | undefined;
/** The tag the merchant's page carries, per test. */
let integrity = '';

before(async () => {
  // The merchant's site, a real server on 127.0.0.1 that the browser calls localhost: another site than the proxy's.
  const port = await freePort();
  merchant = `http://localhost:${port}`;
  proxy = await startProxy({ ALLOWED_ORIGINS: merchant });
  const flowOrigin = new URL(proxy.emulator.url).origin;
  site = await serveMerchantPage(port, merchantCsp(proxy.url, [flowOrigin]), () => `<!doctype html><html lang="en"><body>
<script type="module" src="${proxy.url}${PINNED![1]}" integrity="${integrity}" crossorigin="anonymous"></script>
<ck-product-list category="cases"></ck-product-list>
</body></html>`);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await proxy?.close();
});

/** The merchant's page (served by the test on the merchant's origin) with the pinned tag and a product list. */
async function merchantPage(hash: string) {
  assert.ok(PINNED, 'README.md has the pinned snippet');
  integrity = hash;
  const context = await browser.newContext();
  const page = await context.newPage();
  const kitRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(`${proxy.url}/kit/`)) kitRequests.push(new URL(request.url()).pathname);
  });
  const consoleErrors: string[] = [];
  page.on('console', (message) => void (message.type() === 'error' && consoleErrors.push(message.text())));
  return { page, kitRequests, consoleErrors, close: () => context.close() };
}

test('the README’s pinned tag on a merchant page: the browser accepts its hash, the elements and their chunks come from the versioned folder', async () => {
  const { page, kitRequests, close } = await merchantPage(PINNED![2]!);
  const errors = watchPage(page);
  try {
    await page.goto(`${merchant}/shop.html`);
    const catalog = (await (await fetch(`${proxy.url}/api/catalog`)).json()) as { products: Array<{ name: string; category: string }> };
    const name = catalog.products.find((p) => p.category === 'cases')!.name;
    await expectText(page.locator('ck-product-list [part="list"]'), new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    const folder = PINNED![1]!.replace(/checkout-kit\.js$/, '');
    assert.ok(kitRequests.length > 1, kitRequests.join(', '));
    for (const path of kitRequests) assert.ok(path.startsWith(folder), `${path} is under ${folder}`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the same tag with another hash: the browser refuses the script and no element is defined', async () => {
  const { page, consoleErrors, close } = await merchantPage(`sha384-${Buffer.alloc(48).toString('base64')}`);
  try {
    await page.goto(`${merchant}/shop.html`);
    await eventually(async () => consoleErrors.some((text) => /integrity/i.test(text)), 'the browser to report the integrity mismatch');
    assert.equal(await page.evaluate(() => customElements.get('ck-product-list') === undefined), true);
  } finally {
    await close();
  }
});
