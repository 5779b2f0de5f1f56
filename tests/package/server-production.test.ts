/**
 * The proxy as an operator deploys it: `npm run build:server` (part of `npm run build`) compiled
 * it to dist/server; here it is copied with the built kit, package.json and the lockfile into an
 * empty directory, installed with `npm ci --omit=dev` (no tsx, no TypeScript, no Vite), and
 * started with `node dist/server/main.js` in production mode, configured by a `.env` file.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { startServer } from '../helpers/server-process';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'ck-prod-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsFiles(path) : name.endsWith('.js') ? [path] : [];
  });
}

before(async () => {
  for (const built of ['dist/server/main.js', 'dist/kit/checkout-kit.js']) {
    assert.ok(existsSync(join(root, built)), `${built} is not built: run \`npm run build\``);
  }
  for (const path of ['package.json', 'package-lock.json', 'dist/server', 'dist/contract', 'dist/kit']) cpSync(join(root, path), join(scratch, path), { recursive: true });
  // The shop's own catalog (production never sells the demo catalog).
  const catalog = JSON.parse(readFileSync(join(root, 'server/catalog/demo-catalog.json'), 'utf8'));
  catalog.products[0].name = 'Harbour Goods mug';
  writeFileSync(join(scratch, 'catalog.json'), JSON.stringify(catalog));
  await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: scratch, maxBuffer: 16 * 1024 * 1024 });
});

test('every package the built server imports is a production dependency; no dev tool is installed', () => {
  const imported = new Set<string>();
  for (const file of jsFiles(join(scratch, 'dist/server')).concat(jsFiles(join(scratch, 'dist/contract')))) {
    const code = readFileSync(file, 'utf8');
    for (const [, fromSpec, dynamicSpec] of code.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*["']([^"'./\s][^"'\s]*)["']|\bimport\(\s*["']([^"'./\s][^"'\s]*)["']\s*\)/gm)) {
      const spec = (fromSpec ?? dynamicSpec)!;
      if (spec.startsWith('node:')) continue;
      imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  assert.ok(imported.has('fastify') && imported.has('prom-client'), [...imported].join(', '));
  for (const name of imported) assert.ok(pkg.dependencies[name], `${name} is imported at run time: it must be in dependencies`);
  for (const dev of ['tsx', 'typescript', 'vite', 'esbuild']) assert.ok(!existsSync(join(scratch, 'node_modules', dev)), `${dev} is not installed by npm ci --omit=dev`);
});

test('node dist/server/main.js starts in production from .env: /healthz, the kit script, no /docs, and a clean SIGTERM', { timeout: 180_000 }, async (t) => {
  writeFileSync(
    join(scratch, '.env'),
    [
      'CKO_ENVIRONMENT=production',
      'CKO_SECRET_KEY=sk_abcdefghijklmnopqrstuvwxyz234567',
      'CKO_PUBLIC_KEY=pk_abcdefghijklmnopqrstuvwxyz234567',
      'SESSION_SECRET=a-session-secret-of-at-least-32-characters',
      'GIFT_CARD_SECRET=a-gift-card-secret-of-at-least-32-characters',
      'CATALOG_FILE=catalog.json',
      'USERS_FILE=none',
      'ALLOWED_ORIGINS=https://shop.example',
      'PUBLIC_BASE_URL=https://pay.shop.example',
      'RESULT_PAGES_URL=https://shop.example/checkout',
      // The environment wins over the file: the test's free port, not this one.
      'PORT=1',
      '',
    ].join('\n'),
  );
  const server = await startServer({ DATA_DIR: join(scratch, '.data') }, ['dist/server/main.js'], scratch);
  t.after(() => server.child.kill('SIGKILL'));
  assert.match(server.output(), /Checkout\.com: production/);

  const health = await fetch(`${server.url}/healthz`);
  assert.equal(health.status, 200);
  const kit = await fetch(`${server.url}/kit/checkout-kit.js`, { headers: { origin: 'https://shop.example' } });
  assert.equal(kit.status, 200);
  assert.match(String(kit.headers.get('content-type')), /javascript/);
  assert.equal(await kit.text(), readFileSync(join(root, 'dist/kit/checkout-kit.js'), 'utf8'));
  // The pinned URL of the README's snippet: immutable, and the bytes its integrity hash names.
  const pinned = /src="https:\/\/YOUR-PROXY(\/kit\/[^"]+\/checkout-kit\.js)" integrity="([^"]+)"/.exec(readFileSync(join(root, 'README.md'), 'utf8'));
  assert.ok(pinned, 'README.md pins the kit');
  const versioned = await fetch(`${server.url}${pinned[1]}`, { headers: { origin: 'https://shop.example' } });
  assert.equal(versioned.status, 200, pinned[1]);
  assert.equal(versioned.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  // The shop's own origin is answered by name (the API's CORS, with Vary: Origin for caches), any other with *.
  assert.equal(versioned.headers.get('access-control-allow-origin'), 'https://shop.example');
  assert.match(String(versioned.headers.get('vary')), /origin/i);
  const elsewhere = await fetch(`${server.url}${pinned[1]}`, { headers: { origin: 'https://another-shop.example' } });
  assert.equal(elsewhere.headers.get('access-control-allow-origin'), '*');
  assert.equal(`sha384-${createHash('sha384').update(Buffer.from(await versioned.arrayBuffer())).digest('base64')}`, pinned[2]);
  const catalog = (await (await fetch(`${server.url}/api/catalog`)).json()) as { products: Array<{ name: string }> };
  assert.equal(catalog.products[0]?.name, 'Harbour Goods mug', 'the shop’s catalog named in .env');
  assert.equal((await fetch(`${server.url}/docs/`)).status, 404, 'no API reader in production');

  server.child.kill('SIGTERM');
  assert.equal(await server.exited, 0, server.output());
});
