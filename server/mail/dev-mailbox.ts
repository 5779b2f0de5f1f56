/**
 * The dev mailbox: a real SMTP listener (smtp-server) on a local port that keeps every message
 * it is given (parsed with mailparser) in memory, newest first. `npm start` runs it when no
 * SMTP_URL is configured outside production, and the emulator serves it at /mailbox (a page) and
 * /mailbox/messages (JSON) on its own origin (server/emulator/routes/mailbox.ts). The e2e tests
 * read it there. It never runs in production (config.mail.devMailbox is false there).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface MailboxMessage {
  id: string;
  messageId: string | null;
  from: string;
  to: string[];
  subject: string;
  date: string;
  receivedAt: string;
  /** The Content-Language the message declares. */
  language: string | null;
  text: string;
  html: string | null;
  attachments: Array<{ filename: string | null; contentType: string; size: number }>;
}

export class Mailbox {
  readonly #messages: MailboxMessage[] = [];
  /** Attachment bytes by message id (kept out of the listing's JSON). */
  readonly #contents = new Map<string, Buffer[]>();
  readonly #waiters = new Set<() => void>();

  constructor(private readonly limit = 500) {}

  /** Newest first. */
  list(): MailboxMessage[] {
    return [...this.#messages];
  }

  get(id: string): MailboxMessage | undefined {
    return this.#messages.find((m) => m.id === id);
  }

  /** The bytes of a message's attachment (its index in `attachments`). */
  attachment(id: string, index: number): Buffer | undefined {
    return this.#contents.get(id)?.[index];
  }

  add(message: MailboxMessage, contents: Buffer[] = []): void {
    this.#messages.unshift(message);
    for (const dropped of this.#messages.splice(this.limit)) this.#contents.delete(dropped.id);
    if (contents.length) this.#contents.set(message.id, contents);
    for (const wake of this.#waiters) wake();
  }

  clear(): void {
    this.#messages.length = 0;
    this.#contents.clear();
  }

  /** Resolves on the next message received (tests wait on state, not on time). */
  next(): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.#waiters.delete(wake);
        resolve();
      };
      this.#waiters.add(wake);
    });
  }
}

export interface DevMailbox {
  mailbox: Mailbox;
  /** smtp://127.0.0.1:<port>: what the proxy's SMTP_URL becomes. */
  smtpUrl: string;
  port: number;
  close(): Promise<void>;
}

export interface DevMailboxOptions {
  host?: string;
  /** 0: any free port. */
  port?: number;
  mailbox?: Mailbox;
}

const MAX_SIZE = 10 * 1024 * 1024;

export async function startDevMailbox(opts: DevMailboxOptions = {}): Promise<DevMailbox> {
  const mailbox = opts.mailbox ?? new Mailbox();
  const server = new SMTPServer({
    // Local and plain: no TLS, no login (it only ever listens on the developer's machine).
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_SIZE,
    banner: 'checkout-kit dev mailbox',
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean);
          const language = parsed.headers.get('content-language');
          mailbox.add(
            {
              id: `msg_${randomBytes(8).toString('hex')}`,
              messageId: parsed.messageId ?? null,
              from: parsed.from?.text ?? '',
              to,
              subject: parsed.subject ?? '',
              date: (parsed.date ?? new Date()).toISOString(),
              receivedAt: new Date().toISOString(),
              language: typeof language === 'string' ? language : null,
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : null,
              attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, size: a.size })),
            },
            parsed.attachments.map((a) => a.content),
          );
          callback();
        })
        .catch((error: unknown) => callback(error as Error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;
  return {
    mailbox,
    port,
    smtpUrl: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
