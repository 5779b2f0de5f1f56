import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/login/define';
import type { CkLogin } from '../../components/login/login';
import { resetSessions } from '../../components/core/session';
import { mockApi, type MockApi } from '../../stories/support/mock-api';
import { loggedIn, tooManyAttempts } from '../../stories/support/recorded';
import { waitUntil } from '../helpers/wait-until';

const q = <T extends HTMLElement = HTMLElement>(el: CkLogin, selector: string) => el.shadowRoot!.querySelector(selector) as T;
const focused = (el: CkLogin) => el.shadowRoot!.activeElement as HTMLElement | null;

async function loginForm(): Promise<CkLogin> {
  const el = await fixture<CkLogin>(html`<ck-login></ck-login>`);
  await waitUntil(() => q(el, 'form'), 'the form appears once /api/auth/me answered');
  return el;
}

async function typeCredentials(el: CkLogin, username: string, password: string) {
  q(el, '#username').focus();
  await sendKeys({ type: username });
  await sendKeys({ press: 'Tab' });
  await sendKeys({ type: password });
}

describe('ck-login', () => {
  let api: MockApi;
  beforeEach(() => {
    resetSessions();
    // Logged out; the demo user logs in with kenso / 12345678.
    api = mockApi();
  });
  afterEach(() => api.restore());

  it('shows a labelled form and is accessible', async () => {
    const el = await loginForm();
    expect(el.hasAttribute('logged-in')).to.equal(false);
    expect(q(el, 'label[for="username"]').textContent).to.equal('Username');
    expect(q<HTMLInputElement>(el, '#password').type).to.equal('password');
    expect(q<HTMLInputElement>(el, '#password').autocomplete).to.equal('current-password');
    await expect(el).to.be.accessible();
  });

  it('shows a loading state until the session is known', async () => {
    api.set('GET /api/auth/me', { delay: Infinity });
    const el = await fixture<CkLogin>(html`<ck-login></ck-login>`);
    expect(q(el, '[aria-busy="true"]')).to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it('asks for both fields before calling the proxy', async () => {
    const el = await loginForm();
    q(el, '[part="submit"]').click();
    await el.updateComplete;
    expect(q(el, '#username-error').textContent).to.contain('required');
    expect(q(el, '#username').getAttribute('aria-describedby')).to.equal('username-error');
    expect(focused(el)?.id).to.equal('username');
    expect(api.calls.filter((c) => c.path === '/api/auth/login')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('a wrong password shows a clear error and returns focus to the password field; the right one logs in', async () => {
    const el = await loginForm();
    await typeCredentials(el, 'kenso', 'wrong-pass');
    const failed = oneEvent(el, 'ck-login-error');
    await sendKeys({ press: 'Enter' });
    const error = await failed;
    expect(error.detail.code).to.equal('invalid_credentials');
    await el.updateComplete;
    expect(q(el, '[part="alert"]').textContent).to.contain('The username or password is incorrect.');
    expect(q(el, '[part="alert"]').getAttribute('role')).to.equal('alert');
    const password = q<HTMLInputElement>(el, '#password');
    expect(focused(el)).to.equal(password);
    expect(password.getAttribute('aria-invalid')).to.equal('true');
    expect(password.getAttribute('aria-describedby')).to.equal('password-error');
    await expect(el).to.be.accessible();

    // The wrong password is selected: typing replaces it.
    await sendKeys({ type: '12345678' });
    const success = oneEvent(el, 'ck-login-success');
    await sendKeys({ press: 'Enter' });
    expect((await success).detail.user.name).to.equal('Kenso Lee');
    await el.updateComplete;
    expect(q(el, '[part="user"]').textContent).to.contain('Logged in as Kenso Lee');
    expect(focused(el)).to.equal(q(el, '[part="logout"]'));
    expect(el.hasAttribute('logged-in'), 'the page can style the logged-in state').to.equal(true);
    const sent = api.calls.filter((c) => c.path === '/api/auth/login').at(-1)!;
    expect(sent.body).to.deep.equal({ username: 'kenso', password: '12345678' });
    await expect(el).to.be.accessible();
  });

  it('after too many tries says for how long and disables the button', async () => {
    api.set('POST /api/auth/login', tooManyAttempts);
    const el = await loginForm();
    await typeCredentials(el, 'kenso', 'whatever1');
    const failed = oneEvent(el, 'ck-login-error');
    await sendKeys({ press: 'Enter' });
    expect((await failed).detail.retryAfter).to.equal(600);
    await el.updateComplete;
    expect(q(el, '[part="alert"]').textContent).to.contain('Too many login attempts. Try again in 10 minutes.');
    expect(q<HTMLButtonElement>(el, '[part="submit"]').disabled).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('logs out with the CSRF token and the session shared by every ck-login of the page', async () => {
    api.set('GET /api/auth/me', { body: loggedIn });
    const el = await fixture<CkLogin>(html`<div><ck-login></ck-login><ck-login></ck-login></div>`);
    const [first, second] = [...el.querySelectorAll('ck-login')] as CkLogin[];
    await waitUntil(() => q(first!, '[part="logout"]') && q(second!, '[part="logout"]'));
    const out = oneEvent(first!, 'ck-logout');
    q(first!, '[part="logout"]').click();
    expect((await out).detail.username).to.equal('kenso');
    const logout = api.calls.find((c) => c.path === '/api/auth/logout')!;
    expect(logout.headers.get('x-csrf-token')).to.equal('csrf-demo-token');
    await waitUntil(() => q(second!, 'form'), 'the other element shows the form too');
    expect(second!.hasAttribute('logged-in')).to.equal(false);
  });

  it('follows the page language and direction', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div lang="ar" dir="rtl"><ck-login></ck-login></div>`);
    const el = wrapper.querySelector('ck-login')!;
    await waitUntil(() => q(el, 'label[for="username"]')?.textContent === 'اسم المستخدم', 'Arabic strings load');
    expect(q(el, '[part="base"]').getAttribute('dir')).to.equal('rtl');
  });
});
