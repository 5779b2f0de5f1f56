import type { FastifyInstance } from 'fastify';
import type { Mailbox } from '../../mail/dev-mailbox';
import { escapeHtml, renderDocument } from '../pages/layout';

/**
 * The dev mailbox on the emulator's origin (never on the proxy's, never in production): every
 * message the proxy sent to the embedded SMTP server (server/mail/dev-mailbox.ts), newest first.
 *
 *   GET /mailbox                       a page listing them, each readable as text and as HTML
 *   GET /mailbox/messages              JSON: { messages: [...] } (optionally ?to=address)
 *   GET /mailbox/messages/:id          JSON: one message
 *   GET /mailbox/messages/:id/html     its HTML body, sandboxed (no script, no network)
 *   GET /mailbox/messages/:id/attachments/:n   its n-th attachment (0-based), downloaded
 *   DELETE /mailbox/messages           empties it
 */
export function mailboxRoutes(app: FastifyInstance, mailbox: Mailbox): void {
  const noStore = { 'cache-control': 'no-store' };

  app.get<{ Querystring: { to?: string } }>('/mailbox/messages', async (request, reply) => {
    const to = typeof request.query.to === 'string' ? request.query.to.toLowerCase() : undefined;
    const messages = mailbox.list().filter((m) => !to || m.to.some((a) => a.toLowerCase() === to));
    return reply.headers(noStore).send({ messages });
  });

  app.get<{ Params: { id: string } }>('/mailbox/messages/:id', async (request, reply) => {
    const message = mailbox.get(request.params.id);
    if (!message) return reply.code(404).send({ error: 'no such message' });
    return reply.headers(noStore).send(message);
  });

  app.get<{ Params: { id: string } }>('/mailbox/messages/:id/html', async (request, reply) => {
    const message = mailbox.get(request.params.id);
    if (!message?.html) return reply.code(404).send({ error: 'no HTML body' });
    return reply
      .headers({
        ...noStore,
        'content-type': 'text/html; charset=utf-8',
        // A message is untrusted content: no script, no fetches, no forms; it may be framed by the mailbox page only.
        'content-security-policy': "sandbox; default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'",
        'x-content-type-options': 'nosniff',
      })
      .send(message.html);
  });

  app.get<{ Params: { id: string; n: string } }>('/mailbox/messages/:id/attachments/:n', async (request, reply) => {
    const index = Number(request.params.n);
    const meta = mailbox.get(request.params.id)?.attachments[index];
    const content = mailbox.attachment(request.params.id, index);
    if (!meta || !content) return reply.code(404).send({ error: 'no such attachment' });
    const filename = (meta.filename ?? `attachment-${index}`).replace(/[^\w.-]+/g, '_');
    return reply.headers({ ...noStore, 'content-type': meta.contentType, 'content-disposition': `attachment; filename="${filename}"`, 'x-content-type-options': 'nosniff' }).send(content);
  });

  app.delete('/mailbox/messages', async (_request, reply) => {
    mailbox.clear();
    return reply.code(204).send();
  });

  app.get('/mailbox', async (_request, reply) => {
    const messages = mailbox.list();
    const items = messages
      .map(
        (m) => `<li class="mail">
<article aria-labelledby="h-${m.id}">
<h2 id="h-${m.id}">${escapeHtml(m.subject || '(no subject)')}</h2>
<dl>
<dt>From</dt><dd>${escapeHtml(m.from)}</dd>
<dt>To</dt><dd>${escapeHtml(m.to.join(', '))}</dd>
<dt>Date</dt><dd><time datetime="${escapeHtml(m.date)}">${escapeHtml(m.date)}</time></dd>
${m.language ? `<dt>Language</dt><dd>${escapeHtml(m.language)}</dd>` : ''}
${m.attachments.length ? `<dt>Attachments</dt><dd>${m.attachments.map((a) => `${escapeHtml(a.filename ?? '(unnamed)')} (${escapeHtml(a.contentType)}, ${a.size} bytes)`).join(', ')}</dd>` : ''}
</dl>
${m.html ? `<iframe title="${escapeHtml(`HTML of: ${m.subject}`)}" src="/mailbox/messages/${escapeHtml(m.id)}/html" sandbox="" style="width:100%;height:32rem;border:1px solid #ccc"></iframe>` : ''}
<details><summary>Plain text</summary><pre style="white-space:pre-wrap">${escapeHtml(m.text)}</pre></details>
</article>
</li>`,
      )
      .join('\n');
    const body = `<main style="max-width:50rem;margin:0 auto;padding:1rem;font-family:system-ui,sans-serif">
<h1>Dev mailbox</h1>
<p>Messages the proxy sent to its embedded SMTP server, newest first. This mailbox exists only with the sandbox emulator; it is never part of a production start. Reload to see new messages.</p>
<p>${messages.length === 1 ? '1 message' : `${messages.length} messages`}. JSON: <a href="/mailbox/messages">/mailbox/messages</a></p>
<ol reversed style="list-style:none;padding:0">${items}</ol>
</main>`;
    return reply
      .headers({ ...noStore, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; base-uri 'none'; frame-ancestors 'none'" })
      .send(renderDocument({ title: 'Dev mailbox', lang: 'en', dir: 'ltr', body }).replace('<link rel="stylesheet" href="/flow/assets/card-form.css">\n', ''));
  });
}
