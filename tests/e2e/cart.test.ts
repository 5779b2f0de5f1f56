import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { expectText, watchPage } from '../helpers/page';
import { startProxy, type RunningProxy } from '../helpers/proxy';

let proxy: RunningProxy;
let browser: Browser;

before(async () => {
  proxy = await startProxy();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await proxy?.close();
});

test('a shopper fills the cart on the demo page, changes a quantity, removes a line, and the cart survives a reload', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchPage(page);

  await page.goto(`${proxy.url}/omni-cart/cart.html`);
  const cart = page.locator('ck-cart');
  await expectText(cart.locator('[part="empty"]'), 'Your cart is empty.');

  // The page's own product markup takes names and prices from the proxy's catalog.
  await expectText(page.locator('[data-product="case-iphone16-clear"] [data-price]'), 'HK$199.00');
  await expectText(page.locator('[data-product="case-pixel9-fabric"] [data-name]'), 'Pixel 9 Fabric case');
  await page.getByRole('button', { name: 'Add to cart' }).nth(0).click();
  await page.getByRole('button', { name: 'Add to cart' }).nth(1).click();
  await expectText(cart.locator('[part="subtotal"] dd'), 'HK$478.00');

  // Keyboard: type a new quantity and leave the field.
  const quantity = page.getByRole('spinbutton', { name: 'Quantity of iPhone 16 Clear case' });
  await quantity.fill('3');
  await quantity.press('Tab');
  await expectText(cart.locator('[part="subtotal"] dd'), 'HK$876.00');

  await page.getByRole('button', { name: 'Remove Pixel 9 Fabric case from cart' }).click();
  await expectText(cart.locator('[part="subtotal"] dd'), 'HK$597.00');
  assert.equal(await cart.locator('[part="line-item"]').count(), 1);

  // Another tab of the same shop sees the same cart, and follows changes live.
  const otherTab = await context.newPage();
  await otherTab.goto(`${proxy.url}/omni-cart/cart.html`);
  await expectText(otherTab.locator('ck-cart [part="subtotal"] dd'), 'HK$597.00');
  await page.getByRole('button', { name: 'Increase quantity of iPhone 16 Clear case' }).click();
  await expectText(otherTab.locator('ck-cart [part="subtotal"] dd'), 'HK$796.00');

  await page.reload();
  await expectText(page.locator('ck-cart [part="subtotal"] dd'), 'HK$796.00');
  assert.deepEqual(errors, []);
  await context.close();
});

