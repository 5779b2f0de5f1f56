/**
 * Keyboard-only runs of the checkout and the presale journeys: Tab, Shift+Tab, Enter, Space,
 * arrows and typing — no clicks anywhere, the emulated Flow frame included. Every step finds
 * its target by tabbing to it, so a control that cannot be reached by keyboard fails the test.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { startProxy, type RunningProxy } from '../helpers/proxy';
import { expectText, kitRendered, watchPage } from '../helpers/page';

let proxy: RunningProxy;
let browser: Browser;

before(async () => {
  const roomy = { max: 10_000, timeWindow: 60_000 };
  proxy = await startProxy({}, { rateLimits: { payments: roomy, auth: roomy, general: roomy } });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await proxy?.close();
});

/** "role|name" of the focused element, through shadow roots; "" when focus is in no control. */
const FOCUSED = `(() => {
  let e = document.activeElement;
  while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
  if (!e || e === document.body) return '';
  const label = e.getAttribute('aria-label') || (e.labels && e.labels[0] ? e.labels[0].textContent : '') || e.textContent || '';
  return e.localName + '|' + label.replace(/\\s+/g, ' ').trim();
})()`;

/** The focused control of the page, or of the iframe that has focus. */
async function focused(page: Page): Promise<string> {
  const top = (await page.evaluate(FOCUSED)) as string;
  if (!top.startsWith('iframe|')) return top;
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    const inner = (await frame.evaluate(`document.hasFocus() ? ${FOCUSED} : ''`).catch(() => '')) as string;
    if (inner) return inner;
  }
  return top;
}

/**
 * Presses `key` until `reached` says so. The deadline only turns a control that never comes
 * into a failure naming what was passed; however many presses a slow page needs, it gets them.
 */
async function pressUntil(page: Page, key: string, reached: () => Promise<string | undefined>, what: string, timeout = 20_000): Promise<void> {
  const seen: string[] = [];
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    await page.keyboard.press(key);
    const missed = await reached();
    if (missed === undefined) return;
    if (seen.at(-1) !== missed) seen.push(missed);
  }
  assert.fail(`could not reach ${what} by keyboard (${key}); passed: ${seen.slice(-12).join(' → ')}`);
}

/** Presses Tab (or Shift+Tab) until the focused control matches. */
async function tabTo(page: Page, target: RegExp, { back = false } = {}): Promise<void> {
  await pressUntil(
    page,
    back ? 'Shift+Tab' : 'Tab',
    async () => {
      const now = await focused(page);
      return target.test(now) ? undefined : now;
    },
    String(target),
  );
}

async function typeInto(page: Page, target: RegExp, text: string) {
  await tabTo(page, target);
  await page.keyboard.type(text);
}

/** Card details into the emulated Flow frame and Pay, by keyboard only. */
async function payInFlowByKeyboard(page: Page, card: string) {
  await page.frameLocator('ck-pay-button iframe').getByLabel('Card number').waitFor();
  await typeInto(page, /^input\|Card number/, card);
  await typeInto(page, /^input\|Expiry date/, '1230');
  await typeInto(page, /^input\|Security code/, '100');
  await tabTo(page, /^(input\|Cardholder name|button\|Pay)/);
  if ((await focused(page)).startsWith('input|Cardholder name')) {
    await page.keyboard.type('Mei Chan');
    await tabTo(page, /^button\|Pay/);
  }
  await page.keyboard.press('Enter');
}

async function expectPaid(page: Page) {
  await page.waitForURL(/\/success\.html\?.*cko-payment-id=pay_/, { timeout: 20000 });
  await expectText(page.locator('ck-payment-result [part="heading"]'), 'Thank you! Your payment was successful');
}

const step = (page: Page) => page.locator('ck-checkout [part="step-heading"]');

test('keyboard only: add to cart → checkout (every step) → Flow → paid', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchPage(page);
  await page.goto(`${proxy.url}/omni-cart/phone-case-catalog.html`);
  await kitRendered(page);
  await page.locator('ck-product-list').getByRole('button').first().waitFor();
  await tabTo(page, /^button\|Add to cart iPhone 16 Clear case/);
  await page.keyboard.press('Enter');
  await expectText(page.locator('[data-cart-count]'), '1');
  // Back up to the header's cart link (Shift+Tab) and follow it.
  await tabTo(page, /^a\|Cart/, { back: true });
  await page.keyboard.press('Enter');
  await page.waitForURL(/checkout\.html$/);
  await expectText(step(page), 'Contact');

  await typeInto(page, /^input\|Email/, 'mei.chan@example.com');
  await typeInto(page, /^input\|Full name/, 'Mei Chan');
  await tabTo(page, /^button\|Continue/);
  await page.keyboard.press('Enter');
  await expectText(step(page), 'Shipping address');
  await typeInto(page, /^input\|Address$/, '18 Harbour Road');
  await typeInto(page, /^input\|City/, 'Wan Chai');
  await tabTo(page, /^select\|Country or region/);
  await page.keyboard.type('Hong Kong');
  await tabTo(page, /^button\|Continue/);
  await page.keyboard.press('Enter');
  await expectText(step(page), 'Billing address');
  await tabTo(page, /^button\|Continue/);
  await page.keyboard.press('Enter');
  await expectText(step(page), 'Delivery');
  await tabTo(page, /^input\|/);
  // Arrow keys move within the radio group until the courier is chosen.
  for (let i = 0; i < 5 && !/Hong Kong courier/.test(await focused(page)); i++) await page.keyboard.press('ArrowDown');
  assert.match(await focused(page), /Hong Kong courier/);
  await page.keyboard.press('Space');
  await tabTo(page, /^button\|Continue/);
  await page.keyboard.press('Enter');
  await expectText(step(page), 'Review');
  await tabTo(page, /^button\|Pay now/);
  await page.keyboard.press('Enter');
  await payInFlowByKeyboard(page, '4242424242424242');
  await expectPaid(page);
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard only: presale — BIN → seats on the map (arrows) → hold → details → Flow → paid', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchPage(page);
  await page.goto(`${proxy.url}/omni-cart/tickets.html`);
  // Every checker has its field before the first Tab: tabbing past one still loading would
  // land in the next event's checker (seen under load: the keys went to the matinée's).
  await kitRendered(page);
  await typeInto(page, /^input\|First 6 to 8 digits/, '42424242');
  const typedInto = await page.evaluate(`document.activeElement?.getAttribute('event-id') ?? document.activeElement?.tagName`);
  // "Choose your seats" appears only with the verdict (after the checker's debounce and the
  // proxy's /card-metadata answer): wait for it, as a shopper reads it, before tabbing on.
  const checker = page.locator('ck-bin-checker[event-id="harbour-strings-2031"]');
  try {
    await expectText(checker.locator('[part="verdict"]'), /Your card is eligible for the presale\./);
  } catch (error) {
    // Say what the shopper saw instead of the verdict, and what the page failed at.
    const seen = await page.evaluate(`[...document.querySelectorAll('ck-bin-checker')].map((el) => ({ event: el.getAttribute('event-id'), typed: el.value, input: el.shadowRoot?.querySelector('input')?.value, shown: el.shadowRoot?.textContent?.replace(/\\s+/g, ' ').trim().slice(0, 80) }))`);
    throw new Error(`no presale verdict: ${JSON.stringify(seen)}; page errors: ${JSON.stringify(errors)}; typed into ${String(typedInto)}`, { cause: error });
  }
  await tabTo(page, /^a\|Choose your seats/);
  await page.keyboard.press('Enter');
  await page.waitForURL(/ticket-seat-selection\.html\?event=harbour-strings-2031$/);
  await page.locator('ck-seat-map [part="legend"]').waitFor();

  // The map itself: focus it, move seat by seat with the arrows, select with Enter.
  const onMap = async () => (await page.evaluate(`document.querySelector('ck-seat-map').shadowRoot.activeElement?.getAttribute('part') ?? ''`)) as string;
  await pressUntil(page, 'Tab', async () => ((await onMap()) === 'map' ? undefined : await focused(page)), 'the seat map');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expectText(page.locator('ck-seat-map [part="selected-seat"]'), /Row/);
  await tabTo(page, /^button\|Hold 1 seat/);
  await page.keyboard.press('Enter');
  await expectText(page.locator('ck-seat-map [part="timer"]'), /Held for/);
  await tabTo(page, /^a\|Continue to payment/);
  await page.keyboard.press('Enter');
  await page.waitForURL(/ticket-payment\.html$/);
  await expectText(page.locator('[data-hold-timer]'), /Seats held for/);

  await typeInto(page, /^input\|Email/, 'mei.chan@example.com');
  await typeInto(page, /^input\|Full name/, 'Mei Chan');
  // The slotted label ("Pay for tickets") lives in light DOM; the shadow button reads as "Pay…".
  await tabTo(page, /^button\|Pay/);
  await page.keyboard.press('Enter');
  await payInFlowByKeyboard(page, '4242424242424242');
  await expectPaid(page);
  assert.deepEqual(errors, []);
  await context.close();
});
