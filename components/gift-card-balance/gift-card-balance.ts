import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ApiError, checkGiftCardBalance, type GiftCardBalanceResponse } from '../core/api';
import { CkElement } from '../core/base';
import { KitController } from '../core/context';
import { describeApiError } from '../core/error-message';
import { describeGiftCardError } from '../core/gift-card-error';
import { addEnglish, LocalizeController } from '../core/localize';
import giftCardBalanceEn from './en';
import { formatMoney } from '../../contract/money';
import { FIELD_MAX, GIFT_CARD_CODE_PATTERN } from '../../contract/fields';
import styles from './gift-card-balance.styles';

// This element's own English strings (the shared ones ship in the kit's core).
addEnglish(giftCardBalanceEn);

type Phase = 'idle' | 'checking' | 'result' | 'error';

/** Letters and digits of a code (what the proxy compares; spaces and dashes are for reading). */
const significant = (code: string) => code.replace(/[\s-]/g, '');
const CODE_LENGTH = 16;

/**
 * @summary Checks what is left on a gift card: the shopper types its code and reads the balance, currency, expiry and the card's last four characters. The code is sent in the request body (never a URL) and the proxy limits wrong guesses.
 *
 * @tag ck-gift-card-balance
 *
 * @slot heading - Replaces the default heading.
 *
 * @event {CustomEvent<CkGiftCardBalanceDetail>} ck-gift-card-balance - A balance was found. `detail`: `{ balance, currency, expiresAt, expired, last4 }` (never the code).
 *
 * @csspart base - The container.
 * @csspart title - The heading.
 * @csspart form - The form.
 * @csspart input - The code field.
 * @csspart hint - The help text under the field.
 * @csspart button - The "Check balance" button.
 * @csspart status - The "checking" message.
 * @csspart result - The balance and expiry.
 * @csspart alert - The error (wrong code, too many tries, no connection).
 *
 * @cssproperty --ck-color-success - Accent of a card with a balance.
 * @cssproperty --ck-color-danger - Accent of an expired card and errors.
 */
export class CkGiftCardBalance extends CkElement {
  static override styles = styles;

  /** Heading level of the title (2–6). */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  @state() private code = '';
  @state() private phase: Phase = 'idle';
  @state() private result?: GiftCardBalanceResponse;
  @state() private error = '';
  /** The field's own problem (empty, too short), shown under it. */
  @state() private fieldError = '';

  @query('input') private input!: HTMLInputElement;

  private abort?: AbortController;
  private readonly kit = new KitController(this);
  private readonly localize = new LocalizeController<keyof typeof giftCardBalanceEn>(this);

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
  }

  private onInput(event: InputEvent): void {
    this.code = (event.target as HTMLInputElement).value;
    this.fieldError = '';
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const t = this.localize;
    const code = this.code.trim();
    if (!code) this.fieldError = t.term('giftCardCodeRequired');
    else if (!GIFT_CARD_CODE_PATTERN.test(code) || significant(code).length !== CODE_LENGTH) this.fieldError = t.term('giftCardCodeInvalid');
    if (this.fieldError) {
      this.phase = 'idle';
      this.result = undefined;
      this.input.focus();
      return;
    }
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.phase = 'checking';
    this.error = '';
    try {
      const result = await checkGiftCardBalance(this.kit.endpoint, code, abort.signal);
      if (abort.signal.aborted) return;
      this.result = result;
      this.phase = 'result';
      this.emit('ck-gift-card-balance', { ...result });
    } catch (error) {
      if (abort.signal.aborted) return;
      this.result = undefined;
      this.phase = 'error';
      this.error = error instanceof ApiError ? (describeGiftCardError(t, error) ?? describeApiError(t, error)) : t.term('errorNetwork');
    }
  }

  override render() {
    const t = this.localize;
    const level = Math.min(6, Math.max(2, this.headingLevel));
    const invalid = !!this.fieldError || (this.phase === 'error' && !!this.error);
    return html`
      <section part="base" dir=${t.dir} aria-labelledby="title">
        <div part="title" id="title" role="heading" aria-level=${level}><slot name="heading">${t.term('giftCardBalanceTitle')}</slot></div>
        <form part="form" novalidate @submit=${this.submit}>
          <label for="code">${t.term('giftCardCode')}</label>
          <input
            id="code"
            part="input"
            name="code"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck="false"
            maxlength=${FIELD_MAX.giftCardCode}
            aria-describedby="hint field-error"
            aria-invalid=${invalid ? 'true' : 'false'}
            .value=${this.code}
            @input=${this.onInput}
          />
          <p id="hint" part="hint">${t.term('giftCardCodeHint')}</p>
          <p id="field-error" class="field-error">${this.fieldError}</p>
          <button type="submit" part="button" class="button primary" ?disabled=${this.phase === 'checking'}>${t.term('checkBalance')}</button>
        </form>
        <div class="live" aria-live="polite" aria-atomic="true">${this.renderOutcome()}</div>
        ${this.phase === 'error' ? html`<div part="alert" role="alert">${this.error}</div>` : nothing}
      </section>
    `;
  }

  private renderOutcome() {
    const t = this.localize;
    if (this.phase === 'checking') return html`<p part="status">${t.term('checkingBalance')}</p>`;
    if (this.phase !== 'result' || !this.result) return nothing;
    const r = this.result;
    const date = new Intl.DateTimeFormat(t.lang, { dateStyle: 'long' }).format(new Date(r.expiresAt));
    const amount = formatMoney(r.balance, r.currency, t.lang);
    return html`<div part="result" class=${r.expired ? 'expired' : r.balance > 0 ? 'balance' : 'empty'}>
      <p class="amount">${t.term('giftCardBalance', amount, r.last4)}</p>
      <p>${r.expired ? t.term('giftCardExpired', date) : r.balance > 0 ? t.term('giftCardValidUntil', date) : t.term('giftCardEmpty')}</p>
    </div>`;
  }
}
