import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CkElement } from '../core/base';
import { ApiError, downloadReceipt, getPayment, type PaymentStatusResponse } from '../core/api';
import { KitController } from '../core/context';
import { addEnglish, LocalizeController } from '../core/localize';
import paymentResultEn from './en';
import { formatMoney } from '../../contract/money';
import { cartStore, checkoutDraftStore, paymentContextStore } from '../core/store';
import { describeApiError } from '../core/error-message';
import styles from './payment-result.styles';

// This element's own English strings (the shared ones ship in the kit's core).
addEnglish(paymentResultEn);

type View = 'loading' | 'succeeded' | 'failed' | 'voided' | 'pending' | 'cancelled' | 'missing' | 'error';

const URL_PARAMS = ['cko-payment-id', 'cko-session-id', 'payment-id', 'paymentId'];
const POLL_DELAYS_MS = [1000, 2000, 3000, 5000, 8000];

/**
 * @summary The result of a payment, verified with the proxy (`/api/payments/:id`): success, failure, cancel or pending — or, for presale tickets, that the card that paid was not eligible (the payment was voided, nothing charged) and when the general sale opens. It never trusts the URL alone.
 *
 * @tag ck-payment-result
 *
 * @slot actions - Links or buttons below the message (e.g. "Continue shopping").
 *
 * @event {CustomEvent<CkReceiptDownloadDetail>} ck-receipt-download - The shopper downloaded the order's PDF receipt. `detail`: `{ orderId }`.
 *
 * @csspart base - The result panel.
 * @csspart icon - The status icon.
 * @csspart heading - The result heading.
 * @csspart message - The explanatory message.
 * @csspart general-sale - For a payment voided because the card was not eligible for the presale: the way to the general sale.
 * @csspart refund - A note that seats taken before the payment completed are being refunded (one per refund).
 * @csspart details - The verified payment details: reference and status, plus amount, order and card in the browser that made the order (its order token).
 * @csspart alert - The error shown when the payment cannot be verified, with its retry.
 * @csspart receipt - The "Download receipt (PDF)" link of a paid order, in the browser that made it (its order token).
 * @csspart receipt-error - Why the receipt could not be downloaded.
 *
 * @cssproperty --ck-color-success - Colour of the success state.
 * @cssproperty --ck-color-danger - Colour of the failure state.
 */
export class CkPaymentResult extends CkElement {
  static override styles = styles;

  /** The payment (pay_…) or session (sid_…) id to verify. Default: `cko-payment-id` / `cko-session-id` in the page URL, else this tab's last payment. */
  @property({ attribute: 'payment-id' }) paymentId?: string;

  /** What the page expects (`cancel` for a cancel page, which may carry no id). The verified status always wins. */
  @property() expect?: 'success' | 'failure' | 'cancel';

  /** Heading level of the result title (1–6). */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 1;

  @state() private view: View = 'loading';
  @state() private payment?: PaymentStatusResponse;
  @state() private error?: ApiError;
  @state() private receiptError = false;
  @state() private downloading = false;

  private readonly kit = new KitController(this);
  private readonly localize = new LocalizeController<keyof typeof paymentResultEn>(this);
  private verifiedId?: string;
  private timer?: ReturnType<typeof setTimeout>;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    this.verifiedId = undefined;
  }

  private resolveId(): string | undefined {
    if (this.paymentId) return this.paymentId;
    const params = new URLSearchParams(window.location.search);
    for (const name of URL_PARAMS) {
      const value = params.get(name);
      if (value) return value;
    }
    return this.expect === 'cancel' ? undefined : paymentContextStore().value?.paymentId;
  }

  protected override willUpdate(): void {
    const id = this.resolveId();
    const key = `${this.kit.endpoint}|${id ?? ''}|${this.expect ?? ''}`;
    if (key === this.verifiedId) return;
    this.verifiedId = key;
    clearTimeout(this.timer);
    if (!id) {
      this.view = this.expect === 'cancel' ? 'cancelled' : 'missing';
      return;
    }
    void this.verify(id, 0);
  }

  private async verify(id: string, attempt: number) {
    if (attempt === 0) this.view = 'loading';
    this.error = undefined;
    try {
      // The token of this tab's payment in progress: survives the redirect back from the hosted page.
      const payment = await getPayment(this.kit.endpoint, id, paymentContextStore().value?.orderToken);
      this.payment = payment;
      if (payment.outcome === 'succeeded') {
        this.view = 'succeeded';
        // Whatever path led here (Flow, HPP redirect, another tab), the order is paid.
        cartStore().clear();
        checkoutDraftStore().set(undefined);
        // This tab's paid order keeps its token (a reload still shows the detail); anything else is done with.
        const context = paymentContextStore();
        if (payment.orderId && context.value?.orderId === payment.orderId) context.set({ ...context.value, paymentId: payment.id });
        else context.set(undefined);
      } else if (payment.voided) {
        // The proxy voided it: the card that paid was not eligible for the presale. Whatever the page expected.
        this.view = 'voided';
      } else if (payment.outcome === 'failed') {
        this.view = this.expect === 'cancel' ? 'cancelled' : 'failed';
      } else {
        this.view = 'pending';
        const delay = POLL_DELAYS_MS[attempt];
        if (delay !== undefined) this.timer = setTimeout(() => void this.verify(id, attempt + 1), delay);
      }
    } catch (error) {
      this.error = error instanceof ApiError ? error : new ApiError(0, 'network_error', String(error));
      this.view = 'error';
    }
  }

  override render() {
    const t = this.localize;
    const view = this.view;
    const headings: Record<View, string> = {
      loading: t.term('resultChecking'),
      succeeded: t.term('resultSucceeded'),
      failed: t.term('resultFailed'),
      voided: t.term('resultVoided'),
      pending: t.term('resultPending'),
      cancelled: t.term('resultCancelled'),
      missing: t.term('resultMissing'),
      error: t.term('resultUnverified'),
    };
    const messages: Record<View, string> = {
      loading: '',
      succeeded: t.term('resultSucceededText'),
      failed: t.term('resultFailedText'),
      voided: this.payment?.voided ? t.term('resultVoidedText', this.payment.voided.eventName) : '',
      pending: t.term('resultPendingText'),
      cancelled: t.term('resultCancelledText'),
      missing: t.term('resultMissingText'),
      error: this.error ? describeApiError(t, this.error) : '',
    };
    const level = Math.min(6, Math.max(1, this.headingLevel));
    return html`
      <section part="base" class=${view} dir=${t.dir} aria-busy=${view === 'loading' ? 'true' : 'false'}>
        <span part="icon" aria-hidden="true">${ICONS[view]}</span>
        <div role="status" aria-live="polite">
          <div part="heading" role="heading" aria-level=${level}>${headings[view]}</div>
          ${messages[view] && view !== 'error' ? html`<p part="message">${messages[view]}</p>` : nothing}
          ${view === 'succeeded' ? this.renderRefunds() : nothing}
          ${view === 'voided' ? this.renderGeneralSale() : nothing}
        </div>
        ${view === 'error'
          ? html`<div part="alert" role="alert">
              <span>${messages.error}</span>
              <button type="button" class="button" @click=${this.retry}>${t.term('retry')}</button>
            </div>`
          : nothing}
        ${this.payment && view !== 'error' && view !== 'loading' ? this.renderDetails(this.payment) : nothing}
        ${view === 'succeeded' ? this.renderReceipt() : nothing}
        <slot name="actions"></slot>
      </section>
    `;
  }

  /** Seats an expired hold lost before the payment completed: the proxy refunds them by itself. */
  private renderRefunds() {
    const t = this.localize;
    return (this.payment?.refunds ?? []).map((refund) => {
      const amount = formatMoney(refund.amount, refund.currency, t.lang);
      const outcome = refund.status === 'failed' ? t.term('seatsRefundFailed', amount) : t.term('seatsRefunding', amount);
      return html`<p part="refund">${t.term('seatsLost', refund.seats)} ${outcome}</p>`;
    });
  }

  /** Where a shopper whose card was not eligible goes next: another card now, or the general sale. */
  private renderGeneralSale() {
    const t = this.localize;
    const at = this.payment?.voided?.generalSaleAt;
    const date = at ? new Intl.DateTimeFormat(t.lang, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(at)) : undefined;
    return html`<p part="general-sale">${date ? t.term('resultVoidedGeneralSale', date) : t.term('binNotEligibleHelp')}</p>`;
  }

  private renderDetails(payment: PaymentStatusResponse) {
    const t = this.localize;
    const card = payment.card?.last4 ? `${payment.card.scheme ?? ''} •••• ${payment.card.last4}`.trim() : undefined;
    // Without this tab's order token the proxy answers the status only: no amount, order or card.
    return html`<dl part="details">
      ${payment.amount !== undefined && payment.currency
        ? html`<div><dt>${t.term('amount')}</dt><dd>${formatMoney(payment.amount, payment.currency, t.lang)}</dd></div>`
        : nothing}
      ${payment.orderId ? html`<div><dt>${t.term('orderNumber')}</dt><dd>${payment.orderId}</dd></div>` : nothing}
      <div><dt>${t.term('paymentReference')}</dt><dd data-payment-id>${payment.id}</dd></div>
      <div><dt>${t.term('paymentStatus')}</dt><dd>${payment.status}</dd></div>
      ${card ? html`<div><dt>${t.term('card')}</dt><dd>${card}</dd></div>` : nothing}
      ${payment.giftCard && payment.currency
        ? html`<div><dt>${t.term('giftCardEnding', payment.giftCard.last4)}</dt><dd>${formatMoney(payment.giftCard.amount, payment.currency, t.lang)}</dd></div>`
        : nothing}
    </dl>`;
  }

  /** The receipt of this tab's paid order: only the browser holding the order's token may download it. */
  private renderReceipt() {
    const t = this.localize;
    const orderId = this.payment?.orderId;
    const token = paymentContextStore().value?.orderToken;
    if (!orderId || !token) return nothing;
    return html`<p>
        <a part="receipt" href="#receipt" aria-busy=${this.downloading ? 'true' : 'false'} @click=${(e: Event) => this.download(e, orderId, token)}>${t.term('downloadReceipt')}</a>
      </p>
      ${this.receiptError ? html`<p part="receipt-error" role="alert">${t.term('receiptDownloadFailed')}</p>` : nothing}`;
  }

  private async download(event: Event, orderId: string, token: string) {
    event.preventDefault();
    if (this.downloading) return;
    this.downloading = true;
    this.receiptError = false;
    try {
      const pdf = await downloadReceipt(this.kit.endpoint, orderId, token, this.localize.lang);
      const url = URL.createObjectURL(pdf);
      const a = document.createElement('a');
      a.href = url;
      a.download = `receipt-${orderId}.pdf`;
      a.hidden = true;
      this.renderRoot.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      this.emit('ck-receipt-download', { orderId });
    } catch {
      this.receiptError = true;
    } finally {
      this.downloading = false;
    }
  }

  private retry() {
    this.verifiedId = undefined;
    this.requestUpdate();
  }
}

const ICONS: Record<View, string> = {
  loading: '…',
  succeeded: '✓',
  failed: '✕',
  voided: '⊘',
  pending: '⏳',
  cancelled: '↩',
  missing: '?',
  error: '!',
};
