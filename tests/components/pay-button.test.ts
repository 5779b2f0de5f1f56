import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/pay-button/define';
import type { CkPayButton } from '../../components/pay-button/pay-button';
import { cartStore, checkoutDraftStore, paymentContextStore } from '../../components/core/store';
import { apiError, json, mockApi, never, type MockApi } from '../../stories/support/mock-api';
import { config } from '../../stories/support/recorded';
import { resetStores } from '../../stories/support/seed';
import { waitUntil } from '../helpers/wait-until';

type FlowOptions = {
  paymentSession: { id: string };
  appearance: Record<string, unknown>;
  locale: string;
  onPaymentCompleted(component: unknown, payment: { id: string }): void;
  onError(component: unknown, error: unknown): void;
};

/** A Flow stand-in on `window.CheckoutWebComponents`, which the official loader uses as is. */
const flow: { options?: FlowOptions; mountedIn?: HTMLElement } = {};
(window as unknown as { CheckoutWebComponents: unknown }).CheckoutWebComponents = async (options: FlowOptions) => {
  flow.options = options;
  return {
    create: () => {
      const component = {
        mount(target: HTMLElement) {
          flow.mountedIn = target;
          target.innerHTML = '<p class="fake-flow">card form</p>';
          return component;
        },
        unmount() {
          flow.mountedIn?.replaceChildren();
          return component;
        },
      };
      return component;
    },
  };
};

const order = { id: 'ord_1', currency: 'HKD', lines: [], subtotal: 19900, discount: 0, shipping: 0, tax: 0, amount: 19900 };
let sessions = 0;
const ORDER_TOKEN = 'order-token-of-ord_1-0000000000000000000000';
const session = () => json({ order, orderToken: ORDER_TOKEN, paymentSession: { id: `ps_${++sessions}`, payment_session_secret: 's', payment_session_token: 't' } }, 201);
const payment = (outcome: 'succeeded' | 'failed') => () =>
  json({ id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaa', status: outcome === 'succeeded' ? 'Captured' : 'Declined', approved: outcome === 'succeeded', outcome, amount: 19900, currency: 'HKD', orderId: 'ord_1' });

const q = (el: CkPayButton, s: string) => el.shadowRoot!.querySelector(s) as HTMLElement;

/** Types an address into the pay button's own shipping step and picks its country. */
async function fillShipping(el: CkPayButton, address: { line1: string; city: string; country: string }) {
  const root = el.shadowRoot!;
  await waitUntil(() => root.querySelector('#ship-line1'), 'the shipping step loads');
  (root.querySelector('#ship-line1') as HTMLInputElement).value = address.line1;
  (root.querySelector('#ship-city') as HTMLInputElement).value = address.city;
  const country = root.querySelector('#ship-country') as HTMLSelectElement;
  country.value = address.country;
  country.dispatchEvent(new Event('change'));
}
const button = (el: CkPayButton) => q(el, '[part="button"]') as HTMLButtonElement;

async function payButton(template = html`<ck-pay-button></ck-pay-button>`) {
  cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD' });
  checkoutDraftStore().set({
    customer: { email: 'mei@example.com', name: 'Mei Chan' },
    shippingAddress: { line1: '1 Queen’s Road', city: 'Central', country: 'HK' },
  });
  return fixture<CkPayButton>(template);
}

describe('ck-pay-button', () => {
  let api: MockApi;
  beforeEach(() => {
    resetStores();
    flow.options = undefined;
  });
  afterEach(() => api.restore());

  it('is an accessible button labelled "Pay now"', async () => {
    api = mockApi();
    const el = await payButton();
    expect(button(el).textContent).to.contain('Pay now');
    await expect(el).to.be.accessible();
  });

  it('creates one session per click with an idempotency key, and mounts Flow in its light DOM', async () => {
    api = mockApi({ 'POST /create-payment-sessions': session });
    const el = await payButton();
    const started = oneEvent(el, 'ck-payment-start');
    button(el).focus();
    await sendKeys({ press: 'Enter' });
    // A second press while in flight does nothing.
    button(el)?.click();
    const start = await started;
    await waitUntil(() => el.querySelector('.fake-flow'), 'Flow mounts');
    const posts = api.calls.filter((c) => c.path === '/create-payment-sessions');
    expect(posts).to.have.length(1);
    expect(posts[0]!.headers.get('idempotency-key')).to.equal(start.detail.idempotencyKey);
    expect(start.detail.idempotencyKey).to.match(/^[0-9a-f-]{36}$/);
    expect(posts[0]!.body).to.deep.include({ currency: 'HKD', country: 'HK', items: [{ reference: 'case-iphone16-clear', quantity: 1 }] });
    expect((posts[0]!.body as { customer: unknown }).customer).to.deep.equal({ email: 'mei@example.com', name: 'Mei Chan' });
    expect(flow.mountedIn!.parentElement).to.equal(el);
    expect(flow.mountedIn!.slot).to.equal('flow');
    expect(flow.options!.paymentSession.id).to.equal('ps_1');
    expect(flow.options!.appearance.colorAction).to.match(/^rgb/);
    expect(paymentContextStore().value).to.include({ orderId: 'ord_1', paymentSessionId: 'ps_1', idempotencyKey: start.detail.idempotencyKey });
  });

  it("on a page that has not asked who is logged in, learns the session's CSRF token and pays with the same key", async () => {
    let token: string | null = null;
    api = mockApi({
      'GET /api/auth/me': () => json({ authenticated: true, user: { username: 'kenso', name: 'Kenso Lee', email: 'kenso@example.com' }, csrfToken: 'csrf-fresh' }),
      // A member's hold or quote: the proxy wants the session's token.
      'POST /create-payment-sessions': (call) => ((token = call.headers.get('x-csrf-token')) === 'csrf-fresh' ? session() : apiError(403, 'csrf_token_invalid')),
    });
    const el = await payButton();
    button(el).click();
    await waitUntil(() => el.querySelector('.fake-flow'), 'Flow mounts after one silent retry');
    const posts = api.calls.filter((c) => c.path === '/create-payment-sessions');
    expect(posts).to.have.length(2);
    expect(token).to.equal('csrf-fresh');
    expect(posts[1]!.headers.get('idempotency-key')).to.equal(posts[0]!.headers.get('idempotency-key'));
    expect(el.shadowRoot!.querySelector('[role="alert"]')?.textContent?.trim() ?? '').to.equal('');
  });

  it('verifies a completed payment, clears the cart and emits ck-payment-success', async () => {
    api = mockApi({ 'POST /create-payment-sessions': session, 'GET /api/payments/': payment('succeeded') });
    const el = await payButton();
    button(el).click();
    await waitUntil(() => flow.options, 'Flow loads');
    const succeeded = oneEvent(el, 'ck-payment-success');
    flow.options!.onPaymentCompleted({}, { id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaa' });
    const event = await succeeded;
    expect(event.detail).to.deep.equal({ paymentId: 'pay_aaaaaaaaaaaaaaaaaaaaaaaa', orderId: 'ord_1', status: 'Captured', amount: 19900, currency: 'HKD' });
    // The order's token from the session creation goes back with the check: only this browser reads the detail.
    const check = api.calls.find((c) => c.path === '/api/payments/pay_aaaaaaaaaaaaaaaaaaaaaaaa');
    expect(check?.headers.get('x-ck-order-token')).to.equal(ORDER_TOKEN);
    expect(cartStore().items).to.have.length(0);
    await el.updateComplete;
    expect(q(el, '[part="status"]').textContent).to.contain('Payment successful');
  });

  it('announces a decline, keeps the cart, and retries with a new session and key', async () => {
    api = mockApi({ 'POST /create-payment-sessions': session });
    const el = await payButton();
    button(el).click();
    await waitUntil(() => flow.options, 'Flow loads');
    const failed = oneEvent(el, 'ck-payment-error');
    flow.options!.onError({}, { name: 'CheckoutError', type: 'Request', code: 'payment_request_declined' });
    expect((await failed).detail.code).to.equal('payment_request_declined');
    await el.updateComplete;
    expect(q(el, '[role="alert"]').textContent).to.contain('Your card was declined');
    expect(q(el, '[role="alert"]').textContent).to.contain('Your cart has been kept');
    expect(cartStore().items).to.have.length(1);
    expect(el.querySelector('.fake-flow')).to.equal(null);
    expect(button(el).textContent).to.contain('Try again');
    await expect(el).to.be.accessible();
    flow.options = undefined;
    button(el).click();
    await waitUntil(() => flow.options, 'Flow loads again');
    const keys = api.calls.filter((c) => c.path === '/create-payment-sessions').map((c) => c.headers.get('idempotency-key'));
    expect(keys).to.have.length(2);
    expect(keys[0]).not.to.equal(keys[1]);
  });

  it('tells the shopper when the proxy voided the payment because the card that paid is not eligible for the presale', async () => {
    const voided = () =>
      json({
        id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaa', status: 'Voided', approved: true, outcome: 'failed', amount: 19900, currency: 'HKD', orderId: 'ord_1',
        voided: { reason: 'presale_card_ineligible', eventId: 'harbour-strings-2031', eventName: 'Harbour Strings', generalSaleAt: '2031-01-01T10:00:00+08:00' },
      });
    api = mockApi({ 'POST /create-payment-sessions': session, 'GET /api/payments/': voided });
    const el = await payButton();
    button(el).click();
    await waitUntil(() => flow.options, 'Flow loads');
    const failed = oneEvent(el, 'ck-payment-error');
    flow.options!.onPaymentCompleted({}, { id: 'pay_aaaaaaaaaaaaaaaaaaaaaaaa' });
    expect((await failed).detail.code).to.equal('presale_card_ineligible');
    await el.updateComplete;
    expect(q(el, '[role="alert"]').textContent).to.contain('Harbour Strings is in presale for eligible cards only, so your payment was cancelled and nothing was charged.');
    expect(cartStore().items).to.have.length(1);
    expect(el.querySelector('.fake-flow')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('says how long to wait after a 429', async () => {
    api = mockApi({ 'POST /create-payment-sessions': () => apiError(429, 'rate_limited', { headers: { 'retry-after': '12' } }) });
    const el = await payButton();
    const failed = oneEvent(el, 'ck-payment-error');
    button(el).click();
    expect((await failed).detail).to.include({ status: 429, retryAfter: 12 });
    await el.updateComplete;
    expect(q(el, '[role="alert"]').textContent).to.contain('wait 12 seconds');
  });

  it('after too many payment attempts, says in minutes when the shopper may try again, and keeps the cart', async () => {
    api = mockApi({
      'POST /create-payment-sessions': () => apiError(429, 'too_many_payment_attempts', { message: 'Too many payment attempts. Try again in 40 minutes.', headers: { 'retry-after': '2400' } }),
    });
    const el = await payButton();
    const failed = oneEvent(el, 'ck-payment-error');
    button(el).click();
    expect((await failed).detail).to.include({ code: 'too_many_payment_attempts', status: 429, retryAfter: 2400 });
    await el.updateComplete;
    expect(q(el, '[role="alert"]').textContent).to.contain('Too many payment attempts. Please try again in 40 minutes.');
    expect(cartStore().items).to.have.length(1);
  });

  it('says a 3DS verification is required when the proxy asked the bank for a challenge', async () => {
    api = mockApi({ 'POST /create-payment-sessions': () => json({ ...(session().body as object), threeDsChallenge: true }, 201) });
    const el = await payButton();
    button(el).click();
    await waitUntil(() => el.querySelector('.fake-flow'), 'Flow mounts');
    await el.updateComplete;
    expect(q(el, '[part="status"]').textContent).to.contain('3DS verification required');
  });

  it('asks for the card details above the card form, where "below" points at it', async () => {
    api = mockApi({ 'POST /create-payment-sessions': session });
    const el = await payButton();
    button(el).click();
    await waitUntil(() => el.querySelector('.fake-flow'), 'Flow mounts');
    await el.updateComplete;
    const status = q(el, '[part="status"]');
    expect(status.textContent).to.equal('Enter your card details below.');
    expect(status.getBoundingClientRect().bottom).to.be.at.most(el.querySelector('.fake-flow')!.getBoundingClientRect().top);
  });

  it('reports a network failure', async () => {
    api = mockApi({ 'POST /create-payment-sessions': () => Promise.reject(new TypeError('Failed to fetch')) });
    const el = await payButton();
    const failed = oneEvent(el, 'ck-payment-error');
    button(el).click();
    expect((await failed).detail.code).to.equal('network_error');
    await el.updateComplete;
    expect(q(el, '[role="alert"]').textContent).to.contain('connection');
  });

  it('passes per-field errors from the proxy on in its event', async () => {
    api = mockApi({ 'POST /create-payment-sessions': () => apiError(400, 'invalid_order', { fields: [{ path: 'customer.email', message: 'must be a valid email address' }] }) });
    const el = await payButton();
    const failed = oneEvent(el, 'ck-payment-error');
    button(el).click();
    expect((await failed).detail.fields).to.deep.equal([{ path: 'customer.email', message: 'must be a valid email address' }]);
  });

  it('stays disabled while the session is being created', async () => {
    api = mockApi({ 'POST /create-payment-sessions': never });
    const el = await payButton();
    button(el).click();
    await waitUntil(() => button(el).disabled, 'disabled in flight');
    expect(q(el, '[part="base"]').getAttribute('aria-busy')).to.equal('true');
  });

  it('asks for contact details when used alone, with native validation', async () => {
    api = mockApi({ 'POST /create-payment-sessions': session });
    cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD' });
    const el = await fixture<CkPayButton>(html`<ck-pay-button></ck-pay-button>`);
    const [email, name] = [...el.shadowRoot!.querySelectorAll('input')];
    expect(email!.labels![0]!.textContent).to.equal('Email');
    await expect(el).to.be.accessible();
    button(el).click();
    await waitUntil(() => el.shadowRoot!.activeElement === email, 'focus on the missing email');
    expect(api.calls.filter((c) => c.method === 'POST')).to.have.length(0);
    email!.value = 'kai@example.com';
    name!.value = 'Kai Wong';
    await fillShipping(el, { line1: '18 Harbour Road', city: 'Wan Chai', country: 'HK' });
    await el.updateComplete;
    button(el).click();
    await waitUntil(() => api.calls.some((c) => c.method === 'POST'), 'session requested');
    expect(checkoutDraftStore().value?.customer).to.deep.equal({ email: 'kai@example.com', name: 'Kai Wong' });
  });

  it('used alone with physical goods in the cart, asks where they go and how before any payment exists', async () => {
    api = mockApi({ 'POST /create-payment-sessions': session });
    cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD' });
    checkoutDraftStore().set({ customer: { email: 'mei@example.com', name: 'Mei Chan' } });
    // No currency on the page: methods are priced in the shop's own (the order is).
    const el = await fixture<CkPayButton>(html`<ck-pay-button></ck-pay-button>`);
    const step = () => q(el, '[part="shipping"]');
    await waitUntil(() => step(), 'the shipping step loads');
    expect(step().querySelector('legend')!.textContent).to.equal('Shipping address');
    // Nothing is asked of the proxy while the address is missing.
    button(el).click();
    await waitUntil(() => el.shadowRoot!.activeElement?.id === 'ship-line1', 'focus on the missing address');
    expect(api.calls.filter((c) => c.method === 'POST')).to.have.length(0);
    // The delivery methods follow the country: the free courier serves Hong Kong only.
    await fillShipping(el, { line1: '10 Downing Street', city: 'London', country: 'GB' });
    await waitUntil(() => step().querySelectorAll('[part="shipping-method"]').length > 0, 'methods listed');
    const names = () => [...step().querySelectorAll('[part="shipping-method"]')].map((m) => m.textContent!.replace(/\s+/g, ' ').trim());
    expect(names().some((n) => n.startsWith('Hong Kong courier'))).to.equal(false);
    expect(names()[0]).to.match(/^Standard international HK\$60\.00$/);
    await expect(el).to.be.accessible();
    (step().querySelectorAll<HTMLInputElement>('[name="shippingMethod"]')[1]!).click(); // Express
    button(el).click();
    await waitUntil(() => api.calls.some((c) => c.method === 'POST'), 'session requested');
    const body = api.calls.find((c) => c.method === 'POST')!.body as Record<string, unknown>;
    expect(body).to.deep.include({ country: 'GB', shippingMethod: 'express', shippingAddress: { line1: '10 Downing Street', city: 'London', country: 'GB' } });
    // Kept in the draft: a retry or the checkout page starts from it.
    expect(checkoutDraftStore().value?.shippingAddress).to.deep.equal({ line1: '10 Downing Street', city: 'London', country: 'GB' });
  });

  it('draws a delivery method\'s radio at the kit\'s radio size, not padded like a text field', async () => {
    api = mockApi({ 'POST /create-payment-sessions': session });
    cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD' });
    checkoutDraftStore().set({ customer: { email: 'mei@example.com', name: 'Mei Chan' } });
    const wrapper = await fixture<HTMLDivElement>(html`<div style="inline-size: 320px"><ck-pay-button></ck-pay-button></div>`);
    const el = wrapper.querySelector('ck-pay-button')!;
    await fillShipping(el, { line1: '10 Downing Street', city: 'London', country: 'GB' });
    await waitUntil(() => q(el, '[part="shipping-method"]'), 'methods listed');
    const radios = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('[name="shippingMethod"]')];
    expect(radios.length).to.be.greaterThan(1);
    for (const radio of radios) {
      const box = radio.getBoundingClientRect();
      // 1.25rem, as ck-checkout's and ck-insurance-form's radios; before, a 13×44 px box of padding and border.
      expect(box.width).to.be.closeTo(20, 0.5);
      expect(box.height).to.be.closeTo(20, 0.5);
    }
  });

  it('names the delivery methods in the page language, and in the catalog’s own words for a language it lacks', async () => {
    api = mockApi({ 'POST /create-payment-sessions': session });
    cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD' });
    checkoutDraftStore().set({ customer: { email: 'mei@example.com', name: 'Mei Chan' } });
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="ja"><ck-pay-button></ck-pay-button></div>`);
    const el = wrapper.querySelector('ck-pay-button')!;
    const step = () => q(el, '[part="shipping"]');
    await fillShipping(el, { line1: '1 Queen’s Road', city: 'Central', country: 'HK' });
    const names = () => [...step().querySelectorAll('[part="shipping-method"]')].map((m) => m.textContent!.replace(/\s+/g, ' ').trim());
    await waitUntil(() => names().length === 2, 'the two methods serving Hong Kong are listed');
    expect(names()[0]).to.match(/^香港国内配送 /);
    expect(names()[1]).to.match(/^国際通常配送 /);
    // Korean: the catalog has no Korean names, so the shopper reads its own.
    wrapper.lang = 'ko';
    await waitUntil(() => names()[0]?.startsWith('Hong Kong courier '), 'the base names once the page is in Korean');
    expect(names()[1]).to.match(/^Standard international /);
  });

  it('asks nothing about shipping when the page sets its own order (tickets, gift cards)', async () => {
    api = mockApi({ 'POST /create-payment-sessions': session });
    cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD' });
    const el = await fixture<CkPayButton>(html`<ck-pay-button .order=${{ currency: 'HKD', country: 'HK', seatHoldId: 'sh_1', customer: { email: 'a@example.com', name: 'A' } } as never}></ck-pay-button>`);
    expect(el.shadowRoot!.querySelector('[part="shipping"]')).to.equal(null);
  });

  it('redirects to the Hosted Payments Page in hpp mode', async () => {
    api = mockApi({
      'POST /create-hosted-payment': () => json({ order, orderToken: ORDER_TOKEN, hostedPayment: { id: 'hpp_1', redirectUrl: '#hosted-payment-page' } }, 201),
    });
    const el = await payButton(html`<ck-pay-button mode="hpp"></ck-pay-button>`);
    button(el).click();
    await waitUntil(() => location.hash === '#hosted-payment-page', 'redirected');
    expect(api.calls.find((c) => c.path === '/create-hosted-payment')!.headers.get('idempotency-key')).to.be.a('string');
    // Kept in sessionStorage across the redirect, for the result page.
    expect(paymentContextStore().value).to.include({ mode: 'hpp', orderId: 'ord_1', paymentSessionId: 'hpp_1', orderToken: ORDER_TOKEN });
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('starts loading Flow when it comes into view, before the click, and creates no payment until the click', async () => {
    const win = window as unknown as { CheckoutWebComponents?: unknown; __flowStub?: unknown; __flowScriptLoads?: number };
    const stub = win.CheckoutWebComponents;
    // Flow's script as the proxy names it: it counts its loads and puts Flow on window, as the real one does.
    delete win.CheckoutWebComponents;
    win.__flowStub = stub;
    win.__flowScriptLoads = 0;
    const src = URL.createObjectURL(new Blob(['window.__flowScriptLoads++; window.CheckoutWebComponents = window.__flowStub;'], { type: 'text/javascript' }));
    try {
      api = mockApi({ 'GET /api/checkout-config': json({ ...config, flowScriptUrl: src }), 'POST /create-payment-sessions': session });
      const page = await payButton(html`<div><div style="height: 300vh"></div><ck-pay-button></ck-pay-button></div>`);
      const el = page.querySelector('ck-pay-button') as CkPayButton;
      await el.updateComplete;
      // Out of view (and observed: the observer has reported it, a frame after layout).
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      expect(win.__flowScriptLoads, 'nothing loads for a button below the fold').to.equal(0);
      expect(api.calls.some((c) => c.path === '/api/checkout-config')).to.equal(false);

      el.scrollIntoView();
      await waitUntil(() => win.__flowScriptLoads === 1, "Flow's script loads once the button is on screen");
      expect(api.calls.some((c) => c.path === '/create-payment-sessions'), 'no session before the click').to.equal(false);

      button(el).click();
      await waitUntil(() => el.querySelector('.fake-flow'), 'Flow mounts');
      expect(win.__flowScriptLoads, 'the click reuses the script loaded ahead').to.equal(1);
      expect(api.calls.filter((c) => c.path === '/create-payment-sessions')).to.have.length(1);
    } finally {
      win.CheckoutWebComponents = stub;
      URL.revokeObjectURL(src);
      window.scrollTo(0, 0);
    }
  });
});
