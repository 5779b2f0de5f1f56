import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CkElement } from '../core/base';
import { ApiError, getCheckoutConfig } from '../core/api';
import { KitController } from '../core/context';
import { LocalizeController } from '../core/localize';
import { describeApiError } from '../core/error-message';
import styles from './currency-picker.styles';

const displayNames = new Map<string, Intl.DisplayNames | undefined>();

/** The currencies' names in a language (one formatter per language), or none when the browser has none for it. */
function currencyNames(lang: string): Intl.DisplayNames | undefined {
  if (!displayNames.has(lang)) {
    let names: Intl.DisplayNames | undefined;
    try {
      names = new Intl.DisplayNames([lang], { type: 'currency' });
    } catch {
      names = undefined;
    }
    displayNames.set(lang, names);
  }
  return displayNames.get(lang);
}

/**
 * @summary Lets the shopper choose the display currency; every price of the kit on the page (and in other tabs) follows.
 *
 * @tag ck-currency-picker
 *
 * @event {CustomEvent<CkCurrencyChangeDetail>} ck-currency-change - The shopper chose a currency. `detail`: `{ currency, previous }`.
 *
 * @csspart base - The wrapper of label and select.
 * @csspart label - The visible label.
 * @csspart select - The native select.
 * @csspart alert - The message shown when the currencies cannot load.
 */
export class CkCurrencyPicker extends CkElement {
  static override styles = styles;

  /** Hides the visible label (it stays available to assistive technology). */
  @property({ type: Boolean, attribute: 'hide-label', reflect: true }) hideLabel = false;

  /** Comma-separated currencies to offer instead of the proxy's list, e.g. `HKD,USD,EUR`. */
  @property() currencies?: string;

  @state() private offered: string[] = [];
  @state() private fallback?: string;
  @state() private error?: ApiError;

  private readonly kit = new KitController(this);
  private readonly localize = new LocalizeController(this);
  private loadedFor?: string;

  protected override willUpdate(): void {
    const endpoint = this.kit.endpoint;
    if (this.currencies) {
      this.offered = this.currencies.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
    } else if (this.loadedFor !== endpoint) {
      this.loadedFor = endpoint;
      this.load(endpoint);
    }
  }

  private load(endpoint: string) {
    this.error = undefined;
    getCheckoutConfig(endpoint).then(
      (config) => {
        this.offered = config.currencies;
        this.fallback = config.defaultCurrency;
      },
      (error: ApiError) => {
        this.error = error;
      },
    );
  }

  private get current(): string | undefined {
    return this.kit.currency ?? this.fallback ?? this.offered[0];
  }

  override render() {
    const t = this.localize;
    const current = this.current;
    const list = this.offered.length ? this.offered : current ? [current] : [];
    // Named once the list is there: the first DisplayNames of a page loads the browser's locale
    // data (about 20 ms of a cold page), which the first render (the disabled select, while the
    // proxy's list loads) does without; it shows the page's currency by its code meanwhile.
    const names = this.offered.length ? currencyNames(t.lang) : undefined;
    return html`
      <div part="base" dir=${t.dir}>
        <label part="label" for="select" class=${this.hideLabel ? 'visually-hidden' : ''}>${t.term('currency')}</label>
        <select
          id="select"
          part="select"
          ?disabled=${!this.offered.length}
          aria-describedby=${this.error ? 'error' : nothing}
          @change=${this.onChange}
        >
          ${list.map(
            (code) => html`<option value=${code} ?selected=${code === current} .selected=${code === current}>
              ${code} · ${names?.of(code) ?? code}
            </option>`,
          )}
        </select>
        ${this.error
          ? html`<span part="alert" id="error" role="alert">
              ${describeApiError(t, this.error)}
              <button type="button" class="link" @click=${() => this.load(this.kit.endpoint)}>${t.term('retry')}</button>
            </span>`
          : nothing}
      </div>
    `;
  }

  private onChange(event: Event) {
    const select = event.target as HTMLSelectElement;
    const previous = this.current;
    this.kit.chooseCurrency(select.value);
    this.emit('ck-currency-change', { currency: select.value, previous });
  }
}
