/**
 * The insurance journey end to end: log in (kenso) → plan → details → coverage → a quote priced
 * by the proxy → pay on the Hosted Payments Page (emulated) → back to the shop, where the
 * payment is verified with the proxy.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { expectText, paymentAsShopper, watchPage } from '../helpers/page';
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

test('log in → application → quote → pay by HPP → verified success', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchPage(page);

  await page.goto(`${proxy.url}/insurance/insurance-form.html`);
  const form = page.locator('ck-insurance-form');
  // require-login: the form asks for a login first.
  await expectText(form.locator('[part="login"] > p'), /Please log in to apply/);
  const login = form.locator('ck-login');
  await login.getByLabel('Username').fill('kenso');
  await login.getByLabel('Password', { exact: true }).fill('12345678');
  await login.getByRole('button', { name: 'Log in' }).click();

  // Step 1: plan.
  await expectText(form.locator('#step-title'), 'Step 1 of 4: Plan');
  await form.getByRole('radio', { name: /Device Care/ }).check();
  await form.getByRole('button', { name: 'Continue' }).click();

  // Step 2: details, with the account's name and email already there.
  await expectText(form.locator('#step-title'), 'Step 2 of 4: Your details');
  assert.equal(await form.getByLabel('Full name').inputValue(), 'Kenso Lee');
  assert.equal(await form.getByLabel('Email').inputValue(), 'kenso@example.com');
  await form.getByLabel('Date of birth').fill('1990-05-20');
  await form.getByLabel('Phone').fill('+852 5555 0101');
  await form.getByLabel('Country or region').selectOption('HK');
  await form.getByRole('button', { name: 'Continue' }).click();

  // Steps survive a reload.
  await expectText(form.locator('#step-title'), 'Step 3 of 4: Coverage');
  await page.reload();
  await expectText(form.locator('#step-title'), 'Step 3 of 4: Coverage');

  await form.getByRole('checkbox', { name: /Theft and loss/ }).check();
  await form.getByRole('radio', { name: 'Monthly' }).check();
  await form.getByRole('button', { name: 'Get my quote' }).click();

  // Step 4: the quote the proxy priced and stored.
  await expectText(form.locator('#step-title'), 'Step 4 of 4: Quote and payment');
  const total = form.locator('dd[part="quote-total"]');
  await expectText(total, /^HK\$/);
  const { rows } = await proxy.app.db.query<{ id: string; amount: number; username: string }>('SELECT id, amount, username FROM insurance_quotes');
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.username, 'kenso', 'the quote is bound to the logged-in user');
  const amount = Number(rows[0]!.amount);
  assert.equal(await total.textContent(), `HK$${(amount / 100).toFixed(2)}`);

  // Pay on the Hosted Payments Page: a visible toggle, then the redirect.
  await form.getByRole('radio', { name: 'Secure payment page' }).check();
  await form.locator('ck-pay-button').getByRole('button', { name: /^Pay/ }).click();
  await page.waitForURL((url) => url.origin === proxy.emulator.url, { timeout: 15000 });
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByLabel('Expiry date').fill('12/30');
  await page.getByLabel('Security code').fill('100');
  await page.getByLabel('Cardholder name').fill('Kenso Lee');
  await page.getByRole('button', { name: /^Pay/ }).click();

  await page.waitForURL(/\/success\.html\?/, { timeout: 20000 });
  const result = page.locator('ck-payment-result');
  await expectText(result.locator('[part="heading"]'), 'Thank you! Your payment was successful');
  const url = new URL(page.url());
  const id = url.searchParams.get('cko-payment-id') ?? url.searchParams.get('cko-session-id')!;
  const verified = await paymentAsShopper<{ outcome: string; amount: number; currency: string }>(page, proxy.url, id);
  assert.equal(verified.outcome, 'succeeded');
  assert.equal(verified.amount, amount, 'the amount charged is the stored quote');
  assert.deepEqual(errors, []);
  await context.close();
});
