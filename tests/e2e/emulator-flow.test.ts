/**
 * The emulated Flow in real Chromium, driven through the OFFICIAL, unmodified loader of
 * @checkout.com/checkout-web-components: the emulator's /flow.js defines
 * window.CheckoutWebComponents, and loadCheckoutWebComponents() uses it as it would use the CDN
 * script. A throwaway "merchant" server on another origin serves the test page and the loader.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../../server/emulator/app';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import { launchChromium } from '../helpers/chromium';
import { axeViolations, watchPage } from '../helpers/page';

const require = createRequire(import.meta.url);
// The package's ESM build ("module" field): the loader exactly as merchants bundle it.
const LOADER_PATH = require.resolve('@checkout.com/checkout-web-components').replace(/index\.js$/, 'index.module.js');
const SK = `Bearer ${EMULATOR_KEYS.secretKey}`;

let emulator: RunningEmulator;
let merchant: FastifyInstance;
let merchantUrl: string;
let browser: Browser;

const testPage = (emulatorUrl: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Merchant checkout</title>
<script src="${emulatorUrl}/flow.js"></script>
</head><body>
<main><h1>Checkout</h1><div id="flow-container"></div></main>
<script type="module">
  import { loadCheckoutWebComponents } from '/loader.js';
  window.events = [];
  window.startFlow = async (paymentSession, extra = {}) => {
    const checkout = await loadCheckoutWebComponents({
      publicKey: ${JSON.stringify(EMULATOR_KEYS.publicKey)},
      environment: 'sandbox',
      paymentSession,
      locale: extra.locale,
      appearance: extra.appearance,
      onReady: () => window.events.push({ type: 'ready' }),
      onPaymentCompleted: (component, payment) => window.events.push({ type: 'completed', payment, component: component.type }),
      onError: (component, error) => window.events.push({ type: 'error', error: { name: error.name, type: error.type, code: error.code, message: error.message, details: error.details } }),
      onCardBinChanged: (component, metadata) => {
        window.events.push({ type: 'bin', metadata });
        if (extra.blockCountry && metadata.issuer_country !== extra.blockCountry) {
          return { continue: false, errorMessage: 'Only ' + extra.blockCountry + ' cards can join this presale' };
        }
        return { continue: true };
      },
    });
    checkout.create('flow').mount('#flow-container');
  };
</script>
</body></html>`;

before(async () => {
  emulator = await startEmulator({ port: 0, host: '127.0.0.1' });
  merchant = Fastify();
  const loader = readFileSync(LOADER_PATH, 'utf8');
  merchant.get('/', async (_request, reply) => reply.type('text/html').send(testPage(emulator.url)));
  merchant.get('/loader.js', async (_request, reply) => reply.type('text/javascript').send(loader));
  merchant.get('/success', async (_request, reply) => reply.type('text/html').send('<h1>Thank you</h1>'));
  merchant.get('/failure', async (_request, reply) => reply.type('text/html').send('<h1>Payment failed</h1>'));
  merchant.get('/cancel', async (_request, reply) => reply.type('text/html').send('<h1>Cancelled</h1>'));
  await merchant.listen({ port: 0, host: '127.0.0.1' });
  const address = merchant.server.address();
  merchantUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await merchant?.close();
  await emulator?.close();
});

async function api(path: string, body?: unknown): Promise<Record<string, any>> {
  const response = await fetch(`${emulator.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: SK, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await response.json()) as Record<string, any>;
}

const createSession = (overrides: Record<string, unknown> = {}) =>
  api('/payment-sessions', {
    amount: 123400,
    currency: 'HKD',
    billing: { address: { country: 'HK' } },
    success_url: `${merchantUrl}/success`,
    failure_url: `${merchantUrl}/failure`,
    ...overrides,
  });

async function openFlow(extra: Record<string, unknown> = {}, session?: Record<string, unknown>): Promise<{ page: Page; frame: FrameLocator; session: Record<string, any>; errors: string[] }> {
  const page = await browser.newPage();
  const errors = watchPage(page);
  const paymentSession = session ?? (await createSession());
  await page.goto(merchantUrl);
  await page.evaluate(`window.startFlow(${JSON.stringify(paymentSession)}, ${JSON.stringify(extra)})`);
  await page.waitForFunction(`window.events.some((e) => e.type === 'ready')`);
  return { page, frame: page.frameLocator('#flow-container iframe'), session: paymentSession, errors };
}

async function fillCard(frame: FrameLocator, number: string, expiry = '12/30', cvv = '100'): Promise<void> {
  await frame.getByLabel('Card number').fill(number);
  await frame.getByLabel('Expiry date').fill(expiry);
  await frame.getByLabel('Security code').fill(cvv);
  await frame.getByLabel('Cardholder name').fill('Jordan Smith');
}

const events = (page: Page) => page.evaluate('window.events') as Promise<Array<Record<string, any>>>;
const waitForEvent = (page: Page, type: string) => page.waitForFunction(`window.events.some((e) => e.type === ${JSON.stringify(type)})`);

describe('emulated Flow through the official loader', () => {
  test('pays with 4242 4242 4242 4242 and gets onPaymentCompleted', async () => {
    const { page, frame, errors } = await openFlow();
    await fillCard(frame, '4242 4242 4242 4242');
    const pay = frame.getByRole('button', { name: /^Pay/ });
    assert.equal(await pay.textContent(), 'Pay HK$1,234.00');
    await pay.click();
    await waitForEvent(page, 'completed');
    const completed = (await events(page)).find((e) => e.type === 'completed')!;
    assert.match(completed.payment.id, /^pay_[a-z2-7]{26}$/);
    assert.deepEqual(completed.payment, { id: completed.payment.id, status: 'Approved', type: 'card' });
    const bin = (await events(page)).find((e) => e.type === 'bin')!;
    assert.equal(bin.metadata.bin, '42424242');
    assert.equal(bin.metadata.scheme, 'visa');
    // The card number never reached the merchant page: only the frame saw it.
    assert.ok(!(await page.content()).includes('4242 4242'));
    const payment = await api(`/payments/${completed.payment.id}`);
    assert.equal(payment.status, 'Captured');
    assert.equal(payment.amount, 123400);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('declined card 4544 2491 6767 3670 raises onError payment_request_declined', async () => {
    const { page, frame, session, errors } = await openFlow();
    await fillCard(frame, '4544249167673670');
    await frame.getByRole('button', { name: /^Pay/ }).click();
    await waitForEvent(page, 'error');
    const error = (await events(page)).find((e) => e.type === 'error')!.error;
    assert.equal(error.name, 'CheckoutError');
    assert.equal(error.type, 'Request');
    assert.equal(error.code, 'payment_request_declined');
    assert.deepEqual(error.details.requestErrorCodes, ['not_enough_funds']);
    assert.equal(error.details.paymentSessionId, session.id);
    const payment = await api(`/payments/${error.details.paymentId}`);
    assert.equal(payment.status, 'Declined');
    assert.equal(payment.approved, false);
    await frame.getByRole('alert').filter({ hasText: 'Not enough funds' }).waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('3DS challenge card: Password Checkout1! then Continue completes the payment', async () => {
    const { page, frame, errors } = await openFlow();
    await fillCard(frame, '4010 0617 0000 0021');
    await frame.getByRole('button', { name: /^Pay/ }).click();
    const challenge = frame.frameLocator('#ck-challenge-frame');
    await challenge.getByLabel('Password').fill('Checkout1!');
    await challenge.getByRole('button', { name: 'Continue' }).click();
    await waitForEvent(page, 'completed');
    const completed = (await events(page)).find((e) => e.type === 'completed')!;
    const payment = await api(`/payments/${completed.payment.id}`);
    assert.equal(payment['3ds'].authentication_response, 'Y');
    assert.equal(payment.status, 'Captured');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('3DS challenge with a wrong password ends in onError', async () => {
    const { page, frame, errors } = await openFlow();
    await fillCard(frame, '4010061700000021');
    await frame.getByRole('button', { name: /^Pay/ }).click();
    const challenge = frame.frameLocator('#ck-challenge-frame');
    await challenge.getByLabel('Password').fill('wrong');
    await challenge.getByRole('button', { name: 'Continue' }).click();
    await waitForEvent(page, 'error');
    const error = (await events(page)).find((e) => e.type === 'error')!.error;
    assert.equal(error.code, 'payment_request_declined');
    assert.equal((await api(`/payments/${error.details.paymentId}`)).status, 'Declined');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('onCardBinChanged { continue: false } blocks the card and shows the message', async () => {
    const { page, frame, errors } = await openFlow({ blockCountry: 'HK' });
    await fillCard(frame, '4242424242424242');
    await frame.getByText('Only HK cards can join this presale').waitFor();
    await frame.getByRole('button', { name: /^Pay/ }).click();
    await waitForEvent(page, 'error');
    const all = await events(page);
    assert.equal(all.find((e) => e.type === 'error')!.error.code, 'payment_request_aborted');
    assert.ok(!all.some((e) => e.type === 'completed'));
    // A Hong Kong card passes the same check.
    await frame.getByLabel('Card number').fill('4895 3700 0000 0007');
    await frame.getByRole('button', { name: /^Pay/ }).click();
    await waitForEvent(page, 'completed');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('client-side validation: past expiry and bad Luhn are refused in the form, keyboard submits', async () => {
    const { page, frame, errors } = await openFlow();
    await fillCard(frame, '4242424242424241', '01/21');
    await frame.getByLabel('Cardholder name').press('Enter');
    const number = frame.getByLabel('Card number');
    await frame.getByText('Your card number is invalid').waitFor();
    await frame.getByText("Your card's expiry date is in the past").waitFor();
    assert.equal(await number.getAttribute('aria-invalid'), 'true');
    assert.equal(await number.getAttribute('aria-describedby'), 'card-number-error');
    // Focus moved to the first invalid field.
    assert.equal(await frame.locator(':focus').getAttribute('id'), 'card-number');
    assert.ok(!(await events(page)).some((e) => e.type === 'completed' || e.type === 'error'));
    // Tab order follows the visual order.
    await number.focus();
    await page.keyboard.press('Tab');
    assert.equal(await frame.locator(':focus').getAttribute('id'), 'expiry-date');
    await page.keyboard.press('Tab');
    assert.equal(await frame.locator(':focus').getAttribute('id'), 'security-code');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('locale and appearance: Arabic is right-to-left; appearance tokens style the button', async () => {
    const { page, errors } = await openFlow({ locale: 'ar', appearance: { colorAction: 'rgb(10, 120, 50)', borderRadius: ['2px', '20px'] } });
    const frame = page.frames().find((f: Frame) => f.url().includes('/flow/frame'))!;
    assert.equal(await frame.evaluate('document.documentElement.dir'), 'rtl');
    await frame.getByLabel('رقم البطاقة').waitFor();
    const pay = frame.getByRole('button', { name: /^ادفع/ });
    assert.equal(await pay.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(10, 120, 50)');
    assert.equal(await pay.evaluate((el) => getComputedStyle(el).borderTopLeftRadius), '20px');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('accessibility (axe, WCAG 2.2 AA rules)', () => {
  test('Flow frame in its default and error states, and the 3DS challenge', async () => {
    const { page, frame, errors } = await openFlow();
    const flowFrame = page.frames().find((f: Frame) => f.url().includes('/flow/frame'))!;
    assert.deepEqual(await axeViolations(flowFrame), []);
    await fillCard(frame, '4242424242424241', '01/21', '1');
    await frame.getByRole('button', { name: /^Pay/ }).click();
    await frame.getByText('Your card number is invalid').waitFor();
    assert.deepEqual(await axeViolations(flowFrame), []);
    await fillCard(frame, '4010061700000021');
    await frame.getByRole('button', { name: /^Pay/ }).click();
    await frame.frameLocator('#ck-challenge-frame').getByLabel('Password').waitFor();
    const acs = page.frames().find((f: Frame) => f.url().includes('/3ds/'))!;
    assert.deepEqual(await axeViolations(acs), []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('hosted payment page', async () => {
    const hpp = await api('/hosted-payments', {
      currency: 'JPY',
      locale: 'ja-JP',
      billing: { address: { country: 'JP' } },
      products: [{ name: 'チケット', quantity: 1, price: 5000 }],
      success_url: `${merchantUrl}/success`,
      cancel_url: `${merchantUrl}/cancel`,
      failure_url: `${merchantUrl}/failure`,
    });
    const page = await browser.newPage();
    const errors = watchPage(page);
    await page.goto(hpp._links.redirect.href);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('hosted payment page', () => {
  test('loads, pays and redirects to success_url with cko-session-id', async () => {
    const hpp = await api('/hosted-payments', {
      currency: 'GBP',
      reference: 'ORD-HPP-1',
      billing: { address: { country: 'GB' } },
      products: [
        { name: 'Concert ticket', quantity: 2, price: 4500 },
        { name: 'Programme', quantity: 1, price: 1000 },
      ],
      success_url: `${merchantUrl}/success`,
      cancel_url: `${merchantUrl}/cancel`,
      failure_url: `${merchantUrl}/failure`,
    });
    const page = await browser.newPage();
    const errors = watchPage(page);
    await page.goto(hpp._links.redirect.href);
    await page.getByText('Concert ticket').waitFor();
    assert.equal(await page.getByRole('link', { name: /Cancel/ }).getAttribute('href'), `${merchantUrl}/cancel`);
    await fillCardOnPage(page, '4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Pay £100.00' }).click();
    await page.waitForURL(/\/success\?/);
    const url = new URL(page.url());
    const sid = url.searchParams.get('cko-session-id')!;
    assert.match(sid, /^sid_[a-z2-7]{26}$/);
    const payment = await api(`/payments/${sid}`);
    assert.equal(payment.id, url.searchParams.get('cko-payment-id'));
    assert.equal(payment.amount, 10000);
    assert.ok(Array.isArray(payment.actions));
    assert.equal((await api(`/hosted-payments/${hpp.id}`)).status, 'Payment Received');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('3DS challenge on the HPP, then back to success_url', async () => {
    const hpp = await api('/hosted-payments', {
      amount: 2500,
      currency: 'EUR',
      billing: { address: { country: 'IE' } },
      success_url: `${merchantUrl}/success`,
      cancel_url: `${merchantUrl}/cancel`,
      failure_url: `${merchantUrl}/failure`,
    });
    const page = await browser.newPage();
    const errors = watchPage(page);
    await page.goto(hpp._links.redirect.href);
    await fillCardOnPage(page, '5385308360135181');
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.getByLabel('Password').fill('Checkout1!');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/success\?/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

async function fillCardOnPage(page: Page, number: string): Promise<void> {
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiry date').fill('12/30');
  await page.getByLabel('Security code').fill('100');
  await page.getByLabel('Cardholder name').fill('Jordan Smith');
}
