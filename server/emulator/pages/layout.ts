/** Tiny HTML helpers: every interpolated value goes through `escapeHtml`. */

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON safe to embed in a <script type="application/json"> block. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export interface DocumentOptions {
  title: string;
  lang: string;
  dir: string;
  body: string;
  /** Extra inline style on <html> (appearance tokens as custom properties). */
  style?: string;
  scripts?: string[];
  config?: unknown;
  bodyClass?: string;
}

export function renderDocument(opts: DocumentOptions): string {
  return `<!doctype html>
<html lang="${escapeHtml(opts.lang)}" dir="${escapeHtml(opts.dir)}"${opts.style ? ` style="${escapeHtml(opts.style)}"` : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(opts.title)}</title>
<link rel="stylesheet" href="/flow/assets/card-form.css">
${opts.config === undefined ? '' : `<script type="application/json" id="ck-config">${jsonForScript(opts.config)}</script>`}
${(opts.scripts ?? []).map((src) => `<script src="${escapeHtml(src)}" defer></script>`).join('\n')}
</head>
<body${opts.bodyClass ? ` class="${escapeHtml(opts.bodyClass)}"` : ''}>
${opts.body}
</body>
</html>`;
}

/** CSP for emulator pages: no inline script; styles may be inline (appearance tokens). */
export function pageCsp(frameAncestors: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "form-action 'self' http: https:",
    `frame-ancestors ${frameAncestors}`,
    "base-uri 'none'",
  ].join('; ');
}
