/**
 * A proxy with the auth routes over an in-memory database and a controllable clock.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import errors from '../../server/plugins/errors';
import auth from '../../server/auth/service';
import authRoutes from '../../server/auth/routes';
import { openDatabase, type Database } from '../../server/storage/db';

export const ORIGIN = 'http://localhost:4242';
export const MERCHANT = 'https://shop.example';

export class TestClock {
  now = Date.parse('2026-03-01T10:00:00Z');
  read = () => new Date(this.now);
  advance(ms: number) {
    this.now += ms;
  }
}

let shared: Promise<Database> | undefined;

/**
 * One in-memory database per test file (starting PGlite takes about a second), emptied
 * before each app is built. Tests in a file run one after another.
 */
export async function memoryDb(): Promise<Database> {
  // Every migration runs, as at start: the tests see the real schema.
  shared ??= openDatabase({ dataDir: 'memory://' });
  const db = await shared;
  await db.query('TRUNCATE auth_sessions, auth_login_failures, insurance_quotes');
  return db;
}

export async function buildAuthApp(
  t: { after: (fn: () => Promise<void>) => void },
  options: { publicBaseUrl?: string; allowedOrigins?: string[]; loginMaxFailuresPerIp?: number } = {},
): Promise<{ app: FastifyInstance; clock: TestClock; db: Database }> {
  const clock = new TestClock();
  const db = await memoryDb();
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const publicBaseUrl = options.publicBaseUrl ?? ORIGIN;
  await app.register(errors);
  await app.register(auth, {
    db,
    clock: clock.read,
    config: {
      publicBaseUrl,
      allowedOrigins: [publicBaseUrl, ...(options.allowedOrigins ?? [MERCHANT])],
      session: { secret: 'test-session-secret-test-session-secret', generated: false },
      loginMaxFailuresPerIp: options.loginMaxFailuresPerIp,
    },
  });
  await app.register(authRoutes);
  t.after(() => app.close());
  return { app, clock, db };
}

/** The `name=value` pair of a Set-Cookie header, to send back as a Cookie header. */
export function cookiePair(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie[0]! : setCookie!;
  return header.split(';')[0]!;
}
