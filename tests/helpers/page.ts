/**
 * Helpers the end-to-end suites share: page error watching, waiting for text, paying in the
 * (emulated) Flow frame, and axe checks.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Locator, Page } from 'playwright-core';

/** A failure a test expects: a response of this status, or ('failed') a request that got no response. */
export interface ExpectedFailure {
  /** The request's URL: equal to it (the query string ignored), or matching the RegExp. */
  url: string | RegExp;
  status: number | 'failed';
}

const expectedMatch = (list: readonly ExpectedFailure[], url: string, status: number | 'failed') =>
  list.some((e) => e.status === status && (typeof e.url === 'string' ? e.url === url || e.url === url.split('?')[0] : e.url.test(url)));

/**
 * Collects everything that goes wrong on a page (its frames included): uncaught errors,
 * console errors and CSP violations, every response with a status of 400 or more and every
 * request that got no response (a broken image, a refused API call, a blocked script). A test
 * that provokes a failure on purpose (a wrong password's 401, a refused origin's 403) lists
 * it in `expected`, by URL and status; nothing else is forgiven. Requests the page cancels
 * itself (net::ERR_ABORTED: an aborted fetch, a stream closed by leaving the page) are not
 * failures.
 */
export function watchPage(page: Page, expected: readonly ExpectedFailure[] = []): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    // "Failed to load resource" repeats a failed response without its URL: the listeners below
    // report it with the URL. Chromium's note that the 3DS frame's autofocus is ignored is no fault.
    if (text.startsWith('Failed to load resource') || text.startsWith('Blocked autofocusing')) return;
    errors.push(`console: ${text}`);
  });
  page.on('response', (response) => {
    const status = response.status();
    if (status >= 400 && !expectedMatch(expected, response.url(), status)) errors.push(`HTTP ${status} ${response.request().method()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    if (reason === 'net::ERR_ABORTED' || expectedMatch(expected, request.url(), 'failed')) return;
    errors.push(`request failed: ${request.method()} ${request.url()} ${reason}`);
  });
  return errors;
}

/** Waits until the locator's whitespace-normalized text equals (string) or matches (RegExp). */
export async function expectText(locator: Locator, expected: string | RegExp, timeout = 15000): Promise<void> {
  await locator.first().waitFor({ timeout });
  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text = ((await locator.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
    if (typeof expected === 'string' ? text === expected : expected.test(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`expected ${String(expected)}, got "${text}"`);
}

/** Types a card into the (emulated) Flow frame of the page's pay button and presses Pay. */
export async function payInFlow(page: Page, card: string, scope = 'ck-pay-button'): Promise<void> {
  const frame = page.frameLocator(`${scope} iframe`);
  await frame.getByLabel('Card number').fill(card);
  await frame.getByLabel('Expiry date').fill('12/30');
  await frame.getByLabel('Security code').fill('100');
  const name = frame.getByLabel('Cardholder name');
  if (await name.count()) await name.fill('Mei Chan');
  await frame.getByRole('button', { name: /^Pay/ }).click();
}

/** The heading of the checkout's current step. */
export const checkoutStep = (page: Page) => page.locator('ck-checkout [part="step-heading"]');

/** `ck-checkout` as a guest, contact → shipping (Hong Kong) → billing → delivery → review, with valid details. */
export async function completeCheckout(page: Page, email = 'mei.chan@example.com', name = 'Mei Chan'): Promise<void> {
  const checkout = page.locator('ck-checkout');
  await expectText(checkoutStep(page), 'Contact');
  await checkout.getByLabel('Email').fill(email);
  await checkout.getByLabel('Full name').fill(name);
  await checkout.getByRole('button', { name: 'Continue' }).click();
  await expectText(checkoutStep(page), 'Shipping address');
  await checkout.getByLabel('Address', { exact: true }).fill('18 Harbour Road');
  await checkout.getByLabel('City').fill('Wan Chai');
  await checkout.getByLabel('Country or region').selectOption('HK');
  await checkout.getByRole('button', { name: 'Continue' }).click();
  await expectText(checkoutStep(page), 'Billing address');
  await checkout.getByRole('button', { name: 'Continue' }).click();
  await expectText(checkoutStep(page), 'Delivery');
  await checkout.getByRole('radio', { name: /Hong Kong courier/ }).check();
  await checkout.getByRole('button', { name: 'Continue' }).click();
  await expectText(checkoutStep(page), 'Review');
}

/**
 * The pay button's own shipping step (a page without a checkout form, physical goods in the
 * cart): the address, then the country, whose delivery methods the button lists (the first is
 * chosen unless `method` names another).
 */
export async function fillPayButtonShipping(pay: Locator, address = { line1: '18 Harbour Road', city: 'Wan Chai', country: 'HK' }, method?: RegExp): Promise<void> {
  await pay.getByLabel('Address', { exact: true }).fill(address.line1);
  await pay.getByLabel('City').fill(address.city);
  await pay.getByLabel('Country or region').selectOption(address.country);
  if (method) await pay.getByRole('radio', { name: method }).check();
}

/**
 * `GET /api/payments/:id` as the shopper's own browser asks it: with the order token its tab
 * kept from the session creation (sessionStorage of the page's origin). Without that token the
 * proxy answers the status only.
 */
export async function paymentAsShopper<T = Record<string, any>>(page: Page, proxyUrl: string, paymentId: string): Promise<T> {
  const token = (await page.evaluate('JSON.parse(sessionStorage.getItem("ck:payment:v1") || "{}").orderToken')) as string | undefined;
  const res = await fetch(`${proxyUrl}/api/payments/${paymentId}`, { headers: token ? { 'x-ck-order-token': token } : {} });
  return (await res.json()) as T;
}

import { eventually } from './wait';

export { eventually };

const require = createRequire(import.meta.url);
let axeSource: string | undefined;
const AXE_RUN = `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
  .then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`;

/** axe-core's WCAG 2.2 AA violations in a page or frame, as "rule: targets" lines (none = []). */
export async function axeViolations(target: Page | Frame): Promise<string[]> {
  if ((await target.evaluate('typeof window.axe')) !== 'object') {
    axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    await target.evaluate(axeSource);
  }
  return (await target.evaluate(AXE_RUN)) as string[];
}

/**
 * Waits until every `ck-*` element on the page is defined and has rendered once (Lit's
 * `hasUpdated`). A keyboard journey starts from there: while an element is still waiting for its
 * module or its strings it has no controls, so Tab would pass it by and land on a later one.
 */
export async function kitRendered(page: Page, timeout = 15_000): Promise<void> {
  // A string, evaluated over the DevTools protocol: the pages' CSP forbids eval, which
  // waitForFunction's string form would need.
  const rendered = `[...document.querySelectorAll('*')].filter((el) => el.localName.startsWith('ck-')).every((el) => customElements.get(el.localName) && el.hasUpdated)`;
  await eventually(async () => (await page.evaluate(rendered)) === true, 'every ck-* element defined and rendered', timeout);
}
