#!/usr/bin/env node
// Makes a fresh clone runnable with nothing but Node and npm: installs the locked npm
// packages when they are missing or stale and, with --browser, Debian's Chromium.
// Runs before `npm start` and `npm test` (their pre-scripts), so the README's two commands
// work on a fresh machine.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const run = (cmd) => execSync(cmd, { stdio: 'inherit' });

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  console.log('checkout-kit: installing npm packages (npm ci)…');
  run('npm ci --no-audit --no-fund');
}

// Debian's Noto fonts: the PDF receipts (server/receipts/) set Chinese, Japanese and Arabic with
// them, for `npm start` and `npm test` alike. Without them receipts still render (built-in font,
// Latin only) and the proxy logs a warning, so a failed install does not stop the start.
const fonts = ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', '/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf', '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf'];
if (fonts.some((f) => !existsSync(f))) {
  console.log("checkout-kit: installing Debian's Noto fonts for the PDF receipts…");
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  try {
    run(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk fonts-noto-core >/dev/null`);
  } catch {
    console.warn('checkout-kit: could not install fonts-noto-cjk fonts-noto-core: PDF receipts fall back to the built-in font (no Chinese, Japanese or Arabic).');
  }
}

if (process.argv.includes('--browser')) {
  const chromium = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    console.log("checkout-kit: installing Debian's Chromium for the browser tests…");
    const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
    run(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null`);
  }
}
