import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError } from '../core/api';
import { CkElement } from '../core/base';
import { KitController } from '../core/context';
import { describeApiError } from '../core/error-message';
import { AdminLocalizeController } from './localize';
import { getReconciliation, listReconciliations, runReconciliation, type ReconciliationDetail, type ReconciliationReport } from './api';
import { adminStyles } from './admin.styles';

/** Yesterday as a UTC day (YYYY-MM-DD): the period the daily run reconciles. */
function yesterday(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

/**
 * @summary The console's reconciliation reports: the orders of a day compared with what Checkout.com reports for their payments, each report's mismatches, a CSV export, and a run on demand.
 *
 * @tag ck-admin-reconciliation
 *
 * @csspart base - The container.
 * @csspart run - The form that runs a reconciliation of chosen days now.
 * @csspart reports - The table of reports.
 * @csspart items - The table of one report's mismatches.
 */
export class CkAdminReconciliation extends CkElement {
  static override styles = adminStyles;

  /** Whether the role may start a run (the server checks it anyway). */
  @property({ type: Boolean, attribute: 'can-run' }) canRun = false;

  @state() private reports?: ReconciliationReport[];
  @state() private open?: ReconciliationDetail;
  @state() private error = '';
  @state() private busy = false;
  /** The days to reconcile (UTC, inclusive); yesterday to begin with. */
  @state() private from = yesterday();
  @state() private to = yesterday();

  private readonly localize = new AdminLocalizeController(this);
  private readonly kit = new KitController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  /** Reloads the list of reports. */
  async load(): Promise<void> {
    try {
      this.error = '';
      this.reports = (await listReconciliations(this.kit.endpoint)).reports;
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown) {
    this.error = describeApiError(this.localize, error instanceof ApiError ? error : new ApiError(0, 'network_error', ''));
  }

  private async run(event: SubmitEvent) {
    event.preventDefault();
    this.busy = true;
    try {
      const { report } = await runReconciliation(this.kit.endpoint, { from: this.from, to: this.to });
      await this.load();
      await this.show(report.id);
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = false;
    }
  }

  private async show(id: string) {
    try {
      this.open = await getReconciliation(this.kit.endpoint, id);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#report-title')?.focus();
    } catch (error) {
      this.fail(error);
    }
  }

  override render() {
    const t = this.localize;
    const when = new Intl.DateTimeFormat(t.lang, { dateStyle: 'medium', timeStyle: 'short' });
    const day = (iso: string) => new Intl.DateTimeFormat(t.lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
    return html`<div part="base" dir=${t.dir}>
      ${this.canRun
        ? html`<form part="run" class="grid" @submit=${this.run}>
            <div class="field">
              <label for="from">${t.term('adminFrom')}</label>
              <input id="from" type="date" required .value=${this.from} @input=${(e: Event) => (this.from = (e.target as HTMLInputElement).value)} />
            </div>
            <div class="field">
              <label for="to">${t.term('adminTo')}</label>
              <input id="to" type="date" required .value=${this.to} @input=${(e: Event) => (this.to = (e.target as HTMLInputElement).value)} />
            </div>
            <button class="button primary" type="submit" ?disabled=${this.busy}>${this.busy ? t.term('adminRunning') : t.term('adminRunNow')}</button>
          </form>`
        : nothing}
      ${this.error ? html`<div part="alert" role="alert">${this.error}</div>` : nothing}
      ${!this.reports
        ? html`<p aria-busy="true">${t.term('loading')}</p>`
        : this.reports.length === 0
          ? html`<p>${t.term('adminNoReports')}</p>`
          : html`<div class="table-wrap">
              <table part="reports">
                <caption>${t.term('adminReports')}</caption>
                <thead><tr><th scope="col">${t.term('adminColDate')}</th><th scope="col">${t.term('adminColResult')}</th><th scope="col">${t.term('adminDownloadCsv')}</th></tr></thead>
                <tbody>
                  ${this.reports.map(
                    (r) => html`<tr>
                      <th scope="row"><button class="link" type="button" @click=${() => this.show(r.id)}>${t.term('adminPeriod', day(r.periodStart), day(new Date(Date.parse(r.periodEnd) - 1).toISOString()))}</button><br /><span class="muted">${when.format(new Date(r.createdAt))}</span></th>
                      <td>${r.status === 'running' ? t.term('adminRunning') : t.term('adminMismatches', r.mismatches)}</td>
                      <td><a href=${`${this.kit.endpoint.replace(/\/+$/, '')}/api/admin/reconciliation/reports/${encodeURIComponent(r.id)}/csv`} download>CSV</a></td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>`}
      ${this.open ? this.renderReport(this.open) : nothing}
    </div>`;
  }

  private renderReport(detail: ReconciliationDetail) {
    const t = this.localize;
    const r = detail.report;
    const shown = detail.items.filter((i) => i.kind !== 'matched');
    const fmt = (v: Record<string, unknown> | null) => (v ? Object.entries(v).map(([k, x]) => `${k}: ${String(x)}`).join(', ') : '—');
    return html`<section aria-labelledby="report-title">
      <h3 id="report-title" tabindex="-1">${t.term('adminPeriod', r.periodStart.slice(0, 10), r.periodEnd.slice(0, 10))}: ${t.term('adminMismatches', r.mismatches)}</h3>
      <ul>
        ${Object.entries(r.counts).map(([kind, n]) => html`<li>${t.term('adminKindName', kind)}: ${n}</li>`)}
      </ul>
      ${shown.length
        ? html`<div class="table-wrap">
            <table part="items">
              <caption class="visually-hidden">${t.term('adminMismatches', r.mismatches)}</caption>
              <thead><tr><th scope="col">${t.term('adminColResult')}</th><th scope="col">${t.term('adminColOrder')}</th><th scope="col">${t.term('adminColPayment')}</th><th scope="col">${t.term('adminOurs')}</th><th scope="col">${t.term('adminTheirs')}</th></tr></thead>
              <tbody>
                ${shown.map(
                  (i) => html`<tr>
                    <th scope="row">${t.term('adminKindName', i.kind)}</th>
                    <td>${i.orderId ? html`<a href=${`#/orders/${i.orderId}`}><code>${i.orderId}</code></a>` : '—'}</td>
                    <td><code>${i.paymentId ?? '—'}</code></td>
                    <td>${fmt(i.ours)}</td>
                    <td>${fmt(i.theirs)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : nothing}
    </section>`;
  }
}
