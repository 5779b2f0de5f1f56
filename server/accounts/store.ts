/**
 * Shopper accounts, their saved addresses and their orders, in the database (USERS_FILE stays
 * for staff and the demo user). The email is unique whatever its case or Unicode form: it is
 * stored with its key, normalized as login names are (`normalizeUsername`).
 */
import { randomUUID } from 'node:crypto';
import type { AccountOrderDetail, AccountOrderStatus, AccountOrderSummary, AccountProfile, Address, SavedAddress } from '../../contract/api';
import { ACCOUNT_ORDERS_PAGE_SIZE } from '../../contract/api';
import { normalizeUsername } from '../auth/users';
import type { Queryable } from '../storage/db';

/** The session name of an account's sessions (`auth_sessions.username`): never a login name, which has no colon-prefixed form. */
const PREFIX = 'account:';
export const sessionNameOf = (accountId: string) => `${PREFIX}${accountId}`;
export const accountIdOf = (sessionName: string | undefined): string | undefined =>
  sessionName?.startsWith(PREFIX) ? sessionName.slice(PREFIX.length) : undefined;
export const ownsSessionName = (sessionName: string) => sessionName.startsWith(PREFIX);

/** Saved addresses per account: enough for home, work and a few more; more is refused. */
export const MAX_SAVED_ADDRESSES = 20;

export interface AccountRow {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  password_hash: string;
  created_at: Date | string;
}

/** The session's user for an account: its email is its login name. */
export const accountUser = (row: Pick<AccountRow, 'email' | 'name'>) => ({ username: row.email, name: row.name, email: row.email, account: true });

/** Orders a shopper sees: those a payment reached (paid, refunded, voided) or that await its verdict. */
const VISIBLE = `(o.status IN ('paid', 'partially_refunded', 'refunded', 'voided') OR (o.status = 'pending' AND EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id)))`;

interface OrderRow {
  id: string;
  status: AccountOrderStatus;
  currency: AccountOrderSummary['currency'];
  amount: number | string;
  refunded_amount: number | string;
  subtotal: number | string;
  discount: number | string;
  shipping: number | string;
  tax: number | string;
  coupon: string | null;
  lines: Array<Record<string, unknown>>;
  addresses: { shipping?: Address; billing?: Address } | null;
  created_at: Date | string;
  payment_id: string | null;
  gift_card: { last4: string; amount: number | string; refunded: number | string } | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();

function summaryOf(row: OrderRow): AccountOrderSummary {
  return {
    id: row.id,
    createdAt: iso(row.created_at),
    status: row.status,
    currency: row.currency,
    amount: Number(row.amount),
    refundedAmount: Number(row.refunded_amount),
    lines: row.lines.map((l) => ({ reference: String(l.reference), name: String(l.name), quantity: Number(l.quantity), unitAmount: Number(l.unitAmount), amount: Number(l.amount) })),
    reference: row.id,
    ...(row.payment_id ? { paymentId: row.payment_id } : {}),
    ...(row.gift_card ? { giftCard: { last4: row.gift_card.last4, amount: Number(row.gift_card.amount), refunded: Number(row.gift_card.refunded) } } : {}),
  };
}

const ORDER_COLUMNS = `o.id, o.status, o.currency, o.amount, o.refunded_amount, o.subtotal, o.discount, o.shipping, o.tax, o.coupon, o.lines, o.addresses, o.created_at,
  (SELECT p.id FROM payments p WHERE p.order_id = o.id ORDER BY p.created_at DESC, p.id LIMIT 1) AS payment_id,
  (SELECT json_build_object('last4', c.last4, 'amount', r.amount, 'refunded', r.refunded_amount) FROM gift_card_redemptions r
     JOIN gift_cards c ON c.id = r.gift_card_id WHERE r.order_id = o.id LIMIT 1) AS gift_card`;

export class AccountStore {
  constructor(private readonly db: Queryable) {}

  /** A new account, or undefined when the email is taken (whatever its case). */
  async create(account: { email: string; name: string; phone?: string; passwordHash: string }, now: Date): Promise<AccountRow | undefined> {
    const { rows } = await this.db.query<AccountRow>(
      `INSERT INTO shopper_accounts (id, email, email_key, name, phone, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (email_key) DO NOTHING RETURNING id, email, name, phone, password_hash, created_at`,
      [randomUUID(), account.email, normalizeUsername(account.email), account.name, account.phone ?? null, account.passwordHash, now.toISOString()],
    );
    return rows[0];
  }

  async byEmail(email: string): Promise<AccountRow | undefined> {
    const { rows } = await this.db.query<AccountRow>('SELECT id, email, name, phone, password_hash, created_at FROM shopper_accounts WHERE email_key = $1', [normalizeUsername(email)]);
    return rows[0];
  }

  async byId(id: string): Promise<AccountRow | undefined> {
    const { rows } = await this.db.query<AccountRow>('SELECT id, email, name, phone, password_hash, created_at FROM shopper_accounts WHERE id = $1', [id]);
    return rows[0];
  }

  profile(row: AccountRow): AccountProfile {
    return { email: row.email, name: row.name, ...(row.phone ? { phone: row.phone } : {}), createdAt: iso(row.created_at) };
  }

  async addresses(accountId: string): Promise<SavedAddress[]> {
    const { rows } = await this.db.query<{ id: string; address: Address; created_at: Date | string }>(
      'SELECT id, address, created_at FROM shopper_addresses WHERE account_id = $1 ORDER BY created_at DESC, id',
      [accountId],
    );
    return rows.map((r) => ({ ...r.address, id: r.id, createdAt: iso(r.created_at) }));
  }

  /**
   * Saves an address (the same address twice is kept once: the saved one is answered); undefined
   * when the account holds MAX_SAVED_ADDRESSES already. Under the account's lock, so two saves at
   * once cannot pass the limit.
   */
  async addAddress(db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> }, accountId: string, address: Address, now: Date): Promise<SavedAddress | undefined> {
    return db.transaction(async (tx) => {
      await tx.query('SELECT id FROM shopper_accounts WHERE id = $1 FOR UPDATE', [accountId]);
      const { rows } = await tx.query<{ id: string; address: Address; created_at: Date | string }>('SELECT id, address, created_at FROM shopper_addresses WHERE account_id = $1', [accountId]);
      const same = rows.find((r) => sameAddress(r.address, address));
      if (same) return { ...same.address, id: same.id, createdAt: iso(same.created_at) };
      if (rows.length >= MAX_SAVED_ADDRESSES) return undefined;
      const id = randomUUID();
      await tx.query('INSERT INTO shopper_addresses (id, account_id, address, created_at) VALUES ($1, $2, $3, $4)', [id, accountId, JSON.stringify(address), now.toISOString()]);
      return { ...address, id, createdAt: now.toISOString() };
    });
  }

  /** One page of the account's orders, newest first. */
  async orders(accountId: string, page: number): Promise<{ orders: AccountOrderSummary[]; total: number }> {
    const { rows: count } = await this.db.query<{ n: number | string }>(`SELECT count(*) AS n FROM orders o WHERE o.account_id = $1 AND ${VISIBLE}`, [accountId]);
    const { rows } = await this.db.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.account_id = $1 AND ${VISIBLE} ORDER BY o.created_at DESC, o.id DESC LIMIT $2 OFFSET $3`,
      [accountId, ACCOUNT_ORDERS_PAGE_SIZE, (page - 1) * ACCOUNT_ORDERS_PAGE_SIZE],
    );
    return { orders: rows.map(summaryOf), total: Number(count[0]?.n ?? 0) };
  }

  /** One order of the account, or undefined (another account's order is as unknown as a missing one). */
  async order(accountId: string, orderId: string): Promise<AccountOrderDetail | undefined> {
    const { rows } = await this.db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.id = $1 AND o.account_id = $2 AND ${VISIBLE}`, [orderId, accountId]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      ...summaryOf(row),
      subtotal: Number(row.subtotal),
      discount: Number(row.discount),
      shipping: Number(row.shipping),
      tax: Number(row.tax),
      ...(row.coupon ? { coupon: row.coupon } : {}),
      ...(row.addresses?.shipping ? { shippingAddress: row.addresses.shipping } : {}),
      ...(row.addresses?.billing ? { billingAddress: row.addresses.billing } : {}),
    };
  }
}

const ADDRESS_KEYS = ['line1', 'line2', 'city', 'state', 'zip', 'country'] as const;
function sameAddress(a: Address, b: Address): boolean {
  return ADDRESS_KEYS.every((k) => (a[k] ?? '').toLowerCase() === (b[k] ?? '').toLowerCase());
}
