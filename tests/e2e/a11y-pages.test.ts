/**
 * Every demo page, axe-checked against WCAG 2.2 AA (axe-core injected into the page; the
 * emulated Flow frame is ours and is checked too), and photographed at desktop (1280×800),
 * mobile (390×844) and reflow (320×640: a 1280 px screen at 400% zoom, WCAG 1.4.10) widths into
 * tests/e2e/screenshots/ (git-ignored) for a human to look at. At every width the page must not
 * scroll sideways.
 * Pages with more than one state are also visited in the state that matters (a filled cart,
 * held seats, Flow mounted).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { startProxy, type RunningProxy } from '../helpers/proxy';
import { axeViolations, eventually, expectText, watchPage } from '../helpers/page';

const SHOTS = join(import.meta.dirname, 'screenshots');
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, mobile: { width: 390, height: 844 }, reflow: { width: 320, height: 640 } } as const;

const PAGES = [
  '/',
  '/omni-cart/all-products.html',
  '/omni-cart/phone-case-catalog.html',
  '/omni-cart/cart.html',
  '/omni-cart/checkout.html',
  '/omni-cart/gift-cards.html',
  '/omni-cart/tickets.html',
  '/omni-cart/ticket-seat-selection.html?event=harbour-strings-2031',
  '/omni-cart/ticket-payment.html',
  '/easy-checkout/phone-case-shop.html',
  '/insurance/login.html',
  '/insurance/insurance-form.html',
  '/insurance/payment.html',
  '/success.html',
  '/failure.html',
  '/cancel.html',
  '/account/orders.html',
];

const CART = JSON.stringify([
  { reference: 'case-iphone16-clear', name: 'iPhone 16 Clear case', unitAmount: 19900, currency: 'HKD', quantity: 2, image: '/assets/products/case-iphone16-clear.svg' },
  { reference: 'charger-usbc-30w', name: '30 W USB-C charger', unitAmount: 24900, currency: 'HKD', quantity: 1, image: '/assets/products/charger-30w.svg' },
]);

let proxy: RunningProxy;
let browser: Browser;
const contexts: Record<keyof typeof VIEWPORTS, BrowserContext | undefined> = { desktop: undefined, mobile: undefined, reflow: undefined };

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const roomy = { max: 10_000, timeWindow: 60_000 };
  proxy = await startProxy({}, { rateLimits: { payments: roomy, auth: roomy, general: roomy } });
  browser = await launchChromium();
  for (const name of Object.keys(VIEWPORTS) as (keyof typeof VIEWPORTS)[]) {
    contexts[name] = await browser.newContext({ viewport: VIEWPORTS[name], reducedMotion: 'reduce' });
  }
});

after(async () => {
  await browser?.close();
  await proxy?.close();
});

const fileName = (path: string, state: string, viewport: string) =>
  `${(path === '/' ? 'index' : path.replace(/^\//, '').replace(/\.html.*$/, '').replace(/\//g, '_')) + (state ? `-${state}` : '')}-${viewport}.png`;

/**
 * True once every ck-* element (nested ones too) is defined and rendered, none shows a loading
 * state (aria-busy, a skeleton, the seat map's loading message), every image has loaded (lazy
 * ones are told to load now, so the full-page photograph shows them) and the fonts are in.
 */
const SETTLED = `(() => {
  const deep = (root) => [...root.querySelectorAll('*')].flatMap((e) => (e.shadowRoot ? [e, ...deep(e.shadowRoot)] : [e]));
  const all = deep(document);
  const kit = all.filter((e) => e.localName.startsWith('ck-'));
  if (!kit.every((e) => customElements.get(e.localName) && e.shadowRoot && e.shadowRoot.childElementCount > 0)) return false;
  if (all.some((e) => e.getAttribute('aria-busy') === 'true' || e.classList.contains('skeleton') || e.classList.contains('loading'))) return false;
  const images = all.filter((e) => e.localName === 'img');
  for (const img of images) img.loading = 'eager';
  return images.every((img) => img.complete) && document.fonts.status === 'loaded';
})()`;

/** Waits until the page is in its settled state (SETTLED) and every element finished its last update. */
async function settle(page: Page) {
  // Asked from here (page.evaluate is not subject to the pages' CSP, which forbids eval).
  await eventually(async () => (await page.evaluate(SETTLED)) === true, `${page.url()} to settle`, 15_000);
  await page.evaluate(`Promise.all([...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('ck-')).map((e) => e.updateComplete)).then(() => true)`);
}

async function visit(path: string, state = '', prepare?: (page: Page) => Promise<void>) {
  const violations: string[] = [];
  for (const name of Object.keys(VIEWPORTS) as (keyof typeof VIEWPORTS)[]) {
    const page = await contexts[name]!.newPage();
    const errors = watchPage(page);
    await page.goto(`${proxy.url}${path}`);
    if (prepare) await prepare(page);
    await settle(page);
    await page.screenshot({ path: join(SHOTS, fileName(path, state, name)), fullPage: true });
    // WCAG 1.4.10: content reflows into the width; nothing but a deliberately scrolling strip (the shop's nav) may be wider.
    const width = (await page.evaluate('[document.scrollingElement.scrollWidth, innerWidth]')) as [number, number];
    assert.ok(width[0] <= width[1], `${path} ${state} at ${name} width scrolls sideways: ${width[0]} px of content in ${width[1]} px`);
    // Every link of the page's header is on screen (none scrolled off a sideways strip, where Tab
    // would focus it out of sight) and at least 24 px tall (WCAG 2.5.8).
    const links = (await page.evaluate(`[...document.querySelectorAll('header nav a')].map((a) => {
      const r = a.getBoundingClientRect();
      return { text: a.textContent.trim(), left: r.left, right: r.right, height: r.height };
    })`)) as { text: string; left: number; right: number; height: number }[];
    const width1 = width[1];
    const off = links.filter((l) => l.left < 0 || l.right > width1 || l.height < 24).map((l) => `${l.text} ${Math.round(l.left)}..${Math.round(l.right)} × ${Math.round(l.height)}`);
    assert.deepEqual(off, [], `${path} ${state} at ${name} width: header links off screen or under 24 px`);
    if (name === 'desktop') violations.push(...(await axeViolations(page)));
    assert.deepEqual(errors, [], `${path} ${state}`);
    await page.close();
  }
  assert.deepEqual(violations, [], `${path} ${state}`);
}

for (const path of PAGES) {
  test(`axe + screenshots: ${path}`, async () => {
    await visit(path);
  });
}

test('axe + screenshots: shop pages with a filled cart', async () => {
  const fill = async (page: Page) => {
    await page.evaluate(`localStorage.setItem('ck:cart:v1', ${JSON.stringify(CART)})`);
    await page.reload();
  };
  for (const path of ['/omni-cart/all-products.html', '/omni-cart/cart.html', '/omni-cart/checkout.html', '/easy-checkout/phone-case-shop.html']) {
    await visit(path, 'cart', fill);
  }
});

test('axe + screenshots: ticket payment with held seats', async () => {
  // Another browser's hold: no cookie, so the proxy issues this request a holder of its own.
  const response = await fetch(`${proxy.url}/api/seat-holds`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ eventId: 'harbour-strings-2031', seats: ['STALLS:D:5', 'STALLS:D:6'] }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  const hold = (await response.json()) as Record<string, unknown>;
  const state = JSON.stringify({
    bins: { 'harbour-strings-2031': '42424242' },
    hold: { ...hold, eventId: 'harbour-strings-2031' },
    selection: { eventId: 'harbour-strings-2031', seats: ['Stalls, Row D, Seat 5 · Premium', 'Stalls, Row D, Seat 6 · Premium'] },
  });
  await visit('/omni-cart/ticket-payment.html', 'held', async (page) => {
    await page.evaluate(`sessionStorage.setItem('ck-demo:tickets', ${JSON.stringify(state)})`);
    await page.reload();
    await expectText(page.locator('ck-order-summary [part="total"] dd'), /HK\$/);
  });
});

test('axe: the checkout with Flow mounted — the page and the emulated Flow frame', async () => {
  const page = await contexts.desktop!.newPage();
  const errors = watchPage(page);
  await page.goto(`${proxy.url}/omni-cart/checkout.html`);
  await page.evaluate(`localStorage.setItem('ck:cart:v1', ${JSON.stringify(CART)})`);
  await page.reload();
  const checkout = page.locator('ck-checkout');
  await checkout.getByLabel('Email').fill('mei.chan@example.com');
  await checkout.getByLabel('Full name').fill('Mei Chan');
  await checkout.getByRole('button', { name: 'Continue' }).click();
  await checkout.getByLabel('Address', { exact: true }).fill('18 Harbour Road');
  await checkout.getByLabel('City').fill('Wan Chai');
  await checkout.getByLabel('Country or region').selectOption('HK');
  await checkout.getByRole('button', { name: 'Continue' }).click();
  await checkout.getByRole('button', { name: 'Continue' }).click();
  await checkout.getByRole('radio', { name: /Hong Kong courier/ }).check();
  await checkout.getByRole('button', { name: 'Continue' }).click();
  await checkout.getByRole('button', { name: 'Pay now' }).click();
  await page.frameLocator('ck-pay-button iframe').getByLabel('Card number').waitFor();
  await settle(page);
  await page.screenshot({ path: join(SHOTS, 'omni-cart_checkout-flow-desktop.png'), fullPage: true });
  const flow = page.frames().find((f) => f.url().includes('/flow/frame'));
  assert.ok(flow, 'the Flow frame');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(await axeViolations(flow), []);
  assert.deepEqual(errors, []);
  await page.close();
});
