/**
 * A registered shopper's journey through the demo shop, the real proxy and the emulated Flow:
 * create an account on the checkout's first step → buy → the order is in "Your orders", with the
 * payment reference the success page showed; the new address was saved to the account.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { expectText, payInFlow, watchPage } from '../helpers/page';
import { startProxy, type RunningProxy } from '../helpers/proxy';

/** Text that contains `s` (expectText compares whole texts for strings). */
const containing = (s: string) => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

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

test('sign up at checkout → pay with 4242 → the order is in "Your orders", paid, with its payment reference and detail', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchPage(page);

  await page.goto(`${proxy.url}/omni-cart/all-products.html`);
  await page.getByRole('button', { name: 'Add to cart iPhone 16 Clear case' }).click();
  await expectText(page.locator('[data-cart-count]'), '1');
  await page.getByRole('link', { name: 'Go to checkout' }).click();

  const checkout = page.locator('ck-checkout');
  await checkout.getByRole('radio', { name: 'Create an account' }).check();
  await checkout.getByLabel('Email').fill('mei.chan@example.com');
  await checkout.getByLabel('Full name').fill('Mei Chan');
  await checkout.getByLabel('Choose a password').fill('violet harbour lantern');
  await checkout.getByRole('button', { name: 'Continue' }).click();
  await expectText(checkout.locator('[part="step-heading"]'), 'Shipping address');
  await checkout.getByLabel('Address', { exact: true }).fill('18 Harbour Road');
  await checkout.getByLabel('City').fill('Wan Chai');
  await checkout.getByLabel('Country or region').selectOption('HK');
  await checkout.getByRole('checkbox', { name: 'Save this address to my account' }).check();
  await checkout.getByRole('button', { name: 'Continue' }).click();
  await expectText(checkout.locator('[part="step-heading"]'), 'Billing address');
  await checkout.getByRole('button', { name: 'Continue' }).click();
  await expectText(checkout.locator('[part="step-heading"]'), 'Delivery');
  await checkout.getByRole('radio', { name: /Hong Kong courier/ }).check();
  await checkout.getByRole('button', { name: 'Continue' }).click();
  await expectText(checkout.locator('[part="step-heading"]'), 'Review');
  await checkout.getByRole('button', { name: 'Pay now' }).click();
  await payInFlow(page, '4242 4242 4242 4242');

  await page.waitForURL(/\/success\.html\?cko-payment-id=pay_/);
  const paymentId = new URL(page.url()).searchParams.get('cko-payment-id')!;
  await expectText(page.locator('ck-payment-result [part="heading"]'), 'Thank you! Your payment was successful');
  const amount = (await page.locator('ck-payment-result [part="details"] dd').first().textContent())!.trim();

  await page.getByRole('navigation', { name: 'Shop' }).getByRole('link', { name: 'Your orders' }).click();
  await page.waitForURL(/\/account\/orders\.html$/);
  const history = page.locator('ck-order-history');
  const order = history.locator('[part="order"]');
  await expectText(order.first(), containing(paymentId));
  assert.equal(await order.count(), 1);
  await expectText(order.first().locator('[part="status"]'), 'Paid');
  await expectText(order.first(), containing(amount));
  await expectText(order.first(), containing('1 × iPhone 16 Clear case'));
  await order.first().getByRole('button', { name: /Details of order ORD/ }).click();
  await expectText(history.locator('[part="detail"]'), containing('18 Harbour Road'));

  // On the proxy: the order belongs to the account that was created, and the address was saved to it.
  const { rows } = await proxy.app.db.query<{ email: string; addresses: number }>(
    `SELECT a.email, (SELECT count(*)::int FROM shopper_addresses s WHERE s.account_id = a.id) AS addresses
       FROM orders o JOIN payments p ON p.order_id = o.id JOIN shopper_accounts a ON a.id = o.account_id WHERE p.id = $1`,
    [paymentId],
  );
  assert.deepEqual(rows, [{ email: 'mei.chan@example.com', addresses: 1 }]);
  assert.deepEqual(errors, []);
  await context.close();
});
