import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CkElement } from '../core/base';
import { ApiError, quoteOrder, type QuotedOrder, type QuoteRequest } from '../core/api';
import { KitController } from '../core/context';
import { addEnglish, LocalizeController } from '../core/localize';
import orderSummaryEn from './en';
import { formatMoney, formatMoneyOff } from '../../contract/money';
import { currentOrder } from '../core/order';
import { cartStore, checkoutDraftStore } from '../core/store';
import { CartController, StoredValuesController } from '../core/store-controller';
import { describeApiError } from '../core/error-message';
import { describeGiftCardError } from '../core/gift-card-error';
import styles from './order-summary.styles';

// This element's own English strings (the shared ones ship in the kit's core).
addEnglish(orderSummaryEn);

/**
 * @summary The order as the proxy prices it: lines, discount, shipping, tax and total, in the shopper's currency.
 *
 * @tag ck-order-summary
 *
 * @slot heading - Replaces the default "Order summary" heading.
 * @slot empty - Shown instead of the default message when the cart is empty.
 *
 * @csspart base - The summary container.
 * @csspart title - The heading.
 * @csspart line-item - One line of the order.
 * @csspart subtotal - The subtotal row.
 * @csspart discount - The discount row.
 * @csspart shipping - The shipping row.
 * @csspart tax - The tax row.
 * @csspart total - The total row.
 * @csspart gift-card - What the gift card pays ("Gift card ••••1234 −HK$100.00"), with `gift-card-code` or a priced order that has one.
 * @csspart to-pay - What is left to pay after the gift card.
 * @csspart gift-card-error - Why the gift-card code cannot pay (the order is then shown without it).
 * @csspart note - The exchange-rate note.
 * @csspart empty - The empty-cart message.
 * @csspart alert - The error shown when the order cannot be priced, with its retry.
 *
 * @cssproperty --ck-order-summary-background - Background of the summary.
 */
export class CkOrderSummary extends CkElement {
  static override styles = styles;

  /** A priced order to show as is (e.g. the one a payment session returned). Default: a live quote of the shared cart. */
  @property({ attribute: false }) order?: QuotedOrder;

  /**
   * An order to price live instead of the shared cart — held seats, an insurance quote —
   * priced again whenever it changes. Ignored when `order` is set.
   */
  @property({ attribute: false }) request?: QuoteRequest;

  /**
   * A gift-card code the shopper applied: the proxy's quote answers what the card pays and the rest
   * to pay (looked up through the same guessing budget as at checkout; nothing is held until the
   * order is created). Set it when the code is applied (e.g. on the field's change), not per keystroke.
   */
  @property({ attribute: 'gift-card-code' }) giftCardCode?: string;

  /** Heading level of the title (2–6). */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  @state() private quote?: QuotedOrder;
  @state() private error?: ApiError;
  @state() private loading = false;
  /** Why the applied gift-card code cannot pay (the order is priced without it). */
  @state() private giftCardError?: ApiError;

  private readonly kit = new KitController(this);
  private readonly localize = new LocalizeController<keyof typeof orderSummaryEn>(this);
  private readonly cart = new CartController(this);
  private readonly draft = checkoutDraftStore();
  private quotedFor = '';
  private abort?: AbortController;

  constructor() {
    super();
    new StoredValuesController(this, this.draft);
  }

  /** The order being shown (the given one, else the latest quote). */
  get shown(): QuotedOrder | undefined {
    return this.order ?? this.quote;
  }

  protected override willUpdate(): void {
    if (this.order) return;
    const items = this.cart.store.items;
    const currency = this.kit.currency ?? items[0]?.currency;
    if (!this.request && (!items.length || !currency)) {
      this.quote = undefined;
      this.quotedFor = '';
      return;
    }
    // The shopper's language goes with the quote: the proxy names the lines in it (catalog translations).
    const request = this.request ?? currentOrder(currency!, this.kit.country(this.localize.lang) ?? 'US', this.localize.lang);
    // Personal details do not change the price: leave them out of the quote.
    const { customer: _customer, giftCardCode: _code, ...priced } = request;
    const code = this.giftCardCode?.trim();
    const signature = JSON.stringify({ ...priced, code });
    if (signature === this.quotedFor) return;
    this.quotedFor = signature;
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.loading = true;
    this.error = undefined;
    this.giftCardError = undefined;
    const shown = ({ order }: { order: QuotedOrder }) => {
      if (abort.signal.aborted) return;
      this.quote = order;
      this.loading = false;
    };
    const failed = (error: unknown) => {
      if (abort.signal.aborted) return;
      this.error = error instanceof ApiError ? error : new ApiError(0, 'network_error', String(error));
      this.loading = false;
    };
    quoteOrder(this.kit.endpoint, code ? { ...priced, giftCardCode: code } : priced, abort.signal).then(shown, (error: unknown) => {
      // A code that cannot pay (wrong, empty, expired…) does not hide the order: it is priced without it, and the reason shown.
      if (code && error instanceof ApiError && error.code.startsWith('gift_card_') && !abort.signal.aborted) {
        this.giftCardError = error;
        return quoteOrder(this.kit.endpoint, priced, abort.signal).then(shown, failed);
      }
      failed(error);
    });
  }

  override render() {
    const t = this.localize;
    const order = this.shown;
    const level = Math.min(6, Math.max(2, this.headingLevel));
    const empty = !this.order && !this.request && !cartStore().items.length;
    return html`
      <section part="base" dir=${t.dir} aria-labelledby="title" aria-busy=${this.loading ? 'true' : 'false'}>
        <div part="title" id="title" role="heading" aria-level=${level}><slot name="heading">${t.term('orderSummary')}</slot></div>
        ${empty
          ? html`<slot name="empty"><p part="empty">${t.term('cartEmpty')}</p></slot>`
          : this.error
            ? html`<div part="alert" role="alert">
                <span>${t.term('quoteError')} ${describeApiError(t, this.error)}</span>
                <button type="button" class="button" @click=${this.retry}>${t.term('retry')}</button>
              </div>`
            : order
              ? this.renderOrder(order)
              : html`<div class="skeleton block" aria-label=${t.term('loading')} role="img"></div>`}
      </section>
    `;
  }

  private renderOrder(order: QuotedOrder) {
    const t = this.localize;
    const money = (amount: number) => formatMoney(amount, order.currency, t.lang);
    const off = (amount: number) => formatMoneyOff(amount, order.currency, t.lang);
    const row = (part: string, label: string, value: string) =>
      html`<div part=${part}><dt>${label}</dt><dd>${value}</dd></div>`;
    return html`
      <ul class=${this.loading ? 'stale' : ''}>
        ${order.lines.map(
          (line) => html`<li part="line-item">
            <span><bdi>${line.name}</bdi> <span class="qty">× ${line.quantity}</span></span>
            <span class="amount">${money(line.amount)}</span>
          </li>`,
        )}
      </ul>
      <dl class=${this.loading ? 'stale' : ''}>
        ${row('subtotal', t.term('subtotal'), money(order.subtotal))}
        ${order.discount ? row('discount', t.term('discountWithCode', order.coupon ?? ''), off(order.discount)) : nothing}
        ${row('shipping', t.term('shipping'), order.shipping ? money(order.shipping) : t.term('free'))}
        ${order.tax ? row('tax', t.term('tax'), money(order.tax)) : nothing}
        ${order.giftCard
          ? html`${row('total', t.term('total'), money(order.amount + order.giftCard.amount))}
            ${row('gift-card', t.term('giftCardMasked', order.giftCard.last4), off(order.giftCard.amount))}
            ${row('to-pay', t.term('toPay'), money(order.amount))}`
          : row('total', t.term('total'), money(order.amount))}
      </dl>
      ${this.giftCardError ? html`<p part="gift-card-error" role="alert">${describeGiftCardError(t, this.giftCardError) ?? describeApiError(t, this.giftCardError)}</p>` : nothing}
      ${order.fx ? html`<p part="note">${t.term('fxNote', order.fx.date)}</p>` : nothing}
    `;
  }

  private retry() {
    this.quotedFor = '';
    this.requestUpdate();
  }
}
