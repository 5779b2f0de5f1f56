import { html, nothing, type PropertyValues } from 'lit';
import { countryName } from '../core/countries';
import { property, query, state } from 'lit/decorators.js';
import { ApiError, apiRequest, getCatalog, type CatalogResponse } from '../core/api';
import { CkElement } from '../core/base';
import { KitController } from '../core/context';
import type { CkBinResultDetail } from '../core/events';
import { addEnglish, LocalizeController } from '../core/localize';
import binCheckerEn from './en';
import { describeApiError } from '../core/error-message';
import styles from './bin-checker.styles';

// This element's own English strings (the shared ones ship in the kit's core).
addEnglish(binCheckerEn);

type Metadata = CkBinResultDetail['metadata'];
type PresaleRules = NonNullable<CatalogResponse['events'][number]['presale']>['rules'];
type Phase = 'idle' | 'checking' | 'result' | 'error';

const MIN_DIGITS = 6;
const MAX_DIGITS = 8;
const DEBOUNCE_MS = 350;

/**
 * @summary Checks whether a card may buy in an event's presale from the first 6–8 digits of
 * its number (the BIN): shows the card's scheme, type, issuer and country and the verdict,
 * with a way to try another card or go to the general sale. The full card number is never
 * asked for, accepted or sent.
 *
 * @tag ck-bin-checker
 *
 * @slot label - Replaces the field's label.
 * @slot eligible - Extra content shown when the card is eligible (e.g. a link to the seats).
 *
 * @event {CustomEvent<CkBinResultDetail>} ck-bin-result - A BIN was looked up. `detail`: `{ eligible, metadata }`.
 * @event {CustomEvent<CkOnsaleRequestDetail>} ck-onsale-request - The shopper chose the general sale after an ineligible card. `detail`: `{ eventId }`. Cancel it to stop the navigation to `onsale-href`.
 *
 * @csspart base - The element's container.
 * @csspart input - The digits field.
 * @csspart hint - The help text under the field.
 * @csspart status - The "checking" message.
 * @csspart result - The card facts and verdict.
 * @csspart verdict - The eligibility message.
 * @csspart details - The list of card facts.
 * @csspart rules - The presale rules, shown for an ineligible card.
 * @csspart try-another-button - Clears the field for another card.
 * @csspart onsale-button - Goes to the general sale.
 * @csspart alert - Error messages.
 *
 * @cssproperty --ck-color-success - Colour of the eligible verdict.
 * @cssproperty --ck-color-danger - Colour of the ineligible verdict and errors.
 */
export class CkBinChecker extends CkElement {
  static override styles = styles;

  /** The event whose presale rules apply. Without it the element only identifies the card. */
  @property({ attribute: 'event-id', reflect: true }) eventId = '';

  /** Where "Go to the general sale" leads; without it the page handles `ck-onsale-request`. */
  @property({ attribute: 'onsale-href' }) onsaleHref = '';

  /** The digits entered (6–8), e.g. to prefill; never more than 8. */
  @property() value = '';

  @state() private phase: Phase = 'idle';
  @state() private metadata?: Metadata;
  @state() private error = '';
  @state() private note = '';
  @state() private rules?: PresaleRules;

  @query('input') private input!: HTMLInputElement;

  private timer?: ReturnType<typeof setTimeout>;
  private abort?: AbortController;
  private lastChecked = '';

  private readonly kit = new KitController(this);
  private readonly localize = new LocalizeController<keyof typeof binCheckerEn>(this);

  /** The current verdict: true/false once a BIN was checked, undefined before. */
  get eligible(): boolean | undefined {
    return this.phase === 'result' && this.metadata ? (this.metadata.eligibility?.eligible ?? true) : undefined;
  }

  /** Empties the field and the result, and focuses the field. */
  reset(): void {
    this.abort?.abort();
    clearTimeout(this.timer);
    this.value = '';
    this.lastChecked = '';
    this.phase = 'idle';
    this.metadata = undefined;
    this.error = '';
    this.note = '';
    void this.updateComplete.then(() => this.input?.focus());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
    clearTimeout(this.timer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value')) {
      const digits = this.value.replace(/\D/g, '').slice(0, MAX_DIGITS);
      if (digits !== this.value) this.value = digits;
    }
  }

  protected override firstUpdated(): void {
    if (this.value.length >= MIN_DIGITS) this.schedule(0);
  }

  private onInput(event: InputEvent): void {
    const input = event.target as HTMLInputElement;
    const raw = input.value.replace(/[\s-]/g, '');
    const digits = raw.replace(/\D/g, '');
    // A pasted or typed full card number is cut to its BIN at once; the rest is never kept.
    this.note = digits.length > MAX_DIGITS ? this.localize.term('binTooLong') : '';
    const kept = digits.slice(0, MAX_DIGITS);
    input.value = kept;
    this.value = kept;
    this.error = '';
    if (kept.length >= MIN_DIGITS) {
      this.schedule(DEBOUNCE_MS);
    } else {
      this.abort?.abort();
      clearTimeout(this.timer);
      this.lastChecked = '';
      this.phase = 'idle';
      this.metadata = undefined;
    }
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check(), delay);
  }

  private async check(): Promise<void> {
    const number = this.value;
    if (number.length < MIN_DIGITS || number === this.lastChecked) return;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.lastChecked = number;
    this.phase = 'checking';
    this.error = '';
    const endpoint = this.kit.endpoint;
    if (this.eventId && !this.rules) {
      getCatalog(endpoint).then(
        (catalog) => (this.rules = catalog.events.find((e) => e.id === this.eventId)?.presale?.rules),
        () => undefined,
      );
    }
    try {
      const body: { number: string; type: 'bin'; eventId?: string } = { number, type: 'bin' };
      if (this.eventId) body.eventId = this.eventId;
      const metadata = await apiRequest<Metadata>(endpoint, '/card-metadata', { body, signal: abort.signal });
      if (abort.signal.aborted) return;
      this.metadata = metadata;
      this.phase = 'result';
      this.emit('ck-bin-result', { eligible: metadata.eligibility?.eligible ?? true, metadata });
    } catch (error) {
      if (abort.signal.aborted) return;
      this.lastChecked = '';
      this.phase = 'error';
      this.metadata = undefined;
      const t = this.localize;
      this.error =
        error instanceof ApiError && (error.status === 404 || error.status === 422)
          ? t.term('binUnknown')
          : error instanceof ApiError
            ? describeApiError(t, error)
            : t.term('binUnknown');
    }
  }

  private goOnsale(): void {
    const proceed = this.emit('ck-onsale-request', { eventId: this.eventId || undefined }, { cancelable: true });
    if (proceed && this.onsaleHref) window.location.assign(this.onsaleHref);
  }

  override render() {
    const t = this.localize;
    return html`
      <div part="base" dir=${t.dir}>
        <label for="bin"><slot name="label">${t.term('binLabel')}</slot></label>
        <input
          id="bin"
          part="input"
          type="text"
          inputmode="numeric"
          autocomplete="off"
          spellcheck="false"
          maxlength=${MAX_DIGITS + 11}
          pattern="[0-9]{6,8}"
          aria-describedby="hint note"
          aria-invalid=${this.phase === 'result' && this.eligible === false ? 'true' : 'false'}
          .value=${this.value}
          @input=${this.onInput}
        />
        <p id="hint" part="hint">${t.term('binHint')}</p>
        <p id="note" class="note">${this.note}</p>
        <div class="live" aria-live="polite" aria-atomic="true">${this.renderOutcome()}</div>
        ${this.phase === 'error'
          ? html`<div part="alert" role="alert"><span>${this.error}</span>
              <button type="button" class="button" @click=${() => this.retry()}>${t.term('seatRetry')}</button></div>`
          : nothing}
      </div>
    `;
  }

  private retry(): void {
    this.lastChecked = '';
    void this.check();
  }

  private renderOutcome() {
    const t = this.localize;
    if (this.phase === 'checking') return html`<p part="status">${t.term('binChecking')}</p>`;
    if (this.phase !== 'result' || !this.metadata) return nothing;
    const m = this.metadata;
    const eligible = m.eligibility?.eligible ?? true;
    const country = m.issuerCountry ? countryName(this.localize.lang, m.issuerCountry) : m.issuerCountryName;
    const facts: Array<[string, string | undefined]> = [
      [t.term('binScheme'), m.scheme && this.titleCase(m.scheme)],
      [t.term('binCardType'), m.cardType && t.term('cardTypeName', m.cardType)],
      [t.term('binIssuer'), m.issuer],
      [t.term('binCountry'), country],
    ];
    return html`<div part="result" class=${eligible ? 'eligible' : 'ineligible'}>
      <p part="verdict">
        <span aria-hidden="true">${eligible ? '✓' : '✕'}</span>
        ${m.eligibility ? (eligible ? t.term('binEligible') : t.term('binNotEligible')) : t.term('binNoPresale')}
      </p>
      <dl part="details">
        ${facts.filter(([, v]) => v).map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}
      </dl>
      ${eligible
        ? html`<slot name="eligible"></slot>`
        : html`<p>${t.term('binNotEligibleHelp')}</p>
            ${this.renderRules()}
            <div class="actions">
              <button type="button" class="button" part="try-another-button" @click=${() => this.reset()}>${t.term('binTryAnother')}</button>
              <button type="button" class="button primary" part="onsale-button" @click=${() => this.goOnsale()}>${t.term('binGoOnSale')}</button>
            </div>`}
    </div>`;
  }

  private renderRules() {
    const r = this.rules;
    if (!r) return nothing;
    const t = this.localize;
    const list = (values: string[]) => new Intl.ListFormat(t.lang, { type: 'disjunction' }).format(values);
    const lines = [
      r.schemes?.length ? t.term('binRuleSchemes', list(r.schemes.map((s) => this.titleCase(s)))) : '',
      r.cardTypes?.length ? t.term('binRuleCardTypes', list(r.cardTypes.map((s) => t.term('cardTypeName', s)))) : '',
      r.issuers?.length ? t.term('binRuleIssuers', list(r.issuers)) : '',
      r.issuerCountries?.length ? t.term('binRuleCountries', list(r.issuerCountries.map((c) => countryName(this.localize.lang, c)))) : '',
    ].filter(Boolean);
    if (!lines.length) return nothing;
    return html`<div part="rules">
      <p class="rules-title">${t.term('binRules')}</p>
      <ul>
        ${lines.map((line) => html`<li>${line}</li>`)}
      </ul>
    </div>`;
  }

  private titleCase(value: string): string {
    const known: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', jcb: 'JCB', unionpay: 'UnionPay', diners: 'Diners Club', discover: 'Discover' };
    const lower = value.toLowerCase();
    return known[lower] ?? lower.charAt(0).toUpperCase() + lower.slice(1);
  }
}
