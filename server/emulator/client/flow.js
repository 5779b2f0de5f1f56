/*
 * Emulated Checkout.com Flow (checkout-web-components), served by the local sandbox emulator at
 * /flow.js. It defines window.CheckoutWebComponents with the API of the official 1.13.0 typings,
 * so the official loader (`loadCheckoutWebComponents`) finds it and uses it unchanged.
 *
 * The card form is an iframe on the emulator's origin: card data is typed there and sent from
 * there to the emulator, never through the merchant page. Parent and frame talk by postMessage;
 * each side checks the other's origin and window before trusting a message.
 */
(() => {
  'use strict';

  if (typeof window === 'undefined' || window.CheckoutWebComponents) return;

  const SCRIPT_ORIGIN = document.currentScript && document.currentScript.src ? new URL(document.currentScript.src).origin : undefined;
  const TOKEN_PREFIX = 'YmFzZTY0:';
  const FRAME_MESSAGE = 'ck-emulator-flow';
  const PARENT_MESSAGE = 'ck-emulator-flow-parent';
  const SUPPORTED = new Set(['flow', 'card']);
  const browserSessionId = `bsi_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;

  class CheckoutError extends Error {
    constructor(type, code, message, details) {
      super(message);
      this.name = 'CheckoutError';
      this.type = type;
      this.code = code;
      this.details = { browserSessionId, ...(details || {}) };
    }
  }

  const integrationError = (code, message, details) => new CheckoutError('Integration', code, message, details);

  const base64UrlJson = (value) => {
    const bytes = new TextEncoder().encode(JSON.stringify(value));
    let binary = '';
    bytes.forEach((b) => {
      binary += String.fromCharCode(b);
    });
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };

  const decodeSessionToken = (token) => {
    if (typeof token !== 'string' || !token.startsWith(TOKEN_PREFIX)) return undefined;
    try {
      const binary = atob(token.slice(TOKEN_PREFIX.length));
      const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return undefined;
    }
  };

  /** Mirrors the emulator's key rules: NAS keys need Bearer, legacy pk_test_ keys are sent raw. */
  const authorization = (publicKey) => (/^pk_sbox_/.test(publicKey) ? `Bearer ${publicKey}` : publicKey);

  const componentDisplayName = (name) => (name === 'flow' ? 'Flow' : name === 'card' ? 'Card' : name);

  class EmulatedComponent {
    constructor(checkout, name, options) {
      this.type = name;
      this.selectedType = name === 'flow' ? 'card' : name;
      this.selectedPaymentMethodId = name === 'flow' || name === 'card' ? 'card' : undefined;
      this.name = componentDisplayName(name);
      this._checkout = checkout;
      this._options = options;
      this._id = `cmp_${Math.random().toString(36).slice(2, 12)}`;
      this._valid = false;
      this._availabilityChecked = false;
      this._iframe = undefined;
      this._pending = new Map();
      this._sequence = 0;
      this._onMessage = (event) => this._receive(event);
    }

    isAvailable() {
      this._availabilityChecked = true;
      return Promise.resolve(SUPPORTED.has(this.type));
    }

    isValid() {
      return this._valid;
    }

    isPayButtonRequired() {
      return SUPPORTED.has(this.type);
    }

    unselect() {
      // Only card is offered, so there is nothing else to fall back to: like Flow with a single
      // method, unselecting keeps the card form.
    }

    mount(element) {
      if (this._iframe) throw integrationError('component_already_mounted', 'The component is already mounted. Call unmount() first.');
      const target = typeof element === 'string' ? document.querySelector(element) : element;
      if (!target || !(target instanceof Element)) {
        throw integrationError('element_not_found', 'The element to mount the component to was not found.', { element: String(element) });
      }
      if (this.type !== 'flow' && !this._availabilityChecked) {
        throw integrationError('component_is_available_not_checked', 'Call isAvailable() before mounting this component.', { type: this.type });
      }
      if (!SUPPORTED.has(this.type)) {
        throw integrationError('component_not_supported', `The emulator does not offer "${this.type}".`, { type: this.type });
      }
      const c = this._checkout;
      const opts = this._options;
      const cardData = (opts.data || {}).cardholderName;
      const config = {
        session: c.session.id,
        parentOrigin: window.location.origin,
        componentId: this._id,
        componentName: this.type,
        locale: c.locale,
        appearance: c.appearance,
        translations: c.translations,
        showPayButton: opts.showPayButton !== false,
        displayCardholderName: opts.displayCardholderName || 'bottom',
        cardholderName: cardData,
        hasHandleSubmit: typeof opts.handleSubmit === 'function',
      };
      const iframe = document.createElement('iframe');
      // The secret and key go in the fragment: it never leaves the browser.
      const fragment = new URLSearchParams({ pk: c.publicKey, pss: c.session.secret, hs: config.hasHandleSubmit ? '1' : '0' });
      iframe.src = `${c.origin}/flow/frame?config=${base64UrlJson(config)}#${fragment}`;
      iframe.title = 'Secure card payment form';
      iframe.setAttribute('allow', 'payment');
      iframe.style.cssText = 'display:block;width:100%;height:340px;border:0;overflow:hidden;background:transparent';
      iframe.setAttribute('scrolling', 'no');
      window.addEventListener('message', this._onMessage);
      target.appendChild(iframe);
      this._iframe = iframe;
      c.components.add(this);
      return this;
    }

    unmount() {
      if (this._iframe) {
        window.removeEventListener('message', this._onMessage);
        this._iframe.remove();
        this._iframe = undefined;
        this._checkout.components.delete(this);
        for (const pending of this._pending.values()) pending.reject(integrationError('component_not_supported', 'The component was unmounted.'));
        this._pending.clear();
      }
      return this;
    }

    submit() {
      this._post('submit-request');
    }

    tokenize(options) {
      if (!SUPPORTED.has(this.type)) return Promise.reject(integrationError('method_not_supported', 'tokenize() is only supported by the card component.'));
      if (!this._iframe) return Promise.reject(integrationError('element_not_found', 'Mount the component before calling tokenize().'));
      const requestId = `rq_${++this._sequence}`;
      return new Promise((resolve, reject) => {
        this._pending.set(requestId, { resolve, reject });
        this._post('tokenize-request', { requestId, options: options || {} });
      });
    }

    _post(type, payload) {
      if (!this._iframe || !this._iframe.contentWindow) return;
      this._iframe.contentWindow.postMessage({ source: PARENT_MESSAGE, componentId: this._id, type, ...(payload || {}) }, this._checkout.origin);
    }

    _callback(name) {
      const fn = this._options[name];
      return typeof fn === 'function' ? fn : undefined;
    }

    _error(error) {
      const onError = this._callback('onError');
      if (onError) onError(this, error);
    }

    /** Runs a merchant callback; a throwing callback becomes an onError, as in Flow. */
    async _invoke(name, ...args) {
      const fn = this._callback(name);
      if (!fn) return undefined;
      try {
        return await fn(this, ...args);
      } catch (cause) {
        this._error(integrationError('callback_invocation_failed', `The ${name} callback threw: ${cause && cause.message ? cause.message : cause}`));
        return { continue: false };
      }
    }

    async _receive(event) {
      if (!this._iframe || event.source !== this._iframe.contentWindow || event.origin !== this._checkout.origin) return;
      const data = event.data;
      if (!data || data.source !== FRAME_MESSAGE || data.componentId !== this._id) return;
      const reply = (payload) => this._post('reply', { requestId: data.requestId, payload });
      switch (data.type) {
        case 'ready':
          this._invoke('onReady');
          break;
        case 'resize':
          if (typeof data.height === 'number' && data.height > 0) this._iframe.style.height = `${Math.ceil(data.height)}px`;
          break;
        case 'change':
          this._valid = Boolean(data.valid);
          this._invoke('onChange');
          break;
        case 'card-bin-changed': {
          const result = await this._invoke('onCardBinChanged', data.metadata);
          reply(result && result.continue === false ? { continue: false, errorMessage: result.errorMessage } : { continue: true });
          break;
        }
        case 'submit':
          this._invoke('onSubmit');
          break;
        case 'tokenized': {
          const result = await this._invoke('onTokenized', data.result);
          reply(result && result.continue === false ? { continue: false, errorMessage: result.errorMessage } : { continue: true });
          break;
        }
        case 'handle-submit': {
          const response = await this._invoke('handleSubmit', { session_data: data.sessionData });
          reply({ response: response && typeof response === 'object' && response.continue !== false ? response : null });
          break;
        }
        case 'payment-completed':
          this._invoke('onPaymentCompleted', { id: data.payment.id, status: 'Approved', type: data.payment.type || 'card' });
          break;
        case 'error':
          this._error(new CheckoutError(data.error.type, data.error.code, data.error.message, { paymentSessionId: this._checkout.session.id, ...data.error.details }));
          break;
        case 'tokenize-result': {
          const pending = this._pending.get(data.requestId);
          if (!pending) break;
          this._pending.delete(data.requestId);
          if (data.ok) pending.resolve(data.result);
          else pending.reject(new CheckoutError(data.error.type, data.error.code, data.error.message, data.error.details));
          break;
        }
        default:
          break;
      }
    }
  }

  const UPDATE_KEYS = new Set(['amount', 'currency']);

  async function CheckoutWebComponents(options) {
    if (!options || typeof options !== 'object') throw integrationError('payment_session_required', 'Pass the options object, with paymentSession.');
    const publicKey = options.publicKey;
    if (typeof publicKey !== 'string' || !/^pk_/.test(publicKey)) {
      throw integrationError('payment_session_invalid', 'publicKey must be your public key (pk_…).');
    }
    if (!/^pk_(sbox|test)_/.test(publicKey)) {
      throw integrationError('payment_session_invalid', 'This is the local Checkout.com sandbox emulator: it refuses live public keys. Use a pk_sbox_ key.');
    }
    const paymentSession = options.paymentSession;
    if (!paymentSession) throw integrationError('payment_session_required', 'paymentSession is required: pass the unmodified create response.');
    const decoded = decodeSessionToken(paymentSession.payment_session_token);
    if (!decoded || decoded.id !== paymentSession.id || typeof paymentSession.payment_session_secret !== 'string') {
      throw integrationError('payment_session_invalid', 'paymentSession is not an unmodified payment session response.', { paymentSessionId: paymentSession.id });
    }
    const origin = SCRIPT_ORIGIN || `${window.location.protocol}//${decoded.integration_domain}`;
    const session = { id: paymentSession.id, secret: paymentSession.payment_session_secret };

    let info;
    try {
      const response = await fetch(`${origin}/flow/api/payment-sessions/${encodeURIComponent(session.id)}`, {
        headers: { authorization: authorization(publicKey), 'cko-payment-session-secret': session.secret },
      });
      if (!response.ok) {
        throw integrationError('payment_session_invalid', `The payment session could not be loaded (HTTP ${response.status}).`, { paymentSessionId: session.id });
      }
      info = await response.json();
    } catch (error) {
      if (error instanceof CheckoutError) throw error;
      throw new CheckoutError('Request', 'network_error', 'The emulator could not be reached.', { paymentSessionId: session.id });
    }
    if (info.expired) throw integrationError('payment_session_invalid', 'The payment session has expired.', { paymentSessionId: session.id });
    if (options.environment !== 'sandbox') {
      console.warn('[checkout emulator] environment is not "sandbox"; the emulator only ever acts as the sandbox.');
    }

    const state = { amount: info.amount, currency: info.currency };
    const checkout = {
      origin,
      publicKey,
      session,
      locale: options.locale || decoded.locale,
      appearance: options.appearance,
      translations: options.translations,
      components: new Set(),
    };
    const shared = {};
    for (const [key, value] of Object.entries(options)) if (typeof value === 'function') shared[key] = value;
    const perComponent = options.componentOptions || {};

    return {
      create(name, componentOptions) {
        const merged = { ...shared, ...(perComponent[name] || {}), ...(componentOptions || {}) };
        if (name === 'flow' && perComponent.card) {
          // Card options given for the card method also shape the card form inside Flow.
          for (const key of ['displayCardholderName', 'data']) if (merged[key] === undefined && perComponent.card[key] !== undefined) merged[key] = perComponent.card[key];
        }
        if (merged.data === undefined && perComponent.data) merged.data = perComponent.data;
        return new EmulatedComponent(checkout, name, merged);
      },
      update(details) {
        const validationErrors = {};
        for (const key of Object.keys(details || {})) if (!UPDATE_KEYS.has(key)) validationErrors[key] = 'not supported field';
        if (details && 'amount' in details && !(Number.isInteger(details.amount) && details.amount >= 0)) {
          validationErrors.amount = 'must be a non-negative integer in minor units';
        }
        if (details && 'currency' in details && !(typeof details.currency === 'string' && /^[A-Z]{3}$/.test(details.currency))) {
          validationErrors.currency = 'must be a 3-letter uppercase ISO 4217 code';
        }
        if (Object.keys(validationErrors).length > 0) {
          return Promise.reject(new CheckoutError('Validation', 'update_parameters_invalid', 'Invalid update() parameters.', { validationErrors }));
        }
        if (details && details.amount !== undefined) state.amount = details.amount;
        if (details && details.currency !== undefined) state.currency = details.currency;
        for (const component of checkout.components) component._post('update', { amount: state.amount, currency: state.currency });
        return Promise.resolve();
      },
    };
  }

  window.CheckoutWebComponents = CheckoutWebComponents;
})();
