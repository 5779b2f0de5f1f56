/**
 * The proxy as a real process (`server/main.ts` through tsx, or the production build), on free
 * ports: what the shutdown and production-build tests drive with signals and HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './proxy';
import { eventually } from './wait';

const ROOT = join(import.meta.dirname, '..', '..');

export interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** `node --import tsx server/main.ts` on free ports (emulator mode, no embed demo, in-memory storage), ready when /healthz answers. */
export async function startServer(env: Record<string, string>, command: string[] = ['--import', 'tsx', 'server/main.ts'], cwd = ROOT): Promise<Running> {
  const [port, emulatorPort] = [await freePort(), await freePort()];
  let output = '';
  const child = spawn(process.execPath, command, {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), EMULATOR_PORT: String(emulatorPort), EMBED_DEMO: 'off', DATA_DIR: 'memory://', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  let gone = false;
  void exited.then(() => (gone = true));
  await eventually(async () => {
    if (gone) throw new Error(`the server exited while starting:\n${output}`);
    return fetch(`${url}/healthz`).then((r) => r.ok, () => false);
  }, 'the server to answer /healthz', 60_000);
  return { child, url, output: () => output, exited };
}
