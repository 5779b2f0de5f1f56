/**
 * A React shop built the way a shop builds one: the kit's npm tarball (`npm pack` of
 * dist/package) installed with React from the registry into an empty app, bundled by
 * Vite, served from its own origin (in ALLOWED_ORIGINS), pointed at the proxy with
 * `<CkProvider endpoint>`. The shopper adds a case, pays with 4242 in (emulated) Flow, and the
 * app's typed `onCkPaymentSuccess` callback receives the payment the proxy verified.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { launchChromium } from '../helpers/chromium';
import { expectText, fillPayButtonShipping, payInFlow, paymentAsShopper, watchPage } from '../helpers/page';
import { freePort, startProxy, type RunningProxy } from '../helpers/proxy';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const pkgDir = join(root, 'dist/package');
const scratch = mkdtempSync(join(tmpdir(), 'ck-react-'));
const app = join(scratch, 'app');

let proxy: RunningProxy;
let browser: Browser;
let site: Server;
let siteUrl = '';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };

before(async () => {
  assert.ok(
    existsSync(join(pkgDir, 'dist/index.js')),
    'dist/package is not built: run `npm run build:package`',
  );
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: pkgDir });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  assert.ok(packed);
  mkdirSync(join(app, 'src'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'react-shop', private: true, type: 'module' }));
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      join(scratch, packed.filename),
      'react@^19',
      'react-dom@^19',
    ],
    {
      cwd: app,
    },
  );

  const port = await freePort();
  siteUrl = `http://localhost:${port}`;
  proxy = await startProxy({ ALLOWED_ORIGINS: siteUrl });

  writeFileSync(
    join(app, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>React shop</title></head><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>`,
  );
  writeFileSync(
    join(app, 'src/main.tsx'),
    `import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { CkCart, CkPayButton, CkProductList, CkProvider } from 'checkout-kit/react';

function Shop() {
  const [paid, setPaid] = useState('');
  return (
    <CkProvider endpoint=${JSON.stringify(proxy.url)} currency="HKD">
      <main>
        <CkProductList category="cases" />
        <CkCart />
        <CkPayButton onCkPaymentSuccess={(event) => setPaid(event.detail.paymentId + ' ' + event.detail.amount + ' ' + event.detail.currency)} />
        <p id="paid">{paid ? 'Paid ' + paid : 'Not paid'}</p>
      </main>
    </CkProvider>
  );
}

createRoot(document.getElementById('root')!).render(<StrictMode><Shop /></StrictMode>);
`,
  );
  await build({
    root: app,
    configFile: false,
    logLevel: 'warn',
    build: { outDir: join(app, 'dist'), emptyOutDir: true },
  });

  const dist = join(app, 'dist');
  site = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', siteUrl).pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dist, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dist) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => site.listen(port, '127.0.0.1', resolve));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
  await proxy?.close();
  rmSync(scratch, { recursive: true, force: true });
});

test('a Vite + React app using checkout-kit/react pays with 4242 in Flow and gets the verified payment in onCkPaymentSuccess', async () => {
  // The app bundles its own Lit: nothing is loaded from the proxy's /kit/.
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchPage(page);
  const kitRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(`${proxy.url}/kit/`)) kitRequests.push(request.url());
  });
  await page.goto(`${siteUrl}/`);

  await page.getByRole('button', { name: 'Add to cart iPhone 16 Clear case' }).click();
  await expectText(page.locator('ck-cart [part="subtotal"] dd'), 'HK$199.00');
  const pay = page.locator('ck-pay-button');
  await pay.getByLabel('Email').fill('mei.chan@example.com');
  await pay.getByLabel('Full name').fill('Mei Chan');
  await fillPayButtonShipping(pay, undefined, /Standard international/);
  await pay.getByRole('button', { name: 'Pay now' }).click();
  await payInFlow(page, '4242 4242 4242 4242');

  // HK$199.00 for the case + HK$60.00 for the standard international delivery chosen in the pay
  // button's shipping step: 25900 minor units, as the proxy priced and verified it.
  await expectText(page.locator('#paid'), /^Paid pay_\w+ 25900 HKD$/, 20000);
  const paymentId = ((await page.locator('#paid').textContent()) ?? '').split(' ')[1] ?? '';
  const payment = await paymentAsShopper(page, proxy.url, paymentId);
  assert.equal(payment.amount, 25900);
  assert.equal(payment.currency, 'HKD');
  assert.deepEqual(kitRequests, []);
  assert.deepEqual(errors, []);
  await context.close();
});
