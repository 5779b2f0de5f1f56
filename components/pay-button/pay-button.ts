import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CkElement } from '../core/base';
import type { OrderRequest } from '../core/api';
import { KitController } from '../core/context';
import type { CkEventMap } from '../core/events';
import { addEnglish, LocalizeController } from '../core/localize';
import payButtonEn from './en';
import { CartController } from '../core/store-controller';
import { checkoutDraftStore } from '../core/values';
import type { PaymentFlow, PaymentHost, PayPhase } from './payment';
import type { ShippingChoice, ShippingStep } from './shipping';
import styles from './pay-button.styles';

// This element's own English strings (the shared ones ship in the kit's core).
addEnglish(payButtonEn);


/**
 * @summary Pays for the order: creates the payment session through the proxy and shows Checkout.com Flow, or redirects to the Hosted Payments Page.
 *
 * @tag ck-pay-button
 *
 * @slot - The button's label. Default: "Pay now" (e.g. slot "Pay HK$604.00" when the page knows the total).
 * @slot flow - The light-DOM container Flow mounts into (third-party payment iframes are not all shadow-DOM safe). The button creates one when none is given.
 *
 * @event {CustomEvent<CkPaymentStartDetail>} ck-payment-start - The shopper clicked pay; a payment session is being created. `detail`: `{ mode, idempotencyKey }`.
 * @event {CustomEvent<CkPaymentSuccessDetail>} ck-payment-success - The payment completed and the proxy verified it. `detail`: `{ paymentId, orderId, status, amount, currency }`.
 * @event {CustomEvent<CkGiftCardApplyDetail>} ck-gift-card-apply - The shopper applied a gift-card code in the field (on its change: leaving the field or Enter, never per keystroke); `detail.code` is empty when cleared. `ck-checkout` passes it to its summary, which shows what the card pays.
 * @event {CustomEvent<CkPaymentErrorDetail>} ck-payment-error - The payment could not be made (declined, invalid details, network, 429, timeout, or `presale_card_ineligible`: the card that paid failed the presale rule and the proxy voided it). `detail`: `{ code, message, status, fields, retryAfter }`.
 *
 * @csspart base - The wrapper.
 * @csspart button - The pay button.
 * @csspart spinner - The busy indicator inside the button.
 * @csspart contact - The email and name fields shown when no checkout collected them.
 * @csspart shipping - The shipping address and delivery method, shown when no checkout collected them and the cart holds physical goods.
 * @csspart shipping-methods - The delivery methods for the chosen country.
 * @csspart shipping-method - One delivery method (radio, name, price).
 * @csspart gift-card - The optional gift-card code field (with `gift-card`).
 * @csspart flow - The area around the Flow container.
 * @csspart alert - The error message (an `aria-live` region).
 * @csspart status - The progress and success message (an `aria-live` region).
 *
 * @cssproperty --ck-pay-button-background - Background of the button (default: the primary colour).
 * @cssproperty --ck-pay-button-color - Text colour of the button.
 */
export class CkPayButton extends CkElement implements PaymentHost {
  static override styles = styles;

  /** `flow`: Checkout.com Flow in the page. `hpp`: redirect to the Hosted Payments Page. */
  @property({ reflect: true }) mode: 'flow' | 'hpp' = 'flow';

  /** Where to go after a verified payment; the payment id is added as `cko-payment-id`. */
  @property({ attribute: 'success-url' }) successUrl?: string;

  /** Currency of the order. Default: the shopper's chosen currency, else the proxy's default. */
  @property() currency?: string;

  /** Disables the button (e.g. until the page's own terms checkbox is ticked). */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** The order to pay, for pages that build their own (gift cards, seats…). Default: the shared cart and checkout draft. */
  @property({ attribute: false }) order?: OrderRequest;

  /**
   * Id of a presale event: as the shopper types a card into Flow, its BIN is checked with the
   * proxy against the event's presale rules, and an ineligible card cannot pay (the proxy also
   * checked the BIN given when the payment session was created).
   */
  @property({ attribute: 'presale-event' }) presaleEvent?: string;

  /**
   * A gift-card code to pay with: the proxy takes what its balance covers and the card pays the
   * rest; when it covers everything the order is paid with no card at all. Set by the page, or
   * typed by the shopper into the field `gift-card` shows.
   */
  @property({ attribute: 'gift-card-code' }) giftCardCode?: string;

  /** Shows an optional "Gift card code" field above the button. */
  @property({ type: Boolean, attribute: 'gift-card' }) giftCard = false;

  @state() private phase: PayPhase = 'idle';
  @state() private message = '';
  @state() private status = '';
  /** The shipping step's country, as chosen so far (its delivery methods follow it). */
  @state() private shipCountry = '';
  /** The last error was about the gift card (its field is marked). */
  @state() private giftCardError = false;

  /** @internal */
  readonly kit = new KitController(this);
  /** @internal */
  readonly localize = new LocalizeController<keyof typeof payButtonEn>(this);
  private readonly cart = new CartController(this);
  /** The shipping step, loaded (with the catalog's delivery methods) only on a page that needs it. */
  private shippingStep?: ShippingStep;
  private shippingLoad?: Promise<void>;
  private payment?: Promise<PaymentFlow>;
  /** Watches for the button coming into view, to load Flow before the shopper clicks. */
  private sighted?: IntersectionObserver;

  override connectedCallback(): void {
    super.connectedCallback();
    if (typeof IntersectionObserver !== 'function' || this.sighted) return;
    this.sighted = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      this.sighted?.disconnect();
      this.sighted = undefined;
      this.prepare();
    });
    this.sighted.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.sighted?.disconnect();
    this.sighted = undefined;
    void this.payment?.then((p) => p.unmount());
  }

  /** The button is on screen: its payment code, Flow's script and loader start loading now, not on the click. */
  private prepare(): void {
    const payment = this.load();
    void payment.then(
      (p) => p.prepare().catch(() => undefined),
      () => {
        // A failed load is not kept: the click tries again (and reports it if it fails again).
        if (this.payment === payment) this.payment = undefined;
      },
    );
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('mode') && changed.get('mode') !== undefined) this.reset();
  }

  /** Unmounts Flow and returns to the initial state (the cart is untouched). */
  reset(): void {
    void this.payment?.then((p) => p.unmount());
    this.setState({ phase: 'idle', message: '', status: '' });
  }

  /** @internal */
  setState(next: { phase?: PayPhase; message?: string; status?: string }): void {
    if (next.phase !== undefined) this.phase = next.phase;
    if (next.phase !== undefined) this.giftCardError = false;
    if (next.message !== undefined) this.message = next.message;
    if (next.status !== undefined) this.status = next.status;
  }

  /** @internal */
  notify<K extends keyof CkEventMap>(type: K, detail: CkEventMap[K]['detail']): void {
    if (type === 'ck-payment-error') {
      const { code } = detail as CkEventMap['ck-payment-error']['detail'];
      this.giftCardError = code.startsWith('gift_card_');
    }
    this.emit(type, detail as never);
  }

  /** @internal The light-DOM element Flow mounts into. */
  flowContainer(): HTMLElement {
    let el = this.querySelector<HTMLElement>(':scope > [slot="flow"]');
    if (!el) {
      el = document.createElement('div');
      el.slot = 'flow';
      this.append(el);
    }
    return el;
  }

  /** @internal */
  probe(): HTMLElement {
    return this.renderRoot.querySelector<HTMLElement>('.probe')!;
  }

  /** @internal The shipping step's answer (undefined when it is not shown, or not valid yet: then reported). */
  shippingChoice(): ShippingChoice | undefined | false {
    // Needed but still loading: nothing is paid without it.
    if (!this.renderRoot.querySelector('[part="shipping"]')) return this.needsShipping ? undefined : false;
    return this.shippingStep!.read(this.renderRoot);
  }

  /** Physical goods in the cart, and no checkout on the page said where they go. */
  private get needsShipping(): boolean {
    return !this.order && this.cart.store.items.length > 0 && !checkoutDraftStore().value?.shippingAddress?.line1;
  }

  /** @internal The contact fields, when the button collects them itself. */
  contactInputs(): HTMLInputElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLInputElement>('[part="contact"] input')];
  }

  private get busy(): boolean {
    return this.phase === 'creating' || this.phase === 'loading' || this.phase === 'verifying';
  }

  private load(): Promise<PaymentFlow> {
    this.payment ??= import('./payment').then((m) => new m.PaymentFlow(this));
    return this.payment;
  }

  private async onClick() {
    if (this.busy || this.disabled) return;
    const retryCheck = this.phase === 'unverified';
    // Disabled at once: one session per click, even while the payment code loads.
    this.phase = retryCheck ? 'verifying' : 'creating';
    let payment: PaymentFlow;
    try {
      payment = await this.load();
    } catch {
      this.payment = undefined;
      this.setState({ phase: 'error', message: this.localize.term('errorNetwork') });
      return;
    }
    await (retryCheck ? payment.verify() : payment.pay());
  }

  override render() {
    const t = this.localize;
    const phase = this.phase;
    const showButton = phase !== 'ready' && phase !== 'succeeded';
    const needsContact = !this.order && !checkoutDraftStore().value?.customer?.email && phase !== 'unverified';
    const needsShipping = this.needsShipping && phase !== 'unverified';
    if (needsShipping && !this.shippingLoad) {
      this.shippingLoad = import('./shipping').then((m) => {
        this.shippingStep = new m.ShippingStep(this);
        this.requestUpdate();
      });
    }
    this.shippingStep?.catalog.load(this.kit.endpoint);
    const country = this.shipCountry || (this.kit.country(t.lang) ?? '');
    return html`
      <div part="base" dir=${t.dir} aria-busy=${this.busy ? 'true' : 'false'}>
        ${showButton && needsContact
          ? html`<fieldset part="contact">
              <legend>${t.term('contactDetails')}</legend>
              <label for="email">${t.term('email')}</label>
              <input id="email" type="email" autocomplete="email" required maxlength="254" />
              <label for="name">${t.term('fullName')}</label>
              <input id="name" autocomplete="name" required maxlength="100" />
            </fieldset>`
          : nothing}
        ${showButton && needsShipping && this.shippingStep
          ? this.shippingStep.render(t, checkoutDraftStore().value ?? {}, country, this.currency ?? this.kit.currency, (e: Event) => {
              this.shipCountry = (e.target as HTMLSelectElement).value;
            })
          : nothing}
        ${showButton && this.giftCard
          ? html`<div part="gift-card">
              <label for="gift-card-code">${t.term('giftCardOptional')}</label>
              <input
                id="gift-card-code"
                name="giftCardCode"
                autocomplete="off"
                autocapitalize="characters"
                spellcheck="false"
                maxlength="40"
                aria-invalid=${this.giftCardError ? 'true' : 'false'}
                aria-describedby=${this.giftCardError ? 'alert' : nothing}
                .value=${this.giftCardCode ?? ''}
                @input=${(e: Event) => (this.giftCardCode = (e.target as HTMLInputElement).value)}
                @change=${(e: Event) => this.emit('ck-gift-card-apply', { code: (e.target as HTMLInputElement).value.trim() })}
              />
            </div>`
          : nothing}
        ${showButton
          ? html`<button
              type="button"
              part="button"
              ?disabled=${this.disabled || this.busy}
              @click=${this.onClick}
              @pointerenter=${this.load}
              @focus=${this.load}
            >
              ${this.busy ? html`<span part="spinner" aria-hidden="true"></span>` : nothing}
              ${phase === 'unverified' ? t.term('checkPaymentStatus') : phase === 'error' ? t.term('retry') : html`<slot>${t.term('pay')}</slot>`}
            </button>`
          : nothing}
        <!-- Above the card form: its "Enter your card details below." points down at it. -->
        <div part="status" role="status">${this.status}</div>
        <div part="flow" ?hidden=${phase !== 'ready' && phase !== 'verifying'}><slot name="flow"></slot></div>
        <div part="alert" id="alert" role="alert" class=${this.message ? '' : 'empty'}>${this.message}</div>
        <span class="probe" aria-hidden="true"></span>
      </div>
    `;
  }
}
