import fp from 'fastify-plugin';
import { join } from 'node:path';
import { openDatabase, type Database } from '../storage/db';
import { IdempotencyStore, type IdempotencyOptions } from '../storage/idempotency';
import { tracedDatabase } from '../trace-context';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    idempotency: IdempotencyStore;
  }
}

export interface StorageOptions {
  databaseUrl?: string;
  dataDir: string;
  /** A database opened by the caller (tests share one across apps); not closed with the app. */
  database?: Database;
  /** A span around each statement (tracing on: server/tracing.ts). */
  traced?: boolean;
  idempotency?: IdempotencyOptions;
}

/** Opens PGlite (DATA_DIR/pglite) or PostgreSQL (DATABASE_URL), runs migrations, closes on shutdown. */
export default fp<StorageOptions>(
  async function storagePlugin(app, opts) {
    const opened = opts.database ?? (await openDatabase({ url: opts.databaseUrl, dataDir: opts.dataDir.startsWith('memory://') ? opts.dataDir : join(opts.dataDir, 'pglite') }));
    const db = tracedDatabase(opened, opts.traced ?? false);
    app.decorate('db', db);
    app.decorate('idempotency', new IdempotencyStore(db, opts.idempotency));
    if (!opts.database) app.addHook('onClose', async () => opened.close());
    app.log.debug({ storage: db.kind }, 'storage ready');
  },
  { name: 'ck-storage' },
);
