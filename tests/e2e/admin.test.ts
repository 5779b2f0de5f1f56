/**
 * The staff console against the real proxy and the emulator: a shopper pays an order in the shop;
 * the admin logs in at /admin/, finds that order by the shopper's email, refunds part of it after
 * confirming, sees the refund in the order once Checkout.com confirmed it, and reconciles today:
 * the refunded order matches Checkout.com; the analytics show it; the shopper asks for their receipt
 * again and it reaches their mailbox. The console is axe-clean along the way.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { axeViolations, eventually, expectText, payInFlow, watchPage, completeCheckout } from '../helpers/page';
import { startProxyWithMailbox } from '../helpers/proxy';

let proxy: Awaited<ReturnType<typeof startProxyWithMailbox>>;
let browser: Browser;

before(async () => {
  proxy = await startProxyWithMailbox();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await proxy?.close();
});

/** The shopper: one clear case, checkout, 4242 in the emulated Flow; returns the payment id. */
async function shopperPays(page: Page, email: string): Promise<string> {
  await page.goto(`${proxy.url}/omni-cart/all-products.html`);
  await page.getByRole('button', { name: 'Add to cart iPhone 16 Clear case' }).click();
  await expectText(page.locator('[data-cart-count]'), '1');
  await page.getByRole('link', { name: 'Go to checkout' }).click();
  const checkout = page.locator('ck-checkout');
  await completeCheckout(page, email, 'Ana Silva');
  await checkout.getByRole('button', { name: 'Pay now' }).click();
  await payInFlow(page, '4242 4242 4242 4242');
  await page.waitForURL(/\/success\.html\?cko-payment-id=pay_/);
  return new URL(page.url()).searchParams.get('cko-payment-id')!;
}

test('staff logs in, finds the order a shopper just paid, refunds part of it, sees it in the order and in a reconciliation report', async () => {
  const shop = await browser.newContext();
  const shopPage = await shop.newPage();
  const shopErrors = watchPage(shopPage);
  const email = `ana.${Date.now()}@example.com`;
  const paymentId = await shopperPays(shopPage, email);
  assert.deepEqual(shopErrors, []);
  await shop.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchPage(page);
  await page.goto(`${proxy.url}/admin/`);
  const console_ = page.locator('ck-admin-console');
  await console_.getByLabel('Username').fill('merchant');
  await console_.getByLabel('Password', { exact: true }).fill('merchant-demo-1');
  await console_.getByRole('button', { name: 'Log in' }).click();
  await expectText(console_.getByRole('heading', { level: 2, name: 'Orders' }), 'Orders');
  assert.deepEqual(await axeViolations(page), []);

  // Find the shopper's order by their email.
  const orders = console_.locator('ck-admin-orders');
  await orders.getByLabel('Customer email').fill(email);
  await orders.getByRole('button', { name: 'Search' }).click();
  await expectText(orders.getByRole('status'), '1 order');
  await orders.getByRole('link', { name: /^ORD/ }).click();

  // Its detail: paid by the shopper's payment; refund HK$50.00 of it, after confirming.
  const detail = console_.locator('ck-admin-order');
  await expectText(detail.locator('[part="timeline"]'), /payment_approved|payment_captured/);
  await expectText(detail.getByRole('table', { name: 'Payments' }), new RegExp(paymentId));
  assert.deepEqual(await axeViolations(page), []);
  await detail.getByLabel(/Amount to refund/).fill('50.00');
  await detail.getByLabel('Reason').fill('one case arrived scratched');
  await detail.getByRole('button', { name: 'Refund', exact: true }).click();
  const dialog = detail.getByRole('dialog');
  await expectText(dialog, /Refund HK\$50\.00 of order ORD\w+\? This cannot be undone\./);
  await dialog.getByRole('button', { name: 'Yes, go ahead' }).click();
  await expectText(detail.getByRole('status'), 'Sent to Checkout.com. The order changes once it is confirmed.');

  // Once Checkout.com's webhook confirmed it (the proxy's store says so), the order shows the refund.
  const orderId = new URL(page.url()).hash.replace('#/orders/', '');
  await eventually(async () => (await proxy.app.orders.get(orderId))?.status === 'partially_refunded', 'the refund confirmed by Checkout.com');
  await page.reload();
  await expectText(page.locator('ck-admin-order').locator('dl'), /Partly refunded/);
  const after_ = page.locator('ck-admin-order');
  await expectText(after_.getByRole('table', { name: 'Refunds and voids' }), /refund.*HK\$50\.00.*accepted.*merchant.*one case arrived scratched/s);
  await expectText(after_.locator('[part="timeline"]'), /payment_refunded/);

  // The shopper lost the confirmation: send it again, after confirming; a second copy with the PDF arrives.
  const received = () => proxy.box.mailbox.list().filter((m) => m.to.includes(email) && m.subject.endsWith(`your order ${orderId} is confirmed`));
  await eventually(async () => received().length === 1, 'the first confirmation');
  await after_.getByRole('button', { name: 'Send receipt again' }).click();
  await expectText(after_.getByRole('dialog'), new RegExp(`^Send the confirmation of order ${orderId}, with its PDF receipt, to ${email.replaceAll('.', '\\.')} again\\?`));
  await after_.getByRole('dialog').getByRole('button', { name: 'Yes, go ahead' }).click();
  await expectText(after_.getByRole('status'), `The receipt is on its way to ${email}.`);
  await eventually(async () => received().length === 2, 'the copy in the mailbox');
  assert.deepEqual(received()[0]!.attachments.map((a) => a.filename), [`receipt-${orderId}.pdf`]);
  await expectText(after_.locator('[part="timeline"]'), /receipt_resent/);

  // Reconcile today: the order and Checkout.com agree on the refund.
  await console_.getByRole('link', { name: 'Reconciliation' }).click();
  const recon = console_.locator('ck-admin-reconciliation');
  const today = new Date().toISOString().slice(0, 10);
  await recon.getByLabel('Created from').fill(today);
  await recon.getByLabel('Created until').fill(today);
  await recon.getByRole('button', { name: 'Reconcile now' }).click();
  await expectText(recon.locator('[part="reports"] tbody'), /Everything matches|mismatch/);
  await expectText(recon.getByRole('heading', { level: 3 }), /Everything matches/);
  await expectText(recon.locator('ul'), /Matched: 1/);
  assert.deepEqual(await axeViolations(page), []);

  // Analytics: the order in today's revenue (HK$199.00 gross, HK$50.00 refunded), drawn by chart.js under the proxy's CSP.
  await console_.getByRole('link', { name: 'Analytics' }).click();
  const analytics = console_.locator('ck-admin-analytics');
  await expectText(analytics.getByRole('table', { name: 'Analytics' }).locator('tbody tr').first(), /HKD\s*1\s*HK\$\d[\d,.]*\s*HK\$50\.00/);
  // Revenue, funnel and best sellers (no payment was declined: that chart says there is no data).
  await eventually(async () => (await analytics.locator('canvas[role="img"]').count()) === 3 && (await analytics.locator('canvas').first().evaluate((c) => (c as HTMLCanvasElement).style.display === 'block')), 'the charts drawn');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});
