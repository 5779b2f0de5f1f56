/**
 * Login on the demo page against the real proxy: a wrong password → a clear error with focus
 * back on the password field → the right password works; logging out ends the session.
 */
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

test('a wrong password → a clear error, focus on the password → the right one works → log out', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // The wrong password is refused on purpose: that 401 is the one failure this journey expects.
  const errors = watchPage(page, [{ url: `${proxy.url}/api/auth/login`, status: 401 }]);
  await page.goto(`${proxy.url}/insurance/login.html`);
  const login = page.locator('ck-login');
  await login.getByLabel('Username').fill('kenso');
  await login.getByLabel('Password', { exact: true }).fill('not-my-password');
  await login.getByRole('button', { name: 'Log in' }).click();

  await expectText(login.getByRole('alert'), 'The username or password is incorrect.');
  const password = login.getByLabel('Password', { exact: true });
  assert.equal(await password.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el), true, 'focus is back on the password');
  assert.equal(await password.getAttribute('aria-invalid'), 'true');

  await page.keyboard.type('12345678');
  await page.keyboard.press('Enter');
  await expectText(login.locator('[part="user"] span'), 'Logged in as Kenso Lee');

  // The session is an httpOnly cookie: the page's script cannot read it.
  assert.equal(await page.evaluate('document.cookie'), '');
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'ck_session')!;
  assert.ok(session.httpOnly);
  assert.equal(session.sameSite, 'Lax');

  // Another page of the shop sees the same session.
  await page.goto(`${proxy.url}/insurance/insurance-form.html`);
  await expectText(page.locator('ck-insurance-form #step-title'), /Step 1 of 4/);

  await page.locator('aside ck-login').getByRole('button', { name: 'Log out' }).click();
  await expectText(page.locator('ck-insurance-form [part="login"] > p'), /Please log in to apply/);
  // Logged out, the page shows one login (the application's), not a second one beside it.
  await page.locator('aside[aria-label="Your account"]').waitFor({ state: 'hidden' });
  assert.equal(await page.getByRole('button', { name: 'Log in' }).count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});
