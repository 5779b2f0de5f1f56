/**
 * Payment velocity as a shopper meets it on the demo shop: declined cards count double, the
 * next try asks the bank for a 3DS challenge (and says so), and past the limit the shopper is
 * told how long to wait — with the cart kept. The proxy runs with small limits for this journey.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { completeCheckout, expectText, payInFlow, watchPage } from '../helpers/page';
import { startProxy, type RunningProxy } from '../helpers/proxy';

let proxy: RunningProxy;
let browser: Browser;

before(async () => {
  proxy = await startProxy({}, { velocity: { windowMs: 60 * 60_000, perEmail: 4, perIp: 1000, perCard: 1000, challengeAt: 3 } });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await proxy?.close();
});

test('declined twice, the shopper is asked for 3DS and then told to wait; the cart is kept', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchPage(page, [{ url: `${proxy.url}/create-payment-sessions`, status: 429 }]);

  await page.goto(`${proxy.url}/omni-cart/all-products.html`);
  await page.getByRole('button', { name: 'Add to cart iPhone 16 Clear case' }).click();
  await expectText(page.locator('[data-cart-count]'), '1');
  await page.getByRole('link', { name: 'Go to checkout' }).click();
  await completeCheckout(page, 'card.tester@example.com', 'Card Tester');
  const checkout = page.locator('ck-checkout');
  await checkout.getByRole('button', { name: 'Pay now' }).click();

  const payButton = page.locator('ck-pay-button');
  const alert = payButton.locator('[part="alert"]');
  // Attempt 1, declined: it counts twice.
  await payInFlow(page, '4544 2491 6767 3670');
  await expectText(alert, /declined/);
  // Attempt 2 is past the soft threshold: the bank is asked for a challenge, and the shopper told.
  await payButton.getByRole('button', { name: 'Try again' }).click();
  await expectText(payButton.locator('[part="status"]'), /3DS verification required/);
  await payInFlow(page, '4544 2491 6767 3670');
  await expectText(alert, /declined/);
  // Attempt 3 is over the limit: refused before Checkout.com is asked, with the wait in minutes.
  const sessionsBefore = proxy.emulator.app.emulator.store.paymentSessions.size;
  await payButton.getByRole('button', { name: 'Try again' }).click();
  await expectText(alert, /^Too many payment attempts\. Please try again in (59|60) minutes\. Your cart has been kept\.$/);
  assert.equal(proxy.emulator.app.emulator.store.paymentSessions.size, sessionsBefore);
  assert.equal(await page.evaluate('JSON.parse(localStorage.getItem("ck:cart:v1")).length'), 1);
  assert.deepEqual(errors, []);
  await context.close();
});
