import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { ApiError } from '../core/api';
import { CkElement } from '../core/base';
import { KitController } from '../core/context';
import { describeApiError } from '../core/error-message';
import { AdminLocalizeController } from './localize';
import { getAudit, type AuditList } from './api';
import { adminStyles } from './admin.styles';

const FILTERS = ['type', 'actor', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];

/**
 * @summary The console's security and staff audit log (admins only): logins, refusals, rate limiting and staff actions, with who, when, a hashed address and the browser, filtered and paged on the server.
 *
 * @tag ck-admin-audit
 *
 * @csspart base - The container.
 * @csspart filters - The filter form.
 * @csspart events - The table of entries.
 * @csspart pager - The page controls.
 */
export class CkAdminAudit extends CkElement {
  static override styles = adminStyles;

  @state() private filters: Partial<Record<Filter, string>> = {};
  @state() private page = 1;
  @state() private result?: AuditList;
  @state() private error = '';
  @state() private busy = false;

  private readonly localize = new AdminLocalizeController(this);
  private readonly kit = new KitController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  /** Loads the current page for the current filters. */
  async load(): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      const q: Record<string, string | number> = { page: this.page, pageSize: 50 };
      for (const key of FILTERS) if (this.filters[key]?.trim()) q[key] = this.filters[key]!.trim();
      this.result = await getAudit(this.kit.endpoint, q);
    } catch (error) {
      this.error = describeApiError(this.localize, error instanceof ApiError ? error : new ApiError(0, 'network_error', ''));
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const t = this.localize;
    const r = this.result;
    const when = new Intl.DateTimeFormat(t.lang, { dateStyle: 'medium', timeStyle: 'medium' });
    const input = (key: Filter, label: string, type = 'text') => html`<div class="field">
      <label for=${key}>${label}</label>
      <input id=${key} type=${type} .value=${this.filters[key] ?? ''} @input=${(e: Event) => (this.filters = { ...this.filters, [key]: (e.target as HTMLInputElement).value })} />
    </div>`;
    const pages = r ? Math.max(1, Math.ceil(r.total / r.pageSize)) : 1;
    return html`<div part="base" dir=${t.dir}>
      <form part="filters" class="grid" @submit=${(e: SubmitEvent) => (e.preventDefault(), (this.page = 1), void this.load())}>
        ${input('type', t.term('adminEventType'))} ${input('actor', t.term('username'))} ${input('from', t.term('adminFrom'), 'date')} ${input('to', t.term('adminTo'), 'date')}
        <button class="button primary" type="submit" ?disabled=${this.busy}>${t.term('adminSearch')}</button>
      </form>
      ${this.error ? html`<div part="alert" role="alert">${this.error}</div>` : nothing}
      ${!r
        ? html`<p aria-busy="true">${t.term('loading')}</p>`
        : r.events.length === 0
          ? html`<p>${t.term('adminNoData')}</p>`
          : html`<div class="table-wrap">
              <table part="events">
                <caption class="visually-hidden">${t.term('adminAudit')}</caption>
                <thead><tr><th scope="col">${t.term('adminColWhen')}</th><th scope="col">${t.term('adminColEvent')}</th><th scope="col">${t.term('adminColActor')}</th><th scope="col">${t.term('adminColRequest')}</th><th scope="col">${t.term('adminColAddress')}</th><th scope="col">${t.term('adminColAgent')}</th></tr></thead>
                <tbody>
                  ${r.events.map((e) => html`<tr><td>${when.format(new Date(e.at))}</td><th scope="row"><code>${e.type}</code></th><td>${e.actor ?? '—'}</td><td><code>${e.route ?? ''}</code></td><td><code>${e.ipHash}</code></td><td>${e.userAgent ?? ''}</td></tr>`)}
                </tbody>
              </table>
            </div>`}
      ${r
        ? html`<nav part="pager" class="row" aria-label=${t.term('adminPage', r.page, pages)}>
            <button class="button" type="button" ?disabled=${r.page <= 1 || this.busy} @click=${() => ((this.page = r.page - 1), void this.load())}>${t.term('adminPrevious')}</button>
            <span>${t.term('adminPage', r.page, pages)}</span>
            <button class="button" type="button" ?disabled=${r.page >= pages || this.busy} @click=${() => ((this.page = r.page + 1), void this.load())}>${t.term('adminNext')}</button>
          </nav>`
        : nothing}
    </div>`;
  }
}
