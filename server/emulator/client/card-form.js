/*
 * The card form of the emulated Flow frame (mode "flow") and of the hosted payment page (mode
 * "hpp"). Validates like Flow does (Luhn, scheme length, future expiry, CVV length), tokenizes
 * with the public key, and pays through the emulator. In Flow mode it reports to the merchant
 * page only by postMessage to the origin that mounted it, and only listens to that window.
 */
(() => {
  'use strict';

  const config = JSON.parse(document.getElementById('ck-config').textContent);
  const m = config.messages;
  const schemes = config.schemes.map((s) => ({ ...s, re: new RegExp(s.pattern) }));
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const publicKey = fragment.get('pk') || '';
  const sessionSecret = fragment.get('pss') || '';
  const hasHandleSubmit = fragment.get('hs') === '1';
  if (window.location.hash) history.replaceState(null, '', window.location.pathname + window.location.search);

  const $ = (id) => document.getElementById(id);
  const form = $('ck-card-form');
  const inputs = { number: $('card-number'), expiry: $('expiry-date'), cvv: $('security-code'), name: $('cardholder-name') };
  const payButton = $('ck-pay');
  const statusRegion = $('ck-status');
  const formError = $('ck-form-error');
  const brand = $('card-brand');
  const overlay = $('ck-challenge');
  const challengeFrame = $('ck-challenge-frame');

  const touched = new Set();
  let binBlock = '';
  let lastBin = '';
  let binCheck = Promise.resolve();
  let busy = false;
  let completed = false;
  let cardMetadata;
  let sequence = 0;
  const pendingReplies = new Map();

  // ---------------------------------------------------------------------------------------------
  // Helpers

  const digits = (value) => value.replace(/\D/g, '');
  const schemeFor = (d) => schemes.find((s) => s.re.test(d));
  const luhn = (d) => {
    let sum = 0;
    let double = false;
    for (let i = d.length - 1; i >= 0; i -= 1) {
      let n = Number(d[i]);
      if (double) {
        n *= 2;
        if (n > 9) n -= 9;
      }
      sum += n;
      double = !double;
    }
    return d.length > 0 && sum % 10 === 0;
  };
  const formatNumber = (d, scheme) => {
    const groups = scheme && scheme.scheme === 'american_express' ? [4, 6, 5] : [4, 4, 4, 4, 3];
    const parts = [];
    let rest = d;
    for (const size of groups) {
      if (!rest) break;
      parts.push(rest.slice(0, size));
      rest = rest.slice(size);
    }
    return parts.join(' ');
  };
  const parseExpiry = (value) => {
    const d = digits(value);
    if (d.length !== 4 && d.length !== 6) return undefined;
    const month = Number(d.slice(0, 2));
    const year = d.length === 4 ? 2000 + Number(d.slice(2)) : Number(d.slice(2));
    return { month, year };
  };
  const money = (amount, currency) => {
    try {
      const formatter = new Intl.NumberFormat(config.locale, { style: 'currency', currency });
      return formatter.format(amount / 10 ** formatter.resolvedOptions().maximumFractionDigits);
    } catch {
      return `${currency} ${amount}`;
    }
  };
  const announce = (text) => {
    statusRegion.textContent = '';
    // A fresh text node makes screen readers announce even a repeated message.
    window.setTimeout(() => {
      statusRegion.textContent = text;
    }, 30);
  };

  // ---------------------------------------------------------------------------------------------
  // Messaging with the page that mounted Flow

  const post = (type, payload) => {
    if (config.mode !== 'flow' || window.parent === window) return;
    window.parent.postMessage({ source: 'ck-emulator-flow', componentId: config.componentId, type, ...(payload || {}) }, config.parentOrigin);
  };
  const ask = (type, payload, timeoutMs) =>
    new Promise((resolve) => {
      if (config.mode !== 'flow') return resolve(undefined);
      const requestId = `fq_${++sequence}`;
      const timer = timeoutMs ? window.setTimeout(() => finish(undefined), timeoutMs) : undefined;
      const finish = (value) => {
        window.clearTimeout(timer);
        pendingReplies.delete(requestId);
        resolve(value);
      };
      pendingReplies.set(requestId, finish);
      post(type, { ...payload, requestId });
    });
  const reportError = (type, code, message, details) => post('error', { error: { type, code, message, details: details || {} } });

  window.addEventListener('message', (event) => {
    const data = event.data;
    if (config.mode === 'flow' && event.source === window.parent && event.origin === config.parentOrigin) {
      if (!data || data.source !== 'ck-emulator-flow-parent' || data.componentId !== config.componentId) return;
      if (data.type === 'reply') {
        const finish = pendingReplies.get(data.requestId);
        if (finish) finish(data.payload);
      } else if (data.type === 'submit-request') {
        pay('api');
      } else if (data.type === 'tokenize-request') {
        tokenizeOnly(data.requestId);
      } else if (data.type === 'update') {
        if (payButton && !completed) payButton.textContent = `${m['pay_button.pay']} ${money(data.amount, data.currency)}`;
        config.payLabel = payButton ? payButton.textContent : config.payLabel;
      }
      return;
    }
    if (event.origin === window.location.origin && challengeFrame && event.source === challengeFrame.contentWindow) {
      if (data && data.source === 'ck-emulator-3ds' && data.type === 'challenge-complete') challengeDone(data.paymentId);
    }
  });

  // ---------------------------------------------------------------------------------------------
  // Validation

  const validators = {
    number() {
      const d = digits(inputs.number.value);
      const scheme = schemeFor(d);
      if (d.length < 12) return m['card.card_number.invalid'];
      if (scheme && !scheme.lengths.includes(d.length)) {
        return d.length < Math.max(...scheme.lengths) ? m['card.card_number.invalid'] : m['card.card_number.luhn'];
      }
      if (!luhn(d)) return m['card.card_number.luhn'];
      return binBlock;
    },
    expiry() {
      const parsed = parseExpiry(inputs.expiry.value);
      if (!parsed || parsed.month < 1 || parsed.month > 12) return m['card.expiry_date.incomplete'];
      const now = new Date();
      const endOfMonth = Date.UTC(parsed.year, parsed.month, 1);
      if (endOfMonth <= now.getTime()) return m['card.expiry_date.invalid'];
      return '';
    },
    cvv() {
      const scheme = schemeFor(digits(inputs.number.value));
      const expected = scheme ? scheme.cvvLength : 3;
      return digits(inputs.cvv.value).length === expected ? '' : m['card.security_code.invalid'];
    },
    name() {
      return inputs.name && !inputs.name.value.trim() ? m['card.card_holder_name.invalid'] : '';
    },
  };

  const fieldKeys = () => Object.keys(validators).filter((key) => inputs[key]);

  const showError = (key, message) => {
    const input = inputs[key];
    const error = $(`${input.id}-error`);
    error.textContent = message || '';
    error.hidden = !message;
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
    if (message) input.setAttribute('aria-describedby', error.id);
    else input.removeAttribute('aria-describedby');
  };

  const isValid = () => fieldKeys().every((key) => !validators[key]());

  const reportChange = () => post('change', { valid: isValid() });

  // ---------------------------------------------------------------------------------------------
  // Input behaviour

  const onNumberInput = () => {
    const d = digits(inputs.number.value).slice(0, 19);
    const scheme = schemeFor(d);
    const atEnd = inputs.number.selectionStart === inputs.number.value.length;
    inputs.number.value = formatNumber(d, scheme);
    if (atEnd) inputs.number.setSelectionRange(inputs.number.value.length, inputs.number.value.length);
    brand.textContent = scheme ? scheme.scheme.replace(/_/g, ' ').toUpperCase() : '';
    const bin = d.slice(0, 8);
    if (bin.length === 8 && bin !== lastBin) {
      lastBin = bin;
      binCheck = checkBin(bin);
    } else if (bin.length < 8 && lastBin) {
      lastBin = '';
      binBlock = '';
      cardMetadata = undefined;
    }
  };

  const onExpiryInput = (event) => {
    let d = digits(inputs.expiry.value).slice(0, 4);
    if (d.length === 1 && Number(d) > 1) d = `0${d}`;
    const deleting = event && event.inputType && event.inputType.startsWith('delete');
    inputs.expiry.value = d.length > 2 || (d.length === 2 && !deleting) ? `${d.slice(0, 2)}/${d.slice(2)}` : d;
  };

  const checkBin = async (bin) => {
    binBlock = '';
    if (config.mode !== 'flow') return;
    try {
      const response = await api('POST', `/flow/api/payment-sessions/${config.sessionId}/card-metadata`, { bin });
      if (!response.ok || lastBin !== bin) return;
      cardMetadata = response.body;
      const verdict = await ask('card-bin-changed', { metadata: cardMetadata }, 10000);
      if (lastBin !== bin) return;
      if (verdict && verdict.continue === false) {
        binBlock = verdict.errorMessage || m['payment.declined.card_not_supported'];
        touched.add('number');
        showError('number', binBlock);
      } else if (touched.has('number')) {
        showError('number', validators.number());
      }
      reportChange();
    } catch {
      // A failed lookup never blocks the card: Flow only gates on a merchant's explicit answer.
    }
  };

  for (const key of fieldKeys()) {
    const input = inputs[key];
    input.addEventListener('input', (event) => {
      if (key === 'number') onNumberInput();
      if (key === 'expiry') onExpiryInput(event);
      if (key === 'cvv') input.value = digits(input.value).slice(0, 4);
      if (touched.has(key)) showError(key, validators[key]());
      formError.hidden = true;
      reportChange();
    });
    input.addEventListener('blur', () => {
      if (!input.value && !touched.has(key)) return;
      touched.add(key);
      showError(key, validators[key]());
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Network

  async function api(method, path, body, extraHeaders) {
    const headers = { 'content-type': 'application/json', ...(extraHeaders || {}) };
    if (config.mode === 'flow') {
      headers.authorization = /^pk_sbox_/.test(publicKey) ? `Bearer ${publicKey}` : publicKey;
      headers['cko-payment-session-secret'] = sessionSecret;
    }
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    let parsed;
    try {
      parsed = await response.json();
    } catch {
      parsed = {};
    }
    return { ok: response.ok, status: response.status, body: parsed, requestId: response.headers.get('cko-request-id') || undefined };
  }

  const cardPayload = () => {
    const expiry = parseExpiry(inputs.expiry.value);
    return {
      number: digits(inputs.number.value),
      expiry_month: expiry ? expiry.month : 0,
      expiry_year: expiry ? expiry.year : 0,
      cvv: digits(inputs.cvv.value),
      ...(inputs.name && inputs.name.value.trim() ? { name: inputs.name.value.trim() } : {}),
    };
  };

  async function createToken() {
    const response = await api('POST', '/tokens', { type: 'card', ...cardPayload() });
    if (!response.ok) {
      const error = new Error('tokenize failed');
      error.response = response;
      throw error;
    }
    return { type: 'card', data: response.body, ...(cardMetadata ? { cardMetadata } : {}) };
  }

  // ---------------------------------------------------------------------------------------------
  // Paying

  const setBusy = (value, label) => {
    busy = value;
    form.setAttribute('aria-busy', value ? 'true' : 'false');
    for (const key of fieldKeys()) inputs[key].readOnly = value || completed;
    if (payButton) {
      payButton.setAttribute('aria-disabled', value || completed ? 'true' : 'false');
      payButton.textContent = label || (completed ? m['pay_button.payment_complete'] : config.payLabel);
    }
  };

  const showFormError = (message) => {
    formError.textContent = message;
    formError.hidden = !message;
  };

  /** Shows every field's error and focuses the first invalid field. Returns true when valid. */
  const validateAll = () => {
    let first;
    for (const key of fieldKeys()) {
      touched.add(key);
      const message = validators[key]();
      showError(key, message);
      if (message && !first) first = inputs[key];
    }
    if (first) first.focus();
    return !first;
  };

  async function pay(trigger) {
    if (busy || completed) return;
    await binCheck;
    if (!validateAll()) {
      if (binBlock) {
        reportError('Request', 'payment_request_aborted', 'The payment was aborted by onCardBinChanged.', { customMessage: binBlock, type: 'card' });
      } else if (trigger === 'api') {
        reportError('Submit', 'component_invalid', 'The component is not valid.', { type: 'card' });
      }
      return;
    }
    showFormError('');
    setBusy(true, m['pay_button.payment_processing']);
    announce(m['pay_button.payment_processing']);
    try {
      if (config.mode === 'hpp') await payHostedPage();
      else await payFlow();
    } catch (error) {
      setBusy(false);
      showFormError(m['payment.failed']);
      announce(m['payment.failed']);
      reportError('Request', 'network_error', error && error.message ? error.message : 'Network error', { type: 'card' });
    }
  }

  async function payFlow() {
    post('submit');
    let tokenized;
    try {
      tokenized = await createToken();
    } catch (error) {
      const response = error.response;
      if (!response) throw error;
      setBusy(false);
      showFormError(m['payment.failed']);
      reportError('Request', 'tokenize_request_failed', 'Card tokenization failed.', {
        status: response.status,
        requestErrorCodes: response.body.error_codes || [],
        requestId: response.requestId,
        type: 'card',
      });
      return;
    }
    const verdict = await ask('tokenized', { result: tokenized }, 30000);
    if (verdict && verdict.continue === false) {
      setBusy(false);
      const message = verdict.errorMessage || m['payment.declined.card_not_supported'];
      showFormError(message);
      announce(message);
      reportError('Request', 'payment_request_aborted', 'The payment was aborted by onTokenized.', { customMessage: verdict.errorMessage, type: 'card' });
      return;
    }
    const wrapped = await api('POST', `/flow/api/payment-sessions/${config.sessionId}/session-data`, { token: tokenized.data.token });
    if (!wrapped.ok) return failed(wrapped);
    const sessionData = wrapped.body.session_data;

    if (hasHandleSubmit) {
      const answer = await ask('handle-submit', { sessionData });
      const response = answer && answer.response;
      if (!response) {
        setBusy(false);
        reportError('Request', 'payment_request_aborted', 'handleSubmit returned no response.', { type: 'card' });
        return;
      }
      return outcome(response);
    }
    const submitted = await api('POST', `/flow/api/payment-sessions/${config.sessionId}/submit`, { session_data: sessionData });
    if (!submitted.ok) return failed(submitted);
    return outcome(submitted.body);
  }

  function failed(response) {
    setBusy(false);
    showFormError(m['payment.failed']);
    announce(m['payment.failed']);
    reportError('Request', 'payment_request_failed', 'The payment request failed.', {
      status: response.status,
      requestErrorCodes: response.body.error_codes || [],
      requestId: response.requestId,
      type: 'card',
    });
  }

  function outcome(body) {
    if (body.status === 'Approved') return complete(body);
    if (body.status === 'Declined') return declined(body);
    if ((body.status === 'Action Required' || body.status === 'Pending') && body.action && body.action.url) return openChallenge(body);
    return failed({ status: 0, body: {}, requestId: undefined });
  }

  function complete(body) {
    completed = true;
    setBusy(false);
    if (payButton) payButton.classList.add('ck-complete');
    announce(m['pay_button.payment_complete']);
    post('payment-completed', { payment: { id: body.id, status: 'Approved', type: body.type || 'card' } });
  }

  function declined(body) {
    setBusy(false);
    const reason = body.decline_reason || 'try_again';
    const message = m[`payment.declined.${reason}`] || m['payment.declined.try_again'];
    showFormError(message);
    announce(message);
    reportError('Request', 'payment_request_declined', 'The payment was declined.', {
      paymentId: body.id,
      requestErrorCodes: [reason],
      type: 'card',
    });
  }

  let challengePaymentId;
  let focusBeforeChallenge;

  function openChallenge(body) {
    challengePaymentId = body.id;
    focusBeforeChallenge = document.activeElement;
    challengeFrame.src = body.action.url;
    overlay.hidden = false;
    post('resize', { height: Math.max(document.documentElement.scrollHeight, 600) });
    challengeFrame.addEventListener('load', () => challengeFrame.focus(), { once: true });
  }

  async function challengeDone(paymentId) {
    if (paymentId !== challengePaymentId) return;
    challengePaymentId = undefined;
    overlay.hidden = true;
    challengeFrame.removeAttribute('src');
    if (focusBeforeChallenge && focusBeforeChallenge.focus) focusBeforeChallenge.focus();
    reportSize();
    const response = await api('GET', `/flow/api/payment-sessions/${config.sessionId}/payments/${paymentId}`);
    if (!response.ok) return failed(response);
    return outcome(response.body);
  }

  async function tokenizeOnly(requestId) {
    const answer = (payload) => post('tokenize-result', { requestId, ...payload });
    await binCheck;
    if (!validateAll()) {
      answer({ ok: false, error: { type: 'Submit', code: 'component_invalid', message: 'The component is not valid.', details: { type: 'card' } } });
      return;
    }
    try {
      const tokenized = await createToken();
      answer({ ok: true, result: tokenized });
    } catch (error) {
      const response = error.response || { status: 0, body: {} };
      answer({
        ok: false,
        error: { type: 'Request', code: 'tokenize_request_failed', message: 'Card tokenization failed.', details: { status: response.status, requestErrorCodes: response.body.error_codes || [] } },
      });
    }
  }

  async function payHostedPage() {
    const response = await api('POST', `/page/${config.hostedPaymentId}/pay`, cardPayload());
    if (response.ok && response.body.redirect_url) {
      window.location.assign(response.body.redirect_url);
      return;
    }
    setBusy(false);
    const codes = response.body.error_codes || [];
    const byCode = { card_number_invalid: 'number', card_expired: 'expiry', card_expiry_month_invalid: 'expiry', card_expiry_year_invalid: 'expiry', cvv_invalid: 'cvv' };
    const keys = codes.map((code) => byCode[code]).filter(Boolean);
    for (const key of keys) showError(key, validators[key]() || m[key === 'number' ? 'card.card_number.luhn' : key === 'expiry' ? 'card.expiry_date.invalid' : 'card.security_code.invalid']);
    if (keys.length === 0) showFormError(m['payment.failed']);
    if (keys[0]) inputs[keys[0]].focus();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    pay('user');
  });

  // ---------------------------------------------------------------------------------------------
  // Size and readiness

  const reportSize = () => {
    const height = overlay && !overlay.hidden ? Math.max(document.documentElement.scrollHeight, 600) : document.documentElement.scrollHeight;
    post('resize', { height });
  };
  if (config.mode === 'flow') {
    new ResizeObserver(reportSize).observe(document.body);
    reportSize();
    reportChange();
    post('ready');
  }
})();
