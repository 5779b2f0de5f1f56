import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/checkout/define';
import type { CkCheckout } from '../../components/checkout/checkout';
import { resetSessions } from '../../components/core/session';
import { cartStore, checkoutDraftStore } from '../../components/core/store';
import { apiError, json, mockApi, type MockApi } from '../../stories/support/mock-api';
import { resetStores } from '../../stories/support/seed';
import { shopperLoggedIn, shopperRoutes } from '../../stories/support/recorded';
import { waitUntil } from '../helpers/wait-until';

const q = (el: CkCheckout, s: string) => el.shadowRoot!.querySelector(s) as HTMLElement;
const heading = (el: CkCheckout) => q(el, '[part="step-heading"]').textContent!.trim();
const focused = (el: CkCheckout) => el.shadowRoot!.activeElement as HTMLElement | null;
const field = (el: CkCheckout, id: string) => q(el, `[id="${id}"]`) as HTMLInputElement;
const radio = (el: CkCheckout, value: string) => q(el, `input[name="identity"][value="${value}"]`) as HTMLInputElement;

async function checkout() {
  cartStore().add({ reference: 'case-iphone16-clear', name: 'Clear case', unitAmount: 19900, currency: 'HKD', quantity: 2 });
  const el = await fixture<CkCheckout>(html`<ck-checkout></ck-checkout>`);
  await el.updateComplete;
  return el;
}

async function fill(el: CkCheckout, id: string, text: string) {
  field(el, id).focus();
  await sendKeys({ type: text });
}

async function choose(el: CkCheckout, value: string) {
  await waitUntil(() => radio(el, value), 'the identification choice');
  radio(el, value).click();
  await el.updateComplete;
}

describe('ck-checkout: who is checking out', () => {
  let api: MockApi;
  beforeEach(() => {
    resetStores();
    resetSessions();
  });
  afterEach(() => api.restore());

  it('starts with the choice — guest (the form as before), log in, or create an account — guest chosen', async () => {
    api = mockApi();
    const el = await checkout();
    await waitUntil(() => radio(el, 'guest'), 'the choice');
    expect(q(el, '[part="identify"] legend').textContent).to.equal('How would you like to check out?');
    expect(radio(el, 'guest').checked).to.equal(true);
    expect(field(el, 'customer.email')).not.to.equal(null);
    expect(q(el, '[id="account.password"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('create an account: the contact form plus a password; the proxy’s refusals land on their fields; then on to shipping, logged in', async () => {
    let answer = apiError(409, 'email_taken', { message: 'taken', fields: [{ path: 'email', message: 'taken' }] });
    api = mockApi({ 'POST /api/auth/signup': () => answer, ...Object.fromEntries(Object.entries(shopperRoutes(0)).filter(([k]) => k !== 'GET /api/auth/me')) });
    const el = await checkout();
    await choose(el, 'create');
    expect(q(el, '.hint').textContent).to.contain('at least 8 characters');
    await fill(el, 'customer.email', 'mei@example.com');
    await fill(el, 'customer.name', 'Mei Chan');
    await fill(el, 'account.password', 'short');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => q(el, '[id="account.password-error"]'), 'too short, in the browser');
    expect(q(el, '[id="account.password-error"]').textContent).to.equal('Use at least 8 characters.');
    expect(api.calls.some((c) => c.path.endsWith('/api/auth/signup'))).to.equal(false);

    field(el, 'account.password').value = 'violet harbour lantern';
    field(el, 'account.password').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => q(el, '[id="customer.email-error"]'), 'email taken');
    expect(q(el, '[id="customer.email-error"]').textContent).to.contain('already exists');
    await waitUntil(() => focused(el)?.id === 'customer.email', 'focus on the email');
    await expect(el).to.be.accessible();

    answer = apiError(400, 'password_too_common', { message: 'common', fields: [{ path: 'password', message: 'common' }] });
    field(el, 'account.password').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => q(el, '[id="account.password-error"]')?.textContent?.includes('too common'), 'common password');

    answer = json(shopperLoggedIn, 201);
    field(el, 'account.password').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => heading(el) === 'Shipping address', 'on to shipping');
    const signup = api.calls.filter((c) => c.path.endsWith('/api/auth/signup')).at(-1)!;
    expect(signup.body).to.deep.equal({ email: 'mei@example.com', name: 'Mei Chan', password: 'violet harbour lantern' });
    expect(JSON.stringify(checkoutDraftStore().value)).not.to.contain('violet', 'the password is never kept in the draft');
    expect(q(el, '[part="save-address"]')).not.to.equal(null);
  });

  it('a logged-in shopper: contact details and saved addresses fill the form; a new address is saved to the account', async () => {
    api = mockApi(shopperRoutes(0));
    const el = await checkout();
    await waitUntil(() => field(el, 'customer.email')?.value === 'mei@example.com', 'profile fills the contact step');
    expect(field(el, 'customer.name').value).to.equal('Mei Chan');
    expect(field(el, 'customer.phone').value).to.equal('+852 2345 6789');
    expect(q(el, '[part="identity"]').textContent).to.contain('Logged in as Mei Chan');
    expect(q(el, '[part="identify"]')).to.equal(null);
    await expect(el).to.be.accessible();

    field(el, 'customer.name').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => heading(el) === 'Shipping address', 'shipping');
    await el.updateComplete;
    expect(field(el, 'shippingAddress.line1').value).to.equal('18 Harbour Road', 'the first saved address is used');
    const saved = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('[part="saved-addresses"] input')];
    expect(saved.length).to.equal(3);
    expect(saved[0]!.checked).to.equal(true);
    expect(q(el, '[part="save-address"]')).to.equal(null, 'a saved address is not offered for saving');
    await expect(el).to.be.accessible();

    saved[2]!.click(); // A new address
    await el.updateComplete;
    await fill(el, 'shippingAddress.line1', '2 Queen’s Road');
    await fill(el, 'shippingAddress.city', 'Central');
    field(el, 'shippingAddress.country').value = 'HK';
    field(el, 'shippingAddress.country').dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    (q(el, '[part="save-address"] input') as HTMLInputElement).click();
    field(el, 'shippingAddress.city').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => heading(el) === 'Billing address', 'billing');
    const save = api.calls.find((c) => c.method === 'POST' && c.path.endsWith('/api/account/addresses'))!;
    expect(save.body).to.deep.equal({ line1: '2 Queen’s Road', city: 'Central', country: 'HK' });
    expect(save.headers.get('x-csrf-token')).to.equal('csrf-shopper-token');
  });

  it('log in: the login form asks for the email; once in, the contact step is filled', async () => {
    api = mockApi({ 'POST /api/auth/login': () => json(shopperLoggedIn), ...Object.fromEntries(Object.entries(shopperRoutes(0)).filter(([k]) => k !== 'GET /api/auth/me')) });
    const el = await checkout();
    await choose(el, 'login');
    const login = () => q(el, 'ck-login')?.shadowRoot;
    await waitUntil(() => login()?.querySelector('#username'), 'the login form');
    expect(login()!.querySelector('label[for="username"]')!.textContent!.trim()).to.equal('Email');
    expect(field(el, 'customer.email')).to.equal(null);
    (login()!.querySelector('#username') as HTMLInputElement).value = 'mei@example.com';
    (login()!.querySelector('#password') as HTMLInputElement).value = 'violet harbour lantern';
    login()!.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    await waitUntil(() => field(el, 'customer.email')?.value === 'mei@example.com', 'filled from the account');
    await waitUntil(() => focused(el)?.getAttribute('part') === 'step-heading', 'focus on the step heading');
    expect(q(el, '[role="status"]').textContent).to.contain('Welcome, Mei Chan');
  });
});
