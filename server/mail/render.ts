/**
 * What every message looks like: one accessible HTML document (lang and dir, real headings, a
 * table with header cells, no images so nothing needs a text alternative and nothing tracks the
 * reader) and its plain-text twin, themed with the merchant's name and colour. Every value that
 * comes from an order, a shopper or the catalog is escaped: a sentence is built from raw values
 * and then escaped whole.
 */
import { formatMoney } from '../../contract/money';
import { closestLocale, parseLocale } from '../../contract/locales';
import type { MailStrings } from './locales/en';
import { MAIL_LOCALES } from './locales';

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Scripts written right to left (as the kit's localize.ts). */
const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur', 'dv', 'syr', 'ps', 'yi']);

export interface MailLocale {
  /** The mail locale used (one of MAIL_LOCALES' keys). */
  locale: string;
  /** The tag numbers and dates are formatted in: the order's own tag when Intl knows it. */
  format: string;
  dir: 'ltr' | 'rtl';
  t: MailStrings;
}

/** The order's locale (any BCP 47 tag) → the closest of the 24 mail locales, else English. */
export function mailLocale(tag: string | null | undefined): MailLocale {
  const locale = closestLocale(Object.keys(MAIL_LOCALES), tag ?? undefined) ?? 'en';
  let format = locale;
  try {
    if (tag && parseLocale(tag) && Intl.NumberFormat.supportedLocalesOf([tag]).length) format = tag;
  } catch {
    // not a tag Intl takes: the mail locale formats
  }
  return { locale, format, dir: RTL_LANGUAGES.has(locale.split('-')[0]!) ? 'rtl' : 'ltr', t: MAIL_LOCALES[locale]! };
}

export interface Theme {
  merchantName: string;
  /** #rrggbb */
  color: string;
}

/** Black or white, whichever reads better on the merchant's colour (WCAG contrast). */
export function textOn(color: string): '#ffffff' | '#111111' {
  const channel = (i: number) => {
    const c = parseInt(color.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return (1.05 / (l + 0.05) >= (l + 0.05) / 0.05) ? '#ffffff' : '#111111';
}

/** A block of the message, rendered to both formats. */
export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'h2'; text: string }
  | { kind: 'facts'; rows: Array<[string, string]> }
  | { kind: 'table'; caption: string; head: [string, string]; rows: Array<{ label: string; detail?: string; value: string }>; foot: Array<{ label: string; value: string; strong?: boolean }> }
  | { kind: 'link'; text: string; href: string };

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export function renderMail(loc: MailLocale, theme: Theme, mail: { subject: string; heading: string; greeting?: string; blocks: Block[] }): RenderedMail {
  const e = escapeHtml;
  const fg = textOn(theme.color);
  const cell = 'padding:8px 0;border-bottom:1px solid #e3e5e8;vertical-align:top';
  const start = loc.dir === 'rtl' ? 'right' : 'left';
  const end = loc.dir === 'rtl' ? 'left' : 'right';
  const html: string[] = [];
  const text: string[] = [mail.heading, '='.repeat(Math.min(60, mail.heading.length)), ''];
  if (mail.greeting) {
    html.push(`<p style="margin:0 0 16px">${e(mail.greeting)}</p>`);
    text.push(mail.greeting, '');
  }
  for (const b of mail.blocks) {
    switch (b.kind) {
      case 'p':
        html.push(`<p style="margin:0 0 16px;line-height:1.5">${e(b.text)}</p>`);
        text.push(b.text, '');
        break;
      case 'h2':
        html.push(`<h2 style="font-size:18px;margin:24px 0 8px">${e(b.text)}</h2>`);
        text.push(b.text, '-'.repeat(Math.min(60, b.text.length)));
        break;
      case 'facts':
        html.push(`<dl style="margin:0 0 16px">${b.rows.map(([k, v]) => `<dt style="font-weight:bold;margin-top:8px">${e(k)}</dt><dd style="margin:0">${e(v)}</dd>`).join('')}</dl>`);
        text.push(...b.rows.map(([k, v]) => `${k}: ${v}`), '');
        break;
      case 'table':
        html.push(
          `<table style="width:100%;border-collapse:collapse;margin:0 0 16px"><caption style="text-align:${start};font-weight:bold;padding:0 0 8px">${e(b.caption)}</caption>` +
            `<thead><tr><th scope="col" style="text-align:${start};${cell}">${e(b.head[0])}</th><th scope="col" style="text-align:${end};${cell}">${e(b.head[1])}</th></tr></thead><tbody>` +
            b.rows.map((r) => `<tr><td style="${cell}">${e(r.label)}${r.detail ? `<br><span style="color:#555">${e(r.detail)}</span>` : ''}</td><td style="text-align:${end};white-space:nowrap;${cell}">${e(r.value)}</td></tr>`).join('') +
            `</tbody><tfoot>` +
            b.foot.map((r) => `<tr><th scope="row" style="text-align:${start};font-weight:${r.strong ? 'bold' : 'normal'};${cell}">${e(r.label)}</th><td style="text-align:${end};white-space:nowrap;font-weight:${r.strong ? 'bold' : 'normal'};${cell}">${e(r.value)}</td></tr>`).join('') +
            `</tfoot></table>`,
        );
        text.push(b.caption, ...b.rows.map((r) => `- ${r.label}${r.detail ? ` (${r.detail})` : ''}: ${r.value}`), ...b.foot.map((r) => `${r.label}: ${r.value}`), '');
        break;
      case 'link':
        html.push(`<p style="margin:0 0 16px"><a href="${e(b.href)}" style="display:inline-block;background:${theme.color};color:${fg};padding:10px 16px;border-radius:4px;text-decoration:underline;font-weight:bold">${e(b.text)}</a></p>`);
        text.push(`${b.text}: ${b.href}`, '');
        break;
    }
  }
  const footer = loc.t.footer(theme.merchantName);
  text.push('--', theme.merchantName, footer);
  const document = `<!doctype html>
<html lang="${e(loc.locale)}" dir="${loc.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${e(mail.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;color:#1a1a1a;font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;font-size:16px">
<div role="article" aria-label="${e(mail.subject)}" lang="${e(loc.locale)}" dir="${loc.dir}" style="max-width:600px;margin:0 auto;background:#ffffff">
<header style="background:${theme.color};color:${fg};padding:16px 24px"><p style="margin:0;font-size:20px;font-weight:bold">${e(theme.merchantName)}</p></header>
<main style="padding:24px">
<h1 style="font-size:24px;margin:0 0 16px">${e(mail.heading)}</h1>
${html.join('\n')}
</main>
<footer style="padding:16px 24px;border-top:1px solid #e3e5e8;color:#4b5563;font-size:14px"><p style="margin:0">${e(footer)}</p></footer>
</div>
</body>
</html>
`;
  return { subject: mail.subject, html: document, text: `${text.join('\n').trim()}\n` };
}

/** Money in the order's locale, as the kit shows it (contract/money.ts). */
export const money = (loc: MailLocale, minor: number, currency: string) => formatMoney(minor, currency, loc.format);
