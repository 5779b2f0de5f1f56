/**
 * Loads every story of the built Storybook (dist/storybook) in Chromium and fails on a
 * console error, a page error, a failed request, a render error, a failed play function or an
 * accessibility violation. (Storybook's `storyFinished` reports success even when `play`
 * throws, so the test listens for `playFunctionThrewException` itself.)
 *
 * Accessibility: once a story has finished (its play function ran and, through the preview's
 * afterEach, its mocked answers arrived), axe-core checks the story's root with the story's own
 * `parameters.a11y` (context, config, options: the a11y addon's shape), the way the addon's
 * panel does. The addon's own result for the story must be there and agree: a story the panel
 * does not check (`a11y.disable`, `test: 'off'` or `'todo'`) fails, as does any violation
 * either of them finds. A rule a story must turn off is turned off in that story's
 * `parameters.a11y.config.rules`, with the reason beside it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import Fastify from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';

const repo = resolve(import.meta.dirname, '../..');
const root = resolve(repo, 'dist/storybook');

interface IndexEntry {
  id: string;
  title: string;
  name: string;
  type: 'story' | 'docs';
  importPath: string;
}

// Runs before Storybook's preview: records the channel's outcome events as soon as the
// channel is assigned to the window.
const RECORDER = `
  window.__ckStory = { rendered: false, finished: undefined, parameters: undefined, errors: [] };
  let channel;
  Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set: (value) => {
      channel = value;
      value.on('storyPrepared', (story) => { window.__ckStory.parameters = story.parameters; });
      value.on('storyRendered', () => { window.__ckStory.rendered = true; });
      value.on('storyFinished', (outcome) => { window.__ckStory.finished = outcome; });
      value.on('docsRendered', () => { window.__ckStory.rendered = true; });
      for (const name of ['playFunctionThrewException', 'storyThrewException', 'storyErrored', 'storyMissing']) {
        value.on(name, (error) => window.__ckStory.errors.push(name + ': ' + String((error && (error.message || error.description)) || JSON.stringify(error)).split('\\n')[0]));
      }
    },
  });
`;

interface Violation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

interface A11yReport {
  type: string;
  status: 'passed' | 'warning' | 'failed';
  result: { violations?: Violation[]; error?: unknown };
}

/**
 * axe-core over the story, as the a11y addon runs it (storybook/addon-a11y's a11yRunner):
 * the body without Storybook's own elements unless `parameters.a11y.context` says otherwise
 * (the preview sets the story's root), the addon's default of the `region` rule off (a story
 * shows an element, not a page with landmarks), then the story's `config` and `options`.
 * A string, not a function: tsx would wrap a function's inner names in `__name` helpers the
 * page does not have.
 */
const AXE_RUN = `(async () => {
  const a11y = window.__ckStory.parameters.a11y || {};
  const context = { include: document.body, exclude: ['.sb-wrapper', '#storybook-docs', '#storybook-highlights-root'] };
  const given = a11y.context;
  if (given) {
    const hasInclude = typeof given === 'object' && 'include' in given && given.include !== undefined;
    const hasExclude = typeof given === 'object' && 'exclude' in given && given.exclude !== undefined;
    if (hasInclude) context.include = given.include;
    else if (!hasExclude) context.include = given;
    if (hasExclude) context.exclude = context.exclude.concat(given.exclude);
  }
  const config = a11y.config || {};
  const rules = [{ id: 'region', enabled: false }, ...(config.rules || [])];
  let options = a11y.options || {};
  if (options.runOnly) {
    const off = Object.fromEntries(rules.filter((r) => r.enabled === false).map((r) => [r.id, { enabled: false }]));
    options = { ...options, rules: { ...off, ...options.rules } };
  }
  axe.reset();
  axe.configure({ ...config, rules });
  const result = await axe.run(context, options);
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
})()`;

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** "rule (impact): help — targets" for each violation. */
const describe = (violations: Violation[]) =>
  violations.map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''}`);

/** What is wrong with the story's accessibility, as the test's axe run and the addon's panel see it. */
async function a11yProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  const { parameters, finished } = (await page.evaluate('({ parameters: { a11y: window.__ckStory.parameters?.a11y }, finished: window.__ckStory.finished })')) as {
    parameters: { a11y?: { disable?: boolean; test?: string } };
    finished?: { status: string; reporters: A11yReport[] };
  };
  const a11y = parameters.a11y ?? {};
  if (a11y.disable || a11y.test !== 'error') {
    problems.push(`a11y: every story is checked (parameters.a11y has disable: ${String(a11y.disable)}, test: ${String(a11y.test)}); turn single rules off in parameters.a11y.config.rules, with the reason`);
  }
  await page.evaluate(axeSource);
  const ours = (await page.evaluate(AXE_RUN)) as Violation[];
  problems.push(...describe(ours).map((line) => `a11y: ${line}`));

  const report = finished?.reporters.find((r) => r.type === 'a11y');
  if (!report) problems.push('a11y: the a11y addon reported nothing for this story (its panel would show no check)');
  else if (report.result.error) problems.push(`a11y: the a11y addon failed: ${JSON.stringify(report.result.error)}`);
  else {
    const known = new Set(ours.map((v) => v.id));
    const panelOnly = (report.result.violations ?? []).filter((v) => !known.has(v.id));
    problems.push(...describe(panelOnly).map((line) => `a11y (addon panel): ${line}`));
    if (report.status !== 'passed' && ours.length === 0 && panelOnly.length === 0) {
      problems.push(`a11y: the addon panel says "${report.status}" where axe found nothing`);
    }
  }
  return problems;
}

/** The element a stories file documents (its meta's `component`). */
const componentOf = (importPath: string) => /component: '(ck-[a-z-]+)'/.exec(readFileSync(resolve(repo, importPath), 'utf8'))?.[1];

interface ManifestItem {
  name: string;
  kind?: string;
  privacy?: string;
  static?: boolean;
}
type ElementDoc = Record<'members' | 'attributes' | 'events' | 'slots' | 'cssParts' | 'cssProperties', ManifestItem[] | undefined> & { tagName?: string };

/**
 * The element's Docs table, section by section, against the custom-elements.json Storybook
 * was built with: its public properties, attributes, events, slots, CSS parts and CSS custom
 * properties, each listed exactly, and no private member.
 */
async function docsTableProblems(page: Page, tag: string): Promise<string[]> {
  // The manifest this Storybook was built with (setCustomElementsManifest keeps it on the window).
  const element = (await page.evaluate(
    `(window.__STORYBOOK_CUSTOM_ELEMENTS_MANIFEST__?.modules ?? []).flatMap((m) => m.declarations ?? []).find((d) => d.tagName === ${JSON.stringify(tag)})`,
  )) as ElementDoc | undefined;
  if (!element) return [`docs: <${tag}> is not in custom-elements.json`];
  await page.waitForSelector('.docblock-argstable tbody tr', { timeout: 5000 });
  const shown = (await page.evaluate(`(() => {
    const sections = {};
    let section = '';
    for (const row of document.querySelectorAll('.docblock-argstable tbody tr')) {
      const header = /^Hide (.+) items$/.exec(row.getAttribute('title') || '');
      if (header) { section = header[1]; continue; }
      (sections[section] = sections[section] || []).push(row.querySelector('td').textContent.trim());
    }
    return sections;
  })()`)) as Record<string, string[]>;
  const names = (items: ManifestItem[] | undefined) => (items ?? []).map((i) => i.name || '(default)').sort();
  const expected: Record<string, string[]> = {
    properties: names(element.members?.filter((m) => m.kind === 'field' && !m.static && !m.privacy && !m.name.startsWith('#'))),
    attributes: names(element.attributes),
    events: names(element.events),
    slots: names(element.slots),
    'css shadow parts': names(element.cssParts),
    'css custom properties': names(element.cssProperties),
  };
  const problems: string[] = [];
  for (const [section, want] of Object.entries(expected)) {
    const got = [...(shown[section] ?? [])].sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`docs: ${section} shows [${got.join(', ')}], custom-elements.json has [${want.join(', ')}]`);
  }
  return problems;
}

const indexFile = resolve(root, 'index.json');
const index = existsSync(indexFile) ? (JSON.parse(readFileSync(indexFile, 'utf8')) as { entries: Record<string, IndexEntry> }) : undefined;
// `STORIES=elements-seat-map,elements-cart` checks only entries whose id starts so (while working on one element).
const only = process.env.STORIES?.split(',').filter(Boolean);
const entries = Object.values(index?.entries ?? {}).filter((e) => !only || only.some((prefix) => e.id.startsWith(prefix)));

const server = Fastify();
let browser: Browser | undefined;
let context: BrowserContext;
let base = '';

before(async () => {
  if (!index) return;
  await server.register(fastifyStatic, { root });
  base = await server.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  context = await browser.newContext();
  await context.addInitScript(RECORDER);
});

after(async () => {
  await browser?.close();
  await server.close();
});

test('Storybook is built and has stories', () => {
  assert.ok(index, 'build Storybook first (npm run build:storybook)');
  assert.ok(Object.values(index.entries).some((e) => e.type === 'story'), 'Storybook has stories');
});

for (const entry of entries) {
  const checks = entry.type === 'story' ? ', its play function passes and axe finds no violation' : entry.importPath.endsWith('.stories.ts') ? ' and lists the public API of custom-elements.json' : '';
  test(`${entry.title} › ${entry.name} renders without errors${checks}`, async () => {
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
    try {
      await page.goto(`${base}/iframe.html?id=${entry.id}&viewMode=${entry.type === 'docs' ? 'docs' : 'story'}`);
      // A story is finished once its play function and afterEach (the a11y addon's check) ran.
      const done = entry.type === 'docs' ? 'window.__ckStory.rendered' : 'window.__ckStory.finished';
      const finished = await page
        .waitForFunction(`${done} || window.__ckStory.errors.length > 0`, null, { timeout: 15000 })
        .then(() => true, () => false);
      if (!finished) problems.push('did not finish within 15 s');
      problems.push(...((await page.evaluate('window.__ckStory.errors')) as string[]));
      if (entry.type === 'story' && finished && problems.length === 0) problems.push(...(await a11yProblems(page)));
      const tag = entry.type === 'docs' && entry.importPath.endsWith('.stories.ts') ? componentOf(entry.importPath) : undefined;
      if (tag && finished && problems.length === 0) problems.push(...(await docsTableProblems(page, tag)));
    } finally {
      await page.close();
    }
    assert.deepEqual(problems, [], `${entry.title} › ${entry.name}:\n    ${problems.join('\n    ')}`);
  });
}

/** Opens a story and waits until it has finished (play function and afterEach). */
async function openStory(id: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/iframe.html?id=${id}&viewMode=story`);
  await page.waitForFunction('window.__ckStory.finished || window.__ckStory.errors.length > 0', null, { timeout: 15000 });
  assert.deepEqual(await page.evaluate('window.__ckStory.errors'), []);
  return page;
}

test('Controls from the manifest drive the element: a property and a CSS custom property the story does not bind', async () => {
  const page = await openStory('elements-pay-button--default');
  try {
    // What the Controls panel sends when a control changes.
    await page.evaluate(`window.__STORYBOOK_ADDONS_CHANNEL__.emit('updateStoryArgs', {
      storyId: 'elements-pay-button--default',
      updatedArgs: { successUrl: '/thanks.html', '--ck-pay-button-background': '#5b21b6' },
    })`);
    await page.waitForFunction(`(() => {
      const button = document.querySelector('#storybook-root ck-pay-button');
      return button.successUrl === '/thanks.html' && button.style.getPropertyValue('--ck-pay-button-background') === '#5b21b6';
    })()`, null, { timeout: 5000 });
    const background = await page.evaluate(
      `getComputedStyle(document.querySelector('#storybook-root ck-pay-button').shadowRoot.querySelector('[part="button"]')).backgroundColor`,
    );
    assert.equal(background, 'rgb(91, 33, 182)', 'the pay button is painted with the colour picked in Controls');
  } finally {
    await page.close();
  }
});

test("the Actions panel logs an element's events, from the manifest", async () => {
  const page = await openStory('elements-cart--read-only');
  try {
    await page.evaluate(`window.__ckActions = [];
      window.__STORYBOOK_ADDONS_CHANNEL__.on('storybook/actions/action-event', (event) => window.__ckActions.push(event.data.name))`);
    await page.evaluate(`window.__STORYBOOK_ADDONS_CHANNEL__.emit('updateStoryArgs', { storyId: 'elements-cart--read-only', updatedArgs: { readonly: false } })`);
    const increase = page.locator('#storybook-root ck-cart').getByRole('button', { name: /^Increase quantity of / }).first();
    await increase.click();
    await page.waitForFunction('window.__ckActions.includes("ck-cart-change")', null, { timeout: 5000 });
  } finally {
    await page.close();
  }
});
