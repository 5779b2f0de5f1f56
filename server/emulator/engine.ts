import { createHmac } from 'node:crypto';
import { findTestCard, lookupBin, responseCode, schemeRuleFor, CHALLENGE_PASSWORD, type ThreeDsProfile } from './cards';
import { newId, randomDigits } from './ids';
import {
  LIFETIMES_MS,
  type CardData,
  type EmulatorStore,
  type PaymentAction,
  type PaymentChannel,
  type PaymentRecord,
} from './store';
import type { WebhookDispatcher } from './webhooks';

/**
 * The "acquirer": turns card data into a payment, runs the test cards' 3DS and authorisation
 * outcomes, records actions and raises the webhooks a real payment would raise.
 */

export interface EngineDeps {
  store: EmulatorStore;
  webhooks: WebhookDispatcher;
  now: () => number;
}

export interface PaymentInput {
  card: CardData;
  amount: number;
  currency: string;
  paymentType?: string | undefined;
  reference?: string | undefined;
  description?: string | undefined;
  customer?: Record<string, unknown> | undefined;
  shipping?: Record<string, unknown> | undefined;
  billingDescriptor?: Record<string, unknown> | undefined;
  metadata?: Record<string, unknown> | undefined;
  items?: unknown[] | undefined;
  processingChannelId?: string | undefined;
  capture: boolean;
  /** Whether 3DS authentication runs for this payment, and the request's `3ds` object. */
  threeDs: { run: boolean; requested: Record<string, unknown> };
  channel: PaymentChannel;
  apiBase: string;
}

const FINGERPRINT_KEY = 'checkout-kit-emulator';
const THREE_DS_VERSION = '2.2.0';

/** The card part of a payment, as GET /payments shows it (never the full number). */
export function cardSourceView(card: CardData, sourceId = newId('src')): Record<string, unknown> {
  const meta = lookupBin(card.number);
  const rule = schemeRuleFor(card.number);
  return compact({
    type: 'card',
    id: sourceId,
    billing_address: card.billing_address,
    phone: card.phone,
    expiry_month: card.expiry_month,
    expiry_year: card.expiry_year,
    name: card.name,
    scheme: rule?.display,
    local_schemes: meta?.local_schemes,
    last4: card.number.slice(-4),
    fingerprint: createHmac('sha256', FINGERPRINT_KEY).update(card.number).digest('hex').toUpperCase(),
    bin: card.number.slice(0, 6),
    card_type: meta?.card_type.toUpperCase(),
    card_category: meta?.card_category.toUpperCase(),
    issuer: meta?.issuer,
    issuer_country: meta?.issuer_country,
    product_id: meta?.product_id,
    product_type: meta?.product_type,
    avs_check: card.billing_address ? 'Y' : 'S',
    cvv_check: card.cvv === undefined ? undefined : findTestCard(card.number)?.response === '200N7' ? 'N' : 'Y',
  });
}

export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export class PaymentEngine {
  constructor(private readonly deps: EngineDeps) {}

  private iso(): string {
    return new Date(this.deps.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /**
   * Creates and processes a payment. Returns the record and the body of the synchronous answer
   * (captured state is applied after the answer is built: the API answers "Authorized" and
   * captures afterwards, so the answer must not say "Captured").
   */
  create(input: PaymentInput): { payment: PaymentRecord; response: Record<string, unknown>; httpStatus: 201 | 202 } {
    const payment: PaymentRecord = {
      id: newId('pay'),
      actionId: newId('act'),
      requestedOn: this.iso(),
      amount: input.amount,
      currency: input.currency,
      paymentType: input.paymentType ?? 'Regular',
      ...defined({
        reference: input.reference,
        description: input.description,
        customer: input.customer && { id: newId('cus'), ...input.customer },
        shipping: input.shipping,
        billingDescriptor: input.billingDescriptor,
        metadata: input.metadata,
        items: input.items,
        processingChannelId: input.processingChannelId,
      }),
      capture: input.capture && input.amount > 0,
      status: 'Pending',
      approved: false,
      source: cardSourceView(input.card),
      card: input.card,
      actions: [],
      channel: input.channel,
      apiBase: input.apiBase,
    };
    this.deps.store.payments.set(payment.id, payment);

    if (input.threeDs.run) {
      const profile: ThreeDsProfile = findTestCard(input.card.number)?.threeDs ?? { kind: 'frictionless', result: 'Y' };
      if (profile.kind === 'not_supported') return this.finish(payment, '20150');
      if (profile.kind === 'not_enrolled') {
        payment.threeDs = { profile, enrolled: 'N', challenged: false, version: THREE_DS_VERSION, requested: input.threeDs.requested };
      } else if (profile.kind === 'frictionless') {
        payment.threeDs = {
          profile,
          enrolled: 'Y',
          challenged: false,
          authentication_response: profile.result,
          version: THREE_DS_VERSION,
          requested: input.threeDs.requested,
        };
        if (profile.result !== 'Y') return this.finish(payment, '20151');
      } else {
        payment.threeDs = { profile, enrolled: 'Y', challenged: true, version: THREE_DS_VERSION, requested: input.threeDs.requested };
        return this.pend(payment);
      }
    } else if (findTestCard(input.card.number)?.response === '20154') {
      // The card demands authentication: without 3DS the issuer declines.
      return this.finish(payment, '20154');
    }
    return this.finish(payment, this.authorisationCode(input.card));
  }

  /** The ACS's answer to the challenge form. Returns undefined if the payment was not waiting. */
  completeChallenge(payment: PaymentRecord, password: string): PaymentRecord | undefined {
    const threeDs = payment.threeDs;
    if (payment.status !== 'Pending' || !threeDs || threeDs.profile.kind !== 'challenge' || !payment.card) return undefined;
    const result = password === CHALLENGE_PASSWORD ? threeDs.profile.result : 'N';
    threeDs.authentication_response = result;
    if (result === 'Y' || result === 'A') this.finish(payment, this.authorisationCode(payment.card));
    else this.finish(payment, '20151');
    return payment;
  }

  private authorisationCode(card: CardData): string {
    const code = findTestCard(card.number)?.response ?? '10000';
    // 20154 cards pass once authenticated.
    return code === '20154' ? '10000' : code;
  }

  private pend(payment: PaymentRecord): { payment: PaymentRecord; response: Record<string, unknown>; httpStatus: 202 } {
    this.attachSessionId(payment);
    this.emit('payment_pending', payment);
    return { payment, response: this.pendingResponse(payment), httpStatus: 202 };
  }

  /** Records the authorisation outcome, then the capture, and raises their webhooks. */
  private finish(payment: PaymentRecord, code: string): { payment: PaymentRecord; response: Record<string, unknown>; httpStatus: 201 } {
    const outcome = responseCode(code);
    const verification = payment.amount === 0;
    payment.processedOn = this.iso();
    payment.approved = outcome.approved;
    payment.responseCode = outcome.code;
    payment.responseSummary = outcome.summary;
    payment.status = outcome.approved ? (verification ? 'Card Verified' : 'Authorized') : 'Declined';
    if (outcome.approved) {
      payment.authCode = randomDigits(6);
      payment.schemeId = randomDigits(15);
    }
    const action: PaymentAction = {
      id: payment.actionId,
      type: verification ? 'Card Verification' : 'Authorization',
      processed_on: payment.processedOn,
      amount: payment.amount,
      approved: outcome.approved,
      response_code: outcome.code,
      response_summary: outcome.summary,
      ...defined({ reference: payment.reference }),
    };
    payment.actions.push(action);
    // The HPP redirects back with cko-session-id whatever happened; 3DS payments got theirs in pend().
    if (payment.channel.kind === 'hpp') this.attachSessionId(payment);
    // Card data is needed no longer: drop it so nothing but the masked view stays in memory.
    delete payment.card;

    const response = this.createdResponse(payment);
    if (verification) {
      this.emit(outcome.approved ? 'card_verified' : 'card_verification_declined', payment);
    } else if (outcome.approved) {
      this.emit('payment_approved', payment);
      if (payment.capture) this.capture(payment);
    } else {
      this.emit('payment_declined', payment);
    }
    return { payment, response, httpStatus: 201 };
  }

  /** The automatic capture of a payment requested with `capture` true (the default). */
  private capture(payment: PaymentRecord): void {
    this.captureAuthorised(payment, { amount: payment.amount, final: true });
  }

  /**
   * Whether money is still authorised and neither captured nor voided: the state in which
   * POST /payments/{id}/captures and /voids are allowed (403 otherwise).
   */
  capturable(payment: PaymentRecord): boolean {
    return (payment.status === 'Authorized' || payment.status === 'Partially Captured') && this.balances(payment).available_to_capture > 0;
  }

  /**
   * Captures `amount` of an authorised payment: a Capture action, `payment_captured`, and the
   * status `Captured` — or `Partially Captured` after a `NonFinal` capture that leaves some
   * authorised. A `Final` capture of less than what is left voids the rest (the documented
   * default). The caller checks `capturable()` and the amount first. Returns the 202 body.
   */
  captureAuthorised(
    payment: PaymentRecord,
    input: { amount: number; final: boolean; reference?: string | undefined; metadata?: Record<string, unknown> | undefined },
  ): Record<string, unknown> {
    const available = this.balances(payment).available_to_capture;
    const action: PaymentAction = {
      id: newId('act'),
      type: 'Capture',
      processed_on: this.iso(),
      amount: input.amount,
      approved: true,
      response_code: '10000',
      response_summary: 'Approved',
      ...defined({ reference: input.reference ?? payment.reference, metadata: input.metadata }),
    };
    payment.actions.push(action);
    const left = available - input.amount;
    if (input.final && left > 0) payment.remainderVoided = (payment.remainderVoided ?? 0) + left;
    payment.status = !input.final && left > 0 ? 'Partially Captured' : 'Captured';
    this.emit('payment_captured', payment, action);
    return this.accepted(payment, action);
  }

  /**
   * Voids what is still authorised: a Void action, `payment_voided`, and the status `Voided`
   * (or `Captured` when part of it was captured before). The caller checks `capturable()`.
   */
  voidAuthorised(payment: PaymentRecord, input: { reference?: string | undefined; metadata?: Record<string, unknown> | undefined }): Record<string, unknown> {
    const action: PaymentAction = {
      id: newId('act'),
      type: 'Void',
      processed_on: this.iso(),
      amount: this.balances(payment).available_to_void,
      approved: true,
      response_code: '10000',
      response_summary: 'Approved',
      ...defined({ reference: input.reference ?? payment.reference, metadata: input.metadata }),
    };
    payment.actions.push(action);
    payment.status = this.balances(payment).total_captured > 0 ? 'Captured' : 'Voided';
    this.emit('payment_voided', payment, action);
    return this.accepted(payment, action);
  }

  /** The 202 body of a capture, void or refund: `action_id`, `reference`, `_links.payment`. */
  private accepted(payment: PaymentRecord, action: PaymentAction): Record<string, unknown> {
    return compact({
      action_id: action.id,
      reference: action.reference,
      _links: { payment: { href: `${payment.apiBase}/payments/${payment.id}` } },
    });
  }

  /** Whether a refund may be asked of this payment now: only captured money can be refunded. */
  refundable(payment: PaymentRecord): boolean {
    return (
      (payment.status === 'Captured' || payment.status === 'Partially Captured' || payment.status === 'Partially Refunded') &&
      this.balances(payment).available_to_refund > 0
    );
  }

  /**
   * Refunds `amount` (the whole available balance when absent) of a captured payment: records
   * a Refund action, moves the status to Partially Refunded or Refunded, and raises
   * `payment_refunded`. The caller checks `refundable()` and the balance first. Returns the
   * 202 body (`action_id`, `reference`, `_links.payment`).
   */
  refund(payment: PaymentRecord, input: { amount: number; reference?: string | undefined; metadata?: Record<string, unknown> | undefined }): Record<string, unknown> {
    const action: PaymentAction = {
      id: newId('act'),
      type: 'Refund',
      processed_on: this.iso(),
      amount: input.amount,
      approved: true,
      response_code: '10000',
      response_summary: 'Approved',
      // Without a reference of its own, a refund carries the payment's (the SDK's mocks show this).
      ...defined({ reference: input.reference ?? payment.reference, metadata: input.metadata }),
    };
    payment.actions.push(action);
    const { available_to_refund } = this.balances(payment);
    payment.status = available_to_refund === 0 ? 'Refunded' : 'Partially Refunded';
    this.emit('payment_refunded', payment, action);
    return this.accepted(payment, action);
  }

  /** The balances GET /payments/{id} and the refund checks use (minor units). */
  balances(payment: PaymentRecord): {
    total_authorized: number;
    total_voided: number;
    available_to_void: number;
    total_captured: number;
    available_to_capture: number;
    total_refunded: number;
    available_to_refund: number;
  } {
    const authorised = payment.approved ? payment.amount : 0;
    const sum = (type: PaymentAction['type']) => payment.actions.filter((a) => a.type === type).reduce((n, a) => n + a.amount, 0);
    const captured = sum('Capture');
    const refunded = sum('Refund');
    const voided = sum('Void') + (payment.remainderVoided ?? 0);
    const open = payment.status === 'Authorized' || payment.status === 'Partially Captured' ? authorised - captured - voided : 0;
    return {
      total_authorized: authorised,
      total_voided: voided,
      available_to_void: open,
      total_captured: captured,
      available_to_capture: open,
      total_refunded: refunded,
      available_to_refund: captured - refunded,
    };
  }

  /** `sid_` ids exist for redirect flows (3DS, HPP): the redirect back carries them. */
  private attachSessionId(payment: PaymentRecord): void {
    if (payment.sessionId) return;
    const sid = { id: newId('sid'), paymentId: payment.id, expiresAt: this.deps.now() + LIFETIMES_MS.sessionId };
    this.deps.store.sessionIds.set(sid.id, sid);
    payment.sessionId = sid.id;
  }

  private emit(type: string, payment: PaymentRecord, action?: PaymentAction): void {
    const base = payment.apiBase;
    const data = action && action.type !== 'Authorization' && action.type !== 'Card Verification' ? actionWebhookData(payment, action, this.balances(payment)) : webhookData(payment, action);
    this.deps.webhooks.emit(type, data, (eventId) => ({
      self: { href: `${base}/workflows/events/${eventId}` },
      subject: { href: `${base}/workflows/events/subject/${payment.id}` },
      payment: { href: `${base}/payments/${payment.id}` },
      payment_actions: { href: `${base}/payments/${payment.id}/actions` },
    }));
  }

  // -------------------------------------------------------------------------------------------
  // Response shapes

  links(payment: PaymentRecord): Record<string, { href: string }> {
    const self = `${payment.apiBase}/payments/${payment.id}`;
    const links: Record<string, { href: string }> = { self: { href: self }, actions: { href: `${self}/actions` } };
    if (payment.status === 'Pending') links.redirect = { href: challengeUrl(payment) };
    if (this.capturable(payment)) {
      links.capture = { href: `${self}/captures` };
      links.void = { href: `${self}/voids` };
    }
    if (this.refundable(payment)) links.refund = { href: `${self}/refunds` };
    return links;
  }

  threeDsView(payment: PaymentRecord): Record<string, unknown> | undefined {
    const t = payment.threeDs;
    if (!t) return undefined;
    return compact({
      downgraded: false,
      enrolled: t.enrolled,
      authentication_response: t.authentication_response,
      version: t.enrolled === 'Y' ? t.version : undefined,
      challenged: t.enrolled === 'Y' ? t.challenged : undefined,
      exemption: typeof t.requested.exemption === 'string' ? t.requested.exemption : undefined,
    });
  }

  /** 201 body of POST /payments ("Payment processed"). */
  createdResponse(payment: PaymentRecord): Record<string, unknown> {
    return compact({
      id: payment.id,
      action_id: payment.actionId,
      amount: payment.amount,
      currency: payment.currency,
      approved: payment.approved,
      status: payment.status,
      auth_code: payment.authCode,
      response_code: payment.responseCode,
      response_summary: payment.responseSummary,
      '3ds': this.threeDsView(payment),
      risk: { flagged: false },
      source: payment.source,
      customer: payment.customer,
      processed_on: payment.processedOn,
      reference: payment.reference,
      scheme_id: payment.schemeId,
      eci: payment.approved ? '05' : undefined,
      _links: this.links(payment),
    });
  }

  /** 202 body of POST /payments ("further action required"). */
  pendingResponse(payment: PaymentRecord): Record<string, unknown> {
    return compact({
      id: payment.id,
      status: payment.status,
      reference: payment.reference,
      customer: payment.customer,
      '3ds': this.threeDsView(payment),
      _links: this.links(payment),
    });
  }

  /** GET /payments/{id}; `actions` only when looked up by `sid_` (as documented). */
  details(payment: PaymentRecord, withActions: boolean): Record<string, unknown> {
    return compact({
      id: payment.id,
      requested_on: payment.requestedOn,
      source: payment.source,
      amount: payment.amount,
      amount_requested: payment.amount,
      currency: payment.currency,
      payment_type: payment.paymentType,
      reference: payment.reference,
      description: payment.description,
      approved: payment.approved,
      status: payment.status,
      balances: this.balances(payment),
      '3ds': this.threeDsView(payment),
      risk: { flagged: false },
      customer: payment.customer,
      billing_descriptor: payment.billingDescriptor,
      shipping: payment.shipping,
      items: payment.items,
      metadata: payment.metadata,
      processing_channel_id: payment.processingChannelId,
      eci: payment.approved ? '05' : undefined,
      scheme_id: payment.schemeId,
      actions: withActions ? this.actionsView(payment) : undefined,
      _links: this.links(payment),
    });
  }

  actionsView(payment: PaymentRecord): PaymentAction[] {
    // Newest first, as the actions endpoint lists them.
    return [...payment.actions].reverse();
  }
}

export function challengeUrl(payment: PaymentRecord): string {
  return `${payment.apiBase}/3ds/${payment.id}`;
}

function webhookData(payment: PaymentRecord, action?: PaymentAction): Record<string, unknown> {
  return compact({
    id: payment.id,
    action_id: action?.id ?? payment.actionId,
    reference: payment.reference,
    amount: action?.amount ?? payment.amount,
    auth_code: payment.authCode,
    currency: payment.currency,
    customer: payment.customer,
    metadata: payment.metadata,
    payment_type: payment.paymentType,
    processed_on: action?.processed_on ?? payment.processedOn ?? payment.requestedOn,
    processing_channel_id: payment.processingChannelId,
    response_code: action?.response_code ?? payment.responseCode,
    response_summary: action?.response_summary ?? payment.responseSummary,
    risk: { flagged: false },
    scheme_id: payment.schemeId,
    source: payment.source,
    '3ds': payment.threeDs
      ? compact({ enrolled: payment.threeDs.enrolled, authentication_response: payment.threeDs.authentication_response, version: payment.threeDs.version })
      : undefined,
  });
}

/**
 * `payment_captured`, `payment_voided` and `payment_refunded` data as the docs' examples show
 * them: the action's id, amount and reference, the payment's id, currency and metadata, and the
 * balances after the action.
 */
function actionWebhookData(payment: PaymentRecord, action: PaymentAction, balances: Record<string, number>): Record<string, unknown> {
  return compact({
    id: payment.id,
    action_id: action.id,
    reference: action.reference,
    amount: action.amount,
    currency: payment.currency,
    processed_on: action.processed_on,
    response_code: action.response_code,
    response_summary: action.response_summary,
    balances,
    metadata: payment.metadata,
    processing_channel_id: payment.processingChannelId,
  });
}

/** Keeps only the keys whose value is defined (exactOptionalPropertyTypes-friendly spreading). */
function defined<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return compact(value) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
