/**
 * The PDF receipt of a paid order (pdfkit): `renderReceipt(order, …)` → the PDF's bytes.
 *
 * It is drawn from the stored order alone (its lines, coupon, shipping, tax and total as they
 * were charged; never today's catalog), in the reader's language (./translations.ts: the kit's words for them) with amounts in Latin digits. Each text is set in the Noto face of
 * its script (./fonts.ts), so Chinese, Japanese, Korean, Arabic, Hindi and Thai names and labels
 * print; an Arabic receipt is laid out right to left (labels on the right, amounts on the left).
 * Without the Noto files it still renders, in the built-in Helvetica.
 *
 * The seam for the confirmation email: `receiptFor(app, orderId, lang)` (./plugin.ts) gives the
 * same bytes to attach.
 */
import PDFDocument from 'pdfkit';
import { closestLocale, parseLocale } from '../../contract/locales';
import { formatMoney } from '../../contract/money';
import type { PricedLine } from '../orders/pricing';
import type { OrderRecord } from '../orders/store';
import { orderTotal } from '../gift-cards/store';
import { receiptFonts, scriptRuns, type Script } from './fonts';
import { RECEIPT_TRANSLATIONS } from './translations';

export interface ReceiptInput {
  order: OrderRecord;
  /** The reader's language (BCP 47); English when the kit has no translation for it. */
  lang?: string;
  /** The shop's name at the top of the receipt. */
  merchant: string;
  /** What a gift card paid of the order. */
  giftCard?: { last4: string; amount: number };
  /** The card payment (scheme and last four only) and its reference. */
  payment?: { id: string; scheme?: string; last4?: string };
  paidAt?: Date;
}

export interface RenderOptions {
  /** Tests read the content streams: no compression. */
  compress?: boolean;
  /** Where the Noto fonts are (default: Debian's font directories). */
  fontDirs?: string[];
}

export interface Receipt {
  pdf: Buffer;
  /** The language it was written in (a key of the kit's locales). */
  lang: string;
  rtl: boolean;
  /** Font files that were missing (their scripts fell back to Helvetica). */
  missingFonts: string[];
}

const RTL_LANGS = new Set(['ar']);

export async function renderReceipt(input: ReceiptInput, options: RenderOptions = {}): Promise<Receipt> {
  const lang = closestLocale(Object.keys(RECEIPT_TRANSLATIONS), input.lang) ?? 'en';
  const t = RECEIPT_TRANSLATIONS[lang]!;
  const rtl = RTL_LANGS.has(parseLocale(lang)?.language ?? lang);
  const fonts = receiptFonts(lang, options.fontDirs);
  const { order } = input;
  const money = (minor: number) => formatMoney(Number(minor), order.currency, `${lang}-u-nu-latn`);
  const date = new Intl.DateTimeFormat(`${lang}-u-nu-latn`, { dateStyle: 'long', timeZone: 'UTC' }).format(input.paidAt ?? new Date(order.updated_at));

  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    compress: options.compress ?? true,
    lang,
    info: { Title: `${t.title} ${order.id}`, Author: input.merchant, Subject: `${t.title} ${order.id}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const available = new Set<Script>();
  for (const [script, face] of Object.entries(fonts.faces) as Array<[Script, { file: string; family?: string }]>) {
    doc.registerFont(script, face.file, face.family as string);
    available.add(script);
  }
  if (fonts.bold) doc.registerFont('latin-bold', fonts.bold.file);
  const fontFor = (script: Script, bold: boolean): string => {
    if (bold && script === 'latin' && fonts.bold) return 'latin-bold';
    if (available.has(script)) return script;
    return bold ? 'Helvetica-Bold' : 'Helvetica';
  };

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const amountWidth = 140;
  /**
   * One line of text in a cell, each script run in its own font. Right to left, the runs are laid
   * out from the right (the first run rightmost); each run keeps its own direction (the font's
   * shaping lays Arabic out right to left). Too long for the cell: set smaller.
   */
  // No discretionary ligatures: "ff" in a payment reference must copy out of the PDF as two letters
  // (required ligatures, Arabic's lam-alef, stay on).
  const features = { liga: false, clig: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[];
  const cell = (text: string, x: number, cellWidth: number, align: 'left' | 'right', size: number, bold: boolean) => {
    const runs = scriptRuns(text).map((r) => ({ ...r, font: fontFor(r.script, bold) }));
    const measure = (s: number) => runs.reduce((n, r) => n + doc.font(r.font).fontSize(s).widthOfString(r.text, { features }), 0);
    let fitted = size;
    while (fitted > 6 && measure(fitted) > cellWidth) fitted -= 0.5;
    const total = measure(fitted);
    let at = align === 'right' ? x + cellWidth - total : x;
    const y = doc.y;
    for (const r of rtl ? [...runs].reverse() : runs) {
      doc.font(r.font).fontSize(fitted);
      const w = doc.widthOfString(r.text, { features });
      doc.text(r.text, at, y, { lineBreak: false, features });
      at += w;
    }
    doc.y = y;
    return fitted * 1.45;
  };
  /** One row: a label and (optionally) a value, mirrored for right-to-left. */
  const row = (label: string, value?: string, opts: { bold?: boolean; size?: number } = {}) => {
    const size = opts.size ?? 11;
    const bold = opts.bold ?? false;
    const labelWidth = value === undefined ? width : width - amountWidth - 10;
    const start = rtl ? 'right' : 'left';
    let height = cell(label, rtl && value !== undefined ? left + amountWidth + 10 : left, labelWidth, start, size, bold);
    if (value !== undefined) height = Math.max(height, cell(value, rtl ? left : left + width - amountWidth, amountWidth, rtl ? 'left' : 'right', size, bold));
    doc.y += height + 3;
  };
  const rule = () => {
    doc.moveTo(left, doc.y).lineTo(left + width, doc.y).lineWidth(0.5).strokeColor('#999999').stroke();
    doc.y += 6;
  };

  row(input.merchant, undefined, { bold: true, size: 18 });
  row(t.title, undefined, { bold: true, size: 14 });
  doc.y += 6;
  row(t.orderNumber, order.id);
  row(t.date, date);
  doc.y += 8;
  rule();

  const lines = (Array.isArray(order.lines) ? order.lines : []) as PricedLine[];
  for (const line of lines) row(line.quantity > 1 ? `${line.name} × ${line.quantity}` : line.name, money(line.amount));
  rule();
  row(t.subtotal, money(order.subtotal));
  if (Number(order.discount) > 0) row(t.discount(order.coupon ?? ''), money(-Number(order.discount)));
  if (Number(order.shipping) > 0 || lines.some((l) => l.shippable)) row(t.shipping, Number(order.shipping) > 0 ? money(order.shipping) : t.free);
  if (Number(order.tax) > 0) row(t.tax, money(order.tax));
  row(t.total, money(orderTotal(order)), { bold: true, size: 13 });
  rule();
  if (input.giftCard) row(t.giftCardEnding(input.giftCard.last4), money(input.giftCard.amount));
  if (Number(order.amount) > 0 || !input.giftCard) {
    const card = input.payment?.last4 ? ` (${[input.payment.scheme, `•••• ${input.payment.last4}`].filter(Boolean).join(' ')})` : '';
    row(`${t.paidByCard}${card}`, money(order.amount));
  }
  if (input.payment) row(t.paymentReference, input.payment.id, { size: 9 });

  doc.end();
  await ended;
  return { pdf: Buffer.concat(chunks), lang, rtl, missingFonts: fonts.missing };
}
