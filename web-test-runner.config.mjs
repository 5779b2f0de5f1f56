import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';

import flags from './tests/helpers/chromium.json' with { type: 'json' };

const executablePath = process.env.CHROME_PATH ?? flags.executablePath;
const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * For tests/run.mjs: when CK_WTR_RESULTS names a file, write which test files failed and
 * which tests were skipped there, so the runner can retry a failed file by name.
 */
function resultsReporter(path) {
  const skippedIn = (suite, prefix = []) => [
    ...suite.tests.filter((t) => t.skipped).map((t) => [...prefix, t.name].join(' › ')),
    ...suite.suites.flatMap((s) => skippedIn(s, [...prefix, s.name])),
  ];
  return {
    stop({ sessions }) {
      const failed = new Set();
      const skipped = [];
      for (const session of sessions) {
        const file = relative(root, session.testFile);
        if (!session.passed) failed.add(file);
        if (session.testResults) skipped.push(...skippedIn(session.testResults).map((name) => ({ file, name })));
      }
      writeFileSync(path, JSON.stringify({ failed: [...failed], skipped }));
    },
  };
}

export default {
  // tests/run.mjs retries a failed file alone through CK_WTR_FILES (comma-separated).
  files: process.env.CK_WTR_FILES ? process.env.CK_WTR_FILES.split(',') : ['tests/components/**/*.test.ts'],
  nodeResolve: true,
  // One page at a time: keyboard and focus tests need the focused tab.
  concurrency: 1,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
  reporters: [defaultReporter(), ...(process.env.CK_WTR_RESULTS ? [resultsReporter(process.env.CK_WTR_RESULTS)] : [])],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: flags.args,
      },
    }),
  ],
  testFramework: { config: { timeout: 10000 } },
};
