/**
 * The mail feature (`app.mail`): the outbox's `email` channel (server/outbox/), sending with
 * nodemailer over SMTP (SMTP_URL, MAIL_FROM), the shop's name and colour from configuration.
 *
 *   app.mail.templates.register(type, (event, theme) => ({ to, subject, html, text, locale }))
 *   app.mail.attachments.register(type, async (event) => [{ filename, content, contentType }])
 *
 * An event type goes out by email when a template is registered for it (the order messages are,
 * here: ./messages.ts; other features add theirs, e.g. gift cards). Attachments (a PDF receipt)
 * are asked of their hooks at send time. The Message-ID derives from the event id, so a message
 * sent again after a crash between the SMTP answer and its record is the same message to every
 * mail client. Without SMTP_URL the channel is inactive: its deliveries wait in the outbox (main.ts
 * points it at the dev mailbox outside production).
 */
import fp from 'fastify-plugin';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config';
import { OutboxRefusal } from '../outbox/plugin';
import type { OutboxEvent } from '../outbox/store';
import { ORDER_TEMPLATES, orderNotifications, orderStillDue, type MailTemplate, type StillDue } from './messages';
import type { Theme } from './render';

export interface MailAttachment {
  filename: string;
  content: Buffer | string;
  contentType?: string;
}

export type AttachmentHook = (event: OutboxEvent) => Promise<MailAttachment[]>;

export type SentHook = (event: OutboxEvent) => Promise<void>;

declare module 'fastify' {
  interface FastifyInstance {
    mail: MailService;
  }
}

export interface MailService {
  /**
   * `stillDue`: checked when the message comes due; false records it as skipped (e.g. a reminder no longer needed).
   * `sent`: runs once the SMTP server has taken the message (e.g. a gift card marked delivered); it must be idempotent:
   * a crash before the delivery is recorded sends the same message (same Message-ID) again and runs it again.
   */
  readonly templates: { register(type: string, template: MailTemplate, opts?: { stillDue?: StillDue; sent?: SentHook }): void; has(type: string): boolean };
  readonly attachments: { register(type: string, hook: AttachmentHook): void };
  /** The merchant's name and colour messages are themed with. */
  theme(): Theme;
  /** Whether this proxy sends mail (an SMTP server is configured). */
  readonly active: boolean;
}

export interface MailOptions {
  config: Config;
}

export const EMAIL_CHANNEL = 'email';

/** "Name <address>" or "address" → the address. */
const addressOf = (from: string) => /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim();

export default fp<MailOptions>(
  async function mailPlugin(app, opts) {
    const { mail } = opts.config;
    const transport: Transporter | undefined = mail.smtpUrl
      ? nodemailer.createTransport({ url: mail.smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 } as Parameters<typeof nodemailer.createTransport>[0])
      : undefined;
    const templates = new Map<string, MailTemplate>();
    const stillDue = new Map<string, StillDue>();
    const sentHooks = new Map<string, SentHook>();
    const attachments = new Map<string, AttachmentHook[]>();
    const theme = (): Theme => ({ merchantName: mail.merchantName ?? app.catalog.data.merchant.name, color: mail.merchantColor });
    const domain = addressOf(mail.from).split('@')[1] ?? 'localhost';
    const from = () => (/</.test(mail.from) ? mail.from : { name: theme().merchantName, address: mail.from });

    const service: MailService = {
      templates: {
        register(type, template, options) {
          if (templates.has(type)) throw new Error(`mail template "${type}" is registered twice`);
          templates.set(type, template);
          if (options?.stillDue) stillDue.set(type, options.stillDue);
          if (options?.sent) sentHooks.set(type, options.sent);
        },
        has: (type) => templates.has(type),
      },
      attachments: {
        register(type, hook) {
          attachments.set(type, [...(attachments.get(type) ?? []), hook]);
        },
      },
      theme,
      active: Boolean(transport),
    };
    app.decorate('mail', service);

    const due = orderStillDue(app);
    for (const [type, template] of Object.entries(ORDER_TEMPLATES)) service.templates.register(type, template, { stillDue: due[type] });

    app.outbox.channels.register({
      name: EMAIL_CHANNEL,
      handles: (type) => templates.has(type),
      active: Boolean(transport),
      async deliver(delivery) {
        const template = templates.get(delivery.type);
        if (!template || !transport) throw new OutboxRefusal('no_template');
        if (!(await (stillDue.get(delivery.type)?.(delivery) ?? true))) return { skipped: true };
        const message = template(delivery, theme());
        if (!message) throw new OutboxRefusal('no_recipient');
        const extra = (await Promise.all((attachments.get(delivery.type) ?? []).map((hook) => hook(delivery)))).flat();
        const messageId = `<${delivery.id}.${EMAIL_CHANNEL}@${domain}>`;
        await transport.sendMail({
          from: from(),
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId,
          headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': message.locale },
          ...(extra.length ? { attachments: extra } : {}),
        });
        await sentHooks.get(delivery.type)?.(delivery);
        return { messageId };
      },
    });

    // What happens to an order that a customer must hear about (after the features whose work it reports).
    app.orders.features.register(
      orderNotifications(app, (order) => mail.cartUrl ?? `${opts.config.resultPagesUrl}/failure.html?order=${encodeURIComponent(order.id)}`),
    );

    if (!transport) {
      const level = opts.config.checkout.environment === 'production' ? 'warn' : 'info';
      app.log[level]('mail: SMTP_URL is not set; messages wait in the outbox until a proxy with SMTP sends them');
    }
    app.addHook('onClose', async () => transport?.close());
  },
  { name: 'ck-mail', dependencies: ['ck-outbox', 'ck-orders', 'ck-catalog'] },
);
