/**
 * The seed journeys' failure paths, and the journeys whose pages no other suite drives, end to
 * end through the demo pages, the real proxy and the emulated Checkout.com:
 * - invalid input → the checkout's own errors → fixed → the proxy's per-field errors → fixed → pays;
 * - Checkout.com unavailable (503 on /payment-sessions) → a clear message → retry after the fault clears → pays;
 * - 3DS challenge (4010 0617 0000 0021, "Checkout1!") → pays; a failed challenge → declined → retry → pays;
 * - easy checkout on the HPP → pays; → Cancel → /cancel.html says cancelled, the cart is kept;
 * - presale tickets across the three ticket pages (BIN → seats → hold → details → Flow → sold),
 *   and the general-sale way out for an ineligible card.
 * Decline → retry on Flow is tests/e2e/checkout.test.ts; gift cards and insurance have their own suites.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { startProxy, type RunningProxy } from '../helpers/proxy';
import { checkoutStep, completeCheckout, eventually, type ExpectedFailure, expectText, fillPayButtonShipping, payInFlow, watchPage } from '../helpers/page';

let proxy: RunningProxy;
let browser: Browser;

before(async () => {
  // Seven journeys from one IP within a minute exceed the payments tier (20/min) on purpose-built limits.
  const roomy = { max: 10_000, timeWindow: 60_000 };
  proxy = await startProxy({}, { rateLimits: { payments: roomy, auth: roomy, general: roomy } });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await proxy?.close();
});

/** A fresh browser context; `expected` lists the failed requests the journey provokes on purpose. */
async function shopper(expected: ExpectedFailure[] = []): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  return { page, errors: watchPage(page, expected), close: () => context.close() };
}

async function addCaseAndGoToCheckout(page: Page) {
  await page.goto(`${proxy.url}/omni-cart/phone-case-catalog.html`);
  await page.getByRole('button', { name: 'Add to cart iPhone 16 Clear case' }).click();
  await expectText(page.locator('[data-cart-count]'), '1');
  await page.goto(`${proxy.url}/omni-cart/checkout.html`);
}

async function expectPaid(page: Page) {
  await page.waitForURL(/\/success\.html\?.*cko-payment-id=pay_/, { timeout: 20000 });
  await expectText(page.locator('ck-payment-result [part="heading"]'), 'Thank you! Your payment was successful');
  const id = new URL(page.url()).searchParams.get('cko-payment-id')!;
  const verified = (await (await fetch(`${proxy.url}/api/payments/${id}`)).json()) as { outcome: string };
  assert.equal(verified.outcome, 'succeeded');
}

const cartLength = (page: Page) => page.evaluate('JSON.parse(localStorage.getItem("ck:cart:v1") || "[]").length') as Promise<number>;

test('invalid input: the checkout’s own errors, then the proxy’s per-field errors, each fixed, then it pays', async () => {
  // The tampered request below is refused (400) on purpose.
  const { page, errors, close } = await shopper([{ url: `${proxy.url}/create-payment-sessions`, status: 400 }]);
  await addCaseAndGoToCheckout(page);
  const checkout = page.locator('ck-checkout');
  await expectText(checkoutStep(page), 'Contact');
  await checkout.getByLabel('Email').fill('mei.chan@');
  await checkout.getByRole('button', { name: 'Continue' }).click();
  // The client's validation: both fields marked, named, and the step does not move.
  await expectText(checkoutStep(page), 'Contact');
  assert.equal(await checkout.getByLabel('Email').getAttribute('aria-invalid'), 'true');
  assert.equal(await checkout.getByLabel('Full name').getAttribute('aria-invalid'), 'true');
  assert.ok((await checkout.locator('[part="error"]').count()) >= 2);

  // The server's validation: one request leaves with a shipping address the proxy refuses
  // (as an outdated client or a tampered request would); its `fields` land on the field.
  let tamper = true;
  await page.route('**/create-payment-sessions', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as { shippingAddress?: { city?: string } };
    if (tamper && body.shippingAddress) {
      tamper = false;
      body.shippingAddress.city = 'x'.repeat(150);
    }
    await route.continue({ postData: JSON.stringify(body) });
  });
  await completeCheckout(page);
  await checkout.getByRole('button', { name: 'Pay now' }).click();
  await expectText(checkoutStep(page), 'Shipping address');
  await expectText(checkout.locator('[part="alert"]'), /.+/);
  const city = checkout.getByLabel('City');
  await eventually(async () => (await city.getAttribute('aria-invalid')) === 'true', 'the city field marked by the server');
  await city.fill('Wan Chai');
  for (const heading of ['Billing address', 'Delivery', 'Review']) {
    await checkout.getByRole('button', { name: 'Continue' }).click();
    await expectText(checkoutStep(page), heading);
  }
  await checkout.getByRole('button', { name: 'Pay now' }).click();
  await payInFlow(page, '4242 4242 4242 4242');
  await expectPaid(page);
  assert.deepEqual(errors, []);
  await close();
});

test('Checkout.com unavailable: a clear message, the cart kept, and a retry after the fault clears pays', async () => {
  // The proxy answers 503 while the emulator refuses to create sessions.
  const { page, errors, close } = await shopper([{ url: `${proxy.url}/create-payment-sessions`, status: 503 }]);
  await addCaseAndGoToCheckout(page);
  await completeCheckout(page);
  const fault = await fetch(`${proxy.emulator.url}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path: '/payment-sessions', mode: '503' }),
  });
  assert.ok(fault.ok, await fault.text());
  try {
    await page.locator('ck-checkout').getByRole('button', { name: 'Pay now' }).click();
    const alert = page.locator('ck-pay-button [part="alert"]');
    await expectText(alert, /unavailable/i);
    assert.equal(await cartLength(page), 1);
  } finally {
    await fetch(`${proxy.emulator.url}/_emulator/faults`, { method: 'DELETE' });
  }
  await page.locator('ck-pay-button').getByRole('button', { name: 'Try again' }).click();
  await payInFlow(page, '4242 4242 4242 4242');
  await expectPaid(page);
  assert.deepEqual(errors, []);
  await close();
});

test('3DS: a failed challenge is declined and kept for a retry; the challenge with Checkout1! pays', async () => {
  const { page, errors, close } = await shopper();
  await addCaseAndGoToCheckout(page);
  await completeCheckout(page);
  await page.locator('ck-checkout').getByRole('button', { name: 'Pay now' }).click();

  await payInFlow(page, '4010 0617 0000 0021');
  const challenge = page.frameLocator('ck-pay-button iframe').frameLocator('#ck-challenge-frame');
  await challenge.getByLabel('Password').fill('wrong');
  await challenge.getByRole('button', { name: 'Continue' }).click();
  await expectText(page.locator('ck-pay-button [part="alert"]'), /declined/i);
  assert.equal(await cartLength(page), 1);

  await page.locator('ck-pay-button').getByRole('button', { name: 'Try again' }).click();
  await payInFlow(page, '4010 0617 0000 0021');
  await challenge.getByLabel('Password').fill('Checkout1!');
  await challenge.getByRole('button', { name: 'Continue' }).click();
  await expectPaid(page);
  assert.deepEqual(errors, []);
  await close();
});

async function easyCheckoutToHpp(page: Page) {
  await page.goto(`${proxy.url}/easy-checkout/phone-case-shop.html`);
  await page.getByRole('button', { name: 'Add to cart Pixel 9 Fabric case' }).click();
  await expectText(page.locator('ck-cart [part="subtotal"] dd'), 'HK$279.00');
  const pay = page.locator('ck-pay-button');
  await pay.getByLabel('Email').fill('mei.chan@example.com');
  await pay.getByLabel('Full name').fill('Mei Chan');
  // Physical goods: the pay button asks where they go before the Hosted Payments Page opens.
  await fillPayButtonShipping(pay);
  await pay.getByRole('button', { name: 'Pay securely' }).click();
  await page.waitForURL(/\/page\/hpp_/, { timeout: 15000 });
}

test('easy checkout: one page → the Hosted Payments Page → 4242 → verified success, cart emptied', async () => {
  const { page, errors, close } = await shopper();
  await easyCheckoutToHpp(page);
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByLabel('Expiry date').fill('12/30');
  await page.getByLabel('Security code').fill('100');
  const name = page.getByLabel('Cardholder name');
  if (await name.count()) await name.fill('Mei Chan');
  await page.getByRole('button', { name: /^Pay/ }).click();
  await expectPaid(page);
  await expectText(page.locator('[data-cart-count]'), '0');
  assert.deepEqual(errors, []);
  await close();
});

test('easy checkout: Cancel on the Hosted Payments Page → /cancel.html says cancelled, the cart is kept', async () => {
  const { page, errors, close } = await shopper();
  await easyCheckoutToHpp(page);
  await page.getByRole('link', { name: /Cancel/ }).click();
  await page.waitForURL(/\/cancel\.html/);
  await expectText(page.locator('ck-payment-result [part="heading"]'), 'Payment cancelled');
  await expectText(page.locator('[data-cart-count]'), '1');
  assert.equal(await cartLength(page), 1);
  assert.deepEqual(errors, []);
  await close();
});

test('presale across the ticket pages: eligible BIN → seats → hold → details → Flow 4242 → sold', async () => {
  const { page, errors, close } = await shopper();
  await page.goto(`${proxy.url}/omni-cart/tickets.html`);
  const checker = page.locator('ck-bin-checker[event-id="harbour-strings-2031"]');
  await checker.getByLabel('First 6 to 8 digits of your card').fill('42424242');
  await expectText(checker.locator('[part="verdict"]'), /Your card is eligible for the presale\./);
  await checker.getByRole('link', { name: 'Choose your seats' }).click();
  await page.waitForURL(/ticket-seat-selection\.html\?event=harbour-strings-2031$/);
  await expectText(page.locator('h1'), 'Harbour Strings — chamber night');
  await expectText(page.locator('[data-presale-status]'), /Presale card checked/);

  const map = page.locator('ck-seat-map');
  await map.getByRole('button', { name: 'List' }).click();
  // A one-section hall lists its rows at once.
  await map.getByRole('button', { name: /^Row C\b/ }).click();
  await map.getByRole('button', { name: /^Row C, Seat 7, / }).click();
  await map.getByRole('button', { name: 'Hold 1 seat' }).click();
  await expectText(map.locator('[part="timer"]'), /Held for/);
  await page.getByRole('link', { name: 'Continue to payment' }).click();

  await page.waitForURL(/ticket-payment\.html$/);
  await expectText(page.locator('[data-seats] li'), /Row C, Seat 7/);
  await expectText(page.locator('[data-hold-timer]'), /Seats held for \d:\d\d/);
  await expectText(page.locator('ck-order-summary [part="total"] dd'), /HK\$/);
  const pay = page.locator('ck-pay-button');
  assert.equal(await pay.getByRole('button').isDisabled(), true, 'no paying before the details are given');
  await page.getByLabel('Email').fill('mei.chan@example.com');
  await page.getByLabel('Full name').fill('Mei Chan');
  await pay.getByRole('button', { name: 'Pay for tickets' }).click();
  await payInFlow(page, '4242 4242 4242 4242');
  await expectPaid(page);
  const seats = (await (await fetch(`${proxy.url}/api/events/harbour-strings-2031/seats`)).json()) as { sold: string[] };
  assert.ok(seats.sold.includes('STALLS:C:7'), JSON.stringify(seats));
  assert.deepEqual(errors, []);
  await close();
});

test("members' presale: eligible card → the map asks for the login → seats held for the account → paid; the hold id alone buys nothing", async () => {
  // The payment page has not asked who is logged in when its order summary first asks for a
  // quote: the proxy refuses it for its CSRF token (403) and the kit asks again with the token.
  const { page, errors, close } = await shopper([{ url: `${proxy.url}/api/orders/quote`, status: 403 }]);
  await page.goto(`${proxy.url}/omni-cart/tickets.html`);
  const checker = page.locator('ck-bin-checker[event-id="harbour-matinee-2031"]');
  await checker.getByLabel('First 6 to 8 digits of your card').fill('54360310');
  await expectText(checker.locator('[part="verdict"]'), /Your card is eligible for the presale\./);
  await checker.getByRole('link', { name: 'Log in and choose your seats' }).click();
  await page.waitForURL(/ticket-seat-selection\.html\?event=harbour-matinee-2031$/);
  await expectText(page.locator('h1'), "Harbour Strings — members' matinée");

  // The event's layout says members only: the map asks for the login before any hold.
  const map = page.locator('ck-seat-map');
  const login = map.locator('ck-login');
  await login.getByLabel('Username').fill('kenso');
  await login.getByLabel('Password', { exact: true }).fill('12345678');
  await login.getByRole('button', { name: 'Log in' }).click();
  await map.getByRole('button', { name: 'List' }).click();
  await map.getByRole('button', { name: /^Row D\b/ }).click();
  await map.getByRole('button', { name: /^Row D, Seat 5, / }).click();
  await map.getByRole('button', { name: 'Hold 1 seat' }).click();
  await expectText(map.locator('[part="timer"]'), /Held for/);
  await page.getByRole('link', { name: 'Continue to payment' }).click();

  await page.waitForURL(/ticket-payment\.html$/);
  // The summary prices the member's hold with the session (and its CSRF token, learnt on the way).
  await expectText(page.locator('ck-order-summary [part="total"] dd'), /HK\$/);
  const holdId = await page.evaluate(() => JSON.parse(sessionStorage.getItem('ck-demo:tickets') ?? '{}').hold?.id as string);
  const stranger = await fetch(`${proxy.url}/api/orders/quote`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: proxy.url },
    body: JSON.stringify({ seatHoldId: holdId, currency: 'HKD', country: 'HK', customer: { email: 'someone@example.com', name: 'Someone' } }),
  });
  assert.equal(stranger.status, 401, 'without the member\'s session the hold cannot be priced or paid');

  await page.getByLabel('Email').fill('kenso@example.com');
  await page.getByLabel('Full name').fill('Kenso Lee');
  await page.locator('ck-pay-button').getByRole('button', { name: 'Pay for tickets' }).click();
  await payInFlow(page, '4242 4242 4242 4242');
  await expectPaid(page);
  const seats = (await (await fetch(`${proxy.url}/api/events/harbour-matinee-2031/seats`)).json()) as { sold: string[] };
  assert.ok(seats.sold.includes('STALLS:D:5'), JSON.stringify(seats));
  assert.deepEqual(errors, []);
  await close();
});

test('presale: an ineligible card is told so and can go to the general sale page for the event', async () => {
  const { page, errors, close } = await shopper();
  await page.goto(`${proxy.url}/omni-cart/tickets.html`);
  const checker = page.locator('ck-bin-checker[event-id="skyline-live-2031"]');
  await checker.getByLabel('First 6 to 8 digits of your card').fill('42424242');
  await expectText(checker.locator('[part="verdict"]'), /Card not eligible for presale/);
  await checker.getByRole('button', { name: 'Go to the general sale' }).click();
  await page.waitForURL(/ticket-seat-selection\.html\?event=skyline-live-2031&sale=general$/);
  await expectText(page.locator('[data-presale-status]'), /General sale/);
  assert.deepEqual(errors, []);
  await close();
});
