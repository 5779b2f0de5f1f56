import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ORDER_STATUSES } from '../../contract/admin';
import { formatMoney } from '../../contract/money';
import { ApiError } from '../core/api';
import { CkElement } from '../core/base';
import { KitController } from '../core/context';
import { describeApiError } from '../core/error-message';
import { AdminLocalizeController } from './localize';
import { listOrders, type AdminOrderList, type AdminOrderQuery } from './api';
import { adminStyles } from './admin.styles';

const FILTERS = ['status', 'from', 'to', 'email', 'reference', 'minAmount', 'maxAmount'] as const;
type Filter = (typeof FILTERS)[number];

/**
 * @summary The console's order search: filters (status, days, email, order or payment id, amount), a page of results from the server, and links to each order.
 *
 * Each order links to `#/orders/<id>` (the console shows its detail). Filtering and paging
 * happen on the proxy; the element shows one page at a time.
 *
 * @tag ck-admin-orders
 *
 * @csspart base - The container.
 * @csspart filters - The search form.
 * @csspart results - The table of orders.
 * @csspart pager - The page controls.
 */
export class CkAdminOrders extends CkElement {
  static override styles = adminStyles;

  /** Orders per page. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 20;

  @state() private filters: Partial<Record<Filter, string>> = {};
  @state() private page = 1;
  @state() private result?: AdminOrderList;
  @state() private error = '';
  @state() private busy = false;

  private readonly localize = new AdminLocalizeController(this);
  private readonly kit = new KitController(this);
  private request?: AbortController;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.request?.abort();
  }

  /** Loads the current page for the current filters. */
  async load(): Promise<void> {
    this.request?.abort();
    const request = (this.request = new AbortController());
    this.busy = true;
    this.error = '';
    try {
      const q: AdminOrderQuery = { page: this.page, pageSize: this.pageSize };
      for (const key of FILTERS) {
        const value = this.filters[key]?.trim();
        if (value) (q as Record<string, string | number>)[key] = value;
      }
      this.result = await listOrders(this.kit.endpoint, q, request.signal);
    } catch (error) {
      if (request.signal.aborted) return;
      this.error = describeApiError(this.localize, error instanceof ApiError ? error : new ApiError(0, 'network_error', ''));
    } finally {
      if (this.request === request) this.busy = false;
    }
  }

  override render() {
    const t = this.localize;
    return html`<div part="base" dir=${t.dir}>
      ${this.renderFilters()}
      ${this.error ? html`<div part="alert" role="alert">${this.error}</div>` : nothing}
      ${this.renderResults()}
    </div>`;
  }

  private renderFilters() {
    const t = this.localize;
    const input = (key: Filter, label: string, type = 'text', extra: Record<string, string> = {}) => html`<div class="field">
      <label for=${key}>${label}</label>
      <input
        id=${key}
        name=${key}
        type=${type}
        inputmode=${extra.inputmode ?? nothing}
        aria-describedby=${extra.describedby ?? nothing}
        .value=${this.filters[key] ?? ''}
        @input=${(e: Event) => (this.filters = { ...this.filters, [key]: (e.target as HTMLInputElement).value })}
      />
    </div>`;
    return html`<form part="filters" @submit=${this.search}>
      <fieldset>
        <legend>${t.term('adminFilters')}</legend>
        <div class="grid">
          <div class="field">
            <label for="status">${t.term('adminStatus')}</label>
            <select id="status" name="status" @change=${(e: Event) => (this.filters = { ...this.filters, status: (e.target as HTMLSelectElement).value })}>
              <option value="" ?selected=${!this.filters.status}>${t.term('adminAnyStatus')}</option>
              ${ORDER_STATUSES.map((s) => html`<option value=${s} ?selected=${this.filters.status === s}>${t.term('adminStatusName', s)}</option>`)}
            </select>
          </div>
          ${input('from', t.term('adminFrom'), 'date')} ${input('to', t.term('adminTo'), 'date')}
          ${input('email', t.term('adminEmail'), 'search')} ${input('reference', t.term('adminReference'), 'search')}
          ${input('minAmount', t.term('adminMinAmount'), 'text', { inputmode: 'numeric', describedby: 'amount-hint' })}
          ${input('maxAmount', t.term('adminMaxAmount'), 'text', { inputmode: 'numeric', describedby: 'amount-hint' })}
          <button class="button primary" type="submit" ?disabled=${this.busy}>${t.term('adminSearch')}</button>
        </div>
        <p class="hint" id="amount-hint">${t.term('adminAmountHint')}</p>
      </fieldset>
    </form>`;
  }

  private renderResults() {
    const t = this.localize;
    const r = this.result;
    if (!r) return this.busy ? html`<p aria-busy="true">${t.term('loading')}</p>` : nothing;
    const pages = Math.max(1, Math.ceil(r.total / r.pageSize));
    const date = new Intl.DateTimeFormat(t.lang, { dateStyle: 'medium', timeStyle: 'short' });
    return html`<div role="status" aria-live="polite" class="muted">${this.busy ? t.term('loading') : t.term('adminResults', r.total)}</div>
      ${r.orders.length === 0
        ? html`<p>${t.term('adminNoOrders')}</p>`
        : html`<div class="table-wrap">
            <table part="results">
              <caption class="visually-hidden">${t.term('adminOrders')}</caption>
              <thead>
                <tr>
                  <th scope="col">${t.term('adminColOrder')}</th>
                  <th scope="col">${t.term('adminColDate')}</th>
                  <th scope="col">${t.term('adminColCustomer')}</th>
                  <th scope="col">${t.term('adminStatus')}</th>
                  <th scope="col" class="num">${t.term('adminColAmount')}</th>
                </tr>
              </thead>
              <tbody>
                ${r.orders.map(
                  (o) => html`<tr>
                    <th scope="row"><a href=${`#/orders/${o.id}`}><code>${o.id}</code></a></th>
                    <td>${date.format(new Date(o.createdAt))}</td>
                    <td>${o.name ?? ''}${o.email ? html`<br /><span class="muted">${o.email}</span>` : nothing}</td>
                    <td>${t.term('adminStatusName', o.status)}</td>
                    <td class="num">${formatMoney(o.amount, o.currency, t.lang)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
      <nav part="pager" class="row" aria-label=${t.term('adminPage', r.page, pages)}>
        <button class="button" type="button" ?disabled=${r.page <= 1 || this.busy} @click=${() => this.go(r.page - 1)}>${t.term('adminPrevious')}</button>
        <span>${t.term('adminPage', r.page, pages)}</span>
        <button class="button" type="button" ?disabled=${r.page >= pages || this.busy} @click=${() => this.go(r.page + 1)}>${t.term('adminNext')}</button>
      </nav>`;
  }

  private search(event: SubmitEvent) {
    event.preventDefault();
    this.page = 1;
    void this.load();
  }

  private go(page: number) {
    this.page = page;
    void this.load();
  }
}
