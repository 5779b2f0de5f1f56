/**
 * PDF receipts of paid orders (./receipt.ts):
 *
 *   app.receipts.forOrder(orderId, lang)  the receipt's bytes — the seam for the confirmation
 *                                         email's attachment (undefined unless the order was paid)
 *   GET /api/orders/:id/receipt.pdf       the download, for the browser that made the order only:
 *                                         the same order token (`X-Ck-Order-Token`) that shows
 *                                         the payment's details on the result page
 *
 * The confirmation email (`order_paid`, server/mail/) carries the receipt as `receipt-<order>.pdf`,
 * in the order's locale, rendered when the message is sent.
 *
 * Missing Noto fonts are logged once at start (receipts then print Latin only).
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../contract/api';
import { HttpError } from '../errors';
import type { OrderPaidPayload } from '../mail/messages';
import { FONT_DIRS, receiptFonts } from './fonts';
import { renderReceipt, type Receipt, type RenderOptions } from './receipt';

export interface ReceiptService {
  /** The receipt of a paid (or since refunded) order; undefined for an order that was never paid. */
  forOrder(orderId: string, lang?: string, options?: RenderOptions): Promise<Receipt | undefined>;
}

declare module 'fastify' {
  interface FastifyInstance {
    receipts: ReceiptService;
  }
}

/** The order states that have a receipt (a refunded order still paid once). */
export const RECEIPTED: ReadonlySet<string> = new Set(['paid', 'partially_refunded', 'refunded']);

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/orders/:id/receipt.pdf',
    {
      config: { rateLimit: app.rateTiers.payments },
      schema: {
        params: z.strictObject({ id: z.string().regex(/^ORD[0-9A-Z]{20}$/, 'must be an order number (ORD…)') }),
        querystring: z.strictObject({ lang: z.string().max(35).optional() }),
        headers: z.looseObject({ 'x-ck-order-token': z.string().max(128).optional() }),
        response: { 400: errorResponseSchema, 401: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema, 429: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const token = request.headers['x-ck-order-token'];
      if (!token) throw new HttpError(401, 'order_token_required', 'Only the browser that made the order can download its receipt (its order token is missing).');
      // Another order's token, a made-up one, or an unknown order: one answer, so nothing about other orders leaks.
      if (!(await app.orders.grantsAccess(request.params.id, token))) throw new HttpError(404, 'receipt_not_found', 'No receipt for this order.');
      const receipt = await app.receipts.forOrder(request.params.id, request.query.lang);
      if (!receipt) throw new HttpError(409, 'order_not_paid', 'This order is not paid, so it has no receipt yet.');
      return reply
        .header('cache-control', 'no-store')
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="receipt-${request.params.id}.pdf"`)
        // Bytes, not JSON: Fastify sends a Buffer as is (no response schema applies to it).
        .send(receipt.pdf as never);
    },
  );
};

export interface ReceiptOptions {
  /** Where the Noto fonts are looked for (default: Debian's /usr/share/fonts/…/noto). */
  fontDirs?: string[];
}

export default fp<ReceiptOptions>(
  async function receiptsPlugin(app, opts) {
    const fontDirs = opts.fontDirs ?? FONT_DIRS;
    const missing = receiptFonts('en', fontDirs).missing;
    if (missing.length) {
      app.log.warn({ event: 'receipt_fonts_missing', missing }, 'Noto fonts are missing (apt-get install fonts-noto-cjk fonts-noto-core): PDF receipts print in the built-in font, without Chinese, Japanese or Arabic');
    }
    app.decorate('receipts', {
      async forOrder(orderId, lang, options) {
        const order = await app.orders.get(orderId);
        if (!order || !RECEIPTED.has(order.status)) return undefined;
        const payment = (await app.db.query<{ id: string }>('SELECT id FROM payments WHERE order_id = $1 ORDER BY created_at LIMIT 1', [orderId])).rows[0];
        const giftCard = await app.giftCards.appliedTo(orderId);
        return renderReceipt(
          { order, lang, merchant: app.catalog.data.merchant.name, ...(giftCard ? { giftCard } : {}), ...(payment ? { payment: { id: payment.id } } : {}) },
          { fontDirs, ...options },
        );
      },
    } satisfies ReceiptService);
    // The confirmation carries the receipt, and so does the confirmation sent again from the console.
    for (const type of ['order_paid', 'receipt_resent']) {
      app.mail.attachments.register(type, async (event) => {
        const orderId = event.order_id;
        const receipt = orderId ? await app.receipts.forOrder(orderId, (event.payload as unknown as OrderPaidPayload).order.locale ?? undefined) : undefined;
        return receipt ? [{ filename: `receipt-${orderId}.pdf`, content: receipt.pdf, contentType: 'application/pdf' }] : [];
      });
    }
    await app.register(routes);
  },
  { name: 'ck-receipts', dependencies: ['ck-storage', 'ck-catalog', 'ck-orders', 'ck-gift-cards', 'ck-mail'] },
);
