import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/checkout/define';
import type { CkCheckout } from '../../components/checkout/checkout';
import { cartStore, checkoutDraftStore } from '../../components/core/store';
import { apiError, json, mockApi, type MockApi } from '../../stories/support/mock-api';
import { resetStores } from '../../stories/support/seed';
import { waitUntil } from '../helpers/wait-until';

const q = (el: CkCheckout, s: string) => el.shadowRoot!.querySelector(s) as HTMLElement;
const heading = (el: CkCheckout) => q(el, '[part="step-heading"]').textContent!.trim();
const focused = (el: CkCheckout) => el.shadowRoot!.activeElement as HTMLElement | null;
const field = (el: CkCheckout, id: string) => q(el, `[id="${id}"]`) as HTMLInputElement;

const quote = () => json({ order: { currency: 'HKD', lines: [], subtotal: 39800, discount: 0, shipping: 0, tax: 0, amount: 39800 } });

async function checkout() {
  cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD', quantity: 2 });
  const el = await fixture<CkCheckout>(html`<ck-checkout></ck-checkout>`);
  await el.updateComplete;
  return el;
}

/** Types into a field by keyboard: focus, type, as a shopper would. */
async function fill(el: CkCheckout, id: string, text: string) {
  field(el, id).focus();
  await sendKeys({ type: text });
}

async function next(el: CkCheckout, expected: string) {
  await sendKeys({ press: 'Enter' });
  await waitUntil(() => heading(el) === expected, `reaches ${expected}`);
  await el.updateComplete;
}

describe('ck-checkout', () => {
  let api: MockApi;
  beforeEach(() => resetStores());
  afterEach(() => api.restore());

  it('starts at contact, accessible, with the progress marked', async () => {
    api = mockApi({ 'POST /api/orders/quote': quote });
    const el = await checkout();
    expect(heading(el)).to.equal('Contact');
    expect(q(el, '[aria-current="step"]').textContent).to.contain('Contact');
    await expect(el).to.be.accessible();
  });

  it('validates like the server: fields marked, described and focused', async () => {
    api = mockApi({ 'POST /api/orders/quote': quote });
    const el = await checkout();
    await fill(el, 'customer.email', 'mei@example');
    await fill(el, 'customer.phone', 'abc');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await waitUntil(() => focused(el)?.id === 'customer.email', 'focus on the first invalid field');
    expect(field(el, 'customer.email').getAttribute('aria-invalid')).to.equal('true');
    expect(q(el, '[id="customer.email-error"]').textContent).to.contain('name@example.com');
    expect(q(el, '[id="customer.name-error"]').textContent).to.contain('required');
    expect(q(el, '[id="customer.phone-error"]').textContent).to.contain('6 to 20 digits');
    expect(q(el, '[role="status"]').textContent).to.contain('Please correct 3 fields');
    expect(heading(el)).to.equal('Contact');
    await expect(el).to.be.accessible();
  });

  it('completes every step with the keyboard alone, moving focus to each heading', async () => {
    api = mockApi({ 'POST /api/orders/quote': quote });
    const el = await checkout();
    const steps: string[] = [];
    el.addEventListener('ck-checkout-step', (e) => steps.push(e.detail.step));
    await fill(el, 'customer.email', 'mei@example.com');
    await fill(el, 'customer.name', 'Mei Chan');
    await next(el, 'Shipping address');
    expect(focused(el)?.getAttribute('part')).to.equal('step-heading');
    await fill(el, 'shippingAddress.line1', '18 Harbour Road');
    await fill(el, 'shippingAddress.city', 'Wan Chai');
    field(el, 'shippingAddress.country').value = 'HK';
    field(el, 'shippingAddress.country').dispatchEvent(new Event('change', { bubbles: true }));
    field(el, 'shippingAddress.city').focus();
    await next(el, 'Billing address');
    expect(q(el, 'input[name="billingSameAsShipping"]')).to.have.property('checked', true);
    q(el, 'input[name="billingSameAsShipping"]').focus();
    await sendKeys({ press: 'Tab' }); // Back
    await sendKeys({ press: 'Tab' }); // Continue
    expect(focused(el)?.getAttribute('part')).to.equal('continue-button');
    await next(el, 'Delivery');
    await waitUntil(() => q(el, '[part="shipping-method"]'), 'methods load');
    // Hong Kong gets the local courier, preselected.
    expect((q(el, 'input[name="shippingMethod"]:checked') as HTMLInputElement).value).to.equal('hk-courier');
    q(el, 'input[name="shippingMethod"]:checked').focus();
    await next(el, 'Review');
    expect(q(el, '[part="review"]').textContent).to.contain('18 Harbour Road').and.contain('Hong Kong courier');
    expect(steps).to.deep.equal(['shipping', 'billing', 'delivery', 'review']);
    await waitUntil(() => customElements.get('ck-pay-button'), 'pay button defined');
    await expect(el).to.be.accessible();
  });

  it('goes back without losing anything, and survives a reload', async () => {
    api = mockApi({ 'POST /api/orders/quote': quote });
    const el = await checkout();
    await fill(el, 'customer.email', 'mei@example.com');
    await fill(el, 'customer.name', 'Mei Chan');
    await next(el, 'Shipping address');
    await fill(el, 'shippingAddress.line1', '18 Harbour Road');
    (q(el, '[part="back-button"]') as HTMLButtonElement).click();
    await waitUntil(() => heading(el) === 'Contact', 'back to contact');
    await el.updateComplete;
    expect(field(el, 'customer.email').value).to.equal('mei@example.com');
    expect(checkoutDraftStore().value?.shippingAddress?.line1).to.equal('18 Harbour Road');
    field(el, 'customer.name').focus();
    await next(el, 'Shipping address');
    // A reload: a fresh element reads the draft from sessionStorage.
    el.remove();
    const again = await fixture<CkCheckout>(html`<ck-checkout></ck-checkout>`);
    await again.updateComplete;
    expect(heading(again)).to.equal('Shipping address');
    expect(field(again, 'shippingAddress.line1').value).to.equal('18 Harbour Road');
  });

  it('puts the proxy’s per-field errors on the right fields', async () => {
    api = mockApi({
      'POST /api/orders/quote': quote,
      'POST /create-payment-sessions': () => apiError(400, 'invalid_order', { fields: [{ path: 'shippingAddress.zip', message: 'must be at most 20 characters' }] }),
    });
    checkoutDraftStore().set({
      step: 'review',
      customer: { email: 'mei@example.com', name: 'Mei Chan' },
      shippingAddress: { line1: '18 Harbour Road', city: 'Wan Chai', country: 'HK' },
      shippingMethod: 'hk-courier',
    });
    const el = await checkout();
    expect(heading(el)).to.equal('Review');
    const payButton = () => q(el, 'ck-pay-button')?.shadowRoot?.querySelector<HTMLButtonElement>('[part="button"]');
    await waitUntil(payButton, 'pay button renders');
    const failed = oneEvent(el, 'ck-payment-error');
    payButton()!.click();
    await failed;
    await waitUntil(() => heading(el) === 'Shipping address', 'back on the shipping step');
    await el.updateComplete;
    expect(q(el, '[id="shippingAddress.zip-error"]').textContent).to.equal('must be at most 20 characters');
    expect(field(el, 'shippingAddress.zip').getAttribute('aria-invalid')).to.equal('true');
    expect(q(el, '[part="alert"]').textContent).to.contain('need your attention');
    await expect(el).to.be.accessible();
  });

  it('shows the empty state when the cart is empty', async () => {
    api = mockApi();
    const el = await fixture<CkCheckout>(html`<ck-checkout><a slot="empty" href="/">Back to the shop</a></ck-checkout>`);
    expect(q(el, 'slot[name="empty"]')).not.to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('on an Arabic page the review shows what the shopper typed in its own order ("18 Harbour Road", not "Harbour Road, 18")', async () => {
    api = mockApi({ 'POST /api/orders/quote': quote });
    cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD' });
    checkoutDraftStore().set({
      step: 'review',
      customer: { email: 'mei@example.com', name: 'Mei Chan' },
      shippingAddress: { line1: '18 Harbour Road', city: 'Wan Chai', country: 'HK' },
      shippingMethod: 'hk-courier',
    });
    const wrapper = await fixture(html`<div lang="ar" dir="rtl"><ck-checkout></ck-checkout></div>`);
    const el = wrapper.querySelector('ck-checkout')!;
    await waitUntil(() => q(el, '[part="review"]')?.textContent?.includes('18 Harbour Road') && q(el, '[part="step-heading"]')?.textContent !== 'Review', 'the Arabic review');
    const dd = [...el.shadowRoot!.querySelectorAll('[part="review"] dd')].find((d) => d.textContent!.includes('Harbour'))!;
    const x = (part: string) => {
      const walker = document.createTreeWalker(dd, NodeFilter.SHOW_TEXT);
      let node = walker.nextNode();
      while (node && !node.textContent!.includes(part)) node = walker.nextNode();
      const range = document.createRange();
      const at = node!.textContent!.indexOf(part);
      range.setStart(node!, at);
      range.setEnd(node!, at + part.length);
      return range.getBoundingClientRect();
    };
    expect(x('18').left).to.be.lessThan(x('Harbour').left);
    // The line still reads right to left: the first part ("18 Harbour Road") is the rightmost.
    expect(x('Wan Chai').right).to.be.lessThan(x('18').left);
  });

  it('renders right to left in Arabic', async () => {
    api = mockApi({ 'POST /api/orders/quote': quote });
    cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD' });
    const wrapper = await fixture(html`<div lang="ar"><ck-checkout></ck-checkout></div>`);
    const el = wrapper.querySelector('ck-checkout')!;
    await waitUntil(() => q(el, '[part="step-heading"]')?.textContent?.includes('بيانات الاتصال'), 'Arabic loads');
    expect(q(el, '[part="base"]').getAttribute('dir')).to.equal('rtl');
    await expect(el).to.be.accessible();
  });
});
