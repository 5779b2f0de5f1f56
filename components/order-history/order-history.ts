import { html, nothing } from 'lit';
import { addressParts, isolated } from '../core/countries';
import { property, state } from 'lit/decorators.js';
import type { AccountOrderDetail, AccountOrderStatus, AccountOrderSummary, AccountOrdersResponse } from '../../contract/api';
import { formatMoney, formatMoneyOff } from '../../contract/money';
import { fetchOrder, fetchOrders } from '../core/account';
import { ApiError } from '../core/api';
import { CkElement } from '../core/base';
import { KitController } from '../core/context';
import { describeApiError } from '../core/error-message';
import { addEnglish, LocalizeController } from '../core/localize';
import orderHistoryEn from './en';
import { SessionController } from '../core/session';
import styles from './order-history.styles';

// This element's own English strings (the shared ones ship in the kit's core).
addEnglish(orderHistoryEn);

type View =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'list'; data: AccountOrdersResponse }
  | { kind: 'detail'; order: AccountOrderDetail; from: AccountOrdersResponse | undefined };

/** The order's total: what the payment card paid and what a gift card paid. */
const totalOf = (order: AccountOrderSummary) => order.amount + (order.giftCard?.amount ?? 0);

/**
 * @summary The logged-in shopper's orders, newest first and paged: date, items, amount, status (refunds and voids included) and payment reference, and each order's detail.
 *
 * The orders are those made while logged in to a shopper account (the proxy ties an order to
 * the account of the session that made it). Logged out, the element offers the log-in form
 * (`ck-login` with the account's email); a staff or demo login, which has no order history,
 * is told so.
 *
 * @tag ck-order-history
 *
 * @slot heading - Replaces the default "Your orders" heading.
 * @slot empty - Shown when the account has no orders yet (e.g. a link to the shop).
 *
 * @csspart base - The container.
 * @csspart title - The heading (focused when the page of orders changes).
 * @csspart list - The list of orders.
 * @csspart order - One order of the list.
 * @csspart status - An order's status.
 * @csspart details-button - The button that opens an order's detail.
 * @csspart pager - The previous / next page row.
 * @csspart detail - An order's detail.
 * @csspart detail-title - The heading of an order's detail (focused when it opens).
 * @csspart back-button - Back from the detail to the list.
 * @csspart alert - An error message, with its retry button.
 * @csspart login - The inner `ck-login` of the logged-out state.
 *
 * @cssproperty --ck-order-history-background - Background of an order.
 * @cssproperty --ck-order-history-max-width - Maximum width of the element (default 48rem).
 */
export class CkOrderHistory extends CkElement {
  static override styles = styles;

  /** Heading level of the title (2–6); an order's detail uses the same level. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  @state() private view: View = { kind: 'loading' };
  @state() private announcement = '';

  private readonly localize = new LocalizeController<keyof typeof orderHistoryEn>(this);
  private readonly kit = new KitController(this);
  private readonly auth = new SessionController(this, () => this.kit.endpoint);
  /** Who the shown orders are for: a change of session loads them again. */
  private loadedFor?: string;
  private page = 1;
  private abort?: AbortController;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
    this.loadedFor = undefined;
  }

  protected override willUpdate(): void {
    const user = this.auth.session.user;
    const key = user?.account ? `${this.kit.endpoint}|${user.username}` : undefined;
    if (key !== this.loadedFor) {
      this.loadedFor = key;
      this.abort?.abort();
      if (key) void this.load(1);
    }
  }

  private async load(page: number, focus = false) {
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.view = { kind: 'loading' };
    try {
      const data = await fetchOrders(this.kit.endpoint, page, abort.signal);
      if (abort.signal.aborted) return;
      this.page = data.page;
      this.view = { kind: 'list', data };
      if (focus) {
        this.announcement = this.localize.term('ordersPage', data.page, Math.max(1, data.pages));
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('[part="title"]')?.focus();
      }
    } catch (error) {
      if (abort.signal.aborted) return;
      this.failed(error);
    }
  }

  private async open(order: AccountOrderSummary) {
    const from = this.view.kind === 'list' ? this.view.data : undefined;
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.view = { kind: 'loading' };
    try {
      const detail = await fetchOrder(this.kit.endpoint, order.id, abort.signal);
      if (abort.signal.aborted) return;
      this.view = { kind: 'detail', order: detail, from };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part="detail-title"]')?.focus();
    } catch (error) {
      if (abort.signal.aborted) return;
      this.failed(error);
    }
  }

  private async back(id: string, from: AccountOrdersResponse | undefined) {
    if (!from) return this.load(this.page, true);
    this.view = { kind: 'list', data: from };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-order="${CSS.escape(id)}"]`)?.focus();
  }

  private failed(error: unknown) {
    const api = error instanceof ApiError ? error : new ApiError(0, 'network_error', String(error));
    // The session ended meanwhile (logged out in another tab): ask who is logged in again.
    if (api.status === 401) {
      void this.auth.session.refresh(true);
      return;
    }
    this.view = { kind: 'error', message: api.status === 404 ? this.localize.term('orderNotFound') : describeApiError(this.localize, api) };
  }

  override render() {
    const t = this.localize;
    const session = this.auth.session;
    const user = session.user;
    const level = Math.min(6, Math.max(2, this.headingLevel));
    const title = html`<div part="title" id="title" role="heading" aria-level=${level} tabindex="-1">
      <slot name="heading">${t.term('ordersTitle')}</slot>
    </div>`;
    let body: unknown;
    if (session.me === undefined && !session.failed) body = this.renderLoading();
    else if (!user) body = this.renderLoggedOut();
    else if (!user.account) body = html`<p part="alert" role="alert">${t.term('ordersNotAccount')}</p>`;
    else body = this.renderView(level);
    return html`<section part="base" aria-labelledby="title" dir=${t.dir}>
      ${this.view.kind === 'detail' && user?.account ? nothing : title} ${body}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }

  private renderLoading() {
    return html`<p aria-busy="true">${this.localize.term('loading')}</p>`;
  }

  private renderLoggedOut() {
    // Defined already when the shared core carries it (the staff console shares ck-login): no request then.
    if (!customElements.get('ck-login')) void import('../groups/account');
    return html`<p>${this.localize.term('ordersLoggedOut')}</p>
      <ck-login part="login" identifier="email" heading-level=${Math.min(6, this.headingLevel + 1)}></ck-login>`;
  }

  private renderView(level: number) {
    const t = this.localize;
    const view = this.view;
    switch (view.kind) {
      case 'loading':
        return this.renderLoading();
      case 'error':
        return html`<div part="alert" role="alert">
          <p>${view.message}</p>
          <button type="button" class="button" @click=${() => this.load(this.page)}>${t.term('retry')}</button>
        </div>`;
      case 'list':
        return view.data.orders.length ? this.renderList(view.data) : html`<slot name="empty"><p>${t.term('ordersEmpty')}</p></slot>`;
      case 'detail':
        return this.renderDetail(view.order, view.from, level);
    }
  }

  private date(iso: string) {
    return new Intl.DateTimeFormat(this.localize.lang, { dateStyle: 'long' }).format(new Date(iso));
  }

  private status(status: AccountOrderStatus) {
    const t = this.localize;
    const labels: Record<AccountOrderStatus, string> = {
      pending: t.term('orderStatusPending'),
      paid: t.term('orderStatusPaid'),
      partially_refunded: t.term('orderStatusPartiallyRefunded'),
      refunded: t.term('orderStatusRefunded'),
      voided: t.term('orderStatusVoided'),
    };
    return html`<span part="status" class=${status}>${labels[status]}</span>`;
  }

  private lines(order: AccountOrderSummary) {
    return order.lines.map((l) => this.localize.term('orderLine', l.quantity, l.name)).join(', ');
  }

  private renderList(data: AccountOrdersResponse) {
    const t = this.localize;
    const pages = Math.max(1, data.pages);
    return html`<ol part="list">
        ${data.orders.map(
          (order) => html`<li part="order">
            <p class="date">${this.date(order.createdAt)}</p>
            <p class="amount">${formatMoney(totalOf(order), order.currency, t.lang)}</p>
            ${this.status(order.status)}
            <button
              type="button"
              part="details-button"
              class="link"
              data-order=${order.id}
              aria-label=${t.term('orderDetailsOf', order.id)}
              @click=${() => this.open(order)}
            >
              ${t.term('orderDetails')}
            </button>
            <p class="lines">${this.lines(order)}</p>
            <p class="reference">${t.term('paymentReference')}: ${order.paymentId ?? order.reference}</p>
          </li>`,
        )}
      </ol>
      ${pages > 1
        ? html`<nav part="pager" aria-label=${t.term('ordersPages')}>
            <button type="button" class="button" ?disabled=${data.page <= 1} @click=${() => this.load(data.page - 1, true)}>${t.term('previousPage')}</button>
            <span>${t.term('ordersPage', data.page, pages)}</span>
            <button type="button" class="button" ?disabled=${data.page >= pages} @click=${() => this.load(data.page + 1, true)}>${t.term('nextPage')}</button>
          </nav>`
        : nothing}`;
  }

  private renderDetail(order: AccountOrderDetail, from: AccountOrdersResponse | undefined, level: number) {
    const t = this.localize;
    const money = (amount: number) => formatMoney(amount, order.currency, t.lang);
    const off = (amount: number) => formatMoneyOff(amount, order.currency, t.lang);
    const gift = order.giftCard;
    // Back to the payment card and back to the gift card: what the shopper got back in all.
    const refunded = order.refundedAmount + (gift?.refunded ?? 0);
    const address = order.shippingAddress;
    return html`<article part="detail" aria-labelledby="detail-title">
      <div part="detail-title" id="detail-title" role="heading" aria-level=${level} tabindex="-1">${t.term('orderDetailTitle', order.id)}</div>
      <dl>
        <dt>${t.term('orderDate')}</dt>
        <dd>${this.date(order.createdAt)}</dd>
        <dt>${t.term('paymentStatus')}</dt>
        <dd>${this.status(order.status)}</dd>
        <dt>${t.term('orderNumber')}</dt>
        <dd>${order.reference}</dd>
        ${order.paymentId ? html`<dt>${t.term('paymentReference')}</dt><dd>${order.paymentId}</dd>` : nothing}
        ${address
          ? html`<dt>${t.term('stepShipping')}</dt>
              <dd>${isolated(addressParts(address, t.lang))}</dd>`
          : nothing}
      </dl>
      <table aria-labelledby="detail-title">
        <thead>
          <tr>
            <th scope="col">${t.term('orderItems')}</th>
            <th scope="col" class="num">${t.term('orderQuantity')}</th>
            <th scope="col" class="num">${t.term('amount')}</th>
          </tr>
        </thead>
        <tbody>
          ${order.lines.map((l) => html`<tr><td><bdi>${l.name}</bdi></td><td class="num">${l.quantity}</td><td class="num">${money(l.amount)}</td></tr>`)}
        </tbody>
      </table>
      <dl class="totals">
        <dt>${t.term('subtotal')}</dt>
        <dd>${money(order.subtotal)}</dd>
        ${order.discount ? html`<dt>${t.term('discountWithCode', order.coupon ?? '')}</dt><dd>${off(order.discount)}</dd>` : nothing}
        <dt>${t.term('shipping')}</dt>
        <dd>${money(order.shipping)}</dd>
        <dt>${t.term('tax')}</dt>
        <dd>${money(order.tax)}</dd>
        <dt>${t.term('total')}</dt>
        <dd>${money(totalOf(order))}</dd>
        ${gift
          ? html`<dt>${t.term('giftCardMasked', gift.last4)}</dt>
              <dd>${off(gift.amount)}</dd>
              ${order.amount ? html`<dt>${t.term('paidByCard')}</dt><dd>${money(order.amount)}</dd>` : nothing}`
          : nothing}
        ${refunded ? html`<dt>${t.term('orderRefunded')}</dt><dd>${money(refunded)}</dd>` : nothing}
      </dl>
      <div>
        <button type="button" part="back-button" class="button" @click=${() => this.back(order.id, from)}>${t.term('ordersBack')}</button>
      </div>
    </article>`;
  }
}
