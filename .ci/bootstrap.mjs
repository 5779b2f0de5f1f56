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

if (process.argv.includes('--browser')) {
  const chromium = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    console.log("checkout-kit: installing Debian's Chromium for the browser tests…");
    const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
    run(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null`);
  }
}
