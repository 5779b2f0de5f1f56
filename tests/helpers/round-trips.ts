/**
 * Counts the database round trips an app makes: every statement is one, and a transaction adds
 * two more (BEGIN and COMMIT, each a round trip to PostgreSQL). Used by the round-trip test
 * (tests/server/round-trips.test.ts) and the proxy bench (tests/bench/proxy-target.ts).
 */
import type { Database, Queryable } from '../../server/storage/db';

export interface RoundTrips {
  /** Statements and BEGIN/COMMIT pairs sent since the last reset. */
  roundTrips: number;
  transactions: number;
  /** The statements themselves (their first line), in order: what a failing count shows. */
  statements: string[];
  reset(): void;
}

/**
 * A database that counts what it is asked (the wrapped one is not changed); with `only`, just
 * what is asked while it says yes (e.g. within one request's async context, not a sweep's).
 */
export function countingDatabase(db: Database, only: () => boolean = () => true): { db: Database; counts: RoundTrips } {
  const counts: RoundTrips = {
    roundTrips: 0,
    transactions: 0,
    statements: [],
    reset() {
      counts.roundTrips = 0;
      counts.transactions = 0;
      counts.statements = [];
    },
  };
  const note = (sql: string) => {
    if (!only()) return;
    counts.roundTrips++;
    if (counts.statements.length < 1000) counts.statements.push(sql.trim().split('\n')[0]!.replace(/\s+/g, ' ').slice(0, 120));
  };
  const counted: Database = Object.create(db);
  counted.query = (sql, params) => {
    note(sql);
    return db.query(sql, params);
  };
  counted.transaction = (fn) => {
    counts.transactions++;
    note('BEGIN');
    return db
      .transaction((tx) =>
        fn({
          query: (sql, params) => {
            note(sql);
            return tx.query(sql, params);
          },
        } satisfies Queryable),
      )
      .finally(() => note('COMMIT / ROLLBACK'));
  };
  return { db: counted, counts };
}
