/**
 * The order → payment service: prices an order, enforces presale eligibility, records the
 * pending order, creates the Checkout.com payment session (Flow) or hosted payment (HPP),
 * and applies verified outcomes (GET /payments/{id} and webhooks) to stored orders.
 * Routes stay thin and call these.
 *
 * Presale orders (a card rule) are authorised without capture (`capture: false`). The BIN the
 * browser declares only opens the session; the order is decided on the card that actually paid,
 * as Checkout.com's GET /payments/{id} reports it, in one idempotent step (`verifyPayment`) that
 * the status check and the webhooks both go through. Eligible: the order is paid (seats sold)
 * and a capture is queued in the same transaction; not eligible: the order is voided (seats
 * released) and a void is queued. The queue (server/upstream-actions/plugin.ts) makes the call
 * after the commit, with the same idempotency key on every attempt, so a crash between the
 * verdict and the capture loses nothing and captures once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkoutLocale } from '../../contract/checkout-locale';
import { localizedText } from '../../contract/locales';
import { toHttpError, UpstreamFailure, type PaymentDetails, type UpstreamOp } from '../checkout/client';
import type { Config } from '../config';
import { cardFacts, checkEligibility } from '../cards/eligibility';
import { HttpError } from '../errors';
import { priceOrder, toPricedOrder, type ParsedOrder, type PriceContext, type Quote } from './pricing';
import type { GiftCardApplied, PaymentStatusResponse, PricedOrder } from '../../contract/api';
import { requestHash } from '../storage/idempotency';
import { accountIdOf } from '../accounts/store';
import { accessHash, awaitsPayment, orderStatusFor, type CardRule, type EventSource, type NewOrder, type OrderRecord } from './store';
import { giftCardRefunds } from '../gift-cards/refunds';
import { orderTotal, type Redemption } from '../gift-cards/store';
import { annotate } from '../trace-context';

// The locale rules live in contract/, so the pay button gives Flow the locale the session gets.
export { CHECKOUT_LOCALES, checkoutLocale } from '../../contract/checkout-locale';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** `ORD` + 20 Crockford base32 characters: alphanumeric, as iDEAL and Benefit require of a reference. */
export function newOrderId(): string {
  const bytes = randomBytes(20);
  let id = 'ORD';
  for (const b of bytes) id += CROCKFORD[b % 32];
  return id;
}

const address = (a: ParsedOrder['billingAddress']) =>
  a && { address_line1: a.line1, ...(a.line2 ? { address_line2: a.line2 } : {}), city: a.city, ...(a.state ? { state: a.state } : {}), ...(a.zip ? { zip: a.zip } : {}), country: a.country };

function customerOf(order: ParsedOrder) {
  const phone = order.customer.phone?.replace(/[^\d+]/g, '');
  return { email: order.customer.email, name: order.customer.name, ...(phone ? { phone: { number: phone.replace(/^\+/, '') } } : {}) };
}

export interface Deps {
  app: FastifyInstance;
  config: Config;
  now?: () => number;
  /** The request's logged-in buyer, for holds and quotes that belong to a user (see pricing). */
  buyer?: PriceContext['buyer'];
  /** The client address of the request (payment velocity, and the risk data sent to Checkout.com). */
  ip?: string;
  /** The shopper account of the request's session, which a new order belongs to (server/accounts/). */
  account?: () => Promise<string | undefined>;
}

/** The deps of one request: its logged-in buyer is read from the session only when pricing asks. */
export function requestDeps(deps: Deps, request: FastifyRequest): Deps {
  return {
    ...deps,
    buyer: async () => (await deps.app.auth.session(request))?.user.username ?? null,
    // From the session only: the body cannot name an owner (the order schema is strict).
    account: async () => accountIdOf((await deps.app.auth.session(request))?.username),
    ip: request.ip,
  };
}

async function upstream<T>(op: UpstreamOp, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof UpstreamFailure) throw toHttpError(error, op);
    throw error;
  }
}

export async function quote(deps: Deps, order: ParsedOrder): Promise<Quote> {
  const { app } = deps;
  return priceOrder(order, { catalog: app.catalog, fx: await app.fx.current(), now: deps.now ? deps.now() : app.clock.now(), extensions: app.pricingExtensions, buyer: deps.buyer });
}

/**
 * Physical goods always ship somewhere: no payment opens for them without a shipping address
 * (a quote may: the cart shows a price before the address is known). The address prices the
 * shipping and tax and goes to Checkout.com as `shipping`.
 */
function requireShippingAddress(order: ParsedOrder, q: Quote): void {
  if (order.shippingAddress || !q.lines.some((l) => l.shippable)) return;
  throw new HttpError(400, 'shipping_address_required', 'This order has goods to deliver: add a shipping address before paying.', [{ path: 'shippingAddress', message: 'is required for physical goods' }]);
}

/** Presale orders need a BIN whose card passes the event's rules (server-side, not just in the kit). */
async function enforcePresale(deps: Deps, order: ParsedOrder, q: Quote): Promise<void> {
  if (!q.presale) return;
  if (!order.bin) {
    throw new HttpError(400, 'presale_card_required', `${q.presale.eventName} is in presale: enter your card's first digits to check eligibility.`, [{ path: 'bin', message: 'is required for presale tickets' }]);
  }
  const meta = await upstream('card_metadata', () => deps.app.checkout.cardMetadata(order.bin!));
  const result = checkEligibility(q.presale.rules, cardFacts(meta));
  if (!result.eligible) {
    throw new HttpError(403, 'presale_not_eligible', `This card is not eligible for the ${q.presale.eventName} presale: ${result.reasons.join('; ')}.`, [{ path: 'bin', message: result.reasons.join('; ') }]);
  }
}

/**
 * The pending order and its `order_created` audit entry, committed together before any upstream
 * call, with a fresh payment-detail token for the browser that asked (only its hash is stored).
 *
 * With an Idempotency-Key, the order remembers it: when a first attempt failed after Checkout.com
 * created the session (the binding step), the retry with the same key takes over that same order
 * — Checkout.com replays the first session, whose reference is this order — instead of making a
 * second order the money would never reach. A retry whose request or price differs is refused.
 */
async function recordOrder(
  deps: Deps,
  order: ParsedOrder,
  q: Quote,
  channel: 'flow' | 'hpp',
  actor: string,
  idempotency: { scope: string; key: string } | undefined,
  giftCard?: Redemption,
  newId: string = newOrderId(),
): Promise<{ id: string; orderToken: string; amount: number; giftCard?: GiftCardApplied }> {
  const orderToken = randomBytes(32).toString('base64url');
  const source = channel === 'flow' ? 'session' : 'hpp';
  const key = idempotency && upstreamKey(`order:${idempotency.scope}`, idempotency.key);
  const hash = idempotency && requestHash(order);
  const earlier = key ? await deps.app.orders.findByIdempotencyKey(key) : undefined;
  if (earlier) {
    if (earlier.request_hash !== hash || earlier.channel !== channel) {
      throw new HttpError(409, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different request. Use a new key for a changed order.', [
        { path: 'headers.idempotency-key', message: 'was used with a different body' },
      ]);
    }
    // Its total before any gift card: what the gift card pays of it was held when it was created.
    if (orderTotal(earlier) !== q.amount || earlier.currency !== q.currency || !awaitsPayment(earlier.status)) {
      throw new HttpError(409, 'order_changed', 'This order changed since it was first sent (its price or its status). Start the payment again.');
    }
    await deps.app.orders.retake(earlier.id, accessHash(orderToken), { source, type: 'order_retried', actor, detail: { reason: 'retry with the same Idempotency-Key' } });
    const applied = await deps.app.giftCards.appliedTo(earlier.id);
    return { id: earlier.id, orderToken, amount: Number(earlier.amount), ...(applied ? { giftCard: applied } : {}) };
  }
  const id = newId;
  const accountId = await deps.account?.();
  const record: NewOrder = {
    id,
    channel,
    ...(accountId ? { accountId } : {}),
    amount: q.amount,
    currency: q.currency,
    subtotal: q.subtotal,
    discount: q.discount,
    shipping: q.shipping,
    tax: q.tax,
    coupon: q.coupon,
    country: order.country,
    lines: q.lines,
    customer: order.customer,
    addresses: { shipping: order.shippingAddress, billing: order.billingAddress },
    fx: q.fx,
    seatHoldId: order.seatHoldId,
    ...(q.seatHold ? { seats: { eventId: q.seatHold.eventId, seats: q.seatHold.seats } } : {}),
    insuranceQuoteId: order.insuranceQuoteId,
    ...(q.presale ? { cardRule: { eventId: q.presale.eventId, eventName: q.presale.eventName, rules: q.presale.rules } } : {}),
    accessHash: accessHash(orderToken),
    ...(order.locale ? { locale: order.locale } : {}),
    idempotencyKey: key,
    requestHash: hash,
    ...(giftCard ? { giftCard } : {}),
  };
  // The gift-card feature's onCreate holds what the card pays and lowers record.amount to the rest.
  await deps.app.orders.createAudited(record, () => ({
    source,
    type: 'order_created',
    actor,
    detail: { amount: record.amount, currency: q.currency, fx: q.fx ?? null, ...(giftCard?.applied ? { giftCard: { last4: giftCard.last4, amount: giftCard.applied } } : {}) },
  }));
  deps.app.metrics.orders.inc({ channel });
  return { id, orderToken, amount: record.amount, ...(giftCard?.applied ? { giftCard: { last4: giftCard.last4, amount: giftCard.applied } } : {}) };
}

function urls(config: Config, id: string) {
  const base = config.resultPagesUrl;
  return {
    success: `${base}/success.html?order=${id}`,
    failure: `${base}/failure.html?order=${id}`,
    // The shop's cancel page (demo-pages/cancel.html): a cancel is not a failure, and the cart is kept.
    cancel: `${base}/cancel.html?order=${id}`,
  };
}

/** What the velocity check decided for this attempt, and the client address for Checkout.com's risk assessment. */
export interface RiskSignals {
  /** Ask the issuer for a 3DS challenge (the shopper is past the soft velocity threshold). */
  challenge: boolean;
  ip?: string | undefined;
}

/**
 * `risk` as the current API takes it: the client address in `risk.device.network` (`payment_ip`
 * and the sessions' `ip_address` are deprecated since 2025-03-11: docs/checkout-api-facts-2.md §4).
 */
function riskOf(signals: RiskSignals): Record<string, unknown> {
  const family = signals.ip ? isIP(signals.ip) : 0;
  const network = family === 4 ? { ipv4: signals.ip } : family === 6 ? { ipv6: signals.ip } : undefined;
  return { enabled: true, ...(network ? { device: { network } } : {}) };
}

/** What a Flow payment session and a hosted payment both carry: the priced order, its buyer, where to return, and the presale capture rule. */
function paymentRequest(config: Config, order: ParsedOrder, q: Quote, id: string, signals: RiskSignals): Record<string, unknown> {
  const u = urls(config, id);
  return {
    amount: q.amount,
    currency: q.currency,
    reference: id,
    description: `Order ${id}`,
    billing: { address: address(order.billingAddress ?? order.shippingAddress) ?? { country: order.country } },
    customer: customerOf(order),
    ...(order.shippingAddress ? { shipping: { address: address(order.shippingAddress) } } : {}),
    success_url: u.success,
    failure_url: u.failure,
    ...(config.checkout.processingChannelId ? { processing_channel_id: config.checkout.processingChannelId } : {}),
    '3ds': { enabled: true, ...(signals.challenge ? { challenge_indicator: 'challenge_requested' } : {}) },
    risk: riskOf(signals),
    locale: checkoutLocale(order.locale),
    metadata: { order_id: id },
    ...authorisationOnly(q),
  };
}

/** Presale: authorise only; the capture waits for the verdict on the card that paid. Others capture as before (Checkout.com's default). */
const authorisationOnly = (q: Quote) => (q.presale ? { capture: false } : {});

/** Runs the upstream call of a recorded order; a failure is audited on the order (the order stays pending until it expires). */
async function auditedFailure<T>(deps: Deps, entry: { orderId: string; source: 'session' | 'hpp'; type: string; actor: string }, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    await deps.app.orders.audit({ ...entry, detail: { code: (error as HttpError).code ?? 'error' } });
    throw error;
  }
}

/** Upstream idempotency key derived from ours: stable per key, opaque, scoped to the route. */
export const upstreamKey = (scope: string, key: string) => `ck-${createHash('sha256').update(`${scope}\n${key}`).digest('hex').slice(0, 40)}`;

/** What differs between the two ways to pay: the Checkout.com call, its names in the audit log and the answer's field. */
interface PaymentChannel<T extends { id: string }> {
  channel: 'flow' | 'hpp';
  source: 'session' | 'hpp';
  /** The route's idempotency scope (`app.idempotency`). */
  route: string;
  /** The order's and the upstream key's idempotency scope. */
  scope: string;
  op: UpstreamOp;
  /** Audit entry types: the call failed, the call created the payment page. */
  failed: string;
  created: string;
  /** The Checkout.com call for a recorded order. */
  call(deps: Deps, order: ParsedOrder, q: Quote, id: string, idempotencyKey: string | undefined, signals: RiskSignals): Promise<T>;
  detail(created: T): Record<string, unknown>;
  answer(created: T): Record<string, unknown>;
}

const FLOW: PaymentChannel<Awaited<ReturnType<FastifyInstance['checkout']['createPaymentSession']>>> = {
  channel: 'flow',
  source: 'session',
  route: 'create-payment-sessions',
  scope: 'payment-sessions',
  op: 'payment_session',
  failed: 'session_failed',
  created: 'session_created',
  call: (deps, order, q, id, key, signals) =>
    deps.app.checkout.createPaymentSession(
      {
        ...paymentRequest(deps.config, order, q, id, signals),
        payment_type: 'Regular',
        items: q.lines.map((l) => ({ reference: l.reference, name: l.name.slice(0, 255), quantity: l.quantity, unit_price: l.unitAmount, total_amount: l.amount })),
      },
      key ? upstreamKey('payment-sessions', key) : undefined,
    ),
  detail: (session) => ({ sessionId: session.id }),
  answer: (session) => ({ paymentSession: session }),
};

const HPP: PaymentChannel<Awaited<ReturnType<FastifyInstance['checkout']['createHostedPayment']>>> = {
  channel: 'hpp',
  source: 'hpp',
  route: 'create-hosted-payment',
  scope: 'hosted-payment',
  op: 'hosted_payment',
  failed: 'hosted_payment_failed',
  created: 'hosted_payment_created',
  call: (deps, order, q, id, _key, signals) =>
    deps.app.checkout.createHostedPayment({
      ...paymentRequest(deps.config, order, q, id, signals),
      products: q.lines.map((l) => ({ name: l.name.slice(0, 255), quantity: l.quantity, price: l.unitAmount, reference: l.reference })),
      cancel_url: urls(deps.config, id).cancel,
    }),
  detail: (hpp) => ({ hostedPaymentId: hpp.id }),
  answer: (hpp) => ({ hostedPayment: { id: hpp.id, redirectUrl: hpp._links.redirect.href } }),
};

/**
 * The one creation path: price on the server, enforce presale eligibility, record the pending
 * order (before any upstream call), make the channel's Checkout.com call, bind what it created to
 * the order. With an Idempotency-Key the whole answer is stored and replayed.
 */
async function createPayment<T extends { id: string }>(channel: PaymentChannel<T>, deps: Deps, order: ParsedOrder, idempotencyKey: string | undefined, actor: string) {
  const work = async () => {
    const priced = await quote(deps, order);
    requireShippingAddress(order, priced);
    // Past the velocity limit nothing goes to Checkout.com, not even the presale BIN lookup. The
    // attempt names the order's id up front (no second statement to bind them); a retry that takes
    // over an earlier order (same Idempotency-Key) is bound to that one below.
    const newId = newOrderId();
    const attempt = await deps.app.velocity?.begin({ email: order.customer.email, ip: deps.ip, orderId: newId });
    await enforcePresale(deps, order, priced);
    // A gift card is found by its code (through the guessing budget) before the order's transaction, which holds its balance.
    const redeem = order.giftCardCode ? await deps.app.giftCards.forOrder(order.giftCardCode, deps.ip ?? actor, { ...priced, presale: !!priced.presale }) : undefined;
    const { id, orderToken, amount, giftCard } = await recordOrder(deps, order, priced, channel.channel, actor, idempotencyKey ? { scope: channel.scope, key: idempotencyKey } : undefined, redeem, newId);
    if (attempt && id !== newId) await deps.app.velocity!.bind(attempt.attemptId, id);
    annotate({ 'ck.order_id': id, 'ck.channel': channel.channel });
    const q = giftCard ? afterGiftCard(priced, id, amount) : priced;
    // The shopper sees every line and what the gift card paid; Checkout.com is asked for the rest.
    const answered = toPricedOrder(id, { ...priced, amount, ...(giftCard ? { giftCard } : {}) });
    if (giftCard && amount === 0) return { statusCode: 201, body: { order: answered, orderToken, paidByGiftCard: await payWithGiftCard(deps, channel.source, id, q.currency, giftCard, actor) } };
    const signals: RiskSignals = { challenge: attempt?.challenge ?? false, ip: deps.ip };
    const created = await auditedFailure(deps, { orderId: id, source: channel.source, type: channel.failed, actor }, () =>
      upstream(channel.op, () => channel.call(deps, order, q, id, idempotencyKey, signals)),
    );
    await deps.app.orders.attachSessionAudited(id, created.id, { source: channel.source, type: channel.created, actor, detail: { ...channel.detail(created), ...(signals.challenge ? { threeDsChallenge: 'challenge_requested' } : {}) } });
    return { statusCode: 201, body: { order: answered, orderToken, ...channel.answer(created), ...(signals.challenge ? { threeDsChallenge: true } : {}) } };
  };
  if (!idempotencyKey) return work();
  return deps.app.idempotency.run(channel.route, idempotencyKey, order, work);
}

/**
 * What Checkout.com is asked for once a gift card paid part of the order: the rest, as one line
 * (line totals must add up to the amount, and a line cannot be negative).
 */
function afterGiftCard(q: Quote, id: string, amount: number): Quote {
  return { ...q, amount, lines: [{ kind: 'product', reference: id, name: `Order ${id} (rest after gift card)`, quantity: 1, unitAmount: amount, amount, discountable: false, taxable: false, shippable: false }] };
}

/** The payment id of an order a gift card paid in full: derived from the order, so a retry names the same payment. */
export const giftCardPaymentId = (orderId: string) => `gcp_${orderId.slice(3).toLowerCase()}`;

/**
 * A gift card covered the whole order: it is paid here and now (no Checkout.com call), in the
 * order store's one paid transaction, so the hold is taken and what the order bought is handed
 * over exactly as for a card payment. The shopper goes straight to the success page.
 */
async function payWithGiftCard(deps: Deps, source: 'session' | 'hpp', orderId: string, currency: string, giftCard: GiftCardApplied, actor: string) {
  const paymentId = giftCardPaymentId(orderId);
  const result = await deps.app.orders.applyPayment({
    orderId, paymentId, paymentStatus: 'Captured', amount: 0, currency, to: 'paid', source, actor, eventType: 'paid_by_gift_card', detail: { giftCard },
  });
  if (result.status !== 'paid') throw new HttpError(409, 'order_changed', 'This order could not be paid with the gift card. Start the payment again.');
  return { paymentId, redirectUrl: `${urls(deps.config, orderId).success}&cko-payment-id=${paymentId}` };
}

/** POST /create-payment-sessions: a Flow payment session for the priced order. */
export const createFlowSession = (deps: Deps, order: ParsedOrder, idempotencyKey: string | undefined, actor: string) => createPayment(FLOW, deps, order, idempotencyKey, actor);

/** POST /create-hosted-payment: a Hosted Payments Page for the priced order. */
export const createHostedPayment = (deps: Deps, order: ParsedOrder, idempotencyKey: string | undefined, actor: string) => createPayment(HPP, deps, order, idempotencyKey, actor);

export function outcomeOf(status: string): PaymentStatusResponse['outcome'] {
  const to = orderStatusFor(status);
  if (to === 'paid' || to === 'partially_refunded' || to === 'refunded') return 'succeeded';
  if (to === 'declined' || to === 'canceled' || to === 'expired' || to === 'voided') return 'failed';
  return 'pending';
}

/**
 * The shopper's outcome: Checkout.com's status, except that an approved payment of a presale
 * order succeeded only once its card passed the rule (the order is paid), and failed if it did
 * not (the order is voided); until then it is pending.
 */
function outcomeFor(p: PaymentDetails, order: OrderRecord | undefined): PaymentStatusResponse['outcome'] {
  const upstream = outcomeOf(p.status);
  if (!order || upstream !== 'succeeded') return upstream;
  if (order.status === 'voided') return 'failed';
  if (!order.card_rule) return upstream;
  return order.status === 'paid' || order.status === 'partially_refunded' || order.status === 'refunded' ? 'succeeded' : 'pending';
}

/** Webhook types reporting an authorisation: for a presale order they go through `verifyPayment` (the card is checked). */
export const PRESALE_VERIFY_EVENTS: ReadonlySet<string> = new Set(['payment_approved', 'payment_authorized', 'payment_captured', 'card_verified']);

/** Checkout.com's answer applied to its order: a plain status move, or for a presale order's authorisation the verdict on its card. */
async function applyVerified(deps: Deps, order: OrderRecord, p: PaymentDetails, source: EventSource, actor: string): Promise<void> {
  const to = orderStatusFor(p.status);
  const applied = {
    orderId: order.id,
    paymentId: p.id,
    paymentStatus: p.status,
    amount: p.amount,
    currency: p.currency,
    responseCode: p.response_code,
    source,
    actor,
    card: p.source && { bin: p.source.bin, last4: p.source.last4 },
  };
  const eventType = `verified_${p.status.toLowerCase().replace(/\s+/g, '_')}`;
  if (!order.card_rule || to !== 'paid') {
    await deps.app.orders.applyPayment({ ...applied, to, eventType });
    return;
  }
  const rule: CardRule = order.card_rule;
  await deps.app.db.transaction(async (tx) => {
    // Locked first: two verifications at once (status check and webhook) decide once.
    const current = await deps.app.orders.lock(order.id, tx);
    if (!current) return;
    if (current.status !== 'pending' && current.status !== 'declined' && current.status !== 'expired') {
      // Decided already: a later status only confirms or ends it (it never pays a voided order).
      await deps.app.orders.applyPayment({ ...applied, to, eventType }, tx);
      return;
    }
    const card = cardFacts(p.source ?? {});
    const verdict = checkEligibility(rule.rules, card);
    const result = await deps.app.orders.applyPayment({
      ...applied,
      to: verdict.eligible ? 'paid' : 'voided',
      cardChecked: true,
      eventType: verdict.eligible ? 'presale_card_verified' : 'presale_card_ineligible',
      detail: {
        eventId: rule.eventId,
        card: Object.fromEntries(Object.entries(card).filter(([, v]) => v !== undefined)),
        ...(verdict.eligible ? {} : { reasons: verdict.reasons }),
      },
    }, tx);
    if (!result.applied || result.status === current.status) return;
    // An eligible card whose order was refused on the way (a late payment: what it held went to
    // another order, see late-payments.ts) is voided there, its money already owed back: no capture.
    if (verdict.eligible && result.status !== 'paid') return;
    // Money only authorised is captured or released; money already captured (not our doing) is refunded.
    const authorisedOnly = p.status.toLowerCase() === 'authorized';
    const kind = verdict.eligible ? (authorisedOnly ? 'capture' : undefined) : authorisedOnly ? 'void' : 'refund';
    if (!kind) return;
    await deps.app.upstreamActions.request(tx, {
      id: upstreamKey(`${kind}s`, p.id),
      kind,
      orderId: order.id,
      paymentId: p.id,
      amount: p.amount,
      currency: p.currency,
      reason: verdict.eligible ? 'presale_card_verified' : 'presale_card_ineligible',
      detail: { eventId: rule.eventId },
      source,
      actor,
    });
  });
}

/** Why a voided order was voided, for the result page: its presale rule turned the card down. */
async function voidedFor(deps: Deps, order: OrderRecord | undefined): Promise<PaymentStatusResponse['voided']> {
  if (order?.status !== 'voided' || !order.card_rule || !(await deps.app.orders.hasEvent(order.id, 'presale_card_ineligible'))) return undefined;
  const event = deps.app.catalog.events.get(order.card_rule.eventId);
  return {
    reason: 'presale_card_ineligible',
    eventId: order.card_rule.eventId,
    eventName: event ? localizedText(event, 'name', order.locale ?? undefined) : order.card_rule.eventName,
    ...(event ? { generalSaleAt: event.onSaleAt } : {}),
  };
}

/**
 * The one verify step: GET /payments/{id} from Checkout.com, applied to the stored order
 * (idempotent: the same answer twice changes nothing). GET /api/payments/:id calls it with
 * source `verify`; the webhooks call it for a presale order's authorisation with source `webhook`.
 */
export async function verifyPayment(deps: Deps, id: string, actor: string, source: EventSource = 'verify'): Promise<PaymentStatusResponse> {
  if (id.startsWith('gcp_')) return giftCardPayment(deps, id);
  const p = await upstream('get_payment', () => deps.app.checkout.getPayment(id));
  const found = await deps.app.orders.findForPayment(p);
  if (found) annotate({ 'ck.order_id': found.id });
  if (found) await applyVerified(deps, found, p, source, actor);
  // Read after the payment was applied: the verdict moved it, and a payment that just made the
  // order paid may have made a refund owed.
  const order = found && (await deps.app.orders.get(found.id));
  const refunds = order ? await seatRefunds(deps, order.id) : [];
  const voided = await voidedFor(deps, order);
  const applied = order ? await deps.app.giftCards.appliedTo(order.id) : undefined;
  return {
    id: p.id,
    status: p.status,
    approved: p.approved ?? outcomeOf(p.status) === 'succeeded',
    outcome: outcomeFor(p, order),
    ...(voided ? { voided } : {}),
    amount: p.amount,
    currency: p.currency,
    ...(p.reference ? { reference: p.reference } : {}),
    ...(order ? { orderId: order.id } : {}),
    ...(applied ? { giftCard: applied } : {}),
    ...(p.response_summary ? { responseSummary: p.response_summary } : {}),
    ...(p.source && (p.source.scheme || p.source.last4) ? { card: { ...(p.source.scheme ? { scheme: p.source.scheme } : {}), ...(p.source.last4 ? { last4: p.source.last4 } : {}) } } : {}),
    ...(refunds.length ? { refunds } : {}),
  };
}

/**
 * The refunds of seats an order could not keep, each whole: the payment card's part (asked of
 * Checkout.com) and the part credited back to a gift card (server/gift-cards/refunds.ts, same id).
 */
async function seatRefunds(deps: Deps, orderId: string): Promise<NonNullable<PaymentStatusResponse['refunds']>> {
  const asked = (await deps.app.upstreamActions.forOrder(orderId, 'refund')).filter((r) => r.reason === 'seats_lost');
  const credited = (await giftCardRefunds(orderId, deps.app.db)).filter((r) => r.reason === 'seats_lost');
  const seats = (detail: Record<string, unknown>) => (Array.isArray(detail.seats) ? detail.seats.length : 0);
  return [
    ...asked.map((r) => {
      const gift = credited.find((c) => c.id === r.id)?.amount ?? 0;
      return { reason: 'seats_lost' as const, seats: seats(r.detail), amount: Number(r.amount) + gift, currency: r.currency, ...(gift ? { giftCard: gift } : {}), status: r.status };
    }),
    // Credited to the gift card alone (nothing to ask Checkout.com): done at once.
    ...credited.filter((c) => !asked.some((r) => r.id === c.id)).map((c) => ({ reason: 'seats_lost' as const, seats: seats(c.detail), amount: c.amount, currency: c.currency, giftCard: c.amount, status: 'accepted' as const })),
  ];
}

/** A payment a gift card made (gcp_…): nothing to ask Checkout.com, the order's own record answers. */
async function giftCardPayment(deps: Deps, id: string): Promise<PaymentStatusResponse> {
  const order = await deps.app.orders.findByPayment(id);
  const applied = order && (await deps.app.giftCards.appliedTo(order.id));
  if (!order || !applied) throw new HttpError(404, 'payment_not_found', 'No payment with this id.');
  const succeeded = order.status === 'paid' || order.status === 'partially_refunded' || order.status === 'refunded';
  const refunds = await seatRefunds(deps, order.id);
  return { id, status: succeeded ? 'Captured' : 'Voided', approved: succeeded, outcome: succeeded ? 'succeeded' : 'failed', amount: Number(order.amount), currency: order.currency, reference: order.id, orderId: order.id, giftCard: applied, ...(refunds.length ? { refunds } : {}) };
}

export type { PricedOrder };
