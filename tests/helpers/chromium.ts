import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

import flags from './chromium.json' with { type: 'json' };

/** Debian's Chromium; no browser download works on these machines. */
export const CHROMIUM_PATH = process.env.CHROME_PATH ?? flags.executablePath;

/** Flags that let Chromium run as root, offline, without flooding refused connections. */
export const CHROMIUM_ARGS: readonly string[] = flags.args;

/**
 * Launches Debian's Chromium headless. Playwright gives every launch a fresh,
 * temporary profile (user-data-dir) and removes it on close().
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}; run "npm test", which installs it`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
}
