import type { BinRecord, ThreeDsProfile } from './cards';

/**
 * The emulator's state: plain in-memory maps, because it is a single-process test double. Every
 * record carries its own expiry, checked against the injected clock when read, so tests can move
 * time forward instead of waiting.
 */

export const LIFETIMES_MS = {
  /** "Tokens are single use and expire after 15 minutes." */
  token: 15 * 60_000,
  /** "The cko-session-id expires 15 minutes after creation." */
  sessionId: 15 * 60_000,
  /** "Hosted Payments Page sessions expire after 24 hours." */
  hostedPayment: 24 * 60 * 60_000,
  /** Default payment-session lifetime: UNCONFIRMED (see README). */
  paymentSession: 24 * 60 * 60_000,
  /** Idempotency keys: the newer docs page says 24 hours in sandbox too. */
  idempotencyKey: 24 * 60 * 60_000,
} as const;

/** Raw card data as received. Only ever kept in memory, never logged or returned whole. */
export interface CardData {
  number: string;
  expiry_month: number;
  expiry_year: number;
  cvv?: string | undefined;
  name?: string | undefined;
  billing_address?: Record<string, unknown> | undefined;
  phone?: Record<string, unknown> | undefined;
}

export interface TokenRecord {
  id: string;
  card: CardData;
  metadata: BinRecord | undefined;
  createdAt: number;
  expiresAt: number;
  usedAt?: number;
  /** The 201 body, reused by GET /tokens/{id}/metadata. */
  body: Record<string, unknown>;
}

export interface PaymentSessionRecord {
  id: string;
  secret: string;
  request: Record<string, unknown>;
  amount: number;
  currency: string;
  locale: string;
  createdAt: number;
  expiresAt: number;
  apiBase: string;
  paymentIds: string[];
  approvedPaymentId?: string;
  body: Record<string, unknown>;
}

export type HostedPaymentStatus = 'Payment Pending' | 'Payment Received' | 'Expired';

export interface HostedPaymentRecord {
  id: string;
  request: Record<string, unknown>;
  amount: number;
  currency: string;
  locale: string;
  createdAt: number;
  expiresAt: number;
  apiBase: string;
  paymentIds: string[];
  approvedPaymentId?: string;
}

export type PaymentStatus = 'Pending' | 'Authorized' | 'Partially Captured' | 'Captured' | 'Voided' | 'Partially Refunded' | 'Refunded' | 'Declined' | 'Card Verified';

export interface PaymentAction {
  id: string;
  type: 'Authorization' | 'Card Verification' | 'Capture' | 'Void' | 'Refund';
  processed_on: string;
  amount: number;
  approved: boolean;
  response_code: string;
  response_summary: string;
  reference?: string;
  /** A refund's, capture's or void's own metadata (the request's), as its webhook reports it. */
  metadata?: Record<string, unknown>;
}

export interface ThreeDsState {
  profile: ThreeDsProfile;
  enrolled: 'Y' | 'N';
  challenged: boolean;
  /** Final ARes/RReq transStatus once known. */
  authentication_response?: 'Y' | 'N' | 'A' | 'R' | 'U';
  version: string;
  /** The raw 3ds object of the request, echoed back like the API does (exemption etc.). */
  requested: Record<string, unknown>;
}

/** Where the payment came from decides where a 3DS challenge returns to. */
export type PaymentChannel =
  | { kind: 'api'; successUrl?: string; failureUrl?: string }
  | { kind: 'flow'; paymentSessionId: string }
  | { kind: 'hpp'; hostedPaymentId: string };

export interface PaymentRecord {
  id: string;
  actionId: string;
  requestedOn: string;
  processedOn?: string;
  amount: number;
  currency: string;
  paymentType: string;
  reference?: string;
  description?: string;
  customer?: Record<string, unknown>;
  shipping?: Record<string, unknown>;
  billingDescriptor?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  items?: unknown[];
  processingChannelId?: string;
  capture: boolean;
  /** What a Final partial capture left uncaptured, voided with it (minor units). */
  remainderVoided?: number;
  status: PaymentStatus;
  approved: boolean;
  responseCode?: string;
  responseSummary?: string;
  authCode?: string;
  schemeId?: string;
  source: Record<string, unknown>;
  /** Card data kept only until the payment leaves Pending (needed to authorise after 3DS). */
  card?: CardData;
  threeDs?: ThreeDsState;
  actions: PaymentAction[];
  channel: PaymentChannel;
  sessionId?: string;
  apiBase: string;
}

export interface SessionIdRecord {
  id: string;
  paymentId: string;
  expiresAt: number;
}

export class EmulatorStore {
  readonly tokens = new Map<string, TokenRecord>();
  readonly paymentSessions = new Map<string, PaymentSessionRecord>();
  readonly hostedPayments = new Map<string, HostedPaymentRecord>();
  readonly payments = new Map<string, PaymentRecord>();
  readonly sessionIds = new Map<string, SessionIdRecord>();

  constructor(private readonly now: () => number) {}

  /** A payment by `pay_` id, or by a `sid_` that has not expired. */
  findPayment(id: string): { payment: PaymentRecord; viaSessionId: boolean } | undefined {
    if (id.startsWith('sid_')) {
      const sid = this.sessionIds.get(id);
      if (!sid || sid.expiresAt <= this.now()) return undefined;
      const payment = this.payments.get(sid.paymentId);
      return payment ? { payment, viaSessionId: true } : undefined;
    }
    const payment = this.payments.get(id);
    return payment ? { payment, viaSessionId: false } : undefined;
  }

  /** Drops what can no longer be read. Expired tokens stay a day so metadata can answer 410. */
  sweep(): void {
    const now = this.now();
    const day = 24 * 60 * 60_000;
    for (const [id, token] of this.tokens) if (token.expiresAt + day <= now) this.tokens.delete(id);
    for (const [id, sid] of this.sessionIds) if (sid.expiresAt <= now) this.sessionIds.delete(id);
  }

  clear(): void {
    this.tokens.clear();
    this.paymentSessions.clear();
    this.hostedPayments.clear();
    this.payments.clear();
    this.sessionIds.clear();
  }
}
