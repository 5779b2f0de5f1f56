import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

import flags from './tests/helpers/chromium.json' with { type: 'json' };

const executablePath = process.env.CHROME_PATH ?? flags.executablePath;

export default {
  files: ['tests/components/**/*.test.ts'],
  nodeResolve: true,
  // One page at a time: keyboard and focus tests need the focused tab.
  concurrency: 1,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
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
