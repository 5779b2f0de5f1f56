/**
 * Shop rules end to end, through the demo pages, the real proxy and the emulated Checkout.com:
 * - the general sale: "General sale" on the tickets page → seats → hold → details → paid with a
 *   Visa debit card, which the event's presale (Visa credit only) would refuse;
 * - the last unit of a product bought by two browsers at once: one pays, the other is told the
 *   product sold out, keeps its cart, and the shelf then says "Sold out";
 * - a coupon with one use: the first shopper pays with it, the next is told it is used up.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { startProxy, type RunningProxy } from '../helpers/proxy';
import { completeCheckout, eventually, type ExpectedFailure, expectText, payInFlow, watchPage } from '../helpers/page';
import { loadCatalog, parseCatalog } from '../../server/catalog';

let proxy: RunningProxy;
let browser: Browser;

/** The demo catalog with one clear case left and a coupon with one use. */
function lastCaseCatalog() {
  const data = structuredClone(loadCatalog().data);
  data.products.find((p) => p.reference === 'case-iphone16-clear')!.stock = 1;
  data.coupons.push({ code: 'LASTONE', description: '20 % off, one use only', percentOff: 20, usageLimit: 1 });
  return parseCatalog(data);
}

before(async () => {
  const roomy = { max: 10_000, timeWindow: 60_000 };
  proxy = await startProxy({}, { catalog: lastCaseCatalog(), rateLimits: { payments: roomy, auth: roomy, general: roomy } });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await proxy?.close();
});

async function shopper(expected: ExpectedFailure[] = []): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  return { page, errors: watchPage(page, expected), close: () => context.close() };
}

async function expectPaid(page: Page) {
  await page.waitForURL(/\/success\.html\?.*cko-payment-id=pay_/, { timeout: 20000 });
  await expectText(page.locator('ck-payment-result [part="heading"]'), 'Thank you! Your payment was successful');
}

test('general sale: the tickets page leads anyone to seats, paid with a card the presale would refuse', async () => {
  const { page, errors, close } = await shopper();
  await page.goto(`${proxy.url}/omni-cart/tickets.html`);
  await page.getByRole('link', { name: 'General sale: choose your seats' }).click();
  await page.waitForURL(/ticket-seat-selection\.html\?event=harbour-gala-2031&sale=general$/);
  await expectText(page.locator('h1'), 'Harbour Strings — new-year gala');
  await expectText(page.locator('[data-presale-status]'), 'General sale: anyone can choose seats and pay with any card.');

  const map = page.locator('ck-seat-map');
  await map.getByRole('button', { name: 'List' }).click();
  await map.getByRole('button', { name: /^Row D\b/ }).click();
  await map.getByRole('button', { name: /^Row D, Seat 4, / }).click();
  await map.getByRole('button', { name: 'Hold 1 seat' }).click();
  await expectText(map.locator('[part="timer"]'), /Held for/);
  await page.getByRole('link', { name: 'Continue to payment' }).click();

  await page.waitForURL(/ticket-payment\.html$/);
  await expectText(page.locator('[data-seats] li'), /Row D, Seat 4/);
  await page.getByLabel('Email').fill('kai.wong@example.com');
  await page.getByLabel('Full name').fill('Kai Wong');
  await page.locator('ck-pay-button').getByRole('button', { name: 'Pay for tickets' }).click();
  // A Visa debit card: the presale of this event took Visa credit cards only.
  await payInFlow(page, '4659 1055 6905 1157');
  await expectPaid(page);
  const seats = (await (await fetch(`${proxy.url}/api/events/harbour-gala-2031/seats`)).json()) as { sold: string[] };
  assert.ok(seats.sold.includes('STALLS:D:4'), JSON.stringify(seats));
  assert.deepEqual(errors, []);
  await close();
});

const cartLength = (page: Page) => page.evaluate('JSON.parse(localStorage.getItem("ck:cart:v1") || "[]").length') as Promise<number>;

async function addToCart(page: Page, name: string) {
  await page.goto(`${proxy.url}/omni-cart/phone-case-catalog.html`);
  await page.getByRole('button', { name: `Add to cart ${name}` }).click();
  await expectText(page.locator('[data-cart-count]'), '1');
  await page.goto(`${proxy.url}/omni-cart/checkout.html`);
}

/** To the review step of the checkout with the last clear case in the cart. */
async function toReview(page: Page, email: string) {
  await page.goto(`${proxy.url}/omni-cart/phone-case-catalog.html`);
  const card = page.locator('ck-product-list [data-reference="case-iphone16-clear"]');
  await expectText(card.locator('[part="stock"]'), 'Only 1 left');
  await addToCart(page, 'iPhone 16 Clear case');
  await completeCheckout(page, email);
}

test('the last unit, bought by two browsers at once: one pays, the other is told it sold out and keeps its cart', async () => {
  // Which of the two loses the race is not known in advance: both may see the 409.
  const refused = [{ url: `${proxy.url}/create-payment-sessions`, status: 409 }];
  const [a, b] = await Promise.all([shopper(refused), shopper(refused)]);
  await Promise.all([toReview(a.page, 'mei.chan@example.com'), toReview(b.page, 'ho.yin@example.com')]);

  await Promise.all([a, b].map((s) => s.page.locator('ck-checkout').getByRole('button', { name: 'Pay now' }).click()));
  const outcome = async (page: Page) => {
    if (await page.locator('ck-checkout iframe').count()) return 'flow';
    if (await page.locator('ck-checkout [part="alert"]', { hasText: 'sold out' }).count()) return 'sold-out';
    return undefined;
  };
  const [first, second] = await eventually(async () => {
    const both = [await outcome(a.page), await outcome(b.page)];
    return both.every(Boolean) ? both : undefined;
  }, 'both payments answered');
  assert.deepEqual([first, second].sort(), ['flow', 'sold-out'], 'exactly one shopper may pay');
  const [winner, loser] = first === 'flow' ? [a, b] : [b, a];

  await expectText(loser.page.locator('ck-checkout [part="alert"]:not(.empty)'), /Part of your cart has sold out or has fewer left than you chose/);
  assert.equal(await cartLength(loser.page), 1, "the loser's cart is kept");

  await payInFlow(winner.page, '4242 4242 4242 4242');
  await expectPaid(winner.page);

  // The shelf now says so, and the product cannot be added.
  await loser.page.goto(`${proxy.url}/omni-cart/phone-case-catalog.html`);
  const card = loser.page.locator('ck-product-list [data-reference="case-iphone16-clear"]');
  await expectText(card.locator('[part="stock"]'), 'Sold out');
  assert.equal(await card.locator('[part="add-button"]').isDisabled(), true);

  assert.deepEqual(winner.errors, []);
  assert.deepEqual(loser.errors, []);
  await Promise.all([a.close(), b.close()]);
});

test('a coupon with one use: the first shopper pays with it; the next one is told it is used up', async () => {
  const first = await shopper();
  await addToCart(first.page, 'iPhone 16 Leather case');
  const cart = first.page.locator('ck-cart');
  await cart.getByLabel('Coupon code').fill(' lastone ');
  await cart.getByRole('button', { name: 'Apply' }).click();
  await expectText(cart.locator('[part="discount"] dt'), /LASTONE/);
  await completeCheckout(first.page, 'lee.ka@example.com');
  await first.page.locator('ck-checkout').getByRole('button', { name: 'Pay now' }).click();
  await payInFlow(first.page, '4242 4242 4242 4242');
  await expectPaid(first.page);
  assert.deepEqual(first.errors, []);
  await first.close();

  const next = await shopper([{ url: `${proxy.url}/api/orders/quote`, status: 400 }]);
  await addToCart(next.page, 'iPhone 16 Leather case');
  const nextCart = next.page.locator('ck-cart');
  await nextCart.getByLabel('Coupon code').fill('LASTONE');
  await nextCart.getByRole('button', { name: 'Apply' }).click();
  await expectText(nextCart.locator('#coupon-error'), 'This code has been used up.');
  assert.equal(await nextCart.locator('[part="discount"]').count(), 0);
  assert.deepEqual(next.errors, []);
  await next.close();
});
