import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CkElement } from '../core/base';
import { CatalogController, priceIn } from '../core/catalog';
import { KitController } from '../core/context';
import type { CkCheckoutStep, CkPaymentErrorDetail, CkPaymentSuccessDetail } from '../core/events';
import { addressParts, countryOptions, DEFAULT_COUNTRIES, isolated } from '../core/countries';
import { addEnglish, LocalizeController } from '../core/localize';
import checkoutEn from './en';
import { formatMoney } from '../../contract/money';
import type { ShippingMethod } from '../core/api';
import { checkoutDraftStore, type CheckoutDraft } from '../core/store';
import { CartController, StoredValuesController } from '../core/store-controller';
import { describeApiError } from '../core/error-message';
import { ApiError } from '../core/api';
import { fetchAddresses, fetchProfile, saveAddress, type SavedAddress } from '../core/account';
import { SessionController } from '../core/session';
import { PASSWORD_LENGTH } from '../../contract/fields';
import type { CkPayButton } from '../pay-button/pay-button';
import { ADDRESS_FIELDS, checkFields, CONTACT_FIELDS, locateServerField, type FieldName, type FieldProblem } from './validation';
import styles from './checkout.styles';

// This element's own English strings (the shared ones ship in the kit's core).
addEnglish(checkoutEn);

type Group = 'customer' | 'shippingAddress' | 'billingAddress';

/** Who is checking out (seed 001's identification step): a guest, a shopper logging in, or one creating an account. */
type Identity = 'guest' | 'login' | 'create';

const ADDRESS_KEYS = ['line1', 'line2', 'city', 'state', 'zip', 'country'] as const;
const addressOf = (a: Partial<SavedAddress>): Record<string, string> =>
  Object.fromEntries(ADDRESS_KEYS.filter((k) => a[k]).map((k) => [k, a[k] as string]));
const sameAddress = (a: Record<string, string | undefined> | undefined, b: Partial<SavedAddress>) =>
  Boolean(a) && ADDRESS_KEYS.every((k) => (a![k] ?? '').toLowerCase() === (b[k] ?? '').toLowerCase());

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
 * The contact step starts with the identification choice: continue as a guest (the default:
 * the contact form as it always was), log in with a shopper account's email, or create an
 * account (the contact form plus a password). A logged-in shopper's contact details and saved
 * addresses fill the form, a new address can be saved to the account, and the order belongs to
 * the account (the proxy takes it from the session).
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
 * @csspart identify - The guest / log in / create an account choice.
 * @csspart identity - The "Logged in as …" line with its log-out button.
 * @csspart login - The inner `ck-login` (log in with an account's email).
 * @csspart password - The new account's password field.
 * @csspart saved-addresses - The saved addresses of a logged-in shopper.
 * @csspart save-address - The "Save this address to my account" checkbox.
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

  /** The code the shopper applied in the pay button's field: the summary shows what it pays and the rest to pay. */
  @state() private appliedGiftCardCode?: string;

  @state() private step: CkCheckoutStep = 'contact';
  @state() private errors = new Map<string, string>();
  @state() private announcement = '';
  @state() private stepError = '';
  @state() private confirmation?: CkPaymentSuccessDetail;
  @state() private identity: Identity = 'guest';
  @state() private savedAddresses: SavedAddress[] = [];
  @state() private saveNewAddress = false;
  @state() private busy = false;

  private readonly kit = new KitController(this);
  private readonly localize = new LocalizeController<keyof typeof checkoutEn>(this);
  private readonly cart = new CartController(this);
  private readonly catalog = new CatalogController(this);
  private readonly draftStore = checkoutDraftStore();
  private readonly auth = new SessionController(this, () => this.kit.endpoint);
  private restored = false;
  /** The account whose profile and addresses were loaded into the form. */
  private accountLoaded?: string;

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
    void import('../groups/pay');
  }

  protected override updated(): void {
    const user = this.auth.session.user;
    const key = user?.account ? `${this.kit.endpoint}|${user.username}` : undefined;
    if (key !== this.accountLoaded) {
      this.accountLoaded = key;
      if (key) void this.loadAccount(key);
      else this.savedAddresses = [];
    }
  }

  /** A logged-in shopper's contact details fill the contact step; their saved addresses are offered. */
  private async loadAccount(key: string) {
    try {
      const [profile, addresses] = await Promise.all([fetchProfile(this.kit.endpoint), fetchAddresses(this.kit.endpoint)]);
      if (this.accountLoaded !== key) return;
      const customer = this.draft.customer ?? {};
      this.save({ customer: { ...customer, email: profile.email, name: profile.name, ...(profile.phone && !customer.phone ? { phone: profile.phone } : {}) } });
      this.savedAddresses = addresses;
      if (!this.draft.shippingAddress?.line1 && addresses[0]) this.save({ shippingAddress: addressOf(addresses[0]) });
    } catch {
      // The form stays as typed: the shopper can still check out.
    }
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
        return this.renderContact();
      case 'shipping':
        return this.renderForm(html`${this.renderSavedAddresses()}${this.renderFields('shippingAddress', ADDRESS_FIELDS)}${this.renderSaveAddress()}`);
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

  /** The identification choice, then the contact form (a guest's, a logged-in shopper's, or a new account's with its password). */
  private renderContact() {
    const t = this.localize;
    const user = this.auth.session.user;
    if (user) {
      return html`<p part="identity" class="identity">
          <span>${t.term('loggedInAs', user.name)}</span>
          <button type="button" part="logout" class="button" ?disabled=${this.busy} @click=${this.logout}>${t.term('logOut')}</button>
        </p>
        ${this.renderForm(this.renderFields('customer', CONTACT_FIELDS), false)}`;
    }
    const choice = (value: Identity, label: string) => html`<label class="check">
      <input type="radio" name="identity" value=${value} .checked=${this.identity === value} @change=${() => this.choose(value)} />
      ${label}
    </label>`;
    const passwordError = this.errors.get('account.password');
    return html`<fieldset part="identify" class="identify">
        <legend>${t.term('identifyTitle')}</legend>
        ${choice('guest', t.term('identifyGuest'))} ${choice('login', t.term('logIn'))} ${choice('create', t.term('identifyCreate'))}
      </fieldset>
      ${this.identity === 'login'
        ? html`<ck-login part="login" identifier="email" heading-level=${Math.min(6, this.headingLevel + 1)} @ck-login-success=${this.onLogin}></ck-login>`
        : this.renderForm(
            html`<p class="hint">${this.identity === 'create' ? t.term('identifyCreateHint', PASSWORD_LENGTH.min) : t.term('guestHint')}</p>
              ${this.renderFields('customer', CONTACT_FIELDS)}
              ${this.identity === 'create'
                ? html`<div part="field" class="field password">
                    <label for="account.password">${t.term('newPassword')}</label>
                    <input
                      id="account.password"
                      part="input password"
                      type="password"
                      autocomplete="new-password"
                      minlength=${PASSWORD_LENGTH.min}
                      maxlength=${PASSWORD_LENGTH.max}
                      aria-required="true"
                      aria-invalid=${passwordError ? 'true' : 'false'}
                      aria-describedby=${passwordError ? 'account.password-error' : nothing}
                    />
                    ${passwordError ? html`<p part="error" class="error" id="account.password-error">${passwordError}</p>` : nothing}
                  </div>`
                : nothing}`,
            false,
          )}`;
  }

  private choose(identity: Identity) {
    this.identity = identity;
    this.stepError = '';
    if (identity === 'login' && !customElements.get('ck-login')) void import('../groups/account');
  }

  private async onLogin() {
    const user = this.auth.session.user;
    this.identity = 'guest';
    if (user) this.announcement = this.localize.term('loginSucceeded', user.name);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part="step-heading"]')?.focus();
  }

  private async logout() {
    this.busy = true;
    try {
      await this.auth.session.logout();
      // What the account filled in leaves with it (a shared computer).
      this.save({ customer: undefined, shippingAddress: undefined, billingAddress: undefined });
      this.savedAddresses = [];
      this.announcement = this.localize.term('loggedOut');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part="step-heading"]')?.focus();
    } catch (error) {
      this.stepError = describeApiError(this.localize, error instanceof ApiError ? error : new ApiError(0, 'network_error', ''));
    } finally {
      this.busy = false;
    }
  }

  /** A logged-in shopper's saved addresses: picking one fills the address fields. */
  private renderSavedAddresses() {
    if (!this.savedAddresses.length) return nothing;
    const t = this.localize;
    const current = this.draft.shippingAddress;
    const chosen = this.savedAddresses.find((a) => sameAddress(current, a));
    return html`<fieldset part="saved-addresses" class="methods">
      <legend>${t.term('savedAddresses')}</legend>
      ${this.savedAddresses.map(
        (address) => html`<label class="check">
          <input type="radio" name="savedAddress" .checked=${chosen === address} @change=${() => this.useAddress(address)} />
          ${this.addressLine(address as unknown as Record<string, string>)}
        </label>`,
      )}
      <label class="check">
        <input type="radio" name="savedAddress" .checked=${!chosen} @change=${() => this.useAddress(undefined)} />
        ${t.term('newAddress')}
      </label>
    </fieldset>`;
  }

  private useAddress(address: SavedAddress | undefined) {
    this.errors = new Map([...this.errors].filter(([key]) => !key.startsWith('shippingAddress.')));
    this.save({ shippingAddress: address ? addressOf(address) : { country: this.draft.shippingAddress?.country ?? '' } });
  }

  /** A logged-in shopper may keep a new address in the account. */
  private renderSaveAddress() {
    if (!this.auth.session.user?.account) return nothing;
    if (this.savedAddresses.some((a) => sameAddress(this.draft.shippingAddress, a))) return nothing;
    return html`<label class="check" part="save-address">
      <input type="checkbox" name="saveAddress" .checked=${this.saveNewAddress} @change=${(e: Event) => (this.saveNewAddress = (e.target as HTMLInputElement).checked)} />
      ${this.localize.term('saveAddress')}
    </label>`;
  }

  /** Creates the account from the contact step (its fields, and the password): true when the shopper is now logged in. */
  private async createAccount(): Promise<boolean> {
    const t = this.localize;
    const input = this.renderRoot.querySelector<HTMLInputElement>('[id="account.password"]');
    const password = input?.value ?? '';
    if (password.length < PASSWORD_LENGTH.min) {
      this.errors = new Map([['account.password', t.term('passwordTooShort', PASSWORD_LENGTH.min)]]);
      await this.updateComplete;
      input?.focus();
      return false;
    }
    const customer = this.draft.customer ?? {};
    this.busy = true;
    try {
      await this.auth.session.signup({
        email: customer.email ?? '',
        name: customer.name ?? '',
        password,
        ...(customer.phone ? { phone: customer.phone } : {}),
      });
      this.identity = 'guest';
      this.announcement = t.term('accountCreated', customer.name ?? '');
      return true;
    } catch (error) {
      const api = error instanceof ApiError ? error : new ApiError(0, 'network_error', '');
      const errors = new Map<string, string>();
      if (api.code === 'email_taken') errors.set('customer.email', t.term('signupEmailTaken'));
      else if (api.code === 'password_too_common') errors.set('account.password', t.term('signupPasswordCommon'));
      else if (api.code === 'password_contains_personal') errors.set('account.password', t.term('signupPasswordPersonal'));
      else if (api.code === 'too_many_signups') this.stepError = t.term('signupRateLimited');
      else {
        for (const { path, message } of api.fields) {
          if (path === 'password') errors.set('account.password', message);
          else if (path === 'email' || path === 'name' || path === 'phone') errors.set(`customer.${path}`, message);
        }
        if (!errors.size) this.stepError = describeApiError(t, api);
      }
      this.errors = errors;
      await this.updateComplete;
      const first = [...errors.keys()][0];
      if (first) this.renderRoot.querySelector<HTMLElement>(`[id="${first}"]`)?.focus();
      return false;
    } finally {
      this.busy = false;
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

  private addressLine(address: Record<string, string> | undefined): TemplateResult {
    return isolated(addressParts(address, this.localize.lang));
  }

  private renderReview() {
    const t = this.localize;
    const d = this.draft;
    const paying = this.step === 'pay';
    const method = this.methods().find((m) => m.id === d.shippingMethod);
    // Each part the shopper typed is isolated (see `isolated`).
    const block = (title: string, parts: (string | undefined)[], step: CkCheckoutStep, separator = ', ') =>
      html`<div class="review-block">
        <dt>${title}</dt>
        <dd>${isolated(parts, separator)}</dd>
        ${paying
          ? nothing
          : html`<dd><button type="button" class="link" aria-label=${t.term('editNamed', title)} @click=${() => this.go(step)}>${t.term('edit')}</button></dd>`}
      </div>`;
    return html`
      <dl part="review">
        ${block(t.term('stepContact'), [d.customer?.name, d.customer?.email, d.customer?.phone], 'contact', ' · ')}
        ${block(t.term('stepShipping'), addressParts(d.shippingAddress, t.lang), 'shipping')}
        ${block(t.term('stepBilling'), d.billingSameAsShipping === false ? addressParts(d.billingAddress, t.lang) : [t.term('billingSame')], 'billing')}
        ${block(t.term('stepDelivery'), [method ? t.text(method, 'name') : ''], 'delivery')}
      </dl>
      <ck-order-summary part="summary" exportparts="total: summary-total" heading-level=${Math.min(6, this.headingLevel + 1)}
        gift-card-code=${(this.giftCards && (this.appliedGiftCardCode ?? this.giftCardCode)) || nothing}></ck-order-summary>
      <ck-pay-button part="pay-button" mode=${this.mode} success-url=${this.successUrl ?? nothing} ?gift-card=${this.giftCards} gift-card-code=${this.giftCardCode ?? nothing}
        @ck-gift-card-apply=${(e: CustomEvent<{ code: string }>) => (this.appliedGiftCardCode = e.detail.code)}></ck-pay-button>
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
    if (this.busy) return;
    if (this.step === 'contact' && this.identity === 'create' && !this.auth.session.user && !(await this.createAccount())) return;
    if (this.step === 'shipping' && this.saveNewAddress && this.auth.session.user?.account && !this.savedAddresses.some((a) => sameAddress(this.draft.shippingAddress, a))) {
      this.busy = true;
      try {
        const saved = await saveAddress(this.kit.endpoint, this.draft.shippingAddress as unknown as SavedAddress);
        this.savedAddresses = [saved, ...this.savedAddresses];
        this.saveNewAddress = false;
      } catch (error) {
        this.stepError = describeApiError(this.localize, error instanceof ApiError ? error : new ApiError(0, 'network_error', ''));
        return;
      } finally {
        this.busy = false;
      }
    }
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
