/**
 * Pay on the demo shop, then read the confirmation the way a developer does: in the dev mailbox
 * on the emulator's origin (the embedded SMTP server the proxy sends to when no SMTP_URL is set).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { formatMoney } from '../../contract/money';
import type { MailboxMessage } from '../../server/mail/dev-mailbox';
import { launchChromium } from '../helpers/chromium';
import { eventually, expectText, payInFlow, watchPage, completeCheckout } from '../helpers/page';
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

test('pay on the demo shop → the confirmation arrives in the dev mailbox with the order’s total and payment reference', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchPage(page);
  await page.goto(`${proxy.url}/omni-cart/all-products.html`);
  await page.getByRole('button', { name: 'Add to cart iPhone 16 Clear case' }).click();
  await expectText(page.locator('[data-cart-count]'), '1');
  await page.getByRole('link', { name: 'Go to checkout' }).click();
  const checkout = page.locator('ck-checkout');
  await completeCheckout(page, 'mei.chan@example.com', 'Mei Chan');
  await checkout.getByRole('button', { name: 'Pay now' }).click();
  await payInFlow(page, '4242 4242 4242 4242');
  await page.waitForURL(/\/success\.html\?cko-payment-id=pay_/);
  await expectText(page.locator('ck-payment-result [part="heading"]'), 'Thank you! Your payment was successful');
  const paymentId = new URL(page.url()).searchParams.get('cko-payment-id')!;

  // The mailbox on the emulator's origin, as JSON (what tests and scripts read) …
  const mail = await eventually(async () => {
    const res = await fetch(`${proxy.emulator.url}/mailbox/messages?to=mei.chan@example.com`);
    return ((await res.json()) as { messages: MailboxMessage[] }).messages.find((m) => m.text.includes(paymentId));
  }, 'the confirmation in the dev mailbox');
  const order = (await proxy.app.db.query<{ id: string; amount: number; currency: string }>('SELECT o.id, o.amount, o.currency FROM orders o JOIN payments p ON p.order_id = o.id WHERE p.id = $1', [paymentId])).rows[0]!;
  assert.equal(mail.subject, `Harbour Case Co.: your order ${order.id} is confirmed`);
  assert.ok(mail.text.includes(`Total: ${formatMoney(order.amount, order.currency, 'en')}`), mail.text);
  assert.ok(mail.text.includes('Mei Chan'));
  assert.doesNotMatch(`${mail.text}${mail.html}`, /4242 ?4242|<img/);

  // … and in the browser, as a developer reads it.
  await page.goto(`${proxy.emulator.url}/mailbox`);
  await expectText(page.getByRole('heading', { level: 1 }), 'Dev mailbox');
  const article = page.getByRole('article').filter({ hasText: order.id }).first();
  await expectText(article.getByRole('heading', { level: 2 }), mail.subject);
  const body = page.frameLocator(`iframe[title="HTML of: ${mail.subject}"]`).first();
  await expectText(body.getByRole('heading', { level: 1 }), 'Thank you for your order');
  const total = formatMoney(order.amount, order.currency, 'en').replace(/[$.]/g, '\\$&');
  await expectText(body.getByRole('table'), new RegExp(`Total${total}$`));
  assert.deepEqual(errors, []);
  await context.close();
});
