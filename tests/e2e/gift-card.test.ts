/**
 * Gift card by express checkout, end to end: the demo page, the real proxy (which prices the
 * card from the catalog) and the emulated Checkout.com Flow with 4242… → verified success.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { expectText, payInFlow, paymentAsShopper, watchPage } from '../helpers/page';
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

test('build a gift card, express checkout beside the order summary, 4242 in Flow → verified success', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchPage(page);

  await page.goto(`${proxy.url}/omni-cart/gift-cards.html`);
  const builder = page.locator('ck-gift-card-builder');
  await builder.getByRole('radio', { name: 'Lanterns' }).check();
  await builder.getByRole('radio', { name: 'HK$500.00' }).check();
  await builder.getByLabel("Recipient's name").fill('Mei Chan');
  await builder.getByLabel("Recipient's email").fill('mei.chan@example.com');
  await builder.getByLabel('Your name').fill('Kenso Lee');
  await builder.getByLabel('Your email (for the receipt)').fill('kenso@example.com');
  await builder.getByLabel('Message (optional)').fill('Happy birthday, Mei!');
  await expectText(builder.locator('[part="preview-amount"]'), 'HK$500.00');
  await expectText(builder.locator('[part="counter"]'), '280 of 300 characters left');

  await builder.getByRole('button', { name: 'Express checkout' }).click();
  // The proxy priced the card; the summary sits beside the pay button.
  await expectText(builder.locator('ck-order-summary [part="total"] dd'), 'HK$500.00');
  await builder.locator('ck-pay-button').getByRole('button', { name: /^Pay/ }).click();
  await payInFlow(page, '4242 4242 4242 4242');

  await page.waitForURL(/\/success\.html\?.*cko-payment-id=pay_/, { timeout: 20000 });
  const result = page.locator('ck-payment-result');
  await expectText(result.locator('[part="heading"]'), 'Thank you! Your payment was successful');
  const id = new URL(page.url()).searchParams.get('cko-payment-id')!;
  const verified = await paymentAsShopper<{ outcome: string; amount: number; currency: string }>(page, proxy.url, id);
  assert.equal(verified.outcome, 'succeeded');
  assert.equal(verified.amount, 50000);
  assert.equal(verified.currency, 'HKD');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a custom amount above the bounds is refused with a message tied to the field', async () => {
  const page = await browser.newPage();
  const errors = watchPage(page);
  await page.goto(`${proxy.url}/omni-cart/gift-cards.html`);
  const builder = page.locator('ck-gift-card-builder');
  await builder.getByRole('radio', { name: 'Other amount' }).check();
  await builder.getByLabel('Amount in HKD').fill('9000');
  await builder.getByLabel('Amount in HKD').blur();
  await expectText(builder.locator('#amount-error'), 'Enter an amount from HK$100.00 to HK$5,000.00.');
  assert.equal(await builder.getByLabel('Amount in HKD').getAttribute('aria-invalid'), 'true');
  assert.deepEqual(errors, []);
  await page.close();
});
