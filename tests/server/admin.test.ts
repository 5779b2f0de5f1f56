/**
 * The staff console's API (/api/admin/…): who may call it, what it shows, and refunds and voids
 * that go through the upstream-action queue to Checkout.com (the emulator) once, audited with the
 * staff member who asked.
 */
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { EMULATOR_KEYS } from '../../server/emulator/keys';
import { DEMO_USERS_FILE } from '../../server/auth/users';
import { hashPassword } from '../../server/auth/password';
import { newOrderId } from '../../server/orders/payments';
import { startDevMailbox } from '../../server/mail/dev-mailbox';
import { eventually } from '../helpers/wait';
import { browser, closeDatabases, DATABASES, order, orderIn, payOnEmulator, settle, stack, type Stack } from './helpers';

type Json = Record<string, any>;

after(() => closeDatabases());

/** The demo users (kenso the shopper, merchant the admin, clerk the staff member) and a second admin. */
let usersFile: string | undefined;
async function users(): Promise<string> {
  if (usersFile) return usersFile;
  const demo = JSON.parse(readFileSync(DEMO_USERS_FILE, 'utf8'));
  demo.users.push({ username: 'ops', name: 'Olu Ops', role: 'admin', passwordHash: await hashPassword('ops-demo-12') });
  const dir = mkdtempSync(join(tmpdir(), 'ck-admin-users-'));
  usersFile = join(dir, 'users.json');
  writeFileSync(usersFile, JSON.stringify(demo));
  return usersFile;
}

const PASSWORDS: Record<string, string> = { kenso: '12345678', merchant: 'merchant-demo-1', clerk: 'clerk-demo-1', ops: 'ops-demo-12' };
const SHOP = 'https://shop.example';

async function consoleStack(t: TestContext, url?: string): Promise<Stack> {
  const s = await stack(t, { databaseUrl: url, env: { USERS_FILE: await users(), ALLOWED_ORIGINS: SHOP }, build: { upstreamActions: { sweepEvery: 0, retryBaseMs: 0 }, admin: { reconciliationEvery: 0 } } });
  await s.app.db.query('TRUNCATE security_events, reconciliation_reports CASCADE');
  return s;
}

/** A browser on the proxy's own origin (the console at /admin/), logged in as `username` (or not at all). */
async function person(app: FastifyInstance, username?: string) {
  const b = browser(app);
  const own = 'http://localhost:80';
  let csrf = '';
  if (username) {
    const res = await b.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: own }, payload: { username, password: PASSWORDS[username] } });
    assert.equal(res.statusCode, 200, res.body);
    csrf = res.json().csrfToken;
  }
  const call = (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    b.inject({ method: method as 'GET', url, headers: { origin: own, 'x-csrf-token': csrf, ...headers }, ...(payload === undefined ? {} : { payload: payload as Json }) });
  return { call, csrf };
}

/** A shopper pays an order of 2 × the clear case (HKD) through Flow on the emulator; returns the paid order. */
async function paidOrder(s: Stack): Promise<{ orderId: string; paymentId: string; amount: number }> {
  const created = await s.request('POST', '/create-payment-sessions', order({ customer: { email: 'ana.silva@example.com', name: 'Ana Silva' } }));
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const paid = await payOnEmulator(s.emulator.url, created.body.paymentSession.id);
  assert.equal(paid.status, 'Approved');
  const o = await orderIn(s, created.body.order.id, 'paid');
  await settle(s);
  return { orderId: o.id, paymentId: paid.id, amount: o.amount };
}

async function upstreamRefunds(s: Stack, paymentId: string): Promise<Json[]> {
  const headers = { authorization: `Bearer ${EMULATOR_KEYS.secretKey}` };
  const actions = (await s.emulator.app.inject({ method: 'GET', url: `/payments/${paymentId}/actions`, headers })).json() as Json[];
  return actions.filter((a) => a.type === 'Refund');
}

/** Every route the app has under /api/admin/, read from the app's own router (not a list kept here). */
function adminRoutes(app: FastifyInstance): Array<{ method: string; url: string }> {
  // printRoutes draws a tree: each level is 4 characters deeper and continues its parent's path.
  const routes: Array<{ method: string; url: string }> = [];
  const stackOfPaths: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]+)\))?/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stackOfPaths.length = depth;
    const path = (stackOfPaths[depth - 1] ?? '') + m[2]!;
    stackOfPaths[depth] = path;
    if (!m[3] || !path.startsWith('/api/admin/')) continue;
    for (const method of m[3].split(',').map((x) => x.trim())) if (method !== 'HEAD') routes.push({ method, url: path });
  }
  return routes;
}

/** A path of the route with its parameters filled in, spelled plainly and percent-encoded. */
function spellings(url: string, orderId: string): string[] {
  const path = url.replace(':id', url.includes('/reconciliation/') ? `rec_${'0'.repeat(24)}` : orderId);
  return [path, path.replace('/api/admin/', '/api/%61dmin/'), path.replace('/admin/', '/%61%64min/')];
}

const validBody = (method: string, url: string): Json | undefined =>
  method === 'GET' ? undefined : url.endsWith('/refunds') ? { amount: 100, reason: 'customer asked', expectedRefunded: 0 } : url.endsWith('/void') ? { reason: 'customer asked' } : {};

describe('console API: who may call it', () => {
  test('a logged-out caller, a shopper and a staff member on another origin are refused on every admin route, however the path is spelled; nothing moves', async (t) => {
    const s = await consoleStack(t);
    const { orderId, paymentId } = await paidOrder(s);
    const routes = adminRoutes(s.app);
    assert.ok(routes.length >= 9, `the app's admin routes: ${JSON.stringify(routes)}`);
    assert.ok(routes.some((r) => r.method === 'POST' && r.url.endsWith('/reconciliation/runs')));
    assert.ok(routes.some((r) => r.method === 'POST' && r.url.endsWith('/refunds')));

    const nobody = await person(s.app);
    const shopper = await person(s.app, 'kenso');
    const admin = await person(s.app, 'merchant');
    for (const { method, url } of routes) {
      for (const path of spellings(url, orderId)) {
        const body = validBody(method, url);
        const headers = { 'idempotency-key': `attack-${method}-${path.length}` };
        const anon = await nobody.call(method, path, body, headers);
        assert.equal(anon.statusCode, 401, `${method} ${path} logged out: ${anon.body}`);
        assert.equal(anon.json().error.code, 'login_required');
        const shop = await shopper.call(method, path, body, headers);
        assert.equal(shop.statusCode, 403, `${method} ${path} as a shopper: ${shop.body}`);
        assert.equal(shop.json().error.code, 'staff_only');
        // The shop's own origin is on ALLOWED_ORIGINS (the kit may call the shop API from it), but not the console's.
        for (const origin of [SHOP, 'https://evil.example']) {
          const foreign = await admin.call(method, path, body, { ...headers, origin });
          assert.equal(foreign.statusCode, 403, `${method} ${path} from ${origin}: ${foreign.body}`);
          assert.equal(foreign.json().error.code, 'origin_not_allowed');
        }
        const crossSite = await admin.call(method, path, body, { ...headers, origin: '', 'sec-fetch-site': 'cross-site' });
        assert.equal(crossSite.statusCode, 403, `${method} ${path} cross-site: ${crossSite.body}`);
      }
    }
    // A state-changing call must say where it came from, and carry the session's CSRF token.
    const noOrigin = await admin.call('POST', `/api/admin/orders/${orderId}/refunds`, validBody('POST', '/refunds'), { origin: '', 'idempotency-key': 'no-origin-1' });
    assert.equal(noOrigin.statusCode, 403);
    const noToken = await admin.call('POST', `/api/admin/orders/${orderId}/refunds`, validBody('POST', '/refunds'), { 'x-csrf-token': '', 'idempotency-key': 'no-token-1' });
    assert.deepEqual([noToken.statusCode, noToken.json().error.code], [403, 'csrf_token_invalid']);

    await settle(s);
    assert.deepEqual(await upstreamRefunds(s, paymentId), [], 'no refund reached Checkout.com');
    assert.equal((await s.app.upstreamActions.forOrder(orderId)).length, 0);
    assert.equal((await s.app.orders.get(orderId))?.status, 'paid');
    assert.equal((await s.app.db.query(`SELECT 1 FROM reconciliation_reports WHERE trigger <> 'schedule'`)).rows.length, 0, 'no reconciliation was run');
    assert.deepEqual((await s.app.db.query(`SELECT DISTINCT type FROM security_events WHERE type LIKE 'staff\\_%' AND type NOT LIKE '%refused' AND type <> 'staff_not_allowed'`)).rows, [], 'no staff action was recorded');
    assert.equal((await s.app.db.query(`SELECT 1 FROM outbox_events WHERE type = 'receipt_resent'`)).rows.length, 0, 'no receipt was sent again');
  });

  test('a staff member reads orders but may not refund or void; an admin may; the rights are what /api/admin/me says', async (t) => {
    const s = await consoleStack(t);
    const { orderId } = await paidOrder(s);
    const clerk = await person(s.app, 'clerk');
    const me = (await clerk.call('GET', '/api/admin/me')).json();
    assert.deepEqual([me.role, me.rights.includes('orders.refund')], ['staff', false]);
    assert.equal((await clerk.call('GET', `/api/admin/orders/${orderId}`)).statusCode, 200);
    const refund = await clerk.call('POST', `/api/admin/orders/${orderId}/refunds`, { amount: 100, reason: 'customer asked', expectedRefunded: 0 }, { 'idempotency-key': 'clerk-refund-1' });
    assert.deepEqual([refund.statusCode, refund.json().error.code], [403, 'not_allowed']);
    const voided = await clerk.call('POST', `/api/admin/orders/${orderId}/void`, { reason: 'customer asked' });
    assert.deepEqual([voided.statusCode, voided.json().error.code], [403, 'not_allowed']);
    assert.equal((await s.app.upstreamActions.forOrder(orderId)).length, 0);

    const admin = await person(s.app, 'merchant');
    assert.deepEqual((await admin.call('GET', '/api/admin/me')).json().rights.includes('orders.refund'), true);
  });
});

describe('console page', () => {
  test('/admin/ serves the console (its own script, never the shop kit entry) in the browser’s language; /admin redirects there', async (t) => {
    const s = await consoleStack(t);
    const page = await s.app.inject({ method: 'GET', url: '/admin/', headers: { 'accept-language': 'fr-CA,fr;q=0.8' } });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.match(page.body, /<html lang="fr-CA">/);
    assert.match(page.body, /<ck-admin-console><\/ck-admin-console>/);
    assert.match(page.body, /src="\/kit\/admin\/console.js"/);
    assert.doesNotMatch(page.body, /checkout-kit\.js/);
    const odd = await s.app.inject({ method: 'GET', url: '/admin/', headers: { 'accept-language': '"><script>alert(1)</script>' } });
    assert.match(odd.body, /<html lang="en">/, 'a header that is no language tag never reaches the page');
    const bare = await s.app.inject({ method: 'GET', url: '/admin' });
    assert.deepEqual([bare.statusCode, bare.headers.location], [301, '/admin/']);
  });
});

describe('console API: orders', () => {
  test('search filters by status, email, reference, amount and day, paged on the server', async (t) => {
    const s = await consoleStack(t);
    const a = await paidOrder(s);
    const b = await paidOrder(s);
    const pending = await s.request('POST', '/create-payment-sessions', order({ customer: { email: 'bo.chen@example.com', name: 'Bo Chen' }, items: [{ reference: 'case-iphone16-clear', quantity: 1 }] }));
    const admin = await person(s.app, 'merchant');
    const list = async (query: string) => {
      const res = await admin.call('GET', `/api/admin/orders?${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    assert.deepEqual((await list('status=paid')).orders.map((o: Json) => o.id).sort(), [a.orderId, b.orderId].sort());
    assert.deepEqual((await list('email=BO.CHEN')).orders.map((o: Json) => o.id), [pending.body.order.id]);
    assert.deepEqual((await list(`reference=${a.paymentId}`)).orders.map((o: Json) => o.id), [a.orderId], 'found by its payment id');
    assert.deepEqual((await list(`reference=${b.orderId}`)).orders.map((o: Json) => o.id), [b.orderId]);
    assert.deepEqual((await list(`minAmount=${a.amount}`)).orders.map((o: Json) => o.id).sort(), [a.orderId, b.orderId].sort());
    assert.deepEqual((await list(`maxAmount=${a.amount - 1}`)).orders.map((o: Json) => o.id), [pending.body.order.id]);
    const today = new Date().toISOString().slice(0, 10);
    assert.equal((await list(`from=${today}&to=${today}`)).total, 3);
    assert.equal((await list('to=2020-01-01')).total, 0);
    const page1 = await list('pageSize=2&page=1');
    const page2 = await list('pageSize=2&page=2');
    assert.deepEqual([page1.total, page1.orders.length, page2.orders.length], [3, 2, 1]);
    assert.equal(new Set([...page1.orders, ...page2.orders].map((o: Json) => o.id)).size, 3, 'pages do not overlap');
    const bad = await admin.call('GET', '/api/admin/orders?status=shipped&pageSize=1000');
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().error.fields.map((f: Json) => f.path).sort(), ['querystring.pageSize', 'querystring.status']);
  });

  test('a partial refund with a reason: queued with an idempotency key, refunded once upstream, audited with the staff member, shown in the order', async (t) => {
    const s = await consoleStack(t);
    const { orderId, paymentId, amount } = await paidOrder(s);
    const admin = await person(s.app, 'merchant');
    const detail = (await admin.call('GET', `/api/admin/orders/${orderId}`)).json();
    assert.deepEqual([detail.refundable, detail.committedRefunds, detail.voidable], [amount, 0, false]);
    assert.ok(detail.timeline.some((e: Json) => e.type === 'order_created'));
    assert.deepEqual(detail.payments.map((p: Json) => p.id), [paymentId]);

    const body = { amount: 1000, reason: 'one case arrived scratched', expectedRefunded: 0 };
    const first = await admin.call('POST', `/api/admin/orders/${orderId}/refunds`, body, { 'idempotency-key': 'refund-key-0001' });
    assert.equal(first.statusCode, 202, first.body);
    // The same click again (a retry after a lost answer): the same refund, not a second one.
    const again = await admin.call('POST', `/api/admin/orders/${orderId}/refunds`, body, { 'idempotency-key': 'refund-key-0001' });
    assert.deepEqual([again.statusCode, again.json().replayed, again.json().action.id], [200, true, first.json().action.id]);

    const o = await orderIn(s, orderId, 'partially_refunded');
    assert.equal(o.refunded_amount, 1000);
    await settle(s);
    const refunds = await upstreamRefunds(s, paymentId);
    assert.deepEqual(refunds.map((r) => [r.amount, r.reference]), [[1000, orderId]]);

    const after = (await admin.call('GET', `/api/admin/orders/${orderId}`)).json();
    assert.deepEqual([after.order.status, after.order.refundedAmount, after.committedRefunds, after.refundable], ['partially_refunded', 1000, 1000, amount - 1000]);
    assert.deepEqual(after.actions.map((a: Json) => [a.kind, a.amount, a.status, a.staff, a.note]), [['refund', 1000, 'accepted', 'merchant', 'one case arrived scratched']]);
    const requested = after.timeline.find((e: Json) => e.type === 'refund_requested');
    assert.deepEqual([requested.actor, requested.detail.staff, requested.detail.note], ['staff merchant', 'merchant', 'one case arrived scratched']);
    assert.ok(after.timeline.some((e: Json) => e.type === 'payment_refunded' && e.detail.amount === 1000));
    assert.ok(s.logs.some((l) => l.includes('"event":"staff_refund"') && l.includes('"staff":"merchant"')));

    // More than is left is refused, and so is an order with nothing taken.
    const tooMuch = await admin.call('POST', `/api/admin/orders/${orderId}/refunds`, { amount: amount, reason: 'all of it', expectedRefunded: 1000 }, { 'idempotency-key': 'refund-key-0002' });
    assert.deepEqual([tooMuch.statusCode, tooMuch.json().error.code], [422, 'refund_exceeds_remaining']);
    const voided = await admin.call('POST', `/api/admin/orders/${orderId}/void`, { reason: 'captured already' });
    assert.deepEqual([voided.statusCode, voided.json().error.code], [409, 'not_voidable']);
  });
});

describe('console API: void', () => {
  test('an authorised, uncaptured payment is voided once, however often admins click; the order becomes voided; a captured one is refused', async (t) => {
    const s = await consoleStack(t);
    // An order paid by an authorisation only (as a presale card is, before its capture).
    const orderId = newOrderId();
    await s.app.orders.create({ id: orderId, channel: 'flow', amount: 5000, currency: 'HKD', subtotal: 5000, discount: 0, shipping: 0, tax: 0, country: 'HK', lines: [], customer: { email: 'v@example.com', name: 'V' }, addresses: {} });
    const auth = await s.emulator.app.inject({
      method: 'POST', url: '/payments', headers: { authorization: `Bearer ${EMULATOR_KEYS.secretKey}`, 'content-type': 'application/json' },
      payload: { source: { type: 'card', number: '4242424242424242', expiry_month: 12, expiry_year: 2030, cvv: '100' }, amount: 5000, currency: 'HKD', reference: orderId, capture: false, processing_channel_id: EMULATOR_KEYS.processingChannelId },
    });
    assert.equal(auth.statusCode, 201, auth.body);
    const paymentId = auth.json().id as string;
    await eventually(async () => (await s.app.orders.get(orderId))?.status === 'paid', 'the approval applied');
    await settle(s);
    const admin = await person(s.app, 'merchant');
    assert.equal((await admin.call('GET', `/api/admin/orders/${orderId}`)).json().voidable, true);

    const [a, b] = await Promise.all([
      admin.call('POST', `/api/admin/orders/${orderId}/void`, { reason: 'customer cancelled' }),
      admin.call('POST', `/api/admin/orders/${orderId}/void`, { reason: 'customer cancelled' }),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 202], a.body + b.body);
    assert.equal(a.json().action.id, b.json().action.id);
    await orderIn(s, orderId, 'voided');
    await settle(s);
    const upstream = (await s.emulator.app.inject({ method: 'GET', url: `/payments/${paymentId}/actions`, headers: { authorization: `Bearer ${EMULATOR_KEYS.secretKey}` } })).json() as Json[];
    assert.equal(upstream.filter((x) => x.type === 'Void').length, 1, 'one void at Checkout.com');
    const requested = (await s.app.orders.events(orderId)).find((e) => e.type === 'void_requested');
    assert.deepEqual([requested?.actor, requested?.detail.note], ['staff merchant', 'customer cancelled']);

    // A captured payment (the Flow default) cannot be voided.
    const captured = await paidOrder(s);
    const refused = await admin.call('POST', `/api/admin/orders/${captured.orderId}/void`, { reason: 'too late now' });
    assert.deepEqual([refused.statusCode, refused.json().error.code], [409, 'not_voidable']);
  });
});

describe('console API: sending a receipt again', () => {
  test('a clerk sends the confirmation again: queued once per request, audited in the order and the audit log; a second while the first waits, an unpaid order, a bad key refused', async (t) => {
    // No SMTP server here: the copy waits in the outbox, as it would while the mail server is down.
    const s = await consoleStack(t);
    const { orderId } = await paidOrder(s);
    const clerk = await person(s.app, 'clerk');
    const me = (await clerk.call('GET', '/api/admin/me')).json();
    assert.ok(me.rights.includes('orders.resend_receipt'), 'staff who answer shoppers may send a receipt again');
    assert.equal((await clerk.call('GET', `/api/admin/orders/${orderId}`)).json().receiptResendable, true);

    const first = await clerk.call('POST', `/api/admin/orders/${orderId}/receipt-resends`, undefined, { 'idempotency-key': 'resend-click-0001' });
    assert.equal(first.statusCode, 202, first.body);
    assert.deepEqual([first.json().resend.to, first.json().resend.status, first.json().replayed], ['ana.silva@example.com', 'pending', false]);
    // The same click again (a lost answer, a retry) is the same message, not another.
    const again = await clerk.call('POST', `/api/admin/orders/${orderId}/receipt-resends`, undefined, { 'idempotency-key': 'resend-click-0001' });
    assert.deepEqual([again.statusCode, again.json().resend.id, again.json().replayed], [200, first.json().resend.id, true]);
    // Another click while that copy has not gone: refused, nothing more queued.
    const second = await clerk.call('POST', `/api/admin/orders/${orderId}/receipt-resends`, undefined, { 'idempotency-key': 'resend-click-0002' });
    assert.deepEqual([second.statusCode, second.json().error.code], [409, 'receipt_resend_pending']);
    assert.equal((await clerk.call('GET', `/api/admin/orders/${orderId}`)).json().receiptResendable, false);
    const queued = (await s.app.db.query<{ type: string; payload: Json }>(`SELECT type, payload FROM outbox_events WHERE order_id = $1 AND type = 'receipt_resent'`, [orderId])).rows;
    assert.deepEqual(queued.map((e) => [e.payload.order.email, e.payload.resentBy]), [['ana.silva@example.com', 'clerk']]);

    const detail = (await clerk.call('GET', `/api/admin/orders/${orderId}`)).json();
    const entry = detail.timeline.find((e: Json) => e.type === 'receipt_resent');
    assert.deepEqual([entry?.source, entry?.actor, entry?.detail.eventId], ['staff', 'staff clerk', first.json().resend.id]);
    const audited = (await s.app.db.query<{ actor: string; detail: Json }>(`SELECT actor, detail FROM security_events WHERE type = 'staff_receipt_resent'`)).rows;
    assert.deepEqual(audited.map((a) => [a.actor, a.detail.orderId]), [['clerk', orderId]], 'one audit entry: the replay is not a second action');

    // An order not paid has no receipt; a key that is not one is refused before anything runs.
    const unpaid = await s.request('POST', '/create-payment-sessions', order({ customer: { email: 'no.pay@example.com', name: 'No Pay' } }));
    const refused = await clerk.call('POST', `/api/admin/orders/${unpaid.body.order.id}/receipt-resends`, undefined, { 'idempotency-key': 'resend-click-0003' });
    assert.deepEqual([refused.statusCode, refused.json().error.code], [409, 'order_not_paid']);
    const noKey = await clerk.call('POST', `/api/admin/orders/${orderId}/receipt-resends`, undefined, {});
    assert.equal(noKey.statusCode, 400);
  });

  test('the copy reaches the shopper: the confirmation again, in the order’s language, with its PDF receipt attached', async (t) => {
    const box = await startDevMailbox();
    t.after(() => box.close());
    const s = await stack(t, { env: { USERS_FILE: await users(), SMTP_URL: box.smtpUrl }, build: { upstreamActions: { sweepEvery: 0, retryBaseMs: 0 }, admin: { reconciliationEvery: 0 } } });
    const created = await s.request('POST', '/create-payment-sessions', order({ customer: { email: 'kaito@example.com', name: 'Kaito' }, locale: 'ja-JP' }));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await payOnEmulator(s.emulator.url, created.body.paymentSession.id);
    const orderId = (await orderIn(s, created.body.order.id, 'paid')).id;
    const messages = () => box.mailbox.list().filter((m) => m.to.includes('kaito@example.com') && m.text.includes(orderId));
    const [original] = await eventually(async () => (messages().length === 1 ? messages() : undefined), 'the first confirmation');

    const clerk = await person(s.app, 'clerk');
    const resent = await clerk.call('POST', `/api/admin/orders/${orderId}/receipt-resends`, undefined, { 'idempotency-key': 'resend-mail-0001' });
    assert.equal(resent.statusCode, 202, resent.body);
    const copy = await eventually(async () => messages().find((m) => m.id !== original!.id), 'the copy');
    assert.equal(copy.subject, original!.subject);
    assert.equal(copy.language, 'ja');
    assert.notEqual(copy.messageId, original!.messageId, 'its own message, not a duplicate a mail client would drop');
    assert.deepEqual(copy.attachments.map((a) => [a.filename, a.contentType]), [[`receipt-${orderId}.pdf`, 'application/pdf']]);
    await eventually(async () => (await clerk.call('GET', `/api/admin/orders/${orderId}`)).json().receiptResendable === true, 'sent: another copy may go');
    const replay = await clerk.call('POST', `/api/admin/orders/${orderId}/receipt-resends`, undefined, { 'idempotency-key': 'resend-mail-0001' });
    assert.deepEqual([replay.statusCode, replay.json().resend.status], [200, 'sent']);
    assert.equal(messages().length, 2, 'the replay sent nothing more');
  });
});

for (const { name, url, skip } of DATABASES) {
  describe(`console API: two staff refunding at once (${name})`, { skip }, () => {
    test('two admins click refund on the same view at the same moment: exactly one refund, the other told to reload', async (t) => {
      const s = await consoleStack(t, url);
      const { orderId, paymentId } = await paidOrder(s);
      const [mei, olu] = await Promise.all([person(s.app, 'merchant'), person(s.app, 'ops')]);
      const seen = (await mei.call('GET', `/api/admin/orders/${orderId}`)).json().committedRefunds as number;
      const body = { amount: 2000, reason: 'late delivery', expectedRefunded: seen };
      const answers = await Promise.all([
        mei.call('POST', `/api/admin/orders/${orderId}/refunds`, body, { 'idempotency-key': 'mei-click-0001' }),
        olu.call('POST', `/api/admin/orders/${orderId}/refunds`, body, { 'idempotency-key': 'olu-click-0001' }),
      ]);
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [202, 409], answers.map((a) => a.body).join('\n'));
      assert.equal(answers.find((a) => a.statusCode === 409)!.json().error.code, 'refund_conflict');
      await orderIn(s, orderId, 'partially_refunded');
      await settle(s);
      assert.deepEqual((await upstreamRefunds(s, paymentId)).map((r) => r.amount), [2000]);
      assert.equal((await s.app.orders.get(orderId))?.refunded_amount, 2000);
      assert.equal((await s.app.upstreamActions.forOrder(orderId, 'refund')).length, 1);
    });
  });
}
