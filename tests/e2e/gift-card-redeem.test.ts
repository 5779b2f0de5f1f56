/**
 * A gift card bought and spent, end to end: the demo gift-card page pays for a card with 4242 in
 * the emulated Flow; its code is read where the recipient reads it: the email it gets, in the dev
 * mailbox on the emulator's origin (no route of the proxy gives a code out); the balance element shows it; a checkout redeems
 * it — first an order it covers in full (no card form at all, straight to the success page, with
 * the PDF receipt to download), then one it covers in part (Flow is asked for the rest only).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { MailboxMessage } from '../../server/mail/dev-mailbox';
import { launchChromium } from '../helpers/chromium';
import { completeCheckout, eventually, expectText, payInFlow, watchPage } from '../helpers/page';
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

async function buyGiftCard(page: Page): Promise<string> {
  await page.goto(`${proxy.url}/omni-cart/gift-cards.html`);
  const builder = page.locator('ck-gift-card-builder');
  await builder.getByRole('radio', { name: 'HK$500.00' }).check();
  await builder.getByLabel("Recipient's name").fill('Mei Chan');
  await builder.getByLabel("Recipient's email").fill('mei.chan@example.com');
  await builder.getByLabel('Your name').fill('Kenso Lee');
  await builder.getByLabel('Your email (for the receipt)').fill('kenso@example.com');
  await builder.getByRole('button', { name: 'Express checkout' }).click();
  await expectText(builder.locator('ck-order-summary [part="total"] dd'), 'HK$500.00');
  await builder.locator('ck-pay-button').getByRole('button', { name: /^Pay/ }).click();
  await payInFlow(page, '4242 4242 4242 4242');
  await page.waitForURL(/\/success\.html\?.*cko-payment-id=pay_/, { timeout: 20000 });
  await expectText(page.locator('ck-payment-result [part="heading"]'), 'Thank you! Your payment was successful');
  const paymentId = new URL(page.url()).searchParams.get('cko-payment-id')!;
  const order = (await proxy.app.orders.findByPayment(paymentId))!;
  const cards = await proxy.app.giftCards.issuedBy(order.id);
  assert.equal(cards.length, 1);
  // No delivery date: the recipient's email goes at once. Read it in the dev mailbox, as JSON on the emulator's origin.
  const code = await eventually(async () => {
    const res = await fetch(`${proxy.emulator.url}/mailbox/messages?to=mei.chan@example.com`);
    const mail = ((await res.json()) as { messages: MailboxMessage[] }).messages.find((m) => /sent you a Harbour Case Co\. gift card/.test(m.subject));
    return mail && /Gift card code: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})/.exec(mail.text)?.[1];
  }, 'the gift card in the recipient’s mailbox');
  assert.equal(code.slice(-4), cards[0]!.last4);
  // The buyer's copy names the card by its last four only.
  const copy = await eventually(async () => {
    const res = await fetch(`${proxy.emulator.url}/mailbox/messages?to=kenso@example.com`);
    return ((await res.json()) as { messages: MailboxMessage[] }).messages.find((m) => /your gift card for Mei Chan/.test(m.subject));
  }, 'the buyer’s copy');
  assert.ok(copy.text.includes(`Gift card ending in ${code.slice(-4)}`) && !copy.text.includes(code));
  return code;
}

async function checkoutWithCode(page: Page, quantity: number, code: string) {
  await page.goto(`${proxy.url}/omni-cart/phone-case-catalog.html`);
  for (let i = 0; i < quantity; i++) await page.getByRole('button', { name: 'Add to cart iPhone 16 Clear case' }).click();
  await expectText(page.locator('[data-cart-count]'), String(quantity));
  await page.goto(`${proxy.url}/omni-cart/checkout.html`);
  await completeCheckout(page);
  const checkout = page.locator('ck-checkout');
  const total = (await checkout.locator('ck-order-summary [part="total"] dd').textContent())!.trim();
  const field = checkout.locator('ck-pay-button').getByLabel('Gift card code (optional)');
  await field.fill(code.toLowerCase());
  // Applied (leaving the field): the summary shows what the proxy says the card pays, and the rest.
  await field.press('Tab');
  await expectText(checkout.locator('ck-order-summary [part="gift-card"] dt'), `Gift card ••••${code.slice(-4)}`);
  await expectText(checkout.locator('ck-order-summary [part="to-pay"] dt'), 'To pay');
  await checkout.locator('ck-pay-button').getByRole('button', { name: /^Pay/ }).click();
  return total;
}

const balanceOf = async (code: string) => (await (await fetch(`${proxy.url}/api/gift-cards/balance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })).json()) as { balance: number };

test('buy a gift card on the gift-card page, check its balance, spend it in full (no card) and then the rest of it with a card for the difference', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const errors = watchPage(page);
  const code = await buyGiftCard(page);
  assert.match(code, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);

  // The balance element on the gift-card page.
  await page.goto(`${proxy.url}/omni-cart/gift-cards.html`);
  const checker = page.locator('ck-gift-card-balance');
  await checker.getByLabel('Gift card code').fill(code);
  await checker.getByRole('button', { name: 'Check balance' }).click();
  await expectText(checker.locator('[part="result"] .amount'), `The gift card ending ${code.slice(-4)} has HK$500.00 to spend.`);

  // One case: the card covers it all — no Flow, straight to the success page.
  const total = await checkoutWithCode(page, 1, code);
  await page.waitForURL(/\/success\.html\?.*cko-payment-id=gcp_/, { timeout: 20000 });
  const result = page.locator('ck-payment-result');
  await expectText(result.locator('[part="heading"]'), 'Thank you! Your payment was successful');
  await expectText(result.locator('[part="details"]'), new RegExp(`Gift card ending ${code.slice(-4)}\\s*${total.replace(/[$.]/g, '\\$&')}`));
  const [download] = await Promise.all([page.waitForEvent('download'), result.getByRole('link', { name: 'Download receipt (PDF)' }).click()]);
  assert.match(download.suggestedFilename(), /^receipt-ORD\w+\.pdf$/);
  assert.equal(readFileSync((await download.path())!).subarray(0, 5).toString(), '%PDF-');
  const left = (await balanceOf(code)).balance;
  assert.ok(left > 0 && left < 50000, `what is left: ${left}`);

  // Three cases: more than is left — the card pays what it has, Flow the rest.
  await checkoutWithCode(page, 3, code);
  await payInFlow(page, '4242 4242 4242 4242', 'ck-checkout ck-pay-button');
  await page.waitForURL(/\/success\.html\?.*cko-payment-id=pay_/, { timeout: 20000 });
  await expectText(result.locator('[part="heading"]'), 'Thank you! Your payment was successful');
  const paymentId = new URL(page.url()).searchParams.get('cko-payment-id')!;
  const upstream = proxy.emulator.app.emulator.store.payments.get(paymentId)!;
  const order = (await proxy.app.orders.findByPayment(paymentId))!;
  assert.equal(upstream.amount, Number(order.subtotal) - Number(order.discount) + Number(order.shipping) + Number(order.tax) - left, 'Flow was asked for the rest only');
  assert.equal((await balanceOf(code)).balance, 0);
  assert.deepEqual(errors, []);
  await context.close();
});
