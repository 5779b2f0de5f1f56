/**
 * Loads every story of the built Storybook (dist/storybook) in Chromium and fails on a
 * console error, a page error, a failed request, a render error or a failed play function.
 * (Storybook's `storyFinished` reports success even when `play` throws, so the test listens
 * for `playFunctionThrewException` itself.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';

const root = resolve(import.meta.dirname, '../../dist/storybook');
const server = Fastify();
let browser: Browser;
let base = '';

interface IndexEntry {
  id: string;
  title: string;
  name: string;
  type: 'story' | 'docs';
}

// Runs before Storybook's preview: records the channel's outcome events as soon as the
// channel is assigned to the window.
const RECORDER = `
  window.__ckStory = { rendered: false, errors: [] };
  let channel;
  Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set: (value) => {
      channel = value;
      value.on('storyRendered', () => { window.__ckStory.rendered = true; });
      value.on('docsRendered', () => { window.__ckStory.rendered = true; });
      for (const name of ['playFunctionThrewException', 'storyThrewException', 'storyErrored', 'storyMissing']) {
        value.on(name, (error) => window.__ckStory.errors.push(name + ': ' + String((error && (error.message || error.description)) || JSON.stringify(error)).split('\\n')[0]));
      }
    },
  });
`;

before(async () => {
  assert.ok(existsSync(resolve(root, 'index.json')), 'build Storybook first (npm run build:storybook)');
  await server.register(fastifyStatic, { root });
  base = await server.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server.close();
});

test('every story renders without errors and its play function passes', async () => {
  const index = JSON.parse(readFileSync(resolve(root, 'index.json'), 'utf8')) as { entries: Record<string, IndexEntry> };
  // `STORIES=elements-seat-map,elements-cart` checks only entries whose id starts so (while working on one element).
  const only = process.env.STORIES?.split(',').filter(Boolean);
  const entries = Object.values(index.entries).filter((e) => !only || only.some((prefix) => e.id.startsWith(prefix)));
  assert.ok(entries.filter((e) => e.type === 'story').length > 0, 'Storybook has stories');

  const failures: string[] = [];
  const context = await browser.newContext();
  await context.addInitScript(RECORDER);
  for (const entry of entries) {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // The browser's own favicon probe is not the story's doing.
      if (message.type() !== 'error' || message.location().url.endsWith('/favicon.ico')) return;
      problems.push(`console error: ${message.text()} ${message.location().url}`);
    });
    page.on('response', (response) => response.status() >= 400 && problems.push(`HTTP ${response.status()}: ${response.url()}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    const viewMode = entry.type === 'docs' ? 'docs' : 'story';
    await page.goto(`${base}/iframe.html?id=${entry.id}&viewMode=${viewMode}`);
    try {
      await page.waitForFunction('window.__ckStory.rendered || window.__ckStory.errors.length > 0', null, { timeout: 15000 });
    } catch {
      problems.push('did not finish rendering within 15 s');
    }
    problems.push(...((await page.evaluate('window.__ckStory.errors')) as string[]));
    if (problems.length) failures.push(`${entry.title} › ${entry.name}:\n    ${problems.join('\n    ')}`);
    await page.close();
  }
  await context.close();
  console.log(`# storybook: ${entries.length} entries checked, ${failures.length} failed`);
  assert.deepEqual(failures, [], failures.join('\n'));
});
