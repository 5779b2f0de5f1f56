/**
 * What happens after the shopper clicks pay, loaded on first use (or when the pointer nears the
 * button) so the pay button's own bundle stays small: the order, the payment session, Flow or
 * the Hosted Payments Page, verification with the proxy, and the errors of each step.
 */
import type { CheckoutError, Component, PartialDesignTokens } from '@checkout.com/checkout-web-components';
import {
  ApiError,
  apiRequest,
  createHostedPayment,
  createPaymentSession,
  getCheckoutConfig,
  getPayment,
  newIdempotencyKey,
  type OrderRequest,
  type PaymentStatusResponse,
} from '../core/api';
import { checkoutLocale } from '../../contract/checkout-locale';
import { currentOrder } from '../core/order';
import { cartStore, checkoutDraftStore, paymentContextStore } from '../core/store';
import { describeApiError } from '../core/error-message';
import { describeGiftCardError } from '../core/gift-card-error';
import { loadFlow, prepareFlow } from './flow';
import type { KitController } from '../core/context';
import type { CkEventMap } from '../core/events';
import type { LocalizeController } from '../core/localize';
import type payButtonEn from './en';

/** Where a payment stands, as the pay button shows it. */
export type PayPhase = 'idle' | 'creating' | 'loading' | 'ready' | 'verifying' | 'succeeded' | 'error' | 'unverified';

/**
 * What a payment needs of the element that runs it (`ck-pay-button` implements it): its
 * settings, its language and endpoint, a place to mount Flow, and a way to show the phase and
 * tell the page. The payment knows nothing else of the element.
 */
export interface PaymentHost {
  readonly kit: KitController;
  readonly localize: LocalizeController<keyof typeof payButtonEn>;
  readonly mode: 'flow' | 'hpp';
  readonly successUrl?: string;
  readonly currency?: string;
  readonly order?: OrderRequest;
  readonly presaleEvent?: string;
  /** A gift card to pay with (what its balance covers; the card pays the rest). */
  readonly giftCardCode?: string;
  setState(next: { phase?: PayPhase; message?: string; status?: string }): void;
  notify<K extends keyof CkEventMap>(type: K, detail: CkEventMap[K]['detail']): void;
  /** The light-DOM element Flow mounts into. */
  flowContainer(): HTMLElement;
  /** An element whose computed style gives Flow the kit's design tokens. */
  probe(): HTMLElement;
  /** The contact fields the button shows when the page has no checkout form. */
  contactInputs(): HTMLInputElement[];
  /** The shipping step's answer: false when it is not shown, undefined when a field needs the shopper. */
  shippingChoice(): import('./shipping').ShippingChoice | undefined | false;
}

/** Checkout.com's error shape, narrowed without importing the loader's runtime. */
const isCheckoutError = (value: unknown): value is CheckoutError =>
  typeof value === 'object' && value !== null && (value as { name?: string }).name === 'CheckoutError';

export class PaymentFlow {
  private flow?: Component;
  private verifyingId?: string;
  /** What the proxy priced the order at (the payment was verified against it). */
  private priced?: { amount: number; currency: string };

  constructor(private readonly host: PaymentHost) {}

  private get t() {
    return this.host.localize;
  }

  /** The order from the page's stores, or the one set on `order`; undefined (fields marked) when contact details are missing. */
  private collectOrder(currency: string): OrderRequest | undefined {
    const order = this.collectItems(currency);
    const code = this.host.giftCardCode?.trim();
    return order && code ? { ...order, giftCardCode: code } : order;
  }

  private collectItems(currency: string): OrderRequest | undefined {
    const host = this.host;
    if (host.order) return host.order;
    const inputs = host.contactInputs();
    if (inputs.length) {
      const invalid = inputs.find((input) => !input.value.trim() || !input.checkValidity());
      if (invalid) {
        invalid.reportValidity();
        invalid.focus();
        return undefined;
      }
      const [email, name] = inputs.map((input) => input.value.trim());
      const store = checkoutDraftStore();
      store.set({ ...store.value, customer: { ...store.value?.customer, email, name } });
    }
    const shipping = host.shippingChoice();
    if (shipping === undefined) return undefined;
    if (shipping) {
      // Kept in the draft like the checkout form's: a retry (or the checkout page) starts from it.
      const store = checkoutDraftStore();
      store.set({ ...store.value, shippingAddress: shipping.shippingAddress, shippingMethod: shipping.shippingMethod, billingSameAsShipping: true });
    }
    return currentOrder(currency, host.kit.country(this.t.lang) ?? 'US', this.t.lang) as OrderRequest;
  }

  /**
   * Loads Flow before the click (the button is on screen): the proxy's checkout config, Flow's
   * script and its loader. Nothing is created or charged; a failure is left for the click to
   * meet and report.
   */
  async prepare(): Promise<void> {
    if (this.host.mode !== 'flow') return;
    const config = await getCheckoutConfig(this.host.kit.endpoint);
    await prepareFlow(config.flowScriptUrl);
  }

  async pay(): Promise<void> {
    const host = this.host;
    const t = this.t;
    const endpoint = host.kit.endpoint;
    this.unmount();
    host.setState({ phase: 'creating', status: t.term('preparingPayment'), message: '' });
    try {
      const config = await getCheckoutConfig(endpoint);
      const order = this.collectOrder(host.currency ?? host.kit.currency ?? config.defaultCurrency);
      if (!order) {
        host.setState({ phase: 'idle', status: '' });
        return;
      }
      // One key per click: a retried request never creates a second session; a new click does.
      const idempotencyKey = newIdempotencyKey();
      const mode = host.mode;
      const payment = paymentContextStore();
      payment.set({ idempotencyKey, mode });
      host.notify('ck-payment-start', { mode, idempotencyKey });

      if (mode === 'hpp') {
        const { order: priced, orderToken, hostedPayment, paidByGiftCard } = await createHostedPayment(endpoint, order, idempotencyKey);
        if (paidByGiftCard) return await this.paidByGiftCard(priced, orderToken, paidByGiftCard, idempotencyKey);
        if (!hostedPayment) throw new ApiError(502, 'bad_response', 'The proxy answered without a payment page.');
        // sessionStorage outlives the same-tab redirect: the result page reads the detail with it.
        payment.set({ idempotencyKey, mode, orderId: priced.id, orderToken, paymentSessionId: hostedPayment.id });
        host.setState({ status: t.term('redirecting') });
        window.location.assign(hostedPayment.redirectUrl);
        return;
      }

      const session = await createPaymentSession(endpoint, order, idempotencyKey);
      if (session.paidByGiftCard) return await this.paidByGiftCard(session.order, session.orderToken, session.paidByGiftCard, idempotencyKey);
      if (!session.paymentSession) throw new ApiError(502, 'bad_response', 'The proxy answered without a payment session.');
      payment.set({ idempotencyKey, mode, orderId: session.order.id, orderToken: session.orderToken, paymentSessionId: session.paymentSession.id });
      this.priced = { amount: session.order.amount, currency: session.order.currency };
      host.setState({ phase: 'loading' });
      const checkout = await loadFlow(
        {
          publicKey: config.publicKey,
          environment: config.environment,
          paymentSession: session.paymentSession,
          // The page's whole tag ("pt-BR", "zh-Hant-TW"), mapped to Flow's closest locale as the session's is.
          locale: checkoutLocale(t.lang),
          appearance: this.appearance(),
          onPaymentCompleted: (_component, result) => void this.verify(result.id),
          onCardBinChanged: host.presaleEvent ? (_component, card) => this.checkPresaleCard(card.bin) : undefined,
          onError: (_component, error) => this.onFlowError(error),
        },
        config.flowScriptUrl,
      );
      // Past the soft velocity threshold the proxy asked the bank for a challenge: say so before it appears.
      host.setState({ phase: 'ready', status: session.threeDsChallenge ? `${t.term('enterCardDetails')} ${t.term('threeDsRequired')}` : t.term('enterCardDetails') });
      this.flow = checkout.create('flow');
      this.flow.mount(host.flowContainer());
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * A gift card paid the whole order: the proxy paid it already, with no card payment. It is
   * verified like any payment, then the shopper goes where a paid order goes.
   */
  private async paidByGiftCard(
    priced: { id: string; amount: number; currency: string },
    orderToken: string,
    paid: { paymentId: string; redirectUrl: string },
    idempotencyKey: string,
  ): Promise<void> {
    paymentContextStore().set({ idempotencyKey, mode: this.host.mode, orderId: priced.id, orderToken });
    this.priced = { amount: priced.amount, currency: priced.currency };
    await this.verify(paid.paymentId);
    // The hosted-page flow returns shoppers to the success page; a gift card paid without leaving, so go there.
    if (!this.host.successUrl && this.host.mode === 'hpp' && paymentContextStore().value?.paymentId === paid.paymentId) window.location.assign(paid.redirectUrl);
  }

  /**
   * Flow asks before paying with a card whose first digits changed: the card typed now may not
   * be the one whose BIN was checked for the presale. Fails closed: when the check cannot run,
   * the shopper can try again, but an unchecked card never pays a presale order.
   */
  private async checkPresaleCard(bin: string): Promise<{ continue: true } | { continue: false; errorMessage: string }> {
    const eventId = this.host.presaleEvent;
    if (!eventId) return { continue: true };
    try {
      const metadata = await apiRequest<{ eligibility?: { eligible: boolean } }>(this.host.kit.endpoint, '/card-metadata', {
        body: { number: bin.replace(/\D/g, '').slice(0, 8), type: 'bin', eventId },
      });
      if (metadata.eligibility?.eligible === false) return { continue: false, errorMessage: this.t.term('binNotEligible') };
      return { continue: true };
    } catch (error) {
      const reason = error instanceof ApiError ? describeApiError(this.t, error) : this.t.term('errorNetwork');
      return { continue: false, errorMessage: reason };
    }
  }

  private onFlowError(error: CheckoutError) {
    // Flow shows its own inline messages for incomplete card details.
    if (error.type === 'Submit') return;
    // We refused the card (onCardBinChanged): Flow stays, so the shopper can use another card.
    if (error.code === 'payment_request_aborted') {
      this.host.setState({ message: this.t.term('binNotEligible') });
      return;
    }
    this.fail(error);
  }

  async verify(paymentId = this.verifyingId): Promise<void> {
    if (!paymentId) return;
    const host = this.host;
    const t = this.t;
    this.verifyingId = paymentId;
    host.setState({ phase: 'verifying', status: t.term('verifyingPayment'), message: '' });
    let result: PaymentStatusResponse;
    try {
      result = await getPayment(host.kit.endpoint, paymentId, paymentContextStore().value?.orderToken);
    } catch (error) {
      // The payment may well have gone through: never offer to pay again, offer to check again.
      this.unmount();
      const reason = error instanceof ApiError ? describeApiError(t, error) : '';
      host.setState({ phase: 'unverified', status: '', message: `${t.term('verifyFailed')} ${reason}`.trim() });
      return;
    }
    if (result.voided) {
      // Authorised, then voided by the proxy: the card that paid is not eligible for the presale.
      this.unmount();
      this.failWith('presale_card_ineligible', t.term('resultVoidedText', result.voided.eventName));
      return;
    }
    if (result.outcome === 'failed') {
      this.fail({ name: 'CheckoutError', type: 'Request', code: 'payment_request_declined' });
      return;
    }
    const payment = paymentContextStore();
    payment.set({ ...payment.value!, paymentId: result.id });
    if (result.outcome === 'succeeded') {
      cartStore().clear();
      checkoutDraftStore().set(undefined);
    }
    this.unmount();
    host.setState({
      phase: 'succeeded',
      status: result.outcome === 'succeeded' ? t.term('paymentSucceeded') : t.term('paymentPending'),
    });
    host.notify('ck-payment-success', {
      paymentId: result.id,
      orderId: result.orderId ?? payment.value?.orderId,
      status: result.status,
      // The proxy verified the payment against this order's amount; its own answer wins when given.
      amount: result.amount ?? this.priced?.amount ?? 0,
      currency: result.currency ?? this.priced?.currency ?? '',
    });
    if (host.successUrl) {
      const url = new URL(host.successUrl, document.baseURI);
      url.searchParams.set('cko-payment-id', result.id);
      window.location.assign(url.href);
    }
  }

  fail(error: unknown): void {
    const t = this.t;
    this.unmount();
    let code = 'unknown';
    let message = t.term('paymentFailed');
    let detail: { status?: number; fields?: ApiError['fields']; retryAfter?: number } = {};
    if (error instanceof ApiError) {
      code = error.code;
      message = describeGiftCardError(t, error) ?? describeApiError(t, error);
      detail = { status: error.status || undefined, fields: error.fields.length ? error.fields : undefined, retryAfter: error.retryAfter };
    } else if (isCheckoutError(error)) {
      code = error.code;
      if (error.code === 'payment_request_declined') message = t.term('paymentDeclined');
      else if (error.code === 'network_error') message = t.term('errorNetwork');
    }
    this.failWith(code, message, detail);
  }

  private failWith(code: string, message: string, detail: { status?: number; fields?: ApiError['fields']; retryAfter?: number } = {}): void {
    this.host.setState({ phase: 'error', status: '', message: `${message} ${this.t.term('cartKept')}` });
    this.host.notify('ck-payment-error', { code, message, ...detail });
  }

  unmount(): void {
    try {
      this.flow?.unmount();
    } catch {
      // Already gone with its container.
    }
    this.flow = undefined;
    this.host.flowContainer().replaceChildren();
  }

  /** Flow's design tokens, read from the kit's own (resolved) theme so the card form matches. */
  private appearance(): PartialDesignTokens {
    const probe = this.host.probe();
    const color = (token: string) => {
      probe.style.color = `var(${token})`;
      return getComputedStyle(probe).color;
    };
    const radius = (token: string) => {
      probe.style.borderRadius = `var(${token})`;
      return getComputedStyle(probe).borderTopLeftRadius;
    };
    // The probe inherits the element's font (it sets none of its own).
    const font = { fontFamily: getComputedStyle(probe).fontFamily };
    return {
      colorAction: color('--_c-primary'),
      colorPrimary: color('--_c-text'),
      colorSecondary: color('--_c-text-muted'),
      colorBackground: color('--_c-surface'),
      colorFormBackground: color('--_c-surface'),
      colorBorder: color('--_c-border'),
      colorFormBorder: color('--_c-border'),
      colorError: color('--_c-danger'),
      colorSuccess: color('--_c-success'),
      colorInverse: color('--_c-on-primary'),
      colorOutline: color('--_c-focus'),
      colorDisabled: color('--_c-text-muted'),
      borderRadius: [radius('--_radius-s'), radius('--_radius-m')],
      button: font,
      input: font,
      label: font,
      subheading: font,
      footnote: font,
    };
  }
}
