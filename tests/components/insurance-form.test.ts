import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/insurance-form/define';
import { INSURANCE_STORAGE_KEY, type CkInsuranceForm } from '../../components/insurance-form/insurance-form';
import { resetSessions } from '../../components/core/session';
import { currencyStore } from '../../components/core/store';
import { mockApi, type MockApi } from '../../stories/support/mock-api';
import { insuranceDraft, insuranceQuote, loggedIn } from '../../stories/support/recorded';
import { waitUntil } from '../helpers/wait-until';

const q = <T extends HTMLElement = HTMLElement>(el: HTMLElement, selector: string) => el.shadowRoot!.querySelector(selector) as T;
const qa = (el: HTMLElement, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const focused = (el: HTMLElement) => el.shadowRoot!.activeElement as HTMLElement | null;
const step = (el: CkInsuranceForm) => q(el, '[part="step"]')?.dataset.step;

async function form(markup = html`<ck-insurance-form></ck-insurance-form>`): Promise<CkInsuranceForm> {
  const el = await fixture<CkInsuranceForm>(markup);
  await waitUntil(() => q(el, '[part="step"]') || q(el, '[part="login"]'), 'the form is ready');
  return el;
}

async function typeInto(el: CkInsuranceForm, selector: string, text: string) {
  const input = q<HTMLInputElement>(el, selector);
  input.focus();
  await sendKeys({ type: text });
  input.dispatchEvent(new Event('change'));
}

describe('ck-insurance-form', () => {
  let api: MockApi;
  beforeEach(() => {
    resetSessions();
    sessionStorage.removeItem(INSURANCE_STORAGE_KEY);
    currencyStore().set(undefined);
    api = mockApi();
  });
  afterEach(() => {
    api.restore();
    sessionStorage.removeItem(INSURANCE_STORAGE_KEY);
  });

  it('starts on the plan step with plans from the catalog; accessible', async () => {
    const el = await form();
    expect(step(el)).to.equal('plan');
    expect(qa(el, '[part="plan"]').map((p) => p.querySelector('strong')!.textContent)).to.deep.equal(['Device Care', 'Ticket refund protection']);
    expect(q(el, '[part="plan"]').textContent).to.contain('From HK$49.00 a month');
    expect(q(el, '[part="steps"] li[aria-current="step"]').textContent).to.contain('Plan');
    await expect(el).to.be.accessible();
  });

  it('on a phone-narrow form each plan keeps a full-size radio beside its wrapping description', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="inline-size: 320px"><ck-insurance-form></ck-insurance-form></div>`);
    const el = wrapper.querySelector<CkInsuranceForm>('ck-insurance-form')!;
    await waitUntil(() => q(el, '[part="plan"]'), 'the plans are listed');
    const radios = qa(el, '[part="plan"] input[type="radio"]').map((r) => r.getBoundingClientRect());
    expect(radios).to.have.length(2);
    // 1.25rem, as every radio and checkbox of the kit (controls.styles); before, the text squeezed them to 13–14px.
    for (const radio of radios) expect(radio.width).to.be.closeTo(20, 0.5);
  });

  it('asks for a plan before continuing, pointing at the field', async () => {
    const el = await form();
    q<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await el.updateComplete;
    expect(q(el, '#planId-error').textContent).to.equal('Choose a plan.');
    expect(q(el, 'fieldset').getAttribute('aria-describedby')).to.equal('planId-error');
    expect(focused(el)?.getAttribute('name')).to.equal('plan');
    await expect(el).to.be.accessible();
  });

  it('walks the steps with the keyboard, validates details with errors tied to fields, and gets a quote', async () => {
    const el = await form();
    const first = q<HTMLInputElement>(el, 'input[name="plan"]');
    first.focus();
    await sendKeys({ press: 'Space' });
    const moved = oneEvent(el, 'ck-insurance-step');
    await sendKeys({ press: 'Enter' });
    expect((await moved).detail).to.deep.equal({ step: 'details', previous: 'plan' });
    expect(focused(el)?.id).to.equal('step-title', 'focus moves to the new step heading');
    expect(focused(el)?.textContent).to.contain('Step 2 of 4: Your details');

    // Invalid details: every error points at its field, the first one takes focus.
    await typeInto(el, '#dateOfBirth', '01012015');
    q<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await el.updateComplete;
    await waitUntil(() => focused(el)?.id === 'name');
    expect(q(el, '#name').getAttribute('aria-describedby')).to.equal('name-error');
    expect(q(el, '#dateOfBirth-error').textContent).to.equal('Applicants must be 18 to 74 years old.');
    expect(q(el, '#dateOfBirth').getAttribute('aria-describedby')).to.contain('dateOfBirth-error');
    expect(q(el, '[part="alert"]').textContent).to.match(/Please correct \d fields/);
    await expect(el).to.be.accessible();

    await typeInto(el, '#name', 'Kenso Lee');
    const dob = q<HTMLInputElement>(el, '#dateOfBirth');
    dob.value = '1990-05-20';
    dob.dispatchEvent(new Event('input'));
    await typeInto(el, '#phone', '+852 5555 0101');
    await typeInto(el, '#email', 'kenso@example.com');
    const country = q<HTMLSelectElement>(el, '#country');
    country.value = 'HK';
    country.dispatchEvent(new Event('change'));
    q<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await waitUntil(() => step(el) === 'coverage');

    q<HTMLInputElement>(el, 'input[type="checkbox"]').click();
    const quoted = oneEvent(el, 'ck-insurance-quote');
    q<HTMLButtonElement>(el, 'button[type="submit"]').click();
    expect((await quoted).detail.quote.id).to.equal('iq_recorded0000000000000000');
    await waitUntil(() => step(el) === 'quote');
    const sent = api.calls.find((c) => c.path === '/api/insurance/quotes')!.body as Record<string, unknown>;
    expect(sent).to.deep.equal({
      planId: 'device-care',
      coverageOptions: ['theft'],
      paymentFrequency: 'annual',
      applicant: { name: 'Kenso Lee', dateOfBirth: '1990-05-20', email: 'kenso@example.com', phone: '+852 5555 0101', country: 'HK' },
      currency: 'HKD',
      requireLogin: false,
    });
    expect(q(el, '[part="quote"]').textContent).to.contain('Theft and loss').and.contain('Age loading (age 36)').and.contain('−HK$89.70');
    expect(q(el, 'dd[part="quote-total"]').textContent).to.equal('HK$986.70');
    expect(q(el, '[part="expiry"]').textContent).to.contain('This quote is valid until');
    await expect(el).to.be.accessible();
  });

  it('keeps every step across a reload (sessionStorage)', async () => {
    sessionStorage.setItem(INSURANCE_STORAGE_KEY, JSON.stringify(insuranceDraft('details', { applicant: { name: 'Mei', dateOfBirth: '', email: '', phone: '', country: 'HK' } })));
    const el = await form();
    expect(step(el)).to.equal('details');
    expect(q<HTMLInputElement>(el, '#name').value).to.equal('Mei');
    await typeInto(el, '#phone', '+852 1234 5678');
    el.remove();
    const again = await form();
    expect(q<HTMLInputElement>(again, '#phone').value).to.equal('+852 1234 5678');
  });

  it('pays the quote with a visible Flow / hosted page toggle on ck-pay-button', async () => {
    sessionStorage.setItem(INSURANCE_STORAGE_KEY, JSON.stringify(insuranceDraft('quote')));
    const el = await form();
    // The form loads the pay button's group on demand: wait for it to be defined before reading it.
    await customElements.whenDefined('ck-pay-button');
    const pay = q(el, 'ck-pay-button') as HTMLElement & { mode: string; order: Record<string, unknown>; updateComplete: Promise<boolean> };
    // Upgraded after the form set its properties: Lit hands them back at the element's first update, not before.
    await pay.updateComplete;
    expect(pay.mode).to.equal('flow');
    expect(pay.order).to.deep.include({ insuranceQuoteId: 'iq_recorded0000000000000000', currency: 'HKD', country: 'HK' });
    const hpp = qa(el, '[part="pay-mode"] input')[1] as HTMLInputElement;
    hpp.click();
    await el.updateComplete;
    expect(pay.mode).to.equal('hpp');
    expect(JSON.parse(sessionStorage.getItem(INSURANCE_STORAGE_KEY)!).payMode).to.equal('hpp');
    await expect(el).to.be.accessible();
  });

  it('an expired quote cannot be paid: it offers a new one', async () => {
    sessionStorage.setItem(INSURANCE_STORAGE_KEY, JSON.stringify(insuranceDraft('quote', { quote: insuranceQuote({ expiresAt: new Date(Date.now() - 1000).toISOString() }) })));
    const el = await form();
    expect(q(el, 'ck-pay-button')).to.equal(null);
    expect(q(el, '[part="expiry"]').textContent).to.contain('This quote has expired');
    const fresh = oneEvent(el, 'ck-insurance-quote');
    [...qa(el, 'button')].find((b) => b.textContent!.includes('Get a new quote'))!.click();
    await fresh;
    await waitUntil(() => q(el, 'ck-pay-button'));
  });

  it("puts the proxy's field errors back on the details step", async () => {
    api.set('POST /api/insurance/quotes', {
      status: 400,
      body: { error: { code: 'invalid_quote_request', message: 'x', fields: [{ path: 'applicant.dateOfBirth', message: 'applicants must be 18 to 74 years old' }] } },
    });
    sessionStorage.setItem(INSURANCE_STORAGE_KEY, JSON.stringify(insuranceDraft('coverage')));
    const el = await form();
    q<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await waitUntil(() => step(el) === 'details' && q(el, '#dateOfBirth-error'));
    await waitUntil(() => focused(el)?.id === 'dateOfBirth');
  });

  it('require-login shows ck-login first, then the application with the user filled in', async () => {
    const el = await form(html`<ck-insurance-form require-login></ck-insurance-form>`);
    expect(q(el, '[part="login"]').textContent).to.contain('Please log in to apply.');
    const login = q(el, 'ck-login');
    // ck-login loads on demand: wait for it to upgrade and render its form.
    await waitUntil(() => login.shadowRoot?.querySelector('form'), 'ck-login renders');
    await expect(el).to.be.accessible();
    api.set('POST /api/auth/login', { body: loggedIn });
    (login.shadowRoot!.querySelector('#username') as HTMLInputElement).value = 'kenso';
    (login.shadowRoot!.querySelector('#password') as HTMLInputElement).value = '12345678';
    (login.shadowRoot!.querySelector('[part="submit"]') as HTMLButtonElement).click();
    await waitUntil(() => step(el) === 'plan', 'the application appears after login');
    expect(JSON.parse(sessionStorage.getItem(INSURANCE_STORAGE_KEY)!).applicant).to.include({ name: 'Kenso Lee', email: 'kenso@example.com' });
  });

  it('require-login sends requireLogin and the CSRF token with the quote', async () => {
    api.set('GET /api/auth/me', { body: loggedIn });
    sessionStorage.setItem(INSURANCE_STORAGE_KEY, JSON.stringify(insuranceDraft('coverage')));
    const el = await form(html`<ck-insurance-form require-login></ck-insurance-form>`);
    await waitUntil(() => step(el) === 'coverage');
    q<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await waitUntil(() => step(el) === 'quote');
    const call = api.calls.find((c) => c.path === '/api/insurance/quotes')!;
    expect((call.body as { requireLogin: boolean }).requireLogin).to.equal(true);
    expect(call.headers.get('x-csrf-token')).to.equal('csrf-demo-token');
  });
});
