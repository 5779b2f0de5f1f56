/**
 * One small query interface over two drivers: PGlite (embedded PostgreSQL in WASM, files
 * under DATA_DIR) by default, node-postgres when DATABASE_URL is set. Same SQL, same
 * migrations, so the embedded default and the scale-out path never drift apart.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** PGlite only: the data directory as a tarball (for `loadDataDir`). */
  dumpDataDir?(): Promise<Blob>;
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * LISTEN on a channel: `onNotify` gets each NOTIFY payload (sent with `pg_notify` inside a
   * transaction, delivered after its commit), from this process and — on PostgreSQL — from
   * every other process sharing the database. `onReconnect` runs when a lost listening
   * connection is back (notifications may have been missed). Resolves to an unlisten function.
   */
  listen(channel: string, onNotify: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

export interface OpenOptions {
  /** postgres://… → node-postgres pool. */
  url?: string;
  /** PGlite data directory; `memory://` for an in-memory database (tests). */
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  max?: number;
  /**
   * PostgreSQL: send the app's fixed statements as named prepared statements (parsed and planned
   * once per connection instead of on every call). On by default; `false` for plain ones.
   */
  prepare?: boolean;
  /**
   * A PGlite data-directory tarball to start from (skips initdb: ~5× faster start). Tests use
   * a migrated snapshot; see tests/server/helpers.ts.
   */
  loadDataDir?: Blob;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const db = opts.url ? await openPostgres(opts.url, opts.max ?? 10, opts.prepare ?? true) : await openPglite(opts.dataDir ?? 'memory://', opts.loadDataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir, loadDataDir ? { loadDataDir } : {});
  return {
    kind: 'pglite',
    query: async <T>(sql: string, params: unknown[] = []) => ({ rows: (await pg.query<T>(sql, params)).rows }),
    transaction: (fn) => pg.transaction((tx) => fn({ query: async <T>(sql: string, params: unknown[] = []) => ({ rows: (await tx.query<T>(sql, params)).rows }) })),
    listen: async (channel, onNotify) => {
      if (!CHANNEL.test(channel)) throw new Error(`invalid channel name ${channel}`);
      return pg.listen(channel, onNotify);
    },
    dumpDataDir: async () => (await pg.dumpDataDir('none')) as Blob,
    close: () => pg.close(),
  };
}

/** Statements worth naming: reads and writes (no DDL, no BEGIN/LISTEN), with their columns spelt out. */
const PREPARABLE = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;
/**
 * `*` in a result (SELECT *, RETURNING *, t.*): a migration adding a column elsewhere would change
 * the result of such a statement prepared on an open connection ("cached plan must not change
 * result type"); those stay unnamed.
 */
const STAR_RESULT = /\bSELECT\s+(DISTINCT\s+)?\*|\.\*|\bRETURNING\s+\*/i;
/** At most this many distinct statements are named per process (SQL built with values inside would otherwise grow without end). */
const MAX_PREPARED = 500;

/**
 * The query config for node-postgres: a name for each distinct fixed statement text, so every
 * connection parses and plans it once (PostgreSQL's per-statement parse/plan cost, paid on every
 * call by unnamed statements, is a large part of a small statement's server time).
 */
function preparer(enabled: boolean) {
  const names = new Map<string, string | null>();
  return (text: string, values: unknown[]) => {
    if (!enabled) return { text, values };
    let name = names.get(text);
    if (name === undefined) {
      name = names.size < MAX_PREPARED && PREPARABLE.test(text) && !STAR_RESULT.test(text) ? `ck_${names.size}` : null;
      names.set(text, name);
    }
    return name ? { name, text, values } : { text, values };
  };
}

async function openPostgres(url: string, max: number, prepare: boolean): Promise<Database> {
  const { default: pg } = await import('pg');
  const statement = preparer(prepare);
  // bigint columns hold minor units: well inside Number's safe range, so parse them as numbers.
  pg.types.setTypeParser(20, (value) => Number(value));
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    query: async <T>(sql: string, params: unknown[] = []) => ({ rows: (await pool.query(statement(sql, params))).rows as T[] }),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ query: async <T>(sql: string, params: unknown[] = []) => ({ rows: (await client.query(statement(sql, params))).rows as T[] }) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel, onNotify, onReconnect) {
      if (!CHANNEL.test(channel)) throw new Error(`invalid channel name ${channel}`);
      // LISTEN needs a connection of its own for as long as it listens (not a pooled one).
      let client: InstanceType<typeof pg.Client> | undefined;
      let closed = false;
      let retry: ReturnType<typeof setTimeout> | undefined;
      const connect = async (): Promise<void> => {
        const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
        c.on('error', () => undefined);
        c.on('notification', (message) => {
          if (message.channel === channel) onNotify(message.payload ?? '');
        });
        c.on('end', () => {
          if (closed || client !== c) return;
          client = undefined;
          reconnect();
        });
        await c.connect();
        await c.query(`LISTEN ${channel}`);
        client = c;
      };
      const reconnect = () => {
        retry = setTimeout(() => {
          connect().then(
            () => onReconnect?.(),
            () => !closed && reconnect(),
          );
        }, 1000);
        retry.unref?.();
      };
      await connect();
      return async () => {
        closed = true;
        clearTimeout(retry);
        await client?.end().catch(() => undefined);
      };
    },
    close: () => pool.end(),
  };
}

/**
 * A transaction opened only when needed: `work` gets a Queryable that sends BEGIN with its first
 * statement, and `last` (ONE statement) runs inside that transaction before COMMIT — or, when
 * `work` asked nothing, alone, where one statement is atomic by itself. So work that usually
 * has nothing to lock or check (e.g. a new order of unlimited products) costs one round trip
 * instead of three (BEGIN, statement, COMMIT). An error in `work` or `last` rolls back.
 */
export async function lazyTransaction<T>(db: Database, work: (tx: Queryable) => Promise<void>, last: (q: Queryable) => Promise<T>): Promise<T> {
  let opened: { tx: Promise<Queryable>; end(failure?: { error: unknown }): void; done: Promise<void> } | undefined;
  const open = () => {
    let end!: (failure?: { error: unknown }) => void;
    const outcome = new Promise<void>((resolve, reject) => {
      end = (failure) => (failure ? reject(failure.error) : resolve());
    });
    let ready!: (tx: Queryable) => void;
    const tx = new Promise<Queryable>((resolve) => (ready = resolve));
    const done = db.transaction(async (t) => {
      ready(t);
      await outcome;
    });
    // A transaction that could not begin (no connection) fails the statement waiting for it.
    return { tx: Promise.race([tx, done.then(() => Promise.reject(new Error('transaction ended')))]), end, done };
  };
  const lazy: Queryable = {
    query: (sql, params) => {
      opened ??= open();
      return opened.tx.then((t) => t.query(sql, params));
    },
  };
  try {
    await work(lazy);
    if (!opened) return await last(db);
    const result = await last(lazy);
    opened.end();
    await opened.done;
    return result;
  } catch (error) {
    if (opened) {
      opened.end({ error });
      await opened.done.catch(() => undefined);
    }
    throw error;
  }
}

export const MIGRATIONS_DIR = resolve(import.meta.dirname, 'migrations');

/**
 * Applies numbered migrations (`NNN_name.sql`) once each, in order, inside a transaction
 * holding an advisory lock, so proxies starting together against one PostgreSQL do not
 * race each other.
 */
export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = readdirSync(dir).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7373001)');
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      // Statements are separated by ";\n" lines, outside dollar-quoted bodies ($$ … $$ of a function).
      const sql = readFileSync(join(dir, file), 'utf8');
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file]);
      applied.push(file);
    }
    return applied;
  });
}

export function splitStatements(sql: string): string[] {
  const text = sql.split('\n').filter((line) => !line.trim().startsWith('--')).join('\n');
  const statements: string[] = [];
  let start = 0;
  let quote: string | undefined;
  for (const m of text.matchAll(/\$[A-Za-z_]*\$|;\s*(?:\n|$)/g)) {
    if (m[0].startsWith('$')) quote = quote === undefined ? m[0] : quote === m[0] ? undefined : quote;
    else if (quote === undefined) {
      statements.push(text.slice(start, m.index));
      start = m.index + m[0].length;
    }
  }
  statements.push(text.slice(start));
  return statements.map((s) => s.trim()).filter(Boolean);
}
