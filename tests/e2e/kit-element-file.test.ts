/**
 * One element's own file on a merchant page (README: "One element only? Load its own module
 * instead"): `/kit/elements/ck-product-list.js` is a re-export of its group's file, which defines
 * the group's elements with the shared core, and nothing else of the kit loads: no autoloader, so
 * an element of another group on the page stays undefined.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { merchantCsp } from '../../server/demo-embed';
import { launchChromium } from '../helpers/chromium';
import { freePort, serveMerchantPage, startProxy, type RunningProxy } from '../helpers/proxy';
import { expectText, watchPage } from '../helpers/page';

let proxy: RunningProxy;
let browser: Browser;
let merchant = '';
let site: { close(): Promise<void> } | undefined;

before(async () => {
  const port = await freePort();
  merchant = `http://localhost:${port}`;
  proxy = await startProxy({ ALLOWED_ORIGINS: merchant });
  site = await serveMerchantPage(port, merchantCsp(proxy.url, []), () => `<!doctype html><html lang="en"><body>
<script type="module" src="${proxy.url}/kit/elements/ck-product-list.js"></script>
<ck-product-list category="cases"></ck-product-list>
<ck-cart></ck-cart>
<ck-seat-map></ck-seat-map>
</body></html>`);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await proxy?.close();
});

test("an element's own file defines it and the rest of its group from the group's file, and loads no other part of the kit", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const kitFiles: string[] = [];
  page.on('response', (response) => {
    if (response.url().startsWith(`${proxy.url}/kit/`)) kitFiles.push(new URL(response.url()).pathname);
  });
  const errors = watchPage(page);
  try {
    await page.goto(`${merchant}/shop.html`);
    const catalog = (await (await fetch(`${proxy.url}/api/catalog`)).json()) as { products: Array<{ name: string; category: string }> };
    const name = catalog.products.find((p) => p.category === 'cases')!.name;
    await expectText(page.locator('ck-product-list [part="list"]'), new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    // The cart shares the product list's group: defined by the same file, it shows its empty state.
    await expectText(page.locator('ck-cart [part="empty"]'), /empty/i);
    assert.equal(await page.evaluate(() => customElements.get('ck-seat-map') === undefined), true, 'the seat map (another group) stays undefined: no autoloader');
    const files = kitFiles.map((path) => path.replace(/-[\w-]{8}\.js$/, '.js')).sort();
    assert.deepEqual(files, ['/kit/chunks/core.js', '/kit/chunks/shop.js', '/kit/elements/ck-product-list.js'], kitFiles.join(', '));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
