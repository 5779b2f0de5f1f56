#!/usr/bin/env node
// The whole test suite, as `npm test` and CI run it: lint, typecheck, build, size budget,
// server tests, component tests (real Chromium), end-to-end tests, Storybook smoke test.
// Every step runs even after a failure; the summary lists each step's own result line and
// the exit code is non-zero when anything failed.
//
//   node tests/run.mjs [step …]     e.g. `node tests/run.mjs server e2e`
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const ci = process.env.CI === 'true' || process.env.CI === '1';

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

const nodeTest = (files, extra = []) => ['node', ['--import', 'tsx', '--test', '--test-reporter=spec', ...extra, ...files]];

/** Each step: a command and a way to find its summary line in the output. */
const steps = [
  { name: 'lint', cmd: ['npx', ['eslint', '.', '--max-warnings=0']], summary: /✖ .*problems?|^$/ },
  { name: 'typecheck', cmd: ['npm', ['run', '--silent', 'typecheck']], summary: /error TS|Found \d+ error/ },
  { name: 'build', cmd: ['npm', ['run', '--silent', 'build']], summary: /error/i },
  { name: 'size', cmd: ['node', ['tests/size-budget.mjs']], summary: /^# size/ },
  { name: 'server', cmd: nodeTest(testFiles('tests/server')), summary: /^ℹ (tests|pass|fail) / },
  {
    name: 'components',
    cmd: ['npx', ['wtr', ...(ci ? ['--static-logging'] : [])]],
    summary: /(\d+)\/\1 test files \| \d+ passed, \d+ failed$|^Finished running tests/,
  },
  { name: 'e2e', cmd: nodeTest(testFiles('tests/e2e'), ['--test-concurrency=1']), summary: /^ℹ (tests|pass|fail) / },
  { name: 'storybook', cmd: nodeTest(testFiles('tests/storybook')), summary: /^ℹ (tests|pass|fail) |^# storybook/ },
];

const only = process.argv.slice(2);
const selected = only.length ? steps.filter((s) => only.includes(s.name)) : steps;

function run(step) {
  return new Promise((resolvePromise) => {
    const started = Date.now();
    const [command, args] = step.cmd;
    const child = spawn(command, args, { cwd: root, env: { ...process.env, FORCE_COLOR: ci ? '0' : '1' }, detached: true });
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
      if (timedOut) lines.push(`step timed out after ${STEP_TIMEOUT_MS / 60000} min`);
      if (buffer) lines.push(buffer);
      // eslint-disable-next-line no-control-regex
      const plain = lines.map((l) => l.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').trim());
      const summary = [...new Set(plain.filter((l) => l && (step.summary.test(l) || l.startsWith('step timed out'))))].slice(-3);
      const ok = code === 0 && !timedOut;
      resolvePromise({ name: step.name, ok, seconds: (Date.now() - started) / 1000, summary, details: ok ? [] : failureDetails(plain) });
    });
  });
}

/**
 * What a failed step said about its failures, printed above the summary so that the tail of
 * a CI log names the failing tests: node --test's "failing tests" section, else the last lines.
 */
function failureDetails(plain) {
  const start = plain.findIndex((l) => /^✖ failing tests:/.test(l));
  const lines = start >= 0 ? plain.slice(start + 1) : plain.slice(-12);
  return lines.filter(Boolean).slice(0, 12);
}

const results = [];
for (const step of selected) {
  console.log(`\n━━━ ${step.name} ━━━`);
  results.push(await run(step));
}

for (const r of results.filter((x) => !x.ok)) {
  console.log(`\n━━━ ${r.name}: what failed ━━━`);
  for (const line of r.details) console.log(`  ${line}`);
}
console.log('\n━━━ summary ━━━');
for (const r of results) {
  console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(11)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.summary.join(' · ')}`);
}
const failed = results.filter((r) => !r.ok);
console.log(failed.length ? `\n${failed.length} step(s) failed: ${failed.map((r) => r.name).join(', ')}` : '\nAll steps passed.');
process.exit(failed.length ? 1 : 0);
