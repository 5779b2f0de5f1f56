/**
 * `npm run build:server`: the proxy compiled to JavaScript for production (dist/server/main.js,
 * run with `node dist/server/main.js`, no tsx). Vite's SSR build, the same tool that builds the
 * kit: every package import stays an import (node_modules is installed with `npm ci
 * --omit=dev`), one output module per source module (the same layout as server/ and contract/,
 * so `import.meta.dirname` still finds each module's neighbours), and the files the server reads
 * at run time (catalog, FX fallback, demo users, SQL migrations, the emulator's client pages)
 * copied next to them.
 */
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const root = import.meta.dirname;
const OUT = resolve(root, 'dist');

/** Every file of server/ the code reads by path (anything but TypeScript sources). */
function runtimeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return runtimeFiles(path);
    return name.endsWith('.ts') ? [] : [path];
  });
}

function serverFiles(): Plugin {
  return {
    name: 'ck:server-files',
    apply: 'build',
    buildStart() {
      // dist/ also holds the kit, the package and Storybook: only the server's own output is replaced.
      for (const dir of ['server', 'contract']) rmSync(join(OUT, dir), { recursive: true, force: true });
    },
    writeBundle() {
      for (const file of runtimeFiles(resolve(root, 'server'))) cpSync(file, join(OUT, relative(root, file)));
    },
  };
}

export default defineConfig({
  publicDir: false,
  plugins: [serverFiles()],
  build: {
    ssr: true,
    outDir: OUT,
    emptyOutDir: false,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: { 'server/main': resolve(root, 'server/main.ts') },
      output: { format: 'es', preserveModules: true, preserveModulesRoot: root, entryFileNames: '[name].js' },
    },
  },
});
