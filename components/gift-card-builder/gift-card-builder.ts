import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { ApiError, quoteOrder, type OrderRequest, type QuotedOrder } from '../core/api';
import { CkElement } from '../core/base';
import { CatalogController } from '../core/catalog';
import { KitController } from '../core/context';
import type { CkGiftCardDraft } from '../core/events';
import { addEnglish, LocalizeController } from '../core/localize';
import giftCardBuilderEn from './en';
import { formatMoney, fromMinor, minorUnits, toMinor } from '../../contract/money';
import { describeApiError } from '../core/error-message';
import { checkField } from '../checkout/validation';
import styles from './gift-card-builder.styles';

// This element's own English strings (the shared ones ship in the kit's core).
addEnglish(giftCardBuilderEn);

type Field = 'amount' | 'recipientName' | 'recipientEmail' | 'senderName' | 'senderEmail' | 'message' | 'deliveryDate' | 'quantity';
const FIELD_ORDER: Field[] = ['amount', 'recipientName', 'recipientEmail', 'senderName', 'senderEmail', 'message', 'deliveryDate', 'quantity'];

/** The summary and pay button load with express checkout, keeping the builder's own bundle small. */
const loadCheckoutElements = () => import('../groups/pay');

/** Today in the shopper's time zone, as the date input speaks it (YYYY-MM-DD). */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * @summary Builds a digital gift card — design, amount, recipient, message, delivery date, quantity — with a live preview, and pays for it by express checkout.
 *
 * Designs, preset amounts, the custom-amount bounds (per currency), the message limit and the
 * maximum quantity come from the catalog. "Express checkout" shows the order as the proxy
 * prices it beside `ck-pay-button` (Flow); the proxy checks the bounds again and sets the price.
 *
 * @tag ck-gift-card-builder
 *
 * @slot heading - Replaces the default heading.
 *
 * @event {CustomEvent<CkGiftCardChangeDetail>} ck-gift-card-change - The shopper changed the card. `detail`: `{ giftCard, currency, valid }`.
 * @event {CustomEvent<CkPaymentSuccessDetail>} ck-payment-success - From the inner `ck-pay-button`: the payment was verified.
 * @event {CustomEvent<CkPaymentErrorDetail>} ck-payment-error - From the inner `ck-pay-button`.
 *
 * @csspart base - The container.
 * @csspart title - The heading.
 * @csspart form - The form.
 * @csspart design - A design choice.
 * @csspart design-swatch - A design's colour sample.
 * @csspart amount - A preset amount choice.
 * @csspart custom-amount - The custom amount input.
 * @csspart message - The message textarea.
 * @csspart counter - The message's characters-left counter.
 * @csspart field-error - A field's error message.
 * @csspart alert - An error about the whole card (catalog not loaded, currency not sold, pricing failed).
 * @csspart preview - The live preview card.
 * @csspart preview-amount - The amount on the preview.
 * @csspart preview-message - The message on the preview.
 * @csspart express - The "Express checkout" button.
 * @csspart checkout - The order summary and pay button shown by express checkout.
 *
 * @cssproperty --ck-gift-card-builder-background - Background of the container.
 * @cssproperty --ck-gift-card-preview-header - Height of the preview card's top band, left to the design's name or to what its picture draws there (default `12cqi`, an eighth of the card's width).
 */
export class CkGiftCardBuilder extends CkElement {
  static override styles = styles;

  /** Heading level of the title (2–6). */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  /** Where the pay button goes after a verified payment. */
  @property({ attribute: 'success-url' }) successUrl?: string;

  @state() private design = '';
  /** A preset (minor units) or 'custom'. */
  @state() private amountChoice: number | 'custom' = 0;
  @state() private customAmount = '';
  @state() private sendToSelf = false;
  @state() private recipientName = '';
  @state() private recipientEmail = '';
  @state() private senderName = '';
  @state() private senderEmail = '';
  @state() private message = '';
  @state() private deliveryDate = '';
  @state() private quantity = 1;
  @state() private errors: Partial<Record<Field, string>> = {};
  @state() private alert = '';
  @state() private phase: 'edit' | 'quoting' | 'pay' = 'edit';
  @state() private quote?: QuotedOrder;

  private readonly localize = new LocalizeController<keyof typeof giftCardBuilderEn>(this);
  private readonly kit = new KitController(this);
  private readonly catalog = new CatalogController(this);
  private shownCurrency = '';

  private get currency(): string | undefined {
    return this.catalog.currencyOr(this.kit.currency);
  }

  private get rules() {
    return this.catalog.catalog?.giftCards;
  }

  private get bounds() {
    const currency = this.currency;
    return currency ? this.rules?.amounts[currency as keyof NonNullable<typeof this.rules>['amounts']] : undefined;
  }

  /** The face value in minor units, or NaN when the custom amount is not a number. */
  private get amount(): number {
    if (this.amountChoice !== 'custom') return this.amountChoice;
    const value = Number(this.customAmount.replace(',', '.'));
    return this.customAmount.trim() && Number.isFinite(value) ? toMinor(value, this.currency!) : Number.NaN;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.catalog.load(this.kit.endpoint);
    const rules = this.rules;
    const currency = this.currency;
    if (rules && !this.design) this.design = rules.designs[0]!.id;
    if (currency && currency !== this.shownCurrency) {
      // Presets differ per currency: start from the first one of the new currency.
      this.shownCurrency = currency;
      this.amountChoice = this.bounds?.presets[0] ?? 0;
      this.customAmount = '';
      if (this.phase !== 'edit' && !(changed as Map<string, unknown>).has('phase')) this.phase = 'edit';
    }
  }

  override render() {
    const t = this.localize;
    const level = Math.min(6, Math.max(2, this.headingLevel));
    return html`
      <section part="base" aria-labelledby="title" dir=${t.dir}>
        <div part="title" id="title" role="heading" aria-level=${level}>
          <slot name="heading">${t.term('giftCardTitle')}</slot>
        </div>
        ${this.renderBody()}
      </section>
    `;
  }

  private renderBody() {
    const t = this.localize;
    const state = this.catalog.state;
    if (state === 'error') {
      return html`<div part="alert" role="alert">
        <span>${t.term('giftCardCatalogError')} ${describeApiError(t, this.catalog.error!)}</span>
        <button type="button" class="button" @click=${() => this.catalog.load(this.kit.endpoint, true)}>${t.term('retry')}</button>
      </div>`;
    }
    if (state !== 'ready' || !this.rules) {
      return html`<div aria-busy="true" class="layout">
        <p>${t.term('loading')}</p>
        <div class="skeleton" style="aspect-ratio:1.586"></div>
      </div>`;
    }
    if (!this.bounds) {
      return html`<p part="alert" role="alert">${t.term('giftCardNotSold', this.currency ?? '')}</p>`;
    }
    return html`<div class="layout">
      ${this.phase === 'edit' ? this.renderForm() : this.renderCheckout()} ${this.renderPreview()}
    </div>`;
  }

  private fieldError(field: Field) {
    const error = this.errors[field];
    return error ? html`<p part="field-error" class="error" id=${`${field}-error`}>${error}</p>` : nothing;
  }

  private aria(field: Field, extra?: string) {
    const ids = [this.errors[field] ? `${field}-error` : '', extra ?? ''].filter(Boolean).join(' ');
    return { invalid: this.errors[field] ? 'true' : 'false', describedby: ids || nothing };
  }

  private input(field: Field, label: string, value: string, options: { type?: string; autocomplete?: string; max?: number } = {}) {
    const a = this.aria(field);
    return html`<div class="field">
      <label class="field-label" for=${field}>${label}</label>
      <input
        id=${field}
        name=${field}
        type=${options.type ?? 'text'}
        autocomplete=${options.autocomplete ?? 'off'}
        maxlength=${options.max ?? 100}
        .value=${value}
        aria-invalid=${a.invalid}
        aria-describedby=${a.describedby}
        @input=${(e: Event) => this.set(field, (e.target as HTMLInputElement).value)}
        @change=${() => this.check(field)}
      />
      ${this.fieldError(field)}
    </div>`;
  }

  private renderForm() {
    const t = this.localize;
    const rules = this.rules!;
    const bounds = this.bounds!;
    const currency = this.currency!;
    const money = (minor: number) => formatMoney(minor, currency, t.lang);
    const digits = minorUnits(currency);
    const left = rules.messageMaxLength - this.message.length;
    const amountAria = this.aria('amount', 'amount-range');
    const quantityAria = this.aria('quantity');
    return html`
      <form part="form" novalidate @submit=${this.expressCheckout}>
        ${this.alert ? html`<div part="alert" role="alert">${this.alert}</div>` : nothing}
        <fieldset>
          <legend>${t.term('giftCardDesign')}</legend>
          <div class="choices">
            ${rules.designs.map(
              (design) => html`<label class="choice" part="design">
                <input type="radio" name="design" .value=${design.id} .checked=${design.id === this.design} @change=${() => this.set('design', design.id)} />
                <span part="design-swatch" aria-hidden="true" style=${styleMap({ background: design.background ?? 'var(--_c-surface-alt)' })}></span>
                ${t.text(design, 'name')}
              </label>`,
            )}
          </div>
        </fieldset>

        <fieldset>
          <legend>${t.term('giftCardAmount')}</legend>
          <div class="choices">
            ${bounds.presets.map(
              (preset) => html`<label class="choice" part="amount">
                <input type="radio" name="amount" .checked=${this.amountChoice === preset} @change=${() => this.set('amountChoice', preset)} />
                ${money(preset)}
              </label>`,
            )}
            <label class="choice" part="amount">
              <input type="radio" name="amount" .checked=${this.amountChoice === 'custom'} @change=${() => this.set('amountChoice', 'custom')} />
              ${t.term('giftCardCustomAmount')}
            </label>
          </div>
          ${this.amountChoice === 'custom'
            ? html`<div class="field">
                <label class="field-label" for="amount">${t.term('giftCardCustomAmountIn', currency)}</label>
                <input
                  id="amount"
                  part="custom-amount"
                  type="number"
                  inputmode=${digits ? 'decimal' : 'numeric'}
                  min=${fromMinor(bounds.min, currency)}
                  max=${fromMinor(bounds.max, currency)}
                  step=${digits ? 1 / 10 ** digits : 1}
                  .value=${this.customAmount}
                  aria-invalid=${amountAria.invalid}
                  aria-describedby=${amountAria.describedby}
                  @input=${(e: Event) => this.set('customAmount', (e.target as HTMLInputElement).value)}
                  @change=${() => this.check('amount')}
                />
              </div>`
            : nothing}
          <p class="hint" id="amount-range">${t.term('giftCardAmountRange', money(bounds.min), money(bounds.max))}</p>
          ${this.fieldError('amount')}
        </fieldset>

        <fieldset>
          <legend>${t.term('giftCardSendTo')}</legend>
          <div class="choices">
            <label class="choice"><input type="radio" name="send-to" .checked=${!this.sendToSelf} @change=${() => this.set('sendToSelf', false)} />${t.term('giftCardToRecipient')}</label>
            <label class="choice"><input type="radio" name="send-to" .checked=${this.sendToSelf} @change=${() => this.set('sendToSelf', true)} />${t.term('giftCardToSelf')}</label>
          </div>
          ${this.sendToSelf
            ? nothing
            : html`<div class="row">
                ${this.input('recipientName', t.term('giftCardRecipientName'), this.recipientName)}
                ${this.input('recipientEmail', t.term('giftCardRecipientEmail'), this.recipientEmail, { type: 'email', max: 254 })}
              </div>`}
        </fieldset>

        <fieldset>
          <legend>${t.term('giftCardFromYou')}</legend>
          <div class="row">
            ${this.input('senderName', t.term('giftCardYourName'), this.senderName, { autocomplete: 'name' })}
            ${this.input('senderEmail', t.term('giftCardYourEmail'), this.senderEmail, { type: 'email', autocomplete: 'email', max: 254 })}
          </div>
        </fieldset>

        <div class="field">
          <label class="field-label" for="message">${t.term('giftCardMessage')}</label>
          <textarea
            id="message"
            part="message"
            rows="3"
            maxlength=${rules.messageMaxLength}
            .value=${this.message}
            aria-invalid=${this.errors.message ? 'true' : 'false'}
            aria-describedby=${['counter', this.errors.message ? 'message-error' : ''].filter(Boolean).join(' ')}
            @input=${(e: Event) => this.set('message', (e.target as HTMLTextAreaElement).value)}
          ></textarea>
          <p part="counter" id="counter" class=${left <= 20 ? 'low' : ''}>${t.term('giftCardCharactersLeft', left, rules.messageMaxLength)}</p>
          ${this.fieldError('message')}
        </div>

        <div class="row">
          <div class="field">
            <label class="field-label" for="deliveryDate">${t.term('giftCardDeliveryDate')}</label>
            <input
              id="deliveryDate"
              type="date"
              min=${localToday()}
              .value=${this.deliveryDate}
              aria-invalid=${this.errors.deliveryDate ? 'true' : 'false'}
              aria-describedby=${['date-hint', this.errors.deliveryDate ? 'deliveryDate-error' : ''].filter(Boolean).join(' ')}
              @change=${(e: Event) => {
                this.set('deliveryDate', (e.target as HTMLInputElement).value);
                this.check('deliveryDate');
              }}
            />
            <p class="hint" id="date-hint">${t.term('giftCardDeliveryHint')}</p>
            ${this.fieldError('deliveryDate')}
          </div>
          <div class="field">
            <label class="field-label" for="quantity">${t.term('quantity')}</label>
            <input
              id="quantity"
              type="number"
              inputmode="numeric"
              min="1"
              max=${rules.maxQuantity}
              .value=${String(this.quantity)}
              aria-invalid=${quantityAria.invalid}
              aria-describedby=${quantityAria.describedby}
              @input=${(e: Event) => this.set('quantity', (e.target as HTMLInputElement).valueAsNumber)}
              @change=${() => this.check('quantity')}
            />
            ${this.fieldError('quantity')}
          </div>
        </div>

        <button type="submit" part="express" class="button primary" @pointerenter=${loadCheckoutElements} @focus=${loadCheckoutElements}>
          ${t.term('giftCardExpress')}
        </button>
      </form>
    `;
  }

  private renderPreview() {
    const t = this.localize;
    const design = this.rules!.designs.find((d) => d.id === this.design) ?? this.rules!.designs[0]!;
    const amount = this.amount;
    const shown = Number.isFinite(amount) && amount > 0 ? formatMoney(amount, this.currency!, t.lang) : '—';
    const recipient = this.sendToSelf ? this.senderName : this.recipientName;
    const face = {
      background: [design.image ? `url("${design.image}") center / cover` : '', design.background ?? ''].filter(Boolean).join(', ') || 'var(--_c-surface-alt)',
      color: design.foreground ?? 'inherit',
    };
    return html`<figure class="preview-wrap">
      <figcaption class="hint">${t.term('giftCardPreview')}${this.quantity > 1 ? ` × ${this.quantity}` : ''}</figcaption>
      <div part="preview" style=${styleMap(face)} data-design=${design.id}>
        <!-- A design's picture carries its own face: its name is then read out, not drawn over the art. -->
        <span class=${design.image ? 'visually-hidden' : 'design-name'}>${t.text(design, 'name')}</span>
        <span part="preview-message">${this.message}</span>
        <div>
          <div part="preview-amount">${shown}</div>
          <div class="preview-people">
            <span>${recipient ? t.term('giftCardTo', recipient) : ''}</span>
            <span>${this.senderName ? t.term('giftCardFrom', this.senderName) : ''}</span>
          </div>
          ${this.deliveryDate ? html`<div class="hint" style="color:inherit">${t.term('giftCardDeliversOn', this.formatDate(this.deliveryDate))}</div>` : nothing}
        </div>
      </div>
    </figure>`;
  }

  private renderCheckout() {
    const t = this.localize;
    if (this.phase === 'quoting' || !this.quote) {
      return html`<div part="checkout" aria-busy="true"><p role="status">${t.term('loading')}</p></div>`;
    }
    return html`<div part="checkout">
      <ck-order-summary .order=${this.quote} heading-level=${Math.min(6, this.headingLevel + 1)}></ck-order-summary>
      <ck-pay-button mode="flow" .order=${this.order()} .amount=${this.quote.amount} currency=${this.currency!} success-url=${this.successUrl ?? nothing}></ck-pay-button>
      <button type="button" class="button" part="change" @click=${this.backToEdit}>${t.term('giftCardChange')}</button>
    </div>`;
  }

  private formatDate(iso: string): string {
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    return new Intl.DateTimeFormat(this.localize.lang, { dateStyle: 'medium' }).format(new Date(y, m - 1, d));
  }

  /** The card as the order's `giftCard`. */
  get giftCard(): CkGiftCardDraft {
    const senderName = this.senderName.trim();
    const senderEmail = this.senderEmail.trim();
    return {
      design: this.design,
      amount: this.amount,
      quantity: this.quantity,
      recipientName: this.sendToSelf ? senderName : this.recipientName.trim(),
      recipientEmail: this.sendToSelf ? senderEmail : this.recipientEmail.trim(),
      senderName,
      ...(this.message.trim() ? { message: this.message.trim() } : {}),
      sendToSelf: this.sendToSelf,
      ...(this.deliveryDate ? { deliveryDate: this.deliveryDate } : {}),
    };
  }

  private order(): OrderRequest {
    return {
      items: [],
      giftCard: this.giftCard,
      currency: this.currency as OrderRequest['currency'],
      country: this.kit.country(this.localize.lang) ?? 'US',
      customer: { name: this.senderName.trim(), email: this.senderEmail.trim() },
      locale: this.localize.lang,
    };
  }

  private set<K extends Field | 'design' | 'amountChoice' | 'customAmount' | 'sendToSelf'>(key: K, value: unknown) {
    (this as unknown as Record<string, unknown>)[key] = value;
    if (key === 'amountChoice' || key === 'customAmount') this.clear('amount');
    else if (this.errors[key as Field] && !this.problem(key as Field)) this.clear(key as Field);
    this.emit('ck-gift-card-change', { giftCard: this.giftCard, currency: this.currency!, valid: this.problems().size === 0 });
  }

  private clear(field: Field) {
    if (!this.errors[field]) return;
    const { [field]: _gone, ...rest } = this.errors;
    this.errors = rest;
  }

  private check(field: Field) {
    const problem = this.problem(field);
    if (problem) this.errors = { ...this.errors, [field]: problem };
    else this.clear(field);
  }

  /** The first problem of one field, localized; undefined when the proxy will accept it. */
  private problem(field: Field): string | undefined {
    const t = this.localize;
    const rules = this.rules!;
    const bounds = this.bounds!;
    const currency = this.currency!;
    const fromCheck = (name: 'name' | 'email', value: string) => {
      const p = checkField(name, value);
      return p ? (p.key === 'fieldTooLong' ? t.term('fieldTooLong', p.max ?? 0) : t.term(p.key as 'fieldRequired')) : undefined;
    };
    switch (field) {
      case 'amount': {
        const amount = this.amount;
        if (this.amountChoice === 'custom' && !this.customAmount.trim()) return t.term('giftCardAmountRequired');
        const money = (minor: number) => formatMoney(minor, currency, t.lang);
        if (!Number.isInteger(amount) || amount < bounds.min || amount > bounds.max) {
          return t.term('giftCardAmountOutOfRange', money(bounds.min), money(bounds.max));
        }
        return undefined;
      }
      case 'recipientName':
        return this.sendToSelf ? undefined : fromCheck('name', this.recipientName);
      case 'recipientEmail':
        return this.sendToSelf ? undefined : fromCheck('email', this.recipientEmail);
      case 'senderName':
        return fromCheck('name', this.senderName);
      case 'senderEmail':
        return fromCheck('email', this.senderEmail);
      case 'message':
        return this.message.length > rules.messageMaxLength ? t.term('fieldTooLong', rules.messageMaxLength) : undefined;
      case 'deliveryDate':
        return this.deliveryDate && this.deliveryDate < localToday() ? t.term('giftCardDatePast') : undefined;
      case 'quantity':
        return Number.isInteger(this.quantity) && this.quantity >= 1 && this.quantity <= rules.maxQuantity
          ? undefined
          : t.term('giftCardQuantityRange', rules.maxQuantity);
    }
  }

  private problems(): Map<Field, string> {
    const problems = new Map<Field, string>();
    if (!this.rules || !this.bounds) return problems;
    for (const field of FIELD_ORDER) {
      const problem = this.problem(field);
      if (problem) problems.set(field, problem);
    }
    return problems;
  }

  private async focusFirstError() {
    await this.updateComplete;
    const first = FIELD_ORDER.find((f) => this.errors[f]);
    if (!first) return;
    const target =
      this.renderRoot.querySelector<HTMLElement>(`#${first}`) ??
      // A preset amount is a radio group: focus the checked radio.
      this.renderRoot.querySelector<HTMLElement>('input[name="amount"]:checked');
    target?.focus();
  }

  private async expressCheckout(event: SubmitEvent) {
    event.preventDefault();
    const t = this.localize;
    const problems = this.problems();
    this.errors = Object.fromEntries(problems);
    if (problems.size) {
      this.alert = t.term('fixErrors', problems.size);
      await this.focusFirstError();
      return;
    }
    this.alert = '';
    this.phase = 'quoting';
    try {
      const [{ order }] = await Promise.all([quoteOrder(this.kit.endpoint, this.order()), loadCheckoutElements()]);
      this.quote = order;
      this.phase = 'pay';
      await this.updateComplete;
      const pay = this.renderRoot.querySelector('ck-pay-button');
      await pay?.updateComplete;
      pay?.shadowRoot?.querySelector<HTMLElement>('[part="button"]')?.focus();
    } catch (error) {
      const api = error instanceof ApiError ? error : new ApiError(0, 'network_error', String(error));
      // The proxy re-checks every rule: its field errors land on the same fields.
      const fields = Object.fromEntries(
        api.fields
          .map((f) => [f.path.replace(/^(body\.)?giftCard\./, ''), f.message] as const)
          .filter(([path]) => (FIELD_ORDER as string[]).includes(path)),
      );
      this.errors = fields;
      this.alert = describeApiError(t, api);
      this.phase = 'edit';
      await this.focusFirstError();
    }
  }

  private async backToEdit() {
    this.phase = 'edit';
    this.quote = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part="express"]')?.focus();
  }
}
