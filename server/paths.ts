/**
 * Where the app's files are: the directory holding package.json, found from this module, so the
 * same code finds dist/kit and demo-pages/ when run from the sources (server/) and when run
 * compiled (dist/server/, npm run build:server).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function appRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return join(from, '..');
  }
}

export const APP_ROOT = appRoot(import.meta.dirname);
