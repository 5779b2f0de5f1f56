/**
 * The commerce journey end to end, through the demo pages, the real proxy and the emulated
 * Checkout.com Flow: add two products → change currency → checkout → pay with 4242… →
 * the success page shows the verified payment and the cart is empty; and a declined card →
 * retry → success.
 */
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { expectText, payInFlow, paymentAsShopper, watchPage, completeCheckout } from '../helpers/page';
import { startProxy, type RunningProxy } from '../helpers/proxy';
import { unavailable } from '../helpers/requirements';

let proxy: RunningProxy;
let browser: Browser;
let missingRoutes = '';

before(async () => {
  proxy = await startProxy();
  browser = await launchChromium();
  // Written against the contract: while the proxy lacks the route, skipped locally, failed in CI.
  const response = await fetch(`${proxy.url}/api/checkout-config`);
  if (response.status === 404) missingRoutes = 'the proxy has no /api/checkout-config route yet (issue 4)';
});

after(async () => {
  await browser?.close();
  await proxy?.close();
});

async function shopper(t: TestContext): Promise<{ page: Page; errors: string[] } | undefined> {
  if (unavailable(t, missingRoutes)) return undefined;
  const context = await browser.newContext();
  const page = await context.newPage();
  return { page, errors: watchPage(page) };
}

async function addTwoProductsInUsd(page: Page) {
  await page.goto(`${proxy.url}/omni-cart/all-products.html`);
  await page.getByRole('button', { name: 'Add to cart iPhone 16 Clear case' }).click();
  await page.getByRole('button', { name: 'Add to cart 30 W USB-C charger' }).click();
  await page.getByRole('combobox', { name: 'Currency' }).selectOption('USD');
  // Every price follows: the merchant's USD prices ($25.00 and $29.99).
  await expectText(page.locator('ck-cart [part="subtotal"] dd'), '$54.99');
  await expectText(page.locator('[data-cart-count]'), '2');
}

async function fillCheckout(page: Page) {
  await page.getByRole('link', { name: 'Go to checkout' }).click();
  const checkout = page.locator('ck-checkout');
  await completeCheckout(page, 'mei.chan@example.com', 'Mei Chan');
  await expectText(checkout.locator('ck-order-summary [part="total"] dd'), '$54.99');
  await checkout.getByRole('button', { name: 'Pay now' }).click();
}

async function expectVerifiedSuccess(page: Page) {
  await page.waitForURL(/\/success\.html\?cko-payment-id=pay_/);
  const result = page.locator('ck-payment-result');
  await expectText(result.locator('[part="heading"]'), 'Thank you! Your payment was successful');
  const id = new URL(page.url()).searchParams.get('cko-payment-id')!;
  await expectText(result.locator('[data-payment-id]'), id);
  await expectText(result.locator('[part="details"] dd').first(), '$54.99');
  await expectText(page.locator('[data-cart-count]'), '0');
  assert.equal(await page.evaluate('JSON.parse(localStorage.getItem("ck:cart:v1") || "[]").length'), 0);
  // The proxy itself reports the payment as paid.
  const verified = await paymentAsShopper<{ outcome: string; currency: string }>(page, proxy.url, id);
  assert.equal(verified.outcome, 'succeeded');
  assert.equal(verified.currency, 'USD');
}

test('two products, USD, checkout, 4242 in the emulated Flow → verified success, empty cart', async (t) => {
  const s = await shopper(t);
  if (!s) return;
  await addTwoProductsInUsd(s.page);
  await fillCheckout(s.page);
  await payInFlow(s.page, '4242 4242 4242 4242');
  await expectVerifiedSuccess(s.page);
  assert.deepEqual(s.errors, []);
});

test('a declined card is announced, the cart kept, and a retry pays', async (t) => {
  const s = await shopper(t);
  if (!s) return;
  await addTwoProductsInUsd(s.page);
  await fillCheckout(s.page);
  await payInFlow(s.page, '4544 2491 6767 3670');
  const alert = s.page.locator('ck-pay-button [part="alert"]');
  await expectText(alert, /declined/);
  assert.equal(await s.page.evaluate('JSON.parse(localStorage.getItem("ck:cart:v1")).length'), 2);
  await s.page.locator('ck-pay-button').getByRole('button', { name: 'Try again' }).click();
  await payInFlow(s.page, '4242 4242 4242 4242');
  await expectVerifiedSuccess(s.page);
  assert.deepEqual(s.errors, []);
});

