/**
 * Exchange rates for pricing: a fixer-compatible source (`{ success, base, date, rates }`)
 * at FX_RATES_URL, cached for a TTL, with a bundled, dated fallback table when the source is
 * unset or unreachable. Orders record which table priced them (date and source).
 *
 * A feed prices every order, so a wrong or tampered one must not: a table with any rate too far
 * from the last good table (MAX_MOVE, 10 %) — or, before there is one, from the bundled table
 * (MAX_MOVE_FROM_BUNDLED, 25 %: it may be months old) — is refused whole. The last good (or
 * bundled) table stays in use, the refusal is logged with each rate that moved, and the table's
 * `source` says a newer one was refused, so /api/fx-rates and the orders it prices show it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { fxRate, type Rates } from '../../contract/money';
import { SUPPORTED_CURRENCIES } from '../../contract/api';

export interface FxTable {
  base: string;
  rates: Record<string, number>;
  /** The rates' own date, YYYY-MM-DD. */
  date: string;
  source: string;
  fetchedAt: string;
  /** True when the bundled table is in use because the live source failed or is unset. */
  fallback: boolean;
}

const fixerSchema = z.object({
  success: z.literal(true),
  base: z.string().regex(/^[A-Z]{3}$/),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  rates: z.record(z.string(), z.number().positive()),
});

const fallbackSchema = z.object({ base: z.string(), date: z.string(), source: z.string(), rates: z.record(z.string(), z.number().positive()) });

export const FALLBACK_FILE = resolve(import.meta.dirname, 'fx-fallback.json');

export function fallbackTable(file = FALLBACK_FILE): FxTable {
  const data = fallbackSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return { ...data, fetchedAt: new Date().toISOString(), fallback: true };
}

export interface FxOptions {
  url?: string;
  ttlMs?: number;
  timeoutMs?: number;
  /** After a failed fetch, wait this long before trying the source again. */
  retryAfterMs?: number;
  /** Largest move of any rate, as a fraction, from the last good table (default 0.10) and from the bundled one (default 0.25). */
  maxMove?: number;
  maxMoveFromBundled?: number;
  fetch?: typeof fetch;
  now?: () => number;
  log?: { warn(obj: object, msg: string): void };
}

export const MAX_MOVE = 0.1;
export const MAX_MOVE_FROM_BUNDLED = 0.25;

/** The rates of `table` that moved more than `bound` from `reference`, for every currency both price. */
export function movedRates(table: FxTable, reference: FxTable, bound: number): Array<{ currency: string; rate: number; reference: number; move: number }> {
  const moved = [];
  for (const currency of SUPPORTED_CURRENCIES) {
    if (currency === reference.base) continue;
    // Compared in the reference's base, so tables on different bases compare too.
    const rate = fxRate(reference.base, currency, table);
    const was = fxRate(reference.base, currency, reference);
    const move = Math.abs(rate / was - 1);
    if (!(move <= bound)) moved.push({ currency, rate, reference: was, move: Math.round(move * 1000) / 1000 });
  }
  return moved;
}

export class FxService {
  private cached?: { table: FxTable; expiresAt: number };
  /** The last table the feed gave that passed the plausibility check. */
  private lastGood?: FxTable;
  private inflight?: Promise<FxTable>;
  private readonly fallback = fallbackTable();

  constructor(private readonly opts: FxOptions = {}) {}

  /** The current table; never throws (falls back to the last good table, then the bundled one). */
  async current(): Promise<FxTable> {
    const now = (this.opts.now ?? Date.now)();
    if (this.cached && this.cached.expiresAt > now) return this.cached.table;
    if (!this.opts.url) {
      this.cached = { table: this.fallback, expiresAt: Number.POSITIVE_INFINITY };
      return this.fallback;
    }
    // One refresh at a time: a burst of orders at expiry must not stampede the source.
    this.inflight ??= this.refresh(now).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async refresh(now: number): Promise<FxTable> {
    const fetchFn = this.opts.fetch ?? fetch;
    try {
      const res = await fetchFn(this.opts.url!, { signal: AbortSignal.timeout(this.opts.timeoutMs ?? 3000), headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = fixerSchema.parse(await res.json());
      const missing = SUPPORTED_CURRENCIES.filter((c) => c !== body.base && !body.rates[c]);
      if (missing.length) throw new Error(`rates missing for ${missing.join(', ')}`);
      const host = new URL(this.opts.url!).host;
      const table: FxTable = { base: body.base, rates: body.rates, date: body.date, source: host, fetchedAt: new Date(now).toISOString(), fallback: false };
      const reference = this.lastGood ?? this.fallback;
      const moved = movedRates(table, reference, this.lastGood ? (this.opts.maxMove ?? MAX_MOVE) : (this.opts.maxMoveFromBundled ?? MAX_MOVE_FROM_BUNDLED));
      if (moved.length) {
        this.opts.log?.warn(
          { source: host, date: body.date, against: reference.fallback ? 'bundled' : 'last good', moved },
          'FX rates refused: rates moved too far from the last good table; orders keep being priced with it',
        );
        const kept: FxTable = { ...reference, source: `${reference.source} (newer rates from ${host} of ${body.date} refused: ${moved.map((m) => m.currency).join(', ')} moved too far)` };
        this.cached = { table: kept, expiresAt: now + (this.opts.retryAfterMs ?? 60_000) };
        return kept;
      }
      this.lastGood = table;
      this.cached = { table, expiresAt: now + (this.opts.ttlMs ?? 60 * 60_000) };
      return table;
    } catch (error) {
      this.opts.log?.warn({ err: (error as Error).message }, 'FX rates source unavailable; using the last good or bundled table');
      // Keep serving the last good table (stale beats the older bundled one), and do not
      // hammer a failing source: try again after retryAfterMs.
      const table = this.lastGood ?? this.fallback;
      this.cached = { table, expiresAt: now + (this.opts.retryAfterMs ?? 60_000) };
      return table;
    }
  }
}

/**
 * The rate table pricing uses for one order: catalog base → order currency, with the
 * merchant's markup. A markup applied to a whole table would cancel out between two
 * non-base currencies, so it is applied to the one pair being priced.
 */
export function pricingRates(table: FxTable, from: string, to: string, markupPercent: number): Rates {
  const rate = fxRate(from, to, table) * (1 + markupPercent / 100);
  return { base: from, rates: { [to]: rate } };
}
