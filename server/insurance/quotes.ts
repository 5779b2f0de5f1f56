/**
 * Insurance quotes, stored with the applicant's details and an expiry. The proxy's pricing
 * resolves `insuranceQuoteId` through `get()` (PricingExtensions.insuranceQuotes), so the
 * amount charged is always the stored, server-priced premium.
 */
import { randomBytes } from 'node:crypto';
import type { InsuranceQuoteRecord } from '../orders/pricing';
import type { InsuranceApplicant, InsuranceQuoteResponse } from '../../contract/api';
import type { Queryable } from '../storage/db';
import { systemClock, type Clock } from '../auth/db';
import type { PricedQuote } from './pricing';

/** How long a quote can be paid: long enough to pay, short enough that prices stay current. */
export const QUOTE_TTL_MS = 30 * 60 * 1000;

interface Row {
  id: string;
  plan_id: string;
  plan_name: string;
  currency: string;
  amount: number | string;
  payment_frequency: 'monthly' | 'annual';
  lines: InsuranceQuoteResponse['lines'];
  age: number;
  username: string | null;
  requires_login: boolean;
  created_at: Date | string;
  expires_at: Date | string;
  paid_at: Date | string | null;
}

export interface StoredQuote extends InsuranceQuoteResponse {
  username: string | null;
}

export function newQuoteId(): string {
  return `iq_${randomBytes(18).toString('base64url')}`;
}

export class InsuranceQuoteStore {
  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock = systemClock,
    private readonly ttlMs = QUOTE_TTL_MS,
  ) {}

  async create(priced: PricedQuote, applicant: InsuranceApplicant, binding: { requiresLogin: boolean; username: string | null }): Promise<StoredQuote> {
    const now = this.clock();
    const id = newQuoteId();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    await this.db.query(
      `INSERT INTO insurance_quotes (id, plan_id, plan_name, currency, amount, payment_frequency, lines, age, applicant, coverage_options, username, requires_login, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        id,
        priced.planId,
        priced.planName,
        priced.currency,
        priced.amount,
        priced.paymentFrequency,
        JSON.stringify(priced.lines),
        priced.age,
        JSON.stringify(applicant),
        JSON.stringify(priced.coverageOptions),
        binding.username,
        binding.requiresLogin,
        now.toISOString(),
        expiresAt.toISOString(),
      ],
    );
    return (await this.find(id))!;
  }

  async find(id: string): Promise<StoredQuote | undefined> {
    const { rows } = await this.db.query<Row>(
      `SELECT id, plan_id, plan_name, currency, amount, payment_frequency, lines, age, username, requires_login, created_at, expires_at, paid_at
       FROM insurance_quotes WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return undefined;
    const expiresAt = new Date(row.expires_at);
    const status = row.paid_at ? 'paid' : expiresAt.getTime() <= this.clock().getTime() ? 'expired' : 'quoted';
    return {
      id: row.id,
      planId: row.plan_id,
      planName: row.plan_name,
      currency: row.currency as StoredQuote['currency'],
      paymentFrequency: row.payment_frequency,
      lines: typeof row.lines === 'string' ? JSON.parse(row.lines) : row.lines,
      amount: Number(row.amount),
      age: row.age,
      createdAt: new Date(row.created_at).toISOString(),
      expiresAt: expiresAt.toISOString(),
      status,
      requiresLogin: row.requires_login,
      username: row.username,
    };
  }

  /** For the proxy's pricing: the premium to charge, while the quote can still be paid. */
  async get(id: string): Promise<InsuranceQuoteRecord | undefined> {
    const quote = await this.find(id);
    if (!quote || quote.status === 'paid') return undefined;
    return {
      id: quote.id,
      planId: quote.planId,
      name: `${quote.planName} (${quote.paymentFrequency === 'annual' ? '12 months' : '1 month'})`,
      planName: quote.planName,
      months: quote.paymentFrequency === 'annual' ? 12 : 1,
      premium: { amount: quote.amount, currency: quote.currency },
      expiresAt: Date.parse(quote.expiresAt),
      ...(quote.username ? { ownedBy: (username: string) => username === quote.username } : {}),
    };
  }

  /**
   * Whether another order already paid this quote, read under a lock on the quote (in the
   * transaction that would pay an order for it): two orders paid for one quote at the same
   * moment see each other, and only the first is paid.
   */
  async paidAlready(id: string, tx: Queryable): Promise<boolean> {
    const { rows } = await tx.query<{ paid_at: Date | string | null }>('SELECT paid_at FROM insurance_quotes WHERE id = $1 FOR UPDATE', [id]);
    return Boolean(rows[0]?.paid_at);
  }

  async markPaid(id: string, tx: Queryable = this.db): Promise<void> {
    await tx.query('UPDATE insurance_quotes SET paid_at = $2 WHERE id = $1 AND paid_at IS NULL', [id, this.clock().toISOString()]);
  }
}
