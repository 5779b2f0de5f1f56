/**
 * The embed story end to end: a plain merchant page on another site (server/demo-embed.ts)
 * that pastes only the kit's script tag and three tags, under the CSP the README documents.
 * The merchant is on `localhost` and the proxy on `127.0.0.1`: two sites, as a real shop and
 * its checkout proxy are, so nothing passes only because the two share a host.
 * On an origin in ALLOWED_ORIGINS it shows the catalog with its images (served by the proxy)
 * and takes a payment; on one that is not, the elements say why (the proxy's
 * `origin_not_allowed` message) instead of failing silently. The classic build renders and
 * fills the cart on a page with no module script at all. Each page is photographed into
 * tests/e2e/screenshots/ (git-ignored) for a human to look at.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { startEmbedSite } from '../../server/demo-embed';
import { launchChromium } from '../helpers/chromium';
import { freePort, startProxy, type RunningProxy } from '../helpers/proxy';
import { eventually, expectText, fillPayButtonShipping, payInFlow, watchPage, type ExpectedFailure } from '../helpers/page';

const SHOTS = join(import.meta.dirname, 'screenshots');

let proxy: RunningProxy;
let browser: Browser;
let sites: FastifyInstance[] = [];
let allowedUrl = '';
let refusedUrl = '';

before(async () => {
  // The proxy must know the allowed origin before it is built, so the ports come first. The
  // sites listen on 127.0.0.1 and the browser calls them localhost: another site than the proxy's.
  mkdirSync(SHOTS, { recursive: true });
  const [allowedPort, refusedPort] = await Promise.all([freePort(), freePort()]);
  allowedUrl = `http://localhost:${allowedPort}`;
  refusedUrl = `http://localhost:${refusedPort}`;
  proxy = await startProxy({ ALLOWED_ORIGINS: allowedUrl });
  sites = await Promise.all([
    startEmbedSite({ host: '127.0.0.1', port: allowedPort, proxyUrl: proxy.url, allowed: true }),
    startEmbedSite({ host: '127.0.0.1', port: refusedPort, proxyUrl: proxy.url, allowed: false }),
  ]);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await Promise.all(sites.map((site) => site.close()));
  await proxy?.close();
});

async function open(url: string, expected: ExpectedFailure[] = []): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchPage(page, expected);
  await page.goto(url);
  return { page, errors, close: () => context.close() };
}

/**
 * Every image of the element (scrolled into view: they load lazily), once loaded: where it came
 * from and its natural width — 0 for an image that did not load.
 */
async function images(page: Page, scope: string): Promise<Array<{ src: string; width: number }>> {
  const all = page.locator(`${scope} img`);
  await all.first().waitFor();
  const found: Array<{ src: string; width: number }> = [];
  for (let i = 0; i < (await all.count()); i++) {
    const image = all.nth(i);
    await image.scrollIntoViewIfNeeded();
    // complete: loaded, or failed for good (then naturalWidth stays 0).
    const width = await eventually(async () => image.evaluate((img: HTMLImageElement) => (img.complete ? String(img.naturalWidth) : '')), `image ${i} of ${scope} to finish loading`);
    found.push({ src: (await image.getAttribute('src')) ?? '', width: Number(width) });
  }
  return found;
}

/** Every product image on the merchant's page came from the proxy and loaded. */
async function expectProductImages(page: Page, scope: string, count: number) {
  const shown = await images(page, scope);
  assert.equal(shown.length, count, JSON.stringify(shown));
  for (const { src, width } of shown) {
    assert.ok(src.startsWith(`${proxy.url}/assets/products/`), `${src} is the proxy's asset, not the merchant's`);
    assert.ok(width > 0, `${src} did not load on ${new URL(page.url()).origin}`);
  }
}

test('allowed origin: the pasted snippet lists products, fills the cart and pays with 4242 in Flow under the documented CSP', async () => {
  const { page, errors, close } = await open(`${allowedUrl}/`);
  const csp = (await page.request.get(`${allowedUrl}/`)).headers()['content-security-policy'] ?? '';
  assert.match(csp, new RegExp(`script-src 'self' ${proxy.url.replace(/\./g, '\\.')} ${proxy.emulator.url.replace(/\./g, '\\.')}`));
  assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);

  // The catalog's image paths are the proxy's: every case's picture loads on the merchant's site.
  await expectProductImages(page, 'ck-product-list', 6);
  await page.getByRole('button', { name: 'Add to cart iPhone 16 Clear case' }).click();
  await expectText(page.locator('ck-cart [part="subtotal"] dd'), 'HK$199.00');
  await expectProductImages(page, 'ck-cart', 1);
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(SHOTS, 'embed-allowed-origin.png'), fullPage: true });
  const pay = page.locator('ck-pay-button');
  await pay.getByLabel('Email').fill('mei.chan@example.com');
  await pay.getByLabel('Full name').fill('Mei Chan');
  await fillPayButtonShipping(pay);
  await pay.getByRole('button', { name: 'Pay now' }).click();
  await payInFlow(page, '4242 4242 4242 4242');
  await page.waitForURL(new RegExp(`^${proxy.url.replace(/\./g, '\\.')}/success\\.html\\?cko-payment-id=pay_`), { timeout: 20000 });
  await expectText(page.locator('ck-payment-result [part="heading"]'), 'Thank you! Your payment was successful');
  assert.deepEqual(errors, []);
  await close();
});

test('refused origin: the product list and the pay button show the proxy’s origin_not_allowed message', async () => {
  // The proxy refuses every API call of this origin (403): those, and only those, are expected.
  const refused = ['/api/catalog', '/api/fx-rates', '/api/checkout-config', '/api/orders/quote', '/create-payment-sessions'].map((path) => ({ url: `${proxy.url}${path}`, status: 403 }));
  const { page, errors, close } = await open(`${refusedUrl}/`, refused);
  const alert = page.locator('ck-product-list [part="alert"]');
  await expectText(alert, new RegExp(`The origin ${refusedUrl.replace(/\./g, '\\.')} is not allowed .*ALLOWED_ORIGINS`));
  assert.doesNotMatch((await alert.textContent()) ?? '', /network|Something went wrong/i);
  await page.screenshot({ path: join(SHOTS, 'embed-refused-origin.png'), fullPage: true });

  // A cart from before (or from the shop's own buttons): paying is refused just as clearly.
  await page.evaluate(
    `localStorage.setItem('ck:cart:v1', JSON.stringify([{ reference: 'case-iphone16-clear', name: 'iPhone 16 Clear case', unitAmount: 19900, currency: 'HKD', quantity: 1 }]))`,
  );
  await page.reload();
  const pay = page.locator('ck-pay-button');
  await pay.getByLabel('Email').fill('mei.chan@example.com');
  await pay.getByLabel('Full name').fill('Mei Chan');
  await fillPayButtonShipping(pay);
  await pay.getByRole('button', { name: 'Pay now' }).click();
  await expectText(pay.locator('[part="alert"]'), /is not allowed to use this checkout API\. The shop must add it to ALLOWED_ORIGINS\./);
  assert.equal(await page.locator('ck-pay-button iframe').count(), 0);
  assert.deepEqual(errors, []);
  await close();
});

test('classic script: /classic.html has no module script, yet lists products and adds to the cart', async () => {
  const { page, errors, close } = await open(`${allowedUrl}/classic.html`);
  assert.equal(await page.locator('script[type="module"]').count(), 0);
  await expectProductImages(page, 'ck-product-list', 6);
  await page.getByRole('button', { name: 'Add to cart Pixel 9 Fabric case' }).click();
  await expectText(page.locator('ck-cart [part="subtotal"] dd'), 'HK$279.00');
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(SHOTS, 'embed-classic.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await close();
});
