/**
 * The embed story end to end: a plain merchant page on another origin (server/demo-embed.ts)
 * that pastes only the kit's script tag and three tags, under the CSP the README documents.
 * On an origin in ALLOWED_ORIGINS it takes a payment; on one that is not, the elements say
 * why (the proxy's `origin_not_allowed` message) instead of failing silently. The classic
 * build renders and fills the cart on a page with no module script at all.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { startEmbedSite } from '../../server/demo-embed';
import { launchChromium } from '../helpers/chromium';
import { freePort, startProxy, type RunningProxy } from '../helpers/proxy';
import { expectText, payInFlow, watchPage } from '../helpers/page';

let proxy: RunningProxy;
let browser: Browser;
let sites: FastifyInstance[] = [];
let allowedUrl = '';
let refusedUrl = '';

before(async () => {
  // The proxy must know the allowed origin before it is built, so the ports come first.
  // Everything is on 127.0.0.1, so the origins the browser sends match ALLOWED_ORIGINS exactly.
  const [allowedPort, refusedPort] = await Promise.all([freePort(), freePort()]);
  allowedUrl = `http://127.0.0.1:${allowedPort}`;
  refusedUrl = `http://127.0.0.1:${refusedPort}`;
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

async function open(url: string): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchPage(page);
  await page.goto(url);
  return { page, errors, close: () => context.close() };
}

test('allowed origin: the pasted snippet lists products, fills the cart and pays with 4242 in Flow under the documented CSP', async () => {
  const { page, errors, close } = await open(`${allowedUrl}/`);
  const csp = (await page.request.get(`${allowedUrl}/`)).headers()['content-security-policy'] ?? '';
  assert.match(csp, new RegExp(`script-src 'self' ${proxy.url.replace(/\./g, '\\.')} ${proxy.emulator.url.replace(/\./g, '\\.')}`));
  assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);

  await page.getByRole('button', { name: 'Add to cart iPhone 16 Clear case' }).click();
  await expectText(page.locator('ck-cart [part="subtotal"] dd'), 'HK$199.00');
  const pay = page.locator('ck-pay-button');
  await pay.getByLabel('Email').fill('mei.chan@example.com');
  await pay.getByLabel('Full name').fill('Mei Chan');
  await pay.getByRole('button', { name: 'Pay now' }).click();
  await payInFlow(page, '4242 4242 4242 4242');
  await page.waitForURL(new RegExp(`^${proxy.url.replace(/\./g, '\\.')}/success\\.html\\?cko-payment-id=pay_`), { timeout: 20000 });
  await expectText(page.locator('ck-payment-result [part="heading"]'), 'Thank you! Your payment was successful');
  assert.deepEqual(errors, []);
  await close();
});

test('refused origin: the product list and the pay button show the proxy’s origin_not_allowed message', async () => {
  const { page, close } = await open(`${refusedUrl}/`);
  const alert = page.locator('ck-product-list [part="alert"]');
  await expectText(alert, new RegExp(`The origin ${refusedUrl.replace(/\./g, '\\.')} is not allowed .*ALLOWED_ORIGINS`));
  assert.doesNotMatch((await alert.textContent()) ?? '', /network|Something went wrong/i);

  // A cart from before (or from the shop's own buttons): paying is refused just as clearly.
  await page.evaluate(
    `localStorage.setItem('ck:cart:v1', JSON.stringify([{ reference: 'case-iphone16-clear', name: 'iPhone 16 Clear case', unitAmount: 19900, currency: 'HKD', quantity: 1 }]))`,
  );
  await page.reload();
  const pay = page.locator('ck-pay-button');
  await pay.getByLabel('Email').fill('mei.chan@example.com');
  await pay.getByLabel('Full name').fill('Mei Chan');
  await pay.getByRole('button', { name: 'Pay now' }).click();
  await expectText(pay.locator('[part="alert"]'), /is not allowed to use this checkout API\. The shop must add it to ALLOWED_ORIGINS\./);
  assert.equal(await page.locator('ck-pay-button iframe').count(), 0);
  await close();
});

test('classic script: /classic.html has no module script, yet lists products and adds to the cart', async () => {
  const { page, errors, close } = await open(`${allowedUrl}/classic.html`);
  assert.equal(await page.locator('script[type="module"]').count(), 0);
  await page.getByRole('button', { name: 'Add to cart Pixel 9 Fabric case' }).click();
  await expectText(page.locator('ck-cart [part="subtotal"] dd'), 'HK$279.00');
  assert.deepEqual(errors, []);
  await close();
});
