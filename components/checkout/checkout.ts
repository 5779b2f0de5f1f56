import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CkElement } from '../core/base';
import { CatalogController, priceIn } from '../core/catalog';
import { KitController } from '../core/context';
import type { CkCheckoutStep, CkPaymentErrorDetail, CkPaymentSuccessDetail } from '../core/events';
import { countryOptions, DEFAULT_COUNTRIES } from '../core/countries';
import { LocalizeController } from '../core/localize';
import { formatMoney } from '../../contract/money';
import type { ShippingMethod } from '../core/api';
import { checkoutDraftStore, type CheckoutDraft } from '../core/store';
import { CartController, StoredValuesController } from '../core/store-controller';
import { describeApiError } from '../core/error-message';
import type { CkPayButton } from '../pay-button/pay-button';
import { ADDRESS_FIELDS, checkFields, CONTACT_FIELDS, locateServerField, type FieldName, type FieldProblem } from './validation';
import styles from './checkout.styles';

type Group = 'customer' | 'shippingAddress' | 'billingAddress';

/** The steps in order; `pay` and `confirmation` are reached through the pay button. */
const STEPS: CkCheckoutStep[] = ['contact', 'shipping', 'billing', 'delivery', 'review', 'pay', 'confirmation'];
const FORM_STEPS: CkCheckoutStep[] = ['contact', 'shipping', 'billing', 'delivery', 'review'];


const AUTOCOMPLETE: Record<FieldName, string> = {
  email: 'email',
  name: 'name',
  phone: 'tel',
  line1: 'address-line1',
  line2: 'address-line2',
  city: 'address-level2',
  state: 'address-level1',
  zip: 'postal-code',
  country: 'country',
};

/** An attribute that is on unless it says "off" (`gift-cards="off"`). */
const ON_UNLESS_OFF = { fromAttribute: (value: string | null) => value !== 'off' };

/**
 * @summary The checkout journey: contact → shipping address → billing address → delivery → review → pay → confirmation, with validation the proxy agrees with.
 *
 * @tag ck-checkout
 *
 * @slot empty - Shown when the cart is empty (e.g. a link back to the shop).
 * @slot confirmation - Extra content on the confirmation step.
 *
 * @event {CustomEvent<CkCheckoutStepDetail>} ck-checkout-step - The shopper moved to another step. `detail`: `{ step, previous }`.
 * @event {CustomEvent<CkPaymentSuccessDetail>} ck-payment-success - Bubbles from the inner `ck-pay-button`.
 * @event {CustomEvent<CkPaymentErrorDetail>} ck-payment-error - Bubbles from the inner `ck-pay-button`; per-field errors are also shown on their fields.
 *
 * @csspart base - The checkout container.
 * @csspart steps - The progress list.
 * @csspart step - One entry of the progress list.
 * @csspart step-heading - The heading of the current step (focused on every step change).
 * @csspart form - The current step's form.
 * @csspart field - A label, control and error group.
 * @csspart input - A text field or select.
 * @csspart error - A field's error message.
 * @csspart shipping-method - One delivery option.
 * @csspart review - The review of the entered details.
 * @csspart actions - The Back / Continue row.
 * @csspart back-button - The Back button.
 * @csspart continue-button - The Continue button.
 * @csspart summary - The inner `ck-order-summary`.
 * @csspart pay-button - The inner `ck-pay-button`.
 * @csspart alert - A step-level error message.
 *
 * @cssproperty --ck-checkout-max-width - Maximum width of the checkout (default 48rem).
 */
export class CkCheckout extends CkElement {
  static override styles = styles;

  /** Payment mode of the inner pay button: `flow` (default) or `hpp`. */
  @property() mode: 'flow' | 'hpp' = 'flow';

  /** Where to go after a verified payment (passed to the pay button). Without it the confirmation step shows. */
  @property({ attribute: 'success-url' }) successUrl?: string;

  /** Comma-separated ISO country codes offered for addresses. */
  @property() countries = DEFAULT_COUNTRIES;

  /** Heading level of step headings (2–6). */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  /** Whether the pay step offers a "Gift card code" field (`gift-cards="off"` hides it). */
  @property({ attribute: 'gift-cards', converter: ON_UNLESS_OFF }) giftCards = true;

  /** A gift-card code to pay with, filled in for the shopper (e.g. from a link); they can change it. */
  @property({ attribute: 'gift-card-code' }) giftCardCode?: string;

  @state() private step: CkCheckoutStep = 'contact';
  @state() private errors = new Map<string, string>();
  @state() private announcement = '';
  @state() private stepError = '';
  @state() private confirmation?: CkPaymentSuccessDetail;

  private readonly kit = new KitController(this);
  private readonly localize = new LocalizeController(this);
  private readonly cart = new CartController(this);
  private readonly catalog = new CatalogController(this);
  private readonly draftStore = checkoutDraftStore();
  private restored = false;

  constructor() {
    super();
    new StoredValuesController(this, this.draftStore);
    this.addEventListener('ck-payment-start', () => this.go('pay', false));
    this.addEventListener('ck-payment-error', (e) => this.onPaymentError(e.detail));
    this.addEventListener('ck-payment-success', (e) => {
      this.confirmation = e.detail;
      if (!this.successUrl) this.go('confirmation', false);
    });
  }

  private get draft(): CheckoutDraft {
    return this.draftStore.value ?? {};
  }

  private get currency(): string | undefined {
    return this.catalog.currencyOr(this.kit.currency ?? this.cart.store.items[0]?.currency);
  }

  protected override firstUpdated(): void {
    // The review step's elements load after the first step shows: the checkout's own bundle stays small.
    void import('../order-summary/define');
    void import('../pay-button/define');
  }

  protected override willUpdate(): void {
    this.catalog.load(this.kit.endpoint);
    if (!this.restored) {
      this.restored = true;
      this.step = this.resumeStep();
    }
  }

  /** After a reload: the saved step, unless an earlier step is incomplete (then that one). */
  private resumeStep(): CkCheckoutStep {
    const saved = (this.draft.step as CkCheckoutStep | undefined) ?? 'contact';
    const target = saved === 'pay' || saved === 'confirmation' ? 'review' : saved;
    for (const step of FORM_STEPS) {
      if (step === target || this.problemsOf(step).size) return step;
    }
    return target;
  }

  private problemsOf(step: CkCheckoutStep): Map<string, FieldProblem> {
    const out = new Map<string, FieldProblem>();
    const add = (group: Group, fields: FieldName[], values?: Record<string, string | undefined>) => {
      for (const [field, problem] of checkFields(fields, values)) out.set(`${group}.${field}`, problem);
    };
    const d = this.draft;
    if (step === 'contact') add('customer', CONTACT_FIELDS, d.customer);
    if (step === 'shipping') add('shippingAddress', ADDRESS_FIELDS, d.shippingAddress);
    if (step === 'billing' && d.billingSameAsShipping === false) add('billingAddress', ADDRESS_FIELDS, d.billingAddress);
    // Before the catalog arrives (a reload), a saved choice is trusted; the review re-prices it anyway.
    const known = this.catalog.state === 'ready' ? this.methods().some((m) => m.id === d.shippingMethod) : Boolean(d.shippingMethod);
    if (step === 'delivery' && !known) {
      out.set('shippingMethod', { key: 'fieldRequired' });
    }
    return out;
  }

  private message(problem: FieldProblem): string {
    const t = this.localize;
    return problem.key === 'fieldTooLong' ? t.term('fieldTooLong', problem.max ?? 0) : t.term(problem.key);
  }

  private methods(): ShippingMethod[] {
    const country = this.draft.shippingAddress?.country;
    return (this.catalog.catalog?.shippingMethods ?? []).filter((m) => !m.countries || !country || m.countries.includes(country));
  }

  private save(patch: Partial<CheckoutDraft>) {
    this.draftStore.set({ ...this.draft, ...patch });
  }

  /** Moves to a step, records it, announces it and moves focus to its heading. */
  private async go(step: CkCheckoutStep, focus = true) {
    if (step === this.step) return;
    const previous = this.step;
    this.step = step;
    this.stepError = '';
    if (step !== 'confirmation') this.save({ step });
    this.announcement = this.localize.term('stepAnnouncement', this.stepTitle(step));
    this.emit('ck-checkout-step', { step, previous });
    if (focus || step === 'confirmation') {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part="step-heading"]')?.focus();
    }
  }

  private stepTitle(step: CkCheckoutStep): string {
    const t = this.localize;
    const titles: Record<CkCheckoutStep, string> = {
      contact: t.term('stepContact'),
      shipping: t.term('stepShipping'),
      billing: t.term('stepBilling'),
      delivery: t.term('stepDelivery'),
      review: t.term('stepReview'),
      pay: t.term('stepPay'),
      confirmation: t.term('stepConfirmation'),
    };
    return titles[step];
  }

  override render() {
    const t = this.localize;
    if (!this.cart.store.items.length && this.step !== 'confirmation') {
      return html`<section part="base" dir=${t.dir}>
        <slot name="empty"><p>${t.term('cartEmpty')}</p></slot>
      </section>`;
    }
    const level = Math.min(6, Math.max(2, this.headingLevel));
    const current = Math.min(FORM_STEPS.length - 1, STEPS.indexOf(this.step));
    return html`
      <section part="base" dir=${t.dir} aria-labelledby="heading">
        ${this.step === 'confirmation'
          ? nothing
          : html`<ol part="steps" aria-label=${t.term('checkoutProgress')}>
              ${FORM_STEPS.map(
                (step, index) => html`<li
                  part="step"
                  class=${index < current ? 'done' : index === current ? 'current' : ''}
                  aria-current=${index === current ? 'step' : nothing}
                >
                  <span class="index" aria-hidden="true">${index < current ? '✓' : index + 1}</span>
                  ${this.stepTitle(step)}
                  ${index < current ? html`<span class="visually-hidden">${t.term('stepCompleted')}</span>` : nothing}
                </li>`,
              )}
            </ol>`}
        <div part="step-heading" id="heading" role="heading" aria-level=${level} tabindex="-1">${this.stepTitle(this.step)}</div>
        ${this.stepError ? html`<div part="alert" role="alert">${this.stepError}</div>` : nothing} ${this.renderStep()}
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      </section>
    `;
  }

  private renderStep(): TemplateResult {
    switch (this.step) {
      case 'contact':
        return this.renderForm(
          html`<p class="hint">${this.localize.term('guestHint')}</p>
            ${this.renderFields('customer', CONTACT_FIELDS)}`,
          false,
        );
      case 'shipping':
        return this.renderForm(this.renderFields('shippingAddress', ADDRESS_FIELDS));
      case 'billing':
        return this.renderForm(this.renderBilling());
      case 'delivery':
        return this.renderForm(this.renderDelivery());
      case 'review':
      case 'pay':
        return this.renderReview();
      case 'confirmation':
        return this.renderConfirmation();
    }
  }

  private renderForm(content: TemplateResult, back = true) {
    const t = this.localize;
    return html`<form part="form" novalidate @submit=${this.submitStep} @input=${this.onInput} @change=${this.onInput}>
      ${content}
      <div part="actions">
        ${back
          ? html`<button type="button" part="back-button" class="button" @click=${this.back}>${t.term('back')}</button>`
          : nothing}
        <button part="continue-button" class="button primary">${t.term('continue')}</button>
      </div>
    </form>`;
  }

  private renderFields(group: Group, fields: FieldName[]) {
    const t = this.localize;
    const values = (this.draft[group] ?? {}) as Record<string, string | undefined>;
    const labels: Record<FieldName, string> = {
      email: t.term('email'),
      name: t.term('fullName'),
      phone: t.term('phoneOptional'),
      line1: t.term('addressLine1'),
      line2: t.term('addressLine2'),
      city: t.term('city'),
      state: t.term('region'),
      zip: t.term('postalCode'),
      country: t.term('country'),
    };
    return html`<div class="fields">
      ${fields.map((field) => {
        const id = `${group}.${field}`;
        const error = this.errors.get(id);
        const value = values[field] ?? (field === 'country' ? (this.kit.country(t.lang) ?? '') : '');
        const common = {
          id,
          invalid: error ? 'true' : 'false',
          describedby: error ? `${id}-error` : undefined,
        };
        return html`<div part="field" class=${`field ${field}`}>
          <label for=${id}>${labels[field]}</label>
          ${field === 'country'
            ? html`<select
                id=${common.id}
                name=${field}
                part="input"
                data-group=${group}
                autocomplete=${AUTOCOMPLETE[field]}
                aria-invalid=${common.invalid}
                aria-describedby=${common.describedby ?? nothing}
              >
                ${countryOptions(this.localize.lang, this.countries, value, this.localize.term('chooseCountry'))}
              </select>`
            : html`<input
                id=${common.id}
                name=${field}
                part="input"
                data-group=${group}
                type=${field === 'email' ? 'email' : field === 'phone' ? 'tel' : 'text'}
                autocomplete=${AUTOCOMPLETE[field]}
                .value=${value}
                aria-required=${field === 'email' || field === 'name' || field === 'line1' || field === 'city' ? 'true' : 'false'}
                aria-invalid=${common.invalid}
                aria-describedby=${common.describedby ?? nothing}
              />`}
          ${error ? html`<p part="error" class="error" id=${`${id}-error`}>${error}</p>` : nothing}
        </div>`;
      })}
    </div>`;
  }

  private renderBilling() {
    const t = this.localize;
    const same = this.draft.billingSameAsShipping !== false;
    return html`<label class="check">
        <input type="checkbox" name="billingSameAsShipping" .checked=${same} />
        ${t.term('billingSame')}
      </label>
      ${same ? html`<p class="hint">${this.addressLine(this.draft.shippingAddress)}</p>` : this.renderFields('billingAddress', ADDRESS_FIELDS)}`;
  }

  private renderDelivery() {
    const t = this.localize;
    const currency = this.currency;
    if (this.catalog.state === 'error' && this.catalog.error) {
      return html`<div part="alert" role="alert">
        ${describeApiError(t, this.catalog.error)}
        <button type="button" class="button" @click=${() => this.catalog.load(this.kit.endpoint, true)}>${t.term('retry')}</button>
      </div>`;
    }
    if (this.catalog.state !== 'ready') return html`<div class="skeleton block" role="img" aria-label=${t.term('loading')}></div>`;
    const methods = this.methods();
    if (!methods.length) return html`<p part="alert" role="alert">${t.term('noDelivery')}</p>`;
    const error = this.errors.get('shippingMethod');
    const chosen = this.draft.shippingMethod;
    return html`<fieldset class="methods" aria-describedby=${error ? 'shippingMethod-error' : nothing}>
      <legend class="visually-hidden">${t.term('stepDelivery')}</legend>
      ${methods.map((method) => {
        const price = currency ? priceIn(method, currency, this.catalog.rates) : undefined;
        return html`<label part="shipping-method">
          <input type="radio" name="shippingMethod" value=${method.id} .checked=${method.id === chosen} />
          <span class="method-name">${t.text(method, 'name')}</span>
          <span class="method-days">${t.term('deliveryDays', method.estimatedDays.min, method.estimatedDays.max)}</span>
          <span class="method-price">${price === undefined || !currency ? '' : price === 0 ? t.term('free') : formatMoney(price, currency, t.lang)}</span>
        </label>`;
      })}
      ${error ? html`<p part="error" class="error" id="shippingMethod-error">${error}</p>` : nothing}
    </fieldset>`;
  }

  private addressLine(address: Record<string, string> | undefined): string {
    if (!address) return '';
    let country = address.country ?? '';
    try {
      country = new Intl.DisplayNames([this.localize.lang], { type: 'region' }).of(country) ?? country;
    } catch {
      // Keep the code.
    }
    return [address.line1, address.line2, address.city, address.state, address.zip, country].filter(Boolean).join(', ');
  }

  private renderReview() {
    const t = this.localize;
    const d = this.draft;
    const paying = this.step === 'pay';
    const method = this.methods().find((m) => m.id === d.shippingMethod);
    const block = (title: string, body: string, step: CkCheckoutStep) =>
      html`<div class="review-block">
        <dt>${title}</dt>
        <dd>${body}</dd>
        ${paying
          ? nothing
          : html`<dd><button type="button" class="link" aria-label=${t.term('editNamed', title)} @click=${() => this.go(step)}>${t.term('edit')}</button></dd>`}
      </div>`;
    return html`
      <dl part="review">
        ${block(t.term('stepContact'), [d.customer?.name, d.customer?.email, d.customer?.phone].filter(Boolean).join(' · '), 'contact')}
        ${block(t.term('stepShipping'), this.addressLine(d.shippingAddress), 'shipping')}
        ${block(t.term('stepBilling'), d.billingSameAsShipping === false ? this.addressLine(d.billingAddress) : t.term('billingSame'), 'billing')}
        ${block(t.term('stepDelivery'), method ? t.text(method, 'name') : '', 'delivery')}
      </dl>
      <ck-order-summary part="summary" exportparts="total: summary-total" heading-level=${Math.min(6, this.headingLevel + 1)}></ck-order-summary>
      <ck-pay-button part="pay-button" mode=${this.mode} success-url=${this.successUrl ?? nothing} ?gift-card=${this.giftCards} gift-card-code=${this.giftCardCode ?? nothing}></ck-pay-button>
      <div part="actions">
        <button type="button" part="back-button" class="button" @click=${this.back}>${t.term('back')}</button>
      </div>
    `;
  }

  private renderConfirmation() {
    const t = this.localize;
    const c = this.confirmation;
    return html`<div class="confirmation">
      <p>${t.term('resultSucceededText')}</p>
      ${c
        ? html`<dl part="review">
            ${c.orderId ? html`<div class="review-block"><dt>${t.term('orderNumber')}</dt><dd>${c.orderId}</dd></div>` : nothing}
            <div class="review-block"><dt>${t.term('paymentReference')}</dt><dd>${c.paymentId}</dd></div>
            <div class="review-block"><dt>${t.term('amount')}</dt><dd>${formatMoney(c.amount, c.currency, t.lang)}</dd></div>
          </dl>`
        : nothing}
      <slot name="confirmation"></slot>
    </div>`;
  }

  private onInput(event: Event) {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    const group = target.dataset.group as Group | undefined;
    if (target.name === 'billingSameAsShipping') {
      this.save({ billingSameAsShipping: (target as HTMLInputElement).checked });
      return;
    }
    if (target.name === 'shippingMethod') {
      this.errors.delete('shippingMethod');
      this.save({ shippingMethod: target.value });
      return;
    }
    if (!group) return;
    const key = `${group}.${target.name}`;
    if (this.errors.has(key)) {
      this.errors.delete(key);
      this.errors = new Map(this.errors);
    }
    this.save({ [group]: { ...(this.draft[group] as Record<string, string> | undefined), [target.name]: target.value } });
  }

  private async submitStep(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    // Values the shopper has not touched (the default country) are saved too.
    for (const el of form.querySelectorAll<HTMLSelectElement>('select[data-group]')) {
      const group = el.dataset.group as Group;
      if ((this.draft[group] as Record<string, string> | undefined)?.[el.name] !== el.value) {
        this.save({ [group]: { ...(this.draft[group] as Record<string, string> | undefined), [el.name]: el.value } });
      }
    }
    const problems = this.problemsOf(this.step);
    if (problems.size) {
      this.errors = new Map([...problems].map(([key, problem]) => [key, this.message(problem)]));
      this.announcement = this.localize.term('fixErrors', problems.size);
      await this.updateComplete;
      const first = [...problems.keys()][0]!;
      const el = this.renderRoot.querySelector<HTMLElement>(first === 'shippingMethod' ? 'input[name="shippingMethod"]' : `[id="${first}"]`);
      el?.focus();
      return;
    }
    this.errors = new Map();
    const next = STEPS[STEPS.indexOf(this.step) + 1]!;
    if (this.step === 'shipping' && !this.methods().some((m) => m.id === this.draft.shippingMethod)) {
      // A new country can rule out the chosen delivery: preselect the first available one.
      this.save({ shippingMethod: this.methods()[0]?.id });
    }
    void this.go(next);
  }

  private back() {
    if (this.step === 'pay' || this.step === 'review') {
      this.renderRoot.querySelector<CkPayButton>('ck-pay-button')?.reset();
    }
    const index = STEPS.indexOf(this.step === 'pay' ? 'review' : this.step);
    void this.go(STEPS[Math.max(0, index - 1)]!);
  }

  private onPaymentError(detail: CkPaymentErrorDetail) {
    if (!detail.fields?.length) return;
    const errors = new Map<string, string>();
    const order: CkCheckoutStep[] = [];
    for (const { path, message } of detail.fields) {
      const { group, field } = locateServerField(path);
      const step: CkCheckoutStep =
        group === 'customer' ? 'contact' : group === 'shippingAddress' ? 'shipping' : group === 'billingAddress' ? 'billing' : group === 'shippingMethod' ? 'delivery' : 'review';
      order.push(step);
      if (group === 'shippingMethod') errors.set('shippingMethod', message);
      else if (field && group !== 'other') errors.set(`${group}.${field}`, message);
      if (group === 'billingAddress') this.save({ billingSameAsShipping: false });
    }
    const target = FORM_STEPS.find((step) => order.includes(step));
    this.renderRoot.querySelector<CkPayButton>('ck-pay-button')?.reset();
    this.errors = errors;
    void this.go(target ?? 'review').then(() => {
      this.stepError = detail.message;
    });
  }
}
