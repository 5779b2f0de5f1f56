/**
 * One rule for tests that need something a machine may not have (a Redis, a PostgreSQL, a
 * route that is not built yet): on a developer's machine they print as skipped, with the
 * reason; in CI (`CI=true`) they run and fail, so a missing service can never turn a red
 * suite green by skipping.
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';

export const IN_CI = process.env.CI === 'true';

/**
 * Call first in a test body: `if (unavailable(t, !process.env.X && 'X is not set')) return;`.
 * Nothing missing → false. Missing, locally → the test is marked skipped and this returns true;
 * in CI → the test fails here, naming what is missing.
 */
export function unavailable(t: TestContext, missing: string | false | undefined | null): boolean {
  if (!missing) return false;
  if (IN_CI) assert.fail(`${missing}. CI must provide it: this test fails in CI rather than skip.`);
  t.skip(missing);
  return true;
}

/**
 * Options for `test()` or `describe()` whose tests need something: `{ skip: reason }` locally,
 * `{}` in CI — where the tests then run and must fail on their own (see `database()` in
 * tests/server/helpers.ts, which fails for a database that is not there).
 */
export function skipOutsideCi(missing: string | false | undefined | null): { skip?: string } {
  return missing && !IN_CI ? { skip: missing } : {};
}
