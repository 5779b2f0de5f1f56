import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { formatMoney, minorUnits, toMinor } from '../../contract/money';
import { ApiError, newIdempotencyKey } from '../core/api';
import { CkElement } from '../core/base';
import { KitController } from '../core/context';
import { describeApiError } from '../core/error-message';
import { AdminLocalizeController } from './localize';
import { getOrder, refundOrder, resendReceipt, voidOrder, type AdminOrderDetail } from './api';
import { adminStyles } from './admin.styles';

type Pending = { kind: 'refund'; amount: number; reason: string; key: string } | { kind: 'void'; reason: string } | { kind: 'resend'; to: string; key: string };

/**
 * @summary One order in the console: its figures, lines, payments, the refunds and voids asked for, its whole audit timeline, and — for a role that may — refund (in full or in part, with a reason), void and send the receipt again, each after a confirmation.
 *
 * The server decides what the role may do and refuses the rest; the element shows the actions
 * only to a role that has the right (`can-refund`, `can-void`, `can-resend`). A refund decided on an
 * out-of-date view (someone refunded meanwhile) is refused by the proxy: the element reloads
 * the order and says so.
 *
 * @tag ck-admin-order
 *
 * @event {CustomEvent<{ orderId: string; kind: 'refund' | 'void' | 'resend'; actionId: string }>} ck-admin-action - A refund or void was accepted for sending to Checkout.com, or a receipt queued to go again (`actionId`: its outbox event).
 *
 * @csspart base - The container.
 * @csspart refund - The refund form.
 * @csspart void - The void form.
 * @csspart resend - The button that sends the receipt again.
 * @csspart confirm - The confirmation dialog.
 * @csspart timeline - The audit timeline table.
 */
export class CkAdminOrder extends CkElement {
  static override styles = adminStyles;

  /** The order's id (ORD…). */
  @property({ attribute: 'order-id' }) orderId = '';
  /** Whether the staff member's role may refund (the server checks it anyway). */
  @property({ type: Boolean, attribute: 'can-refund' }) canRefund = false;
  /** Whether the staff member's role may void. */
  @property({ type: Boolean, attribute: 'can-void' }) canVoid = false;
  /** Whether the staff member's role may send the confirmation with its receipt again. */
  @property({ type: Boolean, attribute: 'can-resend' }) canResend = false;

  @state() private detail?: AdminOrderDetail;
  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;
  @state() private pending?: Pending;
  @state() private fieldErrors: Partial<Record<'amount' | 'reason' | 'voidReason', string>> = {};

  @query('dialog') private dialog?: HTMLDialogElement;
  @query('#refund-amount') private amountInput?: HTMLInputElement;
  @query('#refund-reason') private reasonInput?: HTMLInputElement;
  @query('#void-reason') private voidReasonInput?: HTMLInputElement;

  private readonly localize = new AdminLocalizeController(this);
  private readonly kit = new KitController(this);
  /** What had focus before the dialog opened: it gets focus back when the dialog closes. */
  private opener?: HTMLElement;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('orderId') && this.orderId) void this.load();
  }

  /** Reloads the order from the proxy. */
  async load(): Promise<void> {
    this.error = '';
    try {
      this.detail = await getOrder(this.kit.endpoint, this.orderId);
    } catch (error) {
      this.error = this.describe(error);
    }
  }

  private describe(error: unknown): string {
    const api = error instanceof ApiError ? error : new ApiError(0, 'network_error', '');
    if (api.code === 'refund_conflict') return this.localize.term('adminConflict');
    if (api.code === 'not_allowed') return this.localize.term('adminNotAllowed');
    if (api.status === 409 || api.status === 422) return api.message;
    return describeApiError(this.localize, api);
  }

  private money(minor: number): string {
    return formatMoney(minor, this.detail!.order.currency, this.localize.lang);
  }

  override render() {
    const t = this.localize;
    const d = this.detail;
    return html`<div part="base" dir=${t.dir}>
      <p><a href="#/orders">${t.term('adminBack')}</a></p>
      <h2 id="order-title">${t.term('adminOrderTitle', this.orderId)}</h2>
      ${this.error ? html`<div part="alert" role="alert">${this.error}</div>` : nothing}
      <div role="status" aria-live="polite">${this.notice}</div>
      ${d ? this.renderDetail(d) : this.error ? nothing : html`<p aria-busy="true">${t.term('loading')}</p>`}
      ${this.renderDialog()}
    </div>`;
  }

  private renderDetail(d: AdminOrderDetail) {
    const t = this.localize;
    const o = d.order;
    const when = new Intl.DateTimeFormat(t.lang, { dateStyle: 'medium', timeStyle: 'medium' });
    return html`<section aria-labelledby="order-title">
        <dl class="grid">
          <div><dt class="muted">${t.term('adminStatus')}</dt><dd>${t.term('adminStatusName', o.status)}</dd></div>
          <div><dt class="muted">${t.term('adminColAmount')}</dt><dd>${this.money(o.amount + (d.giftCard?.amount ?? 0))}</dd></div>
          ${d.giftCard
            ? html`<div part="gift-card"><dt class="muted">${t.term('adminGiftCard', d.giftCard.last4)}</dt><dd>${this.money(d.giftCard.amount)}${d.giftCard.refunded
                ? html` <span class="muted">(${t.term('adminGiftCardBack', this.money(d.giftCard.refunded))})</span>`
                : nothing}</dd></div>`
            : nothing}
          <div><dt class="muted">${t.term('adminColCustomer')}</dt><dd>${o.name ?? ''} ${o.email ? html`<span class="muted">${o.email}</span>` : nothing}</dd></div>
          <div><dt class="muted">${t.term('adminColDate')}</dt><dd>${when.format(new Date(o.createdAt))}</dd></div>
        </dl>
        <p>${t.term('adminRefunded', this.money(o.refundedAmount + (d.giftCard?.refunded ?? 0)))} · ${t.term('adminRefundable', this.money(d.refundable))}</p>
        ${d.giftCard && d.refundable > 0 ? html`<p class="muted">${t.term('adminRefundSplit')}</p>` : nothing}
      </section>
      ${this.renderActions(d)}
      <div class="table-wrap">
        <table>
          <caption>${t.term('adminItems')}</caption>
          <thead><tr><th scope="col">${t.term('adminColOrder')}</th><th scope="col" class="num">${t.term('quantity')}</th><th scope="col" class="num">${t.term('adminColAmount')}</th></tr></thead>
          <tbody>
            ${o.lines.map((line) => {
              const l = line as { name?: string; reference?: string; quantity?: number; amount?: number; unitAmount?: number };
              return html`<tr><th scope="row">${l.name ?? l.reference ?? ''}</th><td class="num">${l.quantity ?? 1}</td><td class="num">${this.money(Number(l.amount ?? (l.unitAmount ?? 0) * (l.quantity ?? 1)))}</td></tr>`;
            })}
          </tbody>
        </table>
      </div>
      <div class="table-wrap">
        <table>
          <caption>${t.term('adminPayments')}</caption>
          <thead><tr><th scope="col">${t.term('adminColPayment')}</th><th scope="col">${t.term('adminStatus')}</th><th scope="col" class="num">${t.term('adminColAmount')}</th></tr></thead>
          <tbody>${d.payments.map((p) => html`<tr><th scope="row"><code>${p.id}</code></th><td>${p.status}</td><td class="num">${formatMoney(p.amount, p.currency, t.lang)}</td></tr>`)}</tbody>
        </table>
      </div>
      ${d.actions.length
        ? html`<div class="table-wrap">
            <table part="actions">
              <caption>${t.term('adminActions')}</caption>
              <thead><tr><th scope="col">${t.term('adminColEvent')}</th><th scope="col" class="num">${t.term('adminColAmount')}</th><th scope="col">${t.term('adminStatus')}</th><th scope="col">${t.term('adminColActor')}</th><th scope="col">${t.term('adminReason')}</th></tr></thead>
              <tbody>
                ${d.actions.map((a) => html`<tr><th scope="row">${a.kind}</th><td class="num">${formatMoney(a.amount, a.currency, t.lang)}</td><td>${a.status}</td><td>${a.staff ?? a.reason}</td><td>${a.note ?? ''}</td></tr>`)}
              </tbody>
            </table>
          </div>`
        : nothing}
      <div class="table-wrap">
        <table part="timeline">
          <caption>${t.term('adminTimeline')}</caption>
          <thead><tr><th scope="col">${t.term('adminColWhen')}</th><th scope="col">${t.term('adminColEvent')}</th><th scope="col">${t.term('adminColActor')}</th></tr></thead>
          <tbody>${d.timeline.map((e) => html`<tr><td>${when.format(new Date(e.at))}</td><th scope="row"><code>${e.type}</code></th><td>${e.actor}</td></tr>`)}</tbody>
        </table>
      </div>`;
  }

  private renderActions(d: AdminOrderDetail) {
    const t = this.localize;
    const resend = this.canResend && d.receiptResendable && d.order.email
      ? html`<p><button part="resend" class="button" type="button" ?disabled=${this.busy} @click=${() => this.open({ kind: 'resend', to: d.order.email!, key: newIdempotencyKey() })}>${t.term('adminResendReceipt')}</button></p>`
      : nothing;
    if (!this.canRefund && !this.canVoid) return html`${resend}${d.refundable > 0 || d.voidable ? html`<p class="muted">${t.term('adminAdminOnly')}</p>` : nothing}`;
    const digits = minorUnits(d.order.currency);
    return html`${resend}${this.canRefund && d.refundable > 0
      ? html`<form part="refund" novalidate @submit=${this.askRefund}>
          <fieldset>
            <legend>${t.term('adminRefund')}</legend>
            <div class="grid">
              <div class="field">
                <label for="refund-amount">${t.term('adminRefundAmount')} (${d.order.currency})</label>
                <input id="refund-amount" inputmode="decimal" autocomplete="off" .value=${(d.refundable / 10 ** digits).toFixed(digits)}
                  aria-invalid=${this.fieldErrors.amount ? 'true' : 'false'} aria-describedby=${this.fieldErrors.amount ? 'refund-amount-error' : nothing} />
                ${this.fieldErrors.amount ? html`<p class="error" id="refund-amount-error">${this.fieldErrors.amount}</p>` : nothing}
              </div>
              <div class="field">
                <label for="refund-reason">${t.term('adminReason')}</label>
                <input id="refund-reason" maxlength="500" autocomplete="off"
                  aria-invalid=${this.fieldErrors.reason ? 'true' : 'false'} aria-describedby=${this.fieldErrors.reason ? 'refund-reason-error' : nothing} />
                ${this.fieldErrors.reason ? html`<p class="error" id="refund-reason-error">${this.fieldErrors.reason}</p>` : nothing}
              </div>
              <button class="button primary" type="submit" ?disabled=${this.busy}>${t.term('adminRefund')}</button>
            </div>
          </fieldset>
        </form>`
      : nothing}
    ${this.canVoid && d.voidable
      ? html`<form part="void" novalidate @submit=${this.askVoid}>
          <fieldset>
            <legend>${t.term('adminVoid')}</legend>
            <div class="grid">
              <div class="field">
                <label for="void-reason">${t.term('adminReason')}</label>
                <input id="void-reason" maxlength="500" autocomplete="off"
                  aria-invalid=${this.fieldErrors.voidReason ? 'true' : 'false'} aria-describedby=${this.fieldErrors.voidReason ? 'void-reason-error' : nothing} />
                ${this.fieldErrors.voidReason ? html`<p class="error" id="void-reason-error">${this.fieldErrors.voidReason}</p>` : nothing}
              </div>
              <button class="button" type="submit" ?disabled=${this.busy}>${t.term('adminVoid')}</button>
            </div>
          </fieldset>
        </form>`
      : nothing}`;
  }

  private renderDialog() {
    const t = this.localize;
    const p = this.pending;
    const text = !p
      ? ''
      : p.kind === 'refund'
        ? t.term('adminRefundConfirm', this.money(p.amount), this.orderId)
        : p.kind === 'void'
          ? t.term('adminVoidConfirm', this.orderId)
          : t.term('adminResendConfirm', this.orderId, p.to);
    return html`<dialog part="confirm" aria-labelledby="confirm-text" @close=${this.closed}>
      <p id="confirm-text">${text}</p>
      <div class="row">
        <button class="button primary" type="button" ?disabled=${this.busy} @click=${this.confirm}>${t.term('adminConfirm')}</button>
        <button class="button" type="button" ?disabled=${this.busy} @click=${() => this.dialog?.close()}>${t.term('adminCancel')}</button>
      </div>
    </dialog>`;
  }

  private async open(pending: Pending) {
    this.pending = pending;
    this.opener = (this.renderRoot as ShadowRoot).activeElement as HTMLElement | undefined;
    await this.updateComplete;
    this.dialog?.showModal();
    // The safe choice has focus: Enter on an opened dialog never moves money.
    this.dialog?.querySelectorAll<HTMLButtonElement>('button')[1]?.focus();
  }

  private closed() {
    if (!this.busy) this.pending = undefined;
    this.opener?.focus();
  }

  private askRefund(event: SubmitEvent) {
    event.preventDefault();
    const t = this.localize;
    const d = this.detail!;
    const currency = d.order.currency;
    const raw = (this.amountInput?.value ?? '').trim().replace(',', '.');
    const amount = /^\d+(\.\d+)?$/.test(raw) ? toMinor(Number(raw), currency) : NaN;
    const reason = this.reasonInput?.value.trim() ?? '';
    const errors: typeof this.fieldErrors = {};
    if (!(amount > 0 && amount <= d.refundable)) errors.amount = t.term('adminAmountInvalid', this.money(d.refundable));
    if (reason.length < 3) errors.reason = t.term('adminReasonRequired');
    this.fieldErrors = errors;
    if (errors.amount) return void this.updateComplete.then(() => this.amountInput?.focus());
    if (errors.reason) return void this.updateComplete.then(() => this.reasonInput?.focus());
    // One key per decision: confirming again after a lost answer is the same refund.
    void this.open({ kind: 'refund', amount, reason, key: newIdempotencyKey() });
  }

  private askVoid(event: SubmitEvent) {
    event.preventDefault();
    const reason = this.voidReasonInput?.value.trim() ?? '';
    this.fieldErrors = reason.length < 3 ? { voidReason: this.localize.term('adminReasonRequired') } : {};
    if (this.fieldErrors.voidReason) return void this.updateComplete.then(() => this.voidReasonInput?.focus());
    void this.open({ kind: 'void', reason });
  }

  private async confirm() {
    const p = this.pending;
    const d = this.detail;
    if (!p || !d || this.busy) return;
    this.busy = true;
    this.error = '';
    this.notice = '';
    let failure = '';
    try {
      let actionId: string;
      if (p.kind === 'resend') {
        actionId = (await resendReceipt(this.kit.endpoint, this.orderId, p.key)).resend.id;
        this.notice = this.localize.term('adminResendQueued', p.to);
      } else {
        const result =
          p.kind === 'refund'
            ? await refundOrder(this.kit.endpoint, this.orderId, { amount: p.amount, reason: p.reason, expectedRefunded: d.committedRefunds }, p.key)
            : await voidOrder(this.kit.endpoint, this.orderId, { reason: p.reason });
        // A refund is named by its id; the gift card may take all of it (no Checkout.com action) or the part beyond the card's share.
        actionId = 'id' in result ? result.id : result.action.id;
        const gift = 'giftCard' in result && result.giftCard ? this.localize.term('adminGiftCardBack', this.money(result.giftCard.amount)) : '';
        this.notice = [result.action ? this.localize.term('adminSent') : '', gift].filter(Boolean).join(' · ');
      }
      this.dispatchEvent(new CustomEvent('ck-admin-action', { detail: { orderId: this.orderId, kind: p.kind, actionId }, bubbles: true, composed: true }));
    } catch (error) {
      failure = this.describe(error);
    } finally {
      this.busy = false;
      this.pending = undefined;
      this.dialog?.close();
      // What the order is now (the refund on its way, or the one someone else made meanwhile).
      await this.load();
      if (failure) this.error = failure;
    }
  }
}
