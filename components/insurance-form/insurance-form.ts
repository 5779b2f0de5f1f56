import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { InsuranceQuoteRequest, InsuranceQuoteResponse } from '../../contract/api';
import { ApiError, apiRequest, type CatalogResponse, type OrderRequest } from '../core/api';
import { ageOn, INSURANCE_AGE } from '../../contract/insurance';
import { CkElement } from '../core/base';
import { CatalogController, priceIn } from '../core/catalog';
import { KitController } from '../core/context';
import type { CkInsuranceStep } from '../core/events';
import { countryOptions, DEFAULT_COUNTRIES } from '../core/countries';
import { addEnglish, LocalizeController } from '../core/localize';
import insuranceFormEn from './en';
import { formatMoney, formatMoneyOff } from '../../contract/money';
import { SessionController } from '../core/session';
import { safeStorage, StoredValue } from '../core/values';
import { describeApiError } from '../core/error-message';
import styles from './insurance-form.styles';

// This element's own English strings (the shared ones ship in the kit's core).
addEnglish(insuranceFormEn);

type Plan = CatalogResponse['insurancePlans'][number];
type Quote = InsuranceQuoteResponse;
type ApplicantField = 'name' | 'dateOfBirth' | 'email' | 'phone' | 'country';
type Field = 'planId' | ApplicantField;

interface Draft {
  step: CkInsuranceStep;
  planId?: string;
  applicant: Record<ApplicantField, string>;
  coverageOptions: string[];
  paymentFrequency: 'monthly' | 'annual';
  payMode: 'flow' | 'hpp';
  quote?: Quote;
}

export const INSURANCE_STORAGE_KEY = 'ck:insurance:v1';
const STEPS: CkInsuranceStep[] = ['plan', 'details', 'coverage', 'quote'];
const APPLICANT_FIELDS: ApplicantField[] = ['name', 'dateOfBirth', 'email', 'phone', 'country'];

const emptyDraft = (): Draft => ({
  step: 'plan',
  applicant: { name: '', dateOfBirth: '', email: '', phone: '', country: '' },
  coverageOptions: [],
  paymentFrequency: 'annual',
  payMode: 'flow',
});

/** A stored draft, normalised (old shapes and tampering fall back to the empty draft's fields). */
function parseDraft(value: unknown): Draft | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const parsed = value as Partial<Draft>;
  const base = emptyDraft();
  return {
    ...base,
    ...parsed,
    step: STEPS.includes(parsed.step as CkInsuranceStep) ? parsed.step! : 'plan',
    applicant: { ...base.applicant, ...parsed.applicant },
    coverageOptions: Array.isArray(parsed.coverageOptions) ? parsed.coverageOptions.filter((o) => typeof o === 'string') : [],
  };
}

/**
 * @summary A multi-step insurance application — plan, personal details, coverage — priced by the proxy into a quote with an expiry, then paid with Flow or the Hosted Payments Page.
 *
 * Every step keeps its data across reloads (sessionStorage). Invalid fields get their error
 * tied to them and the first one takes focus. With `require-login`, the shopper logs in
 * (`ck-login`) before applying, and the proxy binds the quote to that session.
 *
 * @tag ck-insurance-form
 *
 * @slot heading - Replaces the default heading.
 *
 * @event {CustomEvent<CkInsuranceStepDetail>} ck-insurance-step - The shopper moved to another step. `detail`: `{ step, previous }`.
 * @event {CustomEvent<CkInsuranceQuoteDetail>} ck-insurance-quote - The proxy returned a quote. `detail`: `{ quote }`.
 * @event {CustomEvent<CkPaymentSuccessDetail>} ck-payment-success - From the inner `ck-pay-button` (Flow).
 * @event {CustomEvent<CkPaymentErrorDetail>} ck-payment-error - From the inner `ck-pay-button`.
 *
 * @csspart base - The container.
 * @csspart title - The heading.
 * @csspart steps - The progress list.
 * @csspart step - The current step's content.
 * @csspart step-title - The current step's heading (focused on each step change).
 * @csspart plan - A plan choice.
 * @csspart field-error - A field's error message.
 * @csspart alert - An error about the step (catalog, quote, session).
 * @csspart quote - The quote with its lines and total.
 * @csspart quote-total - The premium to pay.
 * @csspart expiry - When the quote expires.
 * @csspart pay-mode - The Flow / Hosted Payments Page toggle.
 * @csspart login - The login shown first when `require-login` is set.
 *
 * @cssproperty --ck-insurance-form-background - Background of the container.
 */
export class CkInsuranceForm extends CkElement {
  static override styles = styles;

  /** The shopper must log in first; the proxy then binds the quote to the session. */
  @property({ type: Boolean, reflect: true, attribute: 'require-login' }) requireLogin = false;

  /** Heading level of the title (2–5); step headings are one level below. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  /** Where the pay button goes after a verified payment (Flow) or where the HPP returns. */
  @property({ attribute: 'success-url' }) successUrl?: string;

  /** Comma-separated ISO country codes offered for the applicant's country. */
  @property() countries = DEFAULT_COUNTRIES;

  /** The application in this tab's sessionStorage (in memory where storage is unavailable). */
  readonly #stored = new StoredValue<Draft>(INSURANCE_STORAGE_KEY, safeStorage('sessionStorage'), parseDraft);
  @state() private draft: Draft = this.#stored.value ?? emptyDraft();
  @state() private errors: Partial<Record<Field, string>> = {};
  @state() private alert = '';
  @state() private quoting = false;
  @state() private announcement = '';

  private readonly localize = new LocalizeController<keyof typeof insuranceFormEn>(this);
  private readonly kit = new KitController(this);
  private readonly catalog = new CatalogController(this);
  private readonly auth = new SessionController(this, () => this.kit.endpoint);
  private expiryTimer?: ReturnType<typeof setTimeout>;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.expiryTimer);
  }

  private get currency(): string | undefined {
    return this.catalog.currencyOr(this.kit.currency);
  }

  private get plans(): Plan[] {
    return this.catalog.catalog?.insurancePlans ?? [];
  }

  private get plan(): Plan | undefined {
    return this.plans.find((p) => p.id === this.draft.planId);
  }

  private get quoteExpired(): boolean {
    const quote = this.draft.quote;
    return !!quote && Date.parse(quote.expiresAt) <= Date.now();
  }

  protected override willUpdate(): void {
    this.catalog.load(this.kit.endpoint);
    // ck-login and ck-pay-button load only when a step needs them.
    if (this.requireLogin && !this.auth.session.user && !customElements.get('ck-login')) void import('../groups/account');
    if (this.draft.step === 'coverage' || this.draft.step === 'quote') void import('../groups/pay');
    // The logged-in user fills in what the shopper has not typed yet.
    const user = this.auth.session.user;
    if (user && (!this.draft.applicant.name || !this.draft.applicant.email)) {
      const applicant = { ...this.draft.applicant };
      applicant.name ||= user.name;
      applicant.email ||= user.email ?? '';
      this.draft = { ...this.draft, applicant };
    }
    if (!this.draft.applicant.country) {
      const country = this.kit.country(this.localize.lang);
      if (country) this.draft = { ...this.draft, applicant: { ...this.draft.applicant, country } };
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed as Map<string, unknown>).has('draft')) {
      this.#stored.set(this.draft);
      this.scheduleExpiry();
    }
  }

  private scheduleExpiry() {
    clearTimeout(this.expiryTimer);
    const quote = this.draft.quote;
    if (!quote) return;
    const left = Date.parse(quote.expiresAt) - Date.now();
    if (left > 0 && left < 2 ** 31) this.expiryTimer = setTimeout(() => this.requestUpdate(), left + 50);
  }

  /** Forgets the application (after a payment, or for a new one). */
  reset(): void {
    this.draft = emptyDraft();
    this.errors = {};
    this.alert = '';
  }

  override render() {
    const t = this.localize;
    const level = Math.min(5, Math.max(2, this.headingLevel));
    return html`
      <section part="base" aria-labelledby="title" dir=${t.dir}>
        <div part="title" id="title" role="heading" aria-level=${level}>
          <slot name="heading">${t.term('insuranceTitle')}</slot>
        </div>
        ${this.renderBody(level + 1)}
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      </section>
    `;
  }

  private renderBody(level: number) {
    const t = this.localize;
    const session = this.auth.session;
    if (this.requireLogin && !session.user) {
      if (session.me === undefined && !session.failed) return html`<p aria-busy="true">${t.term('loading')}</p>`;
      return html`<div part="login">
        <p>${t.term('insuranceLoginRequired')}</p>
        <ck-login heading-level=${level}></ck-login>
      </div>`;
    }
    if (this.catalog.state === 'error') {
      return html`<div part="alert" role="alert">
        <span>${t.term('insurancePlansError')} ${describeApiError(t, this.catalog.error!)}</span>
        <button type="button" class="button" @click=${() => this.catalog.load(this.kit.endpoint, true)}>${t.term('retry')}</button>
      </div>`;
    }
    if (this.catalog.state !== 'ready') {
      return html`<div aria-busy="true"><p>${t.term('loading')}</p><div class="skeleton" style="block-size:8rem"></div></div>`;
    }
    const current = this.draft.step;
    const titles: Record<CkInsuranceStep, string> = {
      plan: t.term('insuranceStepPlan'),
      details: t.term('insuranceStepDetails'),
      coverage: t.term('insuranceStepCoverage'),
      quote: t.term('insuranceStepQuote'),
    };
    const index = STEPS.indexOf(current);
    return html`
      <nav part="steps" aria-label=${t.term('insuranceProgress')}>
        <ol>
          ${STEPS.map(
            (step, i) => html`<li aria-current=${step === current ? 'step' : nothing}>
              ${titles[step]}${i < index ? html`<span class="visually-hidden"> ${t.term('stepCompleted')}</span>` : nothing}
            </li>`,
          )}
        </ol>
      </nav>
      <div part="step" data-step=${current}>
        <div part="step-title" id="step-title" role="heading" aria-level=${level} tabindex="-1">
          ${t.term('insuranceStepOf', index + 1, STEPS.length, titles[current])}
        </div>
        ${this.alert ? html`<div part="alert" role="alert">${this.alert}</div>` : nothing}
        ${current === 'plan'
          ? this.renderPlans()
          : current === 'details'
            ? this.renderDetails()
            : current === 'coverage'
              ? this.renderCoverage()
              : this.renderQuote()}
      </div>
    `;
  }

  private money(amount: number, currency = this.currency!) {
    return formatMoney(amount, currency, this.localize.lang);
  }

  private premiumOf(money: { amount: number; currency: string }): number | undefined {
    return priceIn({ price: money }, this.currency!, this.catalog.rates);
  }

  private fieldError(field: Field) {
    const error = this.errors[field];
    return error ? html`<p part="field-error" class="error" id=${`${field}-error`}>${error}</p>` : nothing;
  }

  private renderPlans() {
    const t = this.localize;
    return html`<form novalidate @submit=${(e: Event) => this.next(e, 'plan')}>
      <fieldset aria-describedby=${this.errors.planId ? 'planId-error' : nothing}>
        <legend class="visually-hidden">${t.term('insuranceStepPlan')}</legend>
        ${this.plans.map((plan) => {
          const from = this.premiumOf(plan.basePremium);
          return html`<label class="choice" part="plan">
            <input
              type="radio"
              name="plan"
              id=${`plan-${plan.id}`}
              .value=${plan.id}
              .checked=${plan.id === this.draft.planId}
              @change=${() => this.patch({ planId: plan.id, coverageOptions: [], quote: undefined }, 'planId')}
            />
            <span>
              <strong>${t.text(plan, 'name')}</strong>
              ${plan.description ? html`<span class="muted">${t.text(plan, 'description')}</span>` : nothing}
              ${from !== undefined ? html`<span>${t.term('insuranceFromPerMonth', this.money(from))}</span>` : nothing}
            </span>
          </label>`;
        })}
      </fieldset>
      ${this.fieldError('planId')}
      <div class="actions"><span></span><button type="submit" class="button primary">${t.term('continue')}</button></div>
    </form>`;
  }

  private renderDetails() {
    const t = this.localize;
    const a = this.draft.applicant;
    const input = (field: ApplicantField, label: string, type: string, autocomplete: string, extra: { max?: number; hint?: string } = {}) => {
      const describedby = [extra.hint ? `${field}-hint` : '', this.errors[field] ? `${field}-error` : ''].filter(Boolean).join(' ');
      return html`<div class="field">
        <label for=${field}>${label}</label>
        <input
          id=${field}
          name=${field}
          type=${type}
          autocomplete=${autocomplete}
          maxlength=${extra.max ?? 100}
          required
          .value=${a[field]}
          aria-invalid=${this.errors[field] ? 'true' : 'false'}
          aria-describedby=${describedby || nothing}
          @input=${(e: Event) => this.setApplicant(field, (e.target as HTMLInputElement).value)}
          @change=${() => this.checkOne(field)}
        />
        ${extra.hint ? html`<span class="hint" id=${`${field}-hint`}>${extra.hint}</span>` : nothing}
        ${this.fieldError(field)}
      </div>`;
    };
    return html`<form novalidate @submit=${(e: Event) => this.next(e, 'details')}>
      ${input('name', t.term('fullName'), 'text', 'name')}
      <div class="row">
        ${input('dateOfBirth', t.term('insuranceDob'), 'date', 'bday', { hint: t.term('insuranceAgeRange', INSURANCE_AGE.min, INSURANCE_AGE.max) })}
        ${input('phone', t.term('insurancePhone'), 'tel', 'tel', { max: 20 })}
      </div>
      ${input('email', t.term('email'), 'email', 'email', { max: 254 })}
      <div class="field">
        <label for="country">${t.term('country')}</label>
        <select
          id="country"
          autocomplete="country"
          required
          aria-invalid=${this.errors.country ? 'true' : 'false'}
          aria-describedby=${this.errors.country ? 'country-error' : nothing}
          @change=${(e: Event) => {
            this.setApplicant('country', (e.target as HTMLSelectElement).value);
            this.checkOne('country');
          }}
        >
          ${countryOptions(this.localize.lang, this.countries, a.country, this.localize.term('chooseCountry'))}
        </select>
        ${this.fieldError('country')}
      </div>
      ${this.actions()}
    </form>`;
  }

  private renderCoverage() {
    const t = this.localize;
    const plan = this.plan;
    if (!plan) return nothing;
    return html`<form novalidate @submit=${this.requestQuote}>
      <fieldset>
        <legend>${t.term('insuranceOptions', t.text(plan, 'name'))}</legend>
        ${plan.coverageOptions.length === 0 ? html`<p class="muted">${t.term('insuranceNoOptions')}</p>` : nothing}
        ${plan.coverageOptions.map((option) => {
          const premium = this.premiumOf(option.premium);
          return html`<label class="choice">
            <input
              type="checkbox"
              .checked=${this.draft.coverageOptions.includes(option.id)}
              @change=${(e: Event) => {
                const on = (e.target as HTMLInputElement).checked;
                const set = new Set(this.draft.coverageOptions);
                if (on) set.add(option.id);
                else set.delete(option.id);
                this.patch({ coverageOptions: [...set], quote: undefined });
              }}
            />
            <span>${t.text(option, 'name')}${premium !== undefined ? html`<span class="muted">${t.term('insurancePlusPerMonth', this.money(premium))}</span>` : nothing}</span>
          </label>`;
        })}
      </fieldset>
      <fieldset>
        <legend>${t.term('insuranceFrequency')}</legend>
        ${(['annual', 'monthly'] as const).map(
          (frequency) => html`<label class="choice">
            <input
              type="radio"
              name="frequency"
              .checked=${this.draft.paymentFrequency === frequency}
              @change=${() => this.patch({ paymentFrequency: frequency, quote: undefined })}
            />
            <span>${frequency === 'annual' ? t.term('insuranceAnnual') : t.term('insuranceMonthly')}</span>
          </label>`,
        )}
      </fieldset>
      ${this.actions(this.quoting ? t.term('insuranceQuoting') : t.term('insuranceGetQuote'), this.quoting)}
    </form>`;
  }

  private actions(label = this.localize.term('continue'), busy = false) {
    return html`<div class="actions">
      <button type="button" class="button" @click=${this.back}>${this.localize.term('back')}</button>
      <button type="submit" class="button primary" ?disabled=${busy} aria-busy=${busy ? 'true' : 'false'}>${label}</button>
    </div>`;
  }

  private renderQuote() {
    const t = this.localize;
    const quote = this.draft.quote;
    if (!quote) return nothing;
    const plan = this.plans.find((p) => p.id === quote.planId);
    const label = (line: Quote['lines'][number]) => {
      if (line.kind === 'base') return plan ? t.text(plan, 'name') : line.label;
      if (line.kind === 'option') {
        const option = plan?.coverageOptions.find((o) => o.id === line.id);
        return option ? t.text(option, 'name') : line.label;
      }
      if (line.kind === 'age') return t.term('insuranceAgeLoading', quote.age);
      return t.term('insuranceAnnualDiscount');
    };
    const expired = this.quoteExpired;
    const expiry = new Intl.DateTimeFormat(t.lang, { timeStyle: 'short' }).format(new Date(quote.expiresAt));
    const a = this.draft.applicant;
    const order: OrderRequest = {
      items: [],
      insuranceQuoteId: quote.id,
      currency: quote.currency,
      country: a.country,
      customer: { name: a.name.trim(), email: a.email.trim(), ...(a.phone.trim() ? { phone: a.phone.trim() } : {}) },
      locale: t.lang,
    };
    return html`<div part="quote">
        <dl>
          ${quote.lines.map((line) => html`<dt>${label(line)}</dt><dd>${line.amount < 0 ? formatMoneyOff(line.amount, quote.currency, this.localize.lang) : this.money(line.amount, quote.currency)}</dd>`)}
          <dt part="quote-total">${quote.paymentFrequency === 'annual' ? t.term('insuranceTotalAnnual') : t.term('insuranceTotalMonthly')}</dt>
          <dd part="quote-total">${this.money(quote.amount, quote.currency)}</dd>
        </dl>
        <p part="expiry" class=${expired ? 'error' : 'muted'} role=${expired ? 'alert' : nothing}>
          ${expired ? t.term('insuranceQuoteExpired') : t.term('insuranceQuoteValid', expiry)}
        </p>
      </div>
      ${expired
        ? html`<div class="actions">
            <button type="button" class="button" @click=${this.back}>${t.term('back')}</button>
            <button type="button" class="button primary" @click=${this.requestQuote}>${t.term('insuranceNewQuote')}</button>
          </div>`
        : html`<fieldset>
              <legend>${t.term('insurancePayWith')}</legend>
              <div part="pay-mode">
                ${(['flow', 'hpp'] as const).map(
                  (mode) => html`<label class="choice">
                    <input type="radio" name="pay-mode" .value=${mode} .checked=${this.draft.payMode === mode} @change=${() => this.patch({ payMode: mode })} />
                    <span>${mode === 'flow' ? t.term('insurancePayFlow') : t.term('insurancePayHpp')}</span>
                  </label>`,
                )}
              </div>
            </fieldset>
            <ck-pay-button mode=${this.draft.payMode} .order=${order} .amount=${quote.amount} currency=${quote.currency} success-url=${this.successUrl ?? nothing}></ck-pay-button>
            <div class="actions"><button type="button" class="button" @click=${this.back}>${t.term('back')}</button></div>`}`;
  }

  // ── State ──────────────────────────────────────────────────────────────────

  private patch(patch: Partial<Draft>, clear?: Field) {
    this.draft = { ...this.draft, ...patch };
    if (clear) this.clearError(clear);
  }

  private setApplicant(field: ApplicantField, value: string) {
    this.draft = { ...this.draft, applicant: { ...this.draft.applicant, [field]: value }, quote: undefined };
    if (this.errors[field] && !this.problem(field)) this.clearError(field);
  }

  private clearError(field: Field) {
    if (!this.errors[field]) return;
    const { [field]: _gone, ...rest } = this.errors;
    this.errors = rest;
  }

  private problem(field: Field): string | undefined {
    const t = this.localize;
    const a = this.draft.applicant;
    // Light checks for quick feedback; the proxy's schema is the judge and its field errors land here too.
    const text = (value: string, max: number, pattern?: RegExp, key?: 'emailInvalid' | 'phoneInvalid') => {
      const v = value.trim();
      if (!v) return t.term('fieldRequired');
      if (v.length > max) return t.term('fieldTooLong', max);
      return pattern && !pattern.test(v) ? t.term(key!) : undefined;
    };
    switch (field) {
      case 'planId':
        return this.plan ? undefined : t.term('insuranceChoosePlan');
      case 'name':
        return text(a.name, 100);
      case 'email':
        return text(a.email, 254, /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*\.[A-Za-z]{2,}$/, 'emailInvalid');
      case 'phone':
        return text(a.phone, 20, /^\+?[0-9 ()-]{6,20}$/, 'phoneInvalid');
      case 'country':
        return a.country ? undefined : t.term('countryInvalid');
      case 'dateOfBirth': {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(a.dateOfBirth)) return t.term('fieldRequired');
        const age = ageOn(a.dateOfBirth, new Date());
        return age >= INSURANCE_AGE.min && age <= INSURANCE_AGE.max ? undefined : t.term('insuranceAgeRange', INSURANCE_AGE.min, INSURANCE_AGE.max);
      }
    }
  }

  private checkOne(field: Field) {
    const problem = this.problem(field);
    if (problem) this.errors = { ...this.errors, [field]: problem };
    else this.clearError(field);
  }

  /** Checks fields, marks them, focuses the first invalid one; true when all pass. */
  private async checkAll(fields: Field[]): Promise<boolean> {
    const errors: Partial<Record<Field, string>> = {};
    for (const field of fields) {
      const problem = this.problem(field);
      if (problem) errors[field] = problem;
    }
    this.errors = errors;
    const invalid = fields.filter((f) => errors[f]);
    this.alert = invalid.length > 1 ? this.localize.term('fixErrors', invalid.length) : '';
    if (!invalid.length) return true;
    await this.updateComplete;
    const first = invalid[0]!;
    const target =
      first === 'planId'
        ? this.renderRoot.querySelector<HTMLElement>('input[name="plan"]')
        : this.renderRoot.querySelector<HTMLElement>(`#${first}`);
    target?.focus();
    return false;
  }

  private async goTo(step: CkInsuranceStep) {
    const previous = this.draft.step;
    if (step === previous) return;
    this.draft = { ...this.draft, step };
    this.alert = '';
    this.errors = {};
    const t = this.localize;
    this.emit('ck-insurance-step', { step, previous });
    await this.updateComplete;
    const title = this.renderRoot.querySelector<HTMLElement>('#step-title');
    title?.focus();
    this.announcement = title?.textContent?.trim() ?? t.term('insuranceTitle');
  }

  private async next(event: Event, from: CkInsuranceStep) {
    event.preventDefault();
    if (from === 'plan' && (await this.checkAll(['planId']))) await this.goTo('details');
    if (from === 'details' && (await this.checkAll(APPLICANT_FIELDS))) await this.goTo('coverage');
  }

  private back = () => {
    const index = STEPS.indexOf(this.draft.step);
    if (index > 0) void this.goTo(STEPS[index - 1]!);
  };

  private requestQuote = async (event?: Event) => {
    event?.preventDefault();
    if (this.quoting || !this.plan) return;
    const t = this.localize;
    const a = this.draft.applicant;
    const body: InsuranceQuoteRequest = {
      planId: this.plan.id,
      coverageOptions: this.draft.coverageOptions,
      paymentFrequency: this.draft.paymentFrequency,
      applicant: { name: a.name.trim(), dateOfBirth: a.dateOfBirth, email: a.email.trim(), phone: a.phone.trim(), country: a.country },
      currency: this.currency as InsuranceQuoteRequest['currency'],
      requireLogin: this.requireLogin,
    };
    this.quoting = true;
    this.alert = '';
    try {
      const quote = await apiRequest<Quote>(this.kit.endpoint, '/api/insurance/quotes', { body });
      this.quoting = false;
      this.draft = { ...this.draft, quote };
      this.emit('ck-insurance-quote', { quote });
      await this.goTo('quote');
      this.announcement = t.term('insuranceQuoteReady', this.money(quote.amount, quote.currency));
    } catch (error) {
      this.quoting = false;
      const api = error instanceof ApiError ? error : new ApiError(0, 'network_error', String(error));
      if (api.status === 401) {
        // The session ended: log in again, the application is kept.
        await this.auth.session.refresh(true).catch(() => undefined);
        return;
      }
      // The proxy's field errors point back at the details step's fields.
      const fields: Partial<Record<Field, string>> = {};
      for (const f of api.fields) {
        const name = f.path.replace(/^body\./, '').replace(/^applicant\./, '') as Field;
        if ((APPLICANT_FIELDS as string[]).includes(name)) fields[name] = name === 'dateOfBirth' ? t.term('insuranceAgeRange', INSURANCE_AGE.min, INSURANCE_AGE.max) : f.message;
      }
      if (Object.keys(fields).length) {
        await this.goTo('details');
        this.errors = fields;
        this.alert = describeApiError(t, api);
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>(`#${Object.keys(fields)[0]}`)?.focus();
        return;
      }
      this.alert = describeApiError(t, api);
    }
  };
}
