/**
 * The proxy's shutdown (server/shutdown.ts), on a real process: `server/main.ts` started as
 * operators start it, a shopper's seat-map stream open, then SIGTERM.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get, type IncomingMessage } from 'node:http';
import { startServer } from '../helpers/server-process';
import { eventually } from '../helpers/wait';

const EVENT = 'harbour-strings-2031';

/** A seat-map stream, as `<ck-seat-map>` opens it: resolves once its first snapshot arrived. */
function openStream(url: string): Promise<{ res: IncomingMessage; ended: Promise<{ body: string; complete: boolean }> }> {
  return new Promise((resolve, reject) => {
    get(`${url}/api/events/${EVENT}/seats/stream`, (res) => {
      let body = '';
      // complete: the server ended the response properly (the last chunk), not a cut connection.
      const ended = new Promise<{ body: string; complete: boolean }>((done) => {
        res.on('end', () => done({ body, complete: res.complete }));
        res.on('close', () => done({ body, complete: res.complete }));
      });
      res.on('data', (chunk) => {
        body += chunk;
        if (body.includes('event: availability')) resolve({ res, ended });
      });
    }).once('error', reject);
  });
}

test('SIGTERM: the open seat stream is closed, the queue and the database close, and the process exits 0', { timeout: 120_000 }, async (t) => {
  const server = await startServer({});
  t.after(() => server.child.kill('SIGKILL'));
  const stream = await openStream(server.url);
  assert.equal(stream.res.statusCode, 200);

  server.child.kill('SIGTERM');
  const { body, complete } = await stream.ended;
  assert.match(body, /event: availability/, 'the stream had served its snapshot');
  assert.equal(complete, true, 'the server ended the stream (the browser reconnects to another proxy), not a cut connection');
  assert.equal(await server.exited, 0, server.output());
  assert.match(server.output(), /"msg":"shutting down: not ready, draining".*"signal":"SIGTERM"|"signal":"SIGTERM".*"msg":"shutting down: not ready, draining"/);
  assert.match(server.output(), /shut down: streams closed, queue work finished, database closed/);
  // Nothing listens any more: a new shopper is refused at the socket, not left hanging.
  await assert.rejects(fetch(`${server.url}/healthz`));
});

test('while draining /readyz says 503 (shutting down) and requests are still served; past SHUTDOWN_TIMEOUT_MS the process exits 1', { timeout: 120_000 }, async (t) => {
  const server = await startServer({ SHUTDOWN_DRAIN_MS: '600000', SHUTDOWN_TIMEOUT_MS: '3000' });
  t.after(() => server.child.kill('SIGKILL'));
  const stream = await openStream(server.url);
  server.child.kill('SIGTERM');
  const ready = await eventually(async () => {
    const res = await fetch(`${server.url}/readyz`);
    return res.status === 503 ? ((await res.json()) as { status: string; checks: Record<string, { ok: boolean; detail?: string }> }) : undefined;
  }, '/readyz to say not ready');
  assert.equal(ready.status, 'not_ready');
  assert.deepEqual(ready.checks.shutdown, { ok: false, detail: 'shutting down: draining' });
  assert.equal(ready.checks.storage?.ok, true, 'only the shutdown makes it unready');
  // Still serving while the load balancer takes it out.
  assert.equal((await fetch(`${server.url}/api/catalog`)).status, 200);
  assert.equal(stream.res.destroyed, false, 'the stream is still open while draining');
  // The drain outlasts the deadline: the deadline wins.
  assert.equal(await server.exited, 1, server.output());
  assert.match(server.output(), /shutdown deadline passed/);
});
