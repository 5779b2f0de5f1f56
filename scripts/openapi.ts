/**
 * openapi.json, the OpenAPI 3.1 document of every proxy route, generated from the routes' zod
 * schemas (server/plugins/openapi.ts).
 *
 *   npm run openapi                             writes openapi.json
 *   node --import tsx scripts/openapi.ts --check  fails with a diff when the committed file is stale
 *                                               (part of the lint step of tests/run.mjs, so CI fails on drift)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';

export const OPENAPI_FILE = join(import.meta.dirname, '..', 'openapi.json');

/** The document as committed: the sandbox configuration (the routes are the same in production; only /docs is not served there). */
export async function openApiDocument(): Promise<string> {
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://' }), { logger: false, orderSweepEvery: 0, retentionSweepEvery: 0 });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

/** A unified diff of two texts (git's, which needs no repository with --no-index). */
function diff(committed: string, generated: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ck-openapi-'));
  try {
    writeFileSync(join(dir, 'generated.json'), generated);
    const out = spawnSync('git', ['diff', '--no-index', '--no-color', '--', committed, join(dir, 'generated.json')], { encoding: 'utf8' });
    return out.stdout || out.stderr || '(no diff tool: compare by hand)';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main ?? process.argv[1] === import.meta.filename) {
  const generated = await openApiDocument();
  const name = relative(process.cwd(), OPENAPI_FILE);
  if (process.argv.includes('--check')) {
    const committed = existsSync(OPENAPI_FILE) ? readFileSync(OPENAPI_FILE, 'utf8') : '';
    if (committed !== generated) {
      console.error(diff(OPENAPI_FILE, generated));
      console.error(`✖ ${name} is out of date with the routes' schemas: run "npm run openapi" and commit it.`);
      process.exit(1);
    }
    console.log(`✔ ${name} matches the routes' schemas`);
  } else {
    writeFileSync(OPENAPI_FILE, generated);
    console.log(`wrote ${name}`);
  }
}
