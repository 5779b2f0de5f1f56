#!/usr/bin/env node
// The whole test suite, as `npm test` and CI run it: lint, typecheck, build, size budget,
// the npm package (pack, install, strict compile) and the production server build (npm ci --omit=dev, start), server tests, component tests (real Chromium), end-to-end tests, Storybook smoke test.
//
// - Every step runs even after a failure, except those that need the build (size, e2e,
//   Storybook): when the build step failed they are reported as not run, never run against a
//   stale dist/.
// - A failed component or e2e test FILE is run once more, alone. When the retry passes the
//   step passes but the file is printed as FLAKY by name in the summary: every FLAKY line is
//   a bug to fix (README, "Flaky tests"). When it fails again, the step fails.
// - Each test and each test file has its own time limit (node --test applies it to both:
//   CK_TEST_TIMEOUT_S, default 300 s; the Storybook file, one test per story, 900 s), each step
//   one too (STEP_TIMEOUT_MIN, default 15): a hung test fails by name instead of stalling CI.
// - The summary shows tests, passed, failed, skipped, todo and cancelled counts; in CI
//   (CI=true) a skipped test fails its step: a test that cannot run in CI must say so by failing.
//
//   node tests/run.mjs [step …]     e.g. `node tests/run.mjs server e2e`
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const scratch = mkdtempSync(join(tmpdir(), 'ck-run-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

function testFiles(dir, suffix = '.test.ts') {
  const out = [];
  for (const name of readdirSync(join(root, dir)).sort()) {
    const path = join(root, dir, name);
    if (statSync(path).isDirectory()) out.push(...testFiles(relative(root, path), suffix));
    else if (name.endsWith(suffix)) out.push(relative(root, path));
  }
  return out;
}

const STEP_TIMEOUT_MS = Number(process.env.STEP_TIMEOUT_MIN ?? 15) * 60_000;
const TEST_TIMEOUT_S = Number(process.env.CK_TEST_TIMEOUT_S ?? 300);

/** node --test over `files`, with the spec reporter on stdout and our results reporter to a file. */
const nodeTest = (extra = [], timeoutS = TEST_TIMEOUT_S) => (files, resultsFile) => [
  'node',
  [
    '--import', 'tsx', '--test', `--test-timeout=${timeoutS * 1000}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=./tests/helpers/results-reporter.mjs', `--test-reporter-destination=${resultsFile}`,
    ...extra, ...files,
  ],
  {},
];

/** What node --test's results reporter wrote: failed files, skipped and todo tests. */
function nodeResults(resultsFile) {
  const failed = new Set();
  const skipped = [];
  if (!existsSync(resultsFile)) return { failed: null, skipped };
  for (const line of readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean)) {
    const entry = JSON.parse(line);
    const file = entry.file ? relative(root, entry.file.replace(/^file:\/\//, '')) : null;
    if (entry.kind === 'fail') {
      // A failure we cannot place in a file cannot be retried by file: report "unknown".
      if (!file) return { failed: null, skipped };
      failed.add(file);
    } else if (entry.kind === 'skip') skipped.push({ file, name: entry.name, reason: entry.reason });
  }
  return { failed: [...failed], skipped };
}

/** The web test runner over `files` (all of tests/components when none are named). */
const wtr = (files, resultsFile) => [
  'npx',
  ['wtr', ...(ci ? ['--static-logging'] : [])],
  { CK_WTR_RESULTS: resultsFile, ...(files.length ? { CK_WTR_FILES: files.join(',') } : {}) },
];

function wtrResults(resultsFile) {
  if (!existsSync(resultsFile)) return { failed: null, skipped: [] };
  const { failed, skipped } = JSON.parse(readFileSync(resultsFile, 'utf8'));
  return { failed, skipped };
}

const NODE_SUMMARY = /^ℹ (tests|pass|fail|skipped|todo|cancelled) \d+/;

/**
 * Each step: a command (or a test command over files, with a way to read which files failed),
 * a way to find its summary lines in the output, whether it needs the build, whether a failed
 * file is retried once.
 */
const steps = [
  // Lint, and the drift check of the committed openapi.json against the routes' schemas (both run; either fails the step).
  {
    name: 'lint',
    cmd: ['sh', ['-c', 'npx eslint . --max-warnings=0; lint=$?; node --import tsx scripts/openapi.ts --check; drift=$?; exit $((lint | drift))']],
    summary: /✖ .*problems?|openapi\.json (is out of date|matches)/,
  },
  { name: 'typecheck', cmd: ['npm', ['run', '--silent', 'typecheck']], summary: /error TS|Found \d+ error/ },
  { name: 'build', cmd: ['npm', ['run', '--silent', 'build']], summary: /error/i },
  { name: 'size', cmd: ['node', ['tests/size-budget.mjs']], summary: /^# size/, needsBuild: true },
  // The npm package: packed, installed into a scratch app, compiled with strict TypeScript.
  { name: 'package', files: () => testFiles('tests/package'), test: nodeTest(), results: nodeResults, needsBuild: true, summary: NODE_SUMMARY },
  { name: 'server', files: () => testFiles('tests/server'), test: nodeTest(), results: nodeResults, summary: NODE_SUMMARY },
  {
    name: 'components',
    files: () => [],
    test: wtr,
    results: wtrResults,
    retry: true,
    summary: /(\d+)\/\1 test files \| \d+ passed, \d+ failed|^Finished running tests/,
  },
  {
    name: 'e2e',
    files: () => testFiles('tests/e2e'),
    test: nodeTest(['--test-concurrency=1']),
    results: nodeResults,
    retry: true,
    needsBuild: true,
    summary: NODE_SUMMARY,
  },
  { name: 'storybook', files: () => testFiles('tests/storybook'), test: nodeTest([], Math.max(TEST_TIMEOUT_S, 900)), results: nodeResults, needsBuild: true, summary: NODE_SUMMARY },
];

const only = process.argv.slice(2);
const unknown = only.filter((name) => !steps.some((s) => s.name === name));
if (unknown.length) {
  console.error(`unknown step(s): ${unknown.join(', ')} (steps: ${steps.map((s) => s.name).join(', ')})`);
  process.exit(2);
}
const selected = only.length ? steps.filter((s) => only.includes(s.name)) : steps;

/** Runs one command; resolves with its exit status, its plain output lines and whether it timed out. */
function exec([command, args, env = {}]) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, FORCE_COLOR: ci ? '0' : '1', ...env }, detached: true });
    // A step that hangs (a leaked handle, a stuck browser) fails instead of stalling CI.
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, STEP_TIMEOUT_MS);
    const lines = [];
    let buffer = '';
    const onData = (chunk) => {
      process.stdout.write(chunk);
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      lines.push(...parts);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (buffer) lines.push(buffer);
      if (timedOut) lines.push(`step timed out after ${STEP_TIMEOUT_MS / 60000} min`);
      // eslint-disable-next-line no-control-regex
      const plain = lines.map((l) => l.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').trim());
      resolvePromise({ code, timedOut, plain });
    });
  });
}

function summaryOf(step, plain) {
  const timedOut = plain.filter((l) => l.startsWith('step timed out'));
  if (step.summary !== NODE_SUMMARY) return [...new Set([...plain.filter((l) => l && step.summary.test(l)), ...timedOut])].slice(-3);
  // node --test: one line of counts, e.g. "tests 120, pass 119, fail 1, skipped 0, todo 0, cancelled 0".
  const count = (name) => plain.findLast((l) => l.startsWith(`ℹ ${name} `))?.split(' ')[2] ?? '?';
  return [['tests', 'pass', 'fail', 'skipped', 'todo', 'cancelled'].map((n) => `${n} ${count(n)}`).join(', '), ...timedOut];
}

/**
 * What a failed run said about its failures, printed above the summary so that the tail of
 * a CI log names the failing tests: node --test's "failing tests" section, else the last lines.
 */
function failureDetails(plain) {
  const start = plain.findIndex((l) => /^✖ failing tests:/.test(l));
  const lines = start >= 0 ? plain.slice(start + 1) : plain.slice(-12);
  return lines.filter((l) => l && !/^at /.test(l)).slice(0, 20);
}

async function runStep(step, buildFailed) {
  const started = Date.now();
  const result = { name: step.name, ok: false, seconds: 0, summary: [], details: [], flaky: [], notes: [] };
  const done = () => ({ ...result, seconds: (Date.now() - started) / 1000 });
  if (step.needsBuild && buildFailed) {
    result.summary = ['not run: the build failed (never tested against a stale dist/)'];
    return done();
  }
  if (step.cmd) {
    const { code, timedOut, plain } = await exec(step.cmd);
    result.ok = code === 0 && !timedOut;
    result.summary = summaryOf(step, plain).slice(-3);
    if (!result.ok) result.details = failureDetails(plain);
    return done();
  }

  const firstResults = join(scratch, `${step.name}-1.json`);
  const first = await exec(step.test(step.files(), firstResults));
  const { failed, skipped } = step.results(firstResults);
  result.summary = summaryOf(step, first.plain);
  let ok = first.code === 0 && !first.timedOut;
  if (!ok) result.details = failureDetails(first.plain);

  if (!ok && step.retry && !first.timedOut && failed?.length) {
    console.log(`\n━━━ ${step.name}: retrying ${failed.length} failed file(s) once: ${failed.join(', ')} ━━━`);
    const retryResults = join(scratch, `${step.name}-2.json`);
    const retry = await exec(step.test(failed, retryResults));
    const again = step.results(retryResults).failed;
    const stillFailing = retry.code === 0 && !retry.timedOut ? [] : (again ?? failed);
    result.flaky = failed.filter((file) => !stillFailing.includes(file));
    ok = stillFailing.length === 0;
    result.summary = [...result.summary, `retry: ${failed.length - stillFailing.length} of ${failed.length} file(s) passed`];
    result.details = ok ? [] : [`failed twice: ${stillFailing.join(', ')}`, ...failureDetails(retry.plain)];
  }

  if (skipped.length) {
    result.notes.push(...skipped.map((s) => `skipped: ${s.file ?? '?'} › ${s.name}${s.reason ? ` (${s.reason})` : ''}`));
    if (ci) {
      ok = false;
      result.details.push(`${skipped.length} test(s) skipped in CI: a test that cannot run in CI must fail, not skip`, ...result.notes);
    }
  }
  result.ok = ok;
  return done();
}

const results = [];
let buildFailed = false;
for (const step of selected) {
  console.log(`\n━━━ ${step.name} ━━━`);
  const result = await runStep(step, buildFailed);
  if (step.name === 'build' && !result.ok) buildFailed = true;
  results.push(result);
}

for (const r of results.filter((x) => !x.ok)) {
  console.log(`\n━━━ ${r.name}: what failed ━━━`);
  for (const line of r.details) console.log(`  ${line}`);
}
const notes = results.flatMap((r) => r.notes.map((n) => `${r.name}: ${n}`));
if (notes.length && !ci) {
  console.log('\n━━━ skipped (locally allowed; CI fails on these) ━━━');
  for (const note of notes) console.log(`  ${note}`);
}
console.log('\n━━━ summary ━━━');
for (const r of results) {
  console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(11)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.summary.join(' · ')}`);
}
const flaky = results.flatMap((r) => r.flaky.map((file) => `FLAKY  ${r.name.padEnd(11)} ${file} (failed, then passed when run again alone: fix it now)`));
if (flaky.length) console.log(`\n${flaky.join('\n')}`);
const failed = results.filter((r) => !r.ok);
console.log(failed.length ? `\n${failed.length} step(s) failed: ${failed.map((r) => r.name).join(', ')}` : `\nAll steps passed${flaky.length ? `, ${flaky.length} of them only on a retry (FLAKY above)` : ''}.`);
process.exit(failed.length ? 1 : 0);
