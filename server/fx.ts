/**
 * Exchange rates for pricing: a fixer-compatible source (`{ success, base, date, rates }`)
 * at FX_RATES_URL, cached for a TTL, with a bundled, dated fallback table when the source is
 * unset or unreachable. Orders record which table priced them (date and source).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { fxRate, type Rates } from '../contract/money';
import { SUPPORTED_CURRENCIES } from './schemas/api';

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
  fetch?: typeof fetch;
  now?: () => number;
  log?: { warn(obj: object, msg: string): void };
}

export class FxService {
  private cached?: { table: FxTable; expiresAt: number };
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
      this.cached = { table, expiresAt: now + (this.opts.ttlMs ?? 60 * 60_000) };
      return table;
    } catch (error) {
      this.opts.log?.warn({ err: (error as Error).message }, 'FX rates source unavailable; using the last good or bundled table');
      // Keep serving the last good table (stale beats the older bundled one), and do not
      // hammer a failing source: try again after retryAfterMs.
      const table = this.cached?.table ?? this.fallback;
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
