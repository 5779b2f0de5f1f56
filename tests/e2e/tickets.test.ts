/**
 * The tickets journeys end to end — the built kit, the real proxy (seat holds, SSE, presale
 * pricing) and the emulated Checkout.com Flow: an eligible BIN → hold seats → pay with 4242…
 * → seats sold; an ineligible BIN → message → general sale; two browsers racing for one seat;
 * a hold that expires and frees its seat on another shopper's map; a hold that expires while the
 * shopper pays: the seat another buyer took is refunded and the result page says so; an eligible
 * BIN declared but another card paying: voided, and the result page says why.
 *
 * The page is a small merchant page composed of the kit's elements, served by the proxy from a
 * temporary folder (no demo page is needed for it).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import { encodeSessionData } from '../../server/emulator/sessions';
import { eventually, expectText, payInFlow, paymentAsShopper, watchPage } from '../helpers/page';
import { startProxy, type RunningProxy } from '../helpers/proxy';

const HALL = 'harbour-strings-2031';

let proxy: RunningProxy;
let browser: Browser;

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour Strings — tickets</title>
<script type="module" src="/kit/checkout-kit.js"></script></head>
<body><main>
  <h1>Harbour Strings — presale</h1>
  <ck-bin-checker event-id="${HALL}"></ck-bin-checker>
  <ck-seat-map event-id="${HALL}" view="list" style="--ck-seat-map-height: 24rem">
    <ck-pay-button slot="actions" presale-event="${HALL}" disabled></ck-pay-button>
  </ck-seat-map>
</main>
<script type="module" src="/tickets.js"></script></body></html>`;

const SCRIPT = `  let bin;
  const pay = document.querySelector('ck-pay-button');
  document.addEventListener('ck-bin-result', (e) => { bin = e.detail.eligible ? e.detail.metadata.bin : undefined; });
  document.addEventListener('ck-seat-hold', (e) => {
    const hold = e.detail.hold;
    window.__hold = hold;
    pay.order = hold.status === 'held'
      ? { items: [], seatHoldId: hold.id, bin, currency: 'HKD', country: 'HK', customer: { email: 'mei.chan@example.com', name: 'Mei Chan' } }
      : undefined;
    pay.disabled = hold.status !== 'held';
  });
  document.addEventListener('ck-payment-success', (e) => { document.body.dataset.paymentId = e.detail.paymentId; document.body.dataset.paid = 'yes'; });
  document.addEventListener('ck-payment-error', (e) => { document.body.dataset.payError = e.detail.code + ': ' + e.detail.message; });
  document.addEventListener('ck-onsale-request', (e) => { e.preventDefault(); document.body.dataset.onsale = e.detail.eventId; });
`;

/** A merchant's success page: the verified result (it reads `cko-payment-id` from the URL). */
const RESULT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Thank you</title>
<script type="module" src="/kit/checkout-kit.js"></script></head>
<body><main><ck-payment-result expect="success"></ck-payment-result></main></body></html>`;

before(async () => {
  // Served by the proxy itself (as a merchant's page on an allowed origin would be): Chromium's
  // local-network rules only let a page fetch the emulator's Flow script from a real response.
  const pages = mkdtempSync(join(tmpdir(), 'ck-tickets-'));
  writeFileSync(join(pages, 'tickets.html'), PAGE);
  writeFileSync(join(pages, 'tickets.js'), SCRIPT);
  writeFileSync(join(pages, 'result.html'), RESULT_PAGE);
  proxy = await startProxy({}, { static: { demoDir: pages } });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await proxy?.close();
});

async function shopper(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchPage(page);
  await page.goto(`${proxy.url}/tickets.html`);
  await page.locator('ck-seat-map [part="legend"]').waitFor();
  return { context, page, errors };
}

async function openRow(page: Page, row: string) {
  const map = page.locator('ck-seat-map');
  await map.getByRole('button', { name: /^Stalls/ }).click();
  await map.getByRole('button', { name: new RegExp(`^Row ${row}\\b`) }).click();
}

const seat = (page: Page, row: string, number: number) =>
  page.locator('ck-seat-map').getByRole('button', { name: new RegExp(`^Row ${row}, Seat ${number}, `) });

async function availability(): Promise<{ held: string[]; sold: string[] }> {
  return (await (await fetch(`${proxy.url}/api/events/${HALL}/seats`)).json()) as { held: string[]; sold: string[] };
}

/** Waits until the locator's text contains the string (or matches the RegExp). */
const expectContains = (locator: Locator, text: string | RegExp) =>
  expectText(locator, typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text);

/** Checks a presale-eligible Visa, then picks seats of one stalls row in the list. */
async function eligibleCardAndSeats(page: Page, row: string, numbers: number[]) {
  await page.locator('ck-bin-checker').getByLabel('First 6 to 8 digits of your card').fill('42424242');
  await expectContains(page.locator('ck-bin-checker [part="verdict"]'), 'Your card is eligible for the presale.');
  await openRow(page, row);
  for (const n of numbers) await seat(page, row, n).click();
}

test('presale: an eligible BIN, seats held on the server, paid with 4242 in Flow → the seats are sold', async () => {
  const { page, errors, context } = await shopper();
  await eligibleCardAndSeats(page, 'A', [3, 4]);
  await expectContains(page.locator('ck-seat-map [part="total"]'), 'HK$1,760.00');
  await page.locator('ck-seat-map').getByRole('button', { name: 'Hold 2 seats' }).click();
  await expectContains(page.locator('ck-seat-map [part="timer"]'), /Held for [45]:\d\d/);
  assert.deepEqual((await availability()).held.sort(), ['STALLS:A:3', 'STALLS:A:4']);

  await page.getByRole('button', { name: /^Pay/ }).first().click();
  await eventually(async () => (await page.locator('ck-pay-button iframe').count()) > 0 || (await page.evaluate('document.body.dataset.payError')), 'Flow or a payment error');
  assert.equal(await page.evaluate('document.body.dataset.payError'), undefined, errors.join('\n'));
  const frame = page.frameLocator('ck-pay-button iframe');
  // A different card than the one checked: a Mastercard, outside the presale's Visa-credit rule.
  // Flow asks the pay button (onCardBinChanged), which asks the proxy, and the card is refused.
  await frame.getByLabel('Card number').fill('5436 0310 3060 6378');
  await eventually(async () => ((await frame.locator('body').textContent()) ?? '').includes('Card not eligible for presale'), 'Flow to refuse the ineligible card');
  await payInFlow(page, '4242 4242 4242 4242');
  await page.waitForSelector('body[data-paid="yes"]', { timeout: 15000 });

  const sold = await eventually(async () => {
    const a = await availability();
    return a.sold.length === 2 && a;
  }, 'the seats to be sold');
  assert.deepEqual(sold.sold.sort(), ['STALLS:A:3', 'STALLS:A:4']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('presale: an ineligible BIN says "Card not eligible for presale" and offers another card or the general sale', async () => {
  const { page, errors, context } = await shopper();
  const checker = page.locator('ck-bin-checker');
  await checker.getByLabel('First 6 to 8 digits of your card').fill('46591055');
  await expectContains(checker.locator('[part="verdict"]'), 'Card not eligible for presale');
  await checker.getByRole('button', { name: 'Try another card' }).click();
  assert.equal(await checker.getByLabel('First 6 to 8 digits of your card').inputValue(), '');
  await checker.getByLabel('First 6 to 8 digits of your card').fill('46591055');
  await checker.getByRole('button', { name: 'Go to the general sale' }).click();
  await page.waitForSelector(`body[data-onsale="${HALL}"]`);

  // The server enforces the same rule: a presale session for this card is refused.
  const held = await fetch(`${proxy.url}/api/seat-holds`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ eventId: HALL, seats: ['STALLS:P:1'] }),
  });
  const hold = (await held.json()) as { id: string };
  const session = await fetch(`${proxy.url}/create-payment-sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'e2e-ineligible-session-1' },
    body: JSON.stringify({ items: [], seatHoldId: hold.id, bin: '46591055', currency: 'HKD', country: 'HK', customer: { email: 'a@example.com', name: 'A' } }),
  });
  assert.equal(session.status, 403);
  assert.equal(((await session.json()) as { error: { code: string } }).error.code, 'presale_not_eligible');
  assert.deepEqual(errors, []);
  await context.close();
});

test('two browsers race for one seat: exactly one holds it, the other is told and sees it taken', async () => {
  const [a, b] = await Promise.all([shopper(), shopper()]);
  await Promise.all([openRow(a.page, 'B'), openRow(b.page, 'B')]);
  await Promise.all([seat(a.page, 'B', 5).click(), seat(b.page, 'B', 5).click()]);
  // Both shoppers press "Hold" in the same instant (a real race: neither page has heard of the other yet).
  const press = "document.querySelector('ck-seat-map').shadowRoot.querySelector('[part=hold-button]')?.click()";
  await Promise.all([a.page.evaluate(press), b.page.evaluate(press)]);
  const told = (p: Page) =>
    p.evaluate("[...document.querySelector('ck-seat-map').shadowRoot.querySelectorAll('[role=alert], [role=status]')].map((e) => e.textContent).join(' ')") as Promise<string>;
  const outcome = async (p: Page) => {
    if (await p.locator('ck-seat-map [part="timer"]').count()) return 'won';
    return (await told(p)).includes('No longer available: Stalls, Row B, Seat 5') ? 'lost' : undefined;
  };
  const results = await eventually(async () => {
    const r = [await outcome(a.page), await outcome(b.page)];
    return r.every(Boolean) && r;
  }, 'both shoppers to learn the outcome');
  assert.deepEqual([...results].sort(), ['lost', 'won']);
  const loser = results[0] === 'lost' ? a.page : b.page;
  await eventually(async () => (await seat(loser, 'B', 5).getAttribute('aria-disabled')) === 'true', 'the seat to show as taken');
  assert.equal(await loser.locator('ck-seat-map [part="selected-seat"]').count(), 0);
  assert.deepEqual((await availability()).held.filter((s) => s === 'STALLS:B:5'), ['STALLS:B:5']);
  await a.context.close();
  await b.context.close();
});

test('a hold that expires frees its seat on every open map, and can no longer be paid', async () => {
  const [a, b] = await Promise.all([shopper(), shopper()]);
  await Promise.all([openRow(a.page, 'C'), openRow(b.page, 'C')]);
  await seat(a.page, 'C', 7).click();
  await a.page.locator('ck-seat-map').getByRole('button', { name: 'Hold 1 seat' }).click();
  await a.page.locator('ck-seat-map [part="timer"]').waitFor();
  const hold = (await a.page.evaluate('window.__hold')) as { id: string };
  // B's map learns of the hold over the live stream.
  await eventually(async () => (await seat(b.page, 'C', 7).getAttribute('aria-disabled')) === 'true', 'B to see the hold');

  // Five minutes pass on the server; the sweep expires the hold.
  const realNow = proxy.app.seatHolds.now;
  proxy.app.seatHolds.now = () => realNow() + 5 * 60_000 + 1_000;
  try {
    await proxy.app.seatHolds.sweep();
    // Over the live stream (the map does not poll); how fast is a benchmark figure (BENCHMARKS.md).
    await eventually(async () => (await seat(b.page, 'C', 7).getAttribute('aria-disabled')) === 'false', 'B to see the seat free again');
    const session = await fetch(`${proxy.url}/create-payment-sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'e2e-expired-session-1' },
      body: JSON.stringify({ items: [], seatHoldId: hold.id, bin: '42424242', currency: 'HKD', country: 'HK', customer: { email: 'a@example.com', name: 'A' } }),
    });
    assert.equal(session.status, 409);
    assert.equal(((await session.json()) as { error: { code: string } }).error.code, 'seat_hold_expired');
  } finally {
    proxy.app.seatHolds.now = realNow;
  }
  await a.context.close();
  await b.context.close();
});

test('a hold that expired while the shopper paid: the seat someone else took is refunded, and the result page says so', async () => {
  const { page, errors, context } = await shopper();
  await eligibleCardAndSeats(page, 'E', [1, 2]);
  await page.locator('ck-seat-map').getByRole('button', { name: 'Hold 2 seats' }).click();
  await page.locator('ck-seat-map [part="timer"]').waitFor();
  await page.getByRole('button', { name: /^Pay/ }).first().click();
  await eventually(async () => (await page.locator('ck-pay-button iframe').count()) > 0, 'Flow');

  // The shopper is slow: the hold expires on the server, and another buyer takes one of its seats.
  const realNow = proxy.app.seatHolds.now;
  proxy.app.seatHolds.now = () => realNow() + 5 * 60_000 + 1_000;
  try {
    await proxy.app.seatHolds.sweep();
    const taken = await fetch(`${proxy.url}/api/seat-holds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ eventId: HALL, seats: ['STALLS:E:2'] }),
    });
    assert.equal(taken.status, 201, await taken.clone().text());
  } finally {
    proxy.app.seatHolds.now = realNow;
  }

  await payInFlow(page, '4242 4242 4242 4242');
  await page.waitForSelector('body[data-paid="yes"]', { timeout: 15000 });
  const paymentId = (await page.evaluate('document.body.dataset.paymentId')) as string;

  // The seat still free is sold to the shopper; the one the other buyer holds stays theirs.
  const seats = await eventually(async () => {
    const a = await availability();
    return a.sold.includes('STALLS:E:1') && a;
  }, 'the seat still free to be sold');
  assert.ok(!seats.sold.includes('STALLS:E:2') && seats.held.includes('STALLS:E:2'), JSON.stringify(seats));

  // A copy: asserting on `errors` itself would narrow its type for the check below.
  assert.deepEqual([...errors], []);
  // (Leaving the page aborts its live stream: that is not an error of the journey.)
  await page.goto(`${proxy.url}/result.html?cko-payment-id=${paymentId}`);
  const result = page.locator('ck-payment-result');
  await expectContains(result.locator('[part="heading"]'), 'Thank you! Your payment was successful');
  await expectContains(result.locator('[part="refund"]'), /^One of your seats was taken by another buyer before your payment completed\. HK\$[\d,.]+ is being refunded to your card\.$/);
  assert.deepEqual(errors.filter((e) => !e.includes('/seats/stream')), []);
  // And Checkout.com really refunded that one seat.
  const verified = await eventually(async () => {
    const v = await paymentAsShopper<{ status: string; refunds?: Array<{ seats: number; status: string }> }>(page, proxy.url, paymentId);
    return v.status === 'Partially Refunded' && v;
  }, 'the refund to reach Checkout.com');
  assert.deepEqual(verified.refunds?.map((r) => [r.seats, r.status]), [[1, 'accepted']]);
  await context.close();
});

test('presale: an eligible BIN declared but a Mastercard pays (the browser bypassed) → voided, the result page says why and when the general sale opens, the seats are free', async () => {
  // The attacker skips the kit: holds seats, declares 4242…'s BIN, and pays the session with another card.
  const holder = { 'content-type': 'application/json', 'x-ck-holder': 'e2e-presale-attacker-0123456789' };
  const hold = await fetch(`${proxy.url}/api/seat-holds`, { method: 'POST', headers: holder, body: JSON.stringify({ eventId: HALL, seats: ['STALLS:K:1'] }) });
  assert.equal(hold.status, 201, await hold.clone().text());
  const created = await fetch(`${proxy.url}/create-payment-sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ items: [], seatHoldId: ((await hold.json()) as { id: string }).id, bin: '42424242', currency: 'HKD', country: 'HK', customer: { email: 'mei.chan@example.com', name: 'Mei Chan' } }),
  });
  assert.equal(created.status, 201, await created.clone().text());
  const sessionId = ((await created.json()) as { paymentSession: { id: string } }).paymentSession.id;
  const token = (await (await fetch(`${proxy.emulator.url}/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${EMULATOR_KEYS.publicKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'card', number: '5436031030606378', expiry_month: 12, expiry_year: 2030, cvv: '100' }),
  })).json()) as { token: string };
  const paid = (await (await fetch(`${proxy.emulator.url}/payment-sessions/${sessionId}/submit`, {
    method: 'POST',
    headers: { authorization: `Bearer ${EMULATOR_KEYS.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ session_data: encodeSessionData(token.token) }),
  })).json()) as { id: string; status: string };
  assert.equal(paid.status, 'Approved', 'the issuer approved the authorisation');

  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchPage(page);
  await page.goto(`${proxy.url}/result.html?cko-payment-id=${paid.id}`);
  const result = page.locator('ck-payment-result');
  await expectContains(result.locator('[part="heading"]'), 'This card is not eligible for the presale');
  await expectContains(result.locator('[part="message"]'), 'Harbour Strings — chamber night is in presale for eligible cards only, so your payment was cancelled and nothing was charged. Your seats have been released.');
  await expectContains(result.locator('[part="general-sale"]'), /^You can try again with an eligible card, or buy tickets in the general sale from .*2031.*\.$/);
  await eventually(async () => !(await availability()).held.includes('STALLS:K:1') && !(await availability()).sold.includes('STALLS:K:1'), 'the seat to be free again');
  const upstream = await eventually(async () => {
    const p = (await (await fetch(`${proxy.emulator.url}/payments/${paid.id}`, { headers: { authorization: `Bearer ${EMULATOR_KEYS.secretKey}` } })).json()) as { status: string };
    return p.status === 'Voided' && p;
  }, 'the void to reach Checkout.com');
  assert.equal(upstream.status, 'Voided');
  assert.deepEqual([...errors], []);
  await context.close();
});
