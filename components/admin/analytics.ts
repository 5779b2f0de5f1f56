import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { Chart as ChartType, ChartConfiguration } from 'chart.js';
import { formatMoney, fromMinor } from '../../contract/money';
import { ApiError } from '../core/api';
import { CkElement } from '../core/base';
import { KitController } from '../core/context';
import { describeApiError } from '../core/error-message';
import { AdminLocalizeController } from './localize';
import { getAnalytics, type Analytics } from './api';
import { adminStyles } from './admin.styles';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** chart.js, loaded when the first chart is drawn (the console's other views never need it). */
let chartJs: Promise<typeof import('chart.js')> | undefined;
function loadChartJs() {
  chartJs ??= import('chart.js').then((m) => {
    m.Chart.register(m.BarController, m.BarElement, m.LineController, m.LineElement, m.PointElement, m.CategoryScale, m.LinearScale, m.Legend, m.Tooltip);
    return m;
  });
  return chartJs;
}

/**
 * @summary The console's analytics of a period: revenue per day per currency, orders and average order value, the funnel from quote to payment, declines, refunds and the best-selling items — each chart with its figures as a table.
 *
 * The figures are computed on the proxy (`/api/admin/analytics`); the charts (chart.js) are
 * pictures of the tables beside them, which carry the same figures for screen readers and
 * keyboard users.
 *
 * @tag ck-admin-analytics
 *
 * @csspart base - The container.
 * @csspart period - The form choosing the days.
 * @csspart chart - Each chart's canvas.
 */
export class CkAdminAnalytics extends CkElement {
  static override styles = adminStyles;

  @state() private from = day(-29);
  @state() private to = day(0);
  @state() private data?: Analytics;
  @state() private error = '';
  @state() private busy = false;

  private readonly localize = new AdminLocalizeController(this);
  private readonly kit = new KitController(this);
  private readonly charts = new Map<string, ChartType>();

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const chart of this.charts.values()) chart.destroy();
    this.charts.clear();
  }

  /** Loads the figures of the chosen days. */
  async load(): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      this.data = await getAnalytics(this.kit.endpoint, { from: this.from, to: this.to });
      await this.updateComplete;
      await this.draw();
    } catch (error) {
      this.error = describeApiError(this.localize, error instanceof ApiError ? error : new ApiError(0, 'network_error', ''));
    } finally {
      this.busy = false;
    }
  }

  private money(minor: number, currency: string) {
    return formatMoney(minor, currency, this.localize.lang);
  }

  /** The charts, drawn from the same figures as the tables, in the kit's colours. */
  private async draw() {
    const d = this.data;
    if (!d) return;
    const { Chart } = await loadChartJs();
    const t = this.localize;
    const style = getComputedStyle(this);
    const primary = style.getPropertyValue('--_c-primary').trim() || '#0b57d0';
    const text = style.getPropertyValue('--_c-text').trim() || '#1a1d23';
    const palette = [primary, style.getPropertyValue('--_c-success').trim() || '#146c2e', style.getPropertyValue('--_c-danger').trim() || '#b3261e', text];
    const currencies = [...new Set(d.revenue.map((r) => r.currency))];
    const days = [...new Set(d.revenue.map((r) => r.day))];
    const configs: Record<string, ChartConfiguration> = {
      revenue: {
        type: 'bar',
        data: {
          labels: days,
          datasets: currencies.map((currency, i) => ({
            label: currency,
            backgroundColor: palette[i % palette.length],
            data: days.map((dd) => fromMinor(d.revenue.find((r) => r.day === dd && r.currency === currency)?.net ?? 0, currency)),
          })),
        },
      },
      funnel: {
        type: 'bar',
        data: { labels: [t.term('adminFunnelQuotes'), t.term('adminFunnelSessions'), t.term('adminFunnelPaid')], datasets: [{ label: t.term('adminColCount'), backgroundColor: primary, data: [d.funnel.quotes, d.funnel.sessions, d.funnel.paid] }] },
      },
      declines: {
        type: 'bar',
        data: { labels: d.declines.map((x) => x.responseCode), datasets: [{ label: t.term('adminColCount'), backgroundColor: palette[2], data: d.declines.map((x) => x.count) }] },
      },
      top: {
        type: 'bar',
        options: { indexAxis: 'y' },
        data: { labels: d.topProducts.map((p) => `${p.name} (${p.currency})`), datasets: [{ label: t.term('quantity'), backgroundColor: primary, data: d.topProducts.map((p) => p.quantity) }] },
      },
    };
    for (const [name, config] of Object.entries(configs)) {
      const canvas = this.renderRoot.querySelector<HTMLCanvasElement>(`canvas[data-chart="${name}"]`);
      this.charts.get(name)?.destroy();
      this.charts.delete(name);
      if (!canvas) continue;
      config.options = { ...config.options, animation: false, responsive: true, maintainAspectRatio: false, color: text, plugins: { legend: { labels: { color: text } } } };
      this.charts.set(name, new Chart(canvas, config));
    }
  }

  override render() {
    const t = this.localize;
    const d = this.data;
    return html`<div part="base" dir=${t.dir}>
      <form part="period" class="grid" @submit=${(e: SubmitEvent) => (e.preventDefault(), void this.load())}>
        <div class="field">
          <label for="from">${t.term('adminFrom')}</label>
          <input id="from" type="date" required .value=${this.from} @input=${(e: Event) => (this.from = (e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="to">${t.term('adminTo')}</label>
          <input id="to" type="date" required .value=${this.to} @input=${(e: Event) => (this.to = (e.target as HTMLInputElement).value)} />
        </div>
        <button class="button primary" type="submit" ?disabled=${this.busy}>${t.term('adminShow')}</button>
      </form>
      ${this.error ? html`<div part="alert" role="alert">${this.error}</div>` : nothing}
      ${!d ? html`<p aria-busy="true">${t.term('loading')}</p>` : this.renderFigures(d)}
    </div>`;
  }

  private figure(id: string, title: string, empty: boolean, table: TemplateResult) {
    return html`<section aria-labelledby=${`${id}-title`}>
      <h3 id=${`${id}-title`}>${title}</h3>
      ${empty
        ? html`<p class="muted">${this.localize.term('adminNoData')}</p>`
        : html`<div class="chart"><canvas part="chart" data-chart=${id} role="img" aria-label=${title}></canvas></div>
            <div class="table-wrap">${table}</div>`}
    </section>`;
  }

  private renderFigures(d: Analytics) {
    const t = this.localize;
    const m = (minor: number, currency: string) => this.money(minor, currency);
    return html`
      <div class="table-wrap">
        <table>
          <caption>${t.term('adminAnalytics')}</caption>
          <thead><tr><th scope="col">${t.term('adminColCurrency')}</th><th scope="col" class="num">${t.term('adminColOrders')}</th><th scope="col" class="num">${t.term('adminColGross')}</th><th scope="col" class="num">${t.term('adminColRefunded')}</th><th scope="col" class="num">${t.term('adminColNet')}</th><th scope="col" class="num">${t.term('adminColAverage')}</th></tr></thead>
          <tbody>${d.totals.map((r) => html`<tr><th scope="row">${r.currency}</th><td class="num">${r.orders}</td><td class="num">${m(r.gross, r.currency)}</td><td class="num">${m(r.refunded, r.currency)}</td><td class="num">${m(r.net, r.currency)}</td><td class="num">${m(r.averageOrder, r.currency)}</td></tr>`)}</tbody>
        </table>
      </div>
      ${this.figure('revenue', t.term('adminRevenueTitle'), d.revenue.length === 0, html`<table>
        <caption class="visually-hidden">${t.term('adminRevenueTitle')}</caption>
        <thead><tr><th scope="col">${t.term('adminColDay')}</th><th scope="col">${t.term('adminColCurrency')}</th><th scope="col" class="num">${t.term('adminColOrders')}</th><th scope="col" class="num">${t.term('adminColGross')}</th><th scope="col" class="num">${t.term('adminColNet')}</th></tr></thead>
        <tbody>${d.revenue.map((r) => html`<tr><th scope="row">${r.day}</th><td>${r.currency}</td><td class="num">${r.orders}</td><td class="num">${m(r.gross, r.currency)}</td><td class="num">${m(r.net, r.currency)}</td></tr>`)}</tbody>
      </table>`)}
      ${this.figure('funnel', t.term('adminFunnelTitle'), false, html`<table>
        <caption class="visually-hidden">${t.term('adminFunnelTitle')}</caption>
        <tbody>
          <tr><th scope="row">${t.term('adminFunnelQuotes')}</th><td class="num">${d.funnel.quotes}</td></tr>
          <tr><th scope="row">${t.term('adminFunnelSessions')}</th><td class="num">${d.funnel.sessions}</td></tr>
          <tr><th scope="row">${t.term('adminFunnelPaid')}</th><td class="num">${d.funnel.paid}</td></tr>
        </tbody>
      </table>`)}
      ${this.figure('declines', t.term('adminDeclinesTitle'), d.declines.length === 0, html`<table>
        <caption class="visually-hidden">${t.term('adminDeclinesTitle')}</caption>
        <thead><tr><th scope="col">${t.term('adminColCode')}</th><th scope="col" class="num">${t.term('adminColCount')}</th></tr></thead>
        <tbody>${d.declines.map((x) => html`<tr><th scope="row"><code>${x.responseCode}</code></th><td class="num">${x.count}</td></tr>`)}</tbody>
      </table>`)}
      <section aria-labelledby="refunds-title">
        <h3 id="refunds-title">${t.term('adminRefundsTitle')}</h3>
        ${d.refunds.length === 0
          ? html`<p class="muted">${t.term('adminNoData')}</p>`
          : html`<div class="table-wrap"><table>
              <caption class="visually-hidden">${t.term('adminRefundsTitle')}</caption>
              <thead><tr><th scope="col">${t.term('adminColCurrency')}</th><th scope="col" class="num">${t.term('adminColCount')}</th><th scope="col" class="num">${t.term('adminColAmount')}</th></tr></thead>
              <tbody>${d.refunds.map((r) => html`<tr><th scope="row">${r.currency}</th><td class="num">${r.count}</td><td class="num">${m(r.amount, r.currency)}</td></tr>`)}</tbody>
            </table></div>`}
      </section>
      ${this.figure('top', t.term('adminTopProductsTitle'), d.topProducts.length === 0, html`<table>
        <caption class="visually-hidden">${t.term('adminTopProductsTitle')}</caption>
        <thead><tr><th scope="col">${t.term('adminItems')}</th><th scope="col">${t.term('adminColCurrency')}</th><th scope="col" class="num">${t.term('quantity')}</th><th scope="col" class="num">${t.term('adminColAmount')}</th></tr></thead>
        <tbody>${d.topProducts.map((p) => html`<tr><th scope="row">${p.name}</th><td>${p.currency}</td><td class="num">${p.quantity}</td><td class="num">${m(p.amount, p.currency)}</td></tr>`)}</tbody>
      </table>`)}
    `;
  }
}
