import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/bin-checker/define';
import type { CkBinChecker } from '../../components/bin-checker/bin-checker';
import { clearApiCache } from '../../components/core/api';
import { DEMO_EVENTS, mockSeatApi, type SeatApiMock, type SeatApiMockOptions } from '../helpers/seat-map-mock';
import { waitUntil } from '../helpers/wait-until';

const ARENA = DEMO_EVENTS.arena.id;
let api: SeatApiMock | undefined;

async function checker(options: SeatApiMockOptions = {}, eventId = ARENA) {
  clearApiCache();
  api = mockSeatApi({ catalog: true, ...options });
  const el = await fixture<CkBinChecker>(html`<ck-bin-checker event-id=${eventId}></ck-bin-checker>`);
  return el;
}

const q = <T extends HTMLElement = HTMLElement>(el: CkBinChecker, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;
const input = (el: CkBinChecker) => q<HTMLInputElement>(el, 'input');

async function type(el: CkBinChecker, text: string) {
  input(el).focus();
  await sendKeys({ type: text });
}

describe('ck-bin-checker', () => {
  afterEach(() => {
    api?.restore();
    api = undefined;
  });

  it('is a labelled numeric field that is accessible', async () => {
    const el = await checker();
    const field = input(el);
    expect(field.inputMode).to.equal('numeric');
    expect(field.autocomplete).to.equal('off');
    expect(field.labels?.[0]?.textContent).to.contain('First 6 to 8 digits');
    await expect(el).to.be.accessible();
  });

  it('looks up an eligible BIN once, debounced, and shows the card and the verdict', async () => {
    const el = await checker();
    const result = oneEvent(el, 'ck-bin-result');
    await type(el, '48953700');
    const { detail } = await result;
    expect(detail.eligible).to.equal(true);
    expect(detail.metadata.issuerCountry).to.equal('HK');
    const lookups = api!.requests.filter((r) => r.url === '/card-metadata');
    expect(lookups).to.have.length(1);
    expect(lookups[0]!.body).to.deep.equal({ number: '48953700', type: 'bin', eventId: ARENA });
    await el.updateComplete;
    const text = q(el, '[part="result"]').textContent!.replace(/\s+/g, ' ');
    expect(text).to.contain('Your card is eligible for the presale.').and.contain('Visa').and.contain('Credit').and.contain('VICTORIA HARBOUR SANDBOX BANK').and.contain('Hong Kong');
    expect(q(el, '[aria-live="polite"]').contains(q(el, '[part="verdict"]'))).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('says "Card not eligible for presale" with the rules, and offers another card or the general sale', async () => {
    const el = await checker();
    const result = oneEvent(el, 'ck-bin-result');
    await type(el, '424242');
    expect((await result).detail.eligible).to.equal(false);
    await el.updateComplete;
    await waitUntil(() => el.shadowRoot!.querySelector('[part="rules"]'), 'rules never shown');
    expect(q(el, '[part="verdict"]').textContent).to.contain('Card not eligible for presale');
    expect(q(el, '[part="rules"]').textContent).to.contain('Issued in: Hong Kong');
    expect(input(el).getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();

    const onsale = oneEvent(el, 'ck-onsale-request');
    q<HTMLButtonElement>(el, '[part="onsale-button"]').click();
    expect((await onsale).detail.eventId).to.equal(ARENA);

    q<HTMLButtonElement>(el, '[part="try-another-button"]').click();
    await el.updateComplete;
    expect(input(el).value).to.equal('');
    expect(el.shadowRoot!.activeElement).to.equal(input(el));
    expect(el.shadowRoot!.querySelector('[part="result"]')).to.equal(null);
  });

  it('never takes more than 8 digits: a pasted full card number is cut to its BIN', async () => {
    const el = await checker();
    const field = input(el);
    field.focus();
    field.value = '4242 4242 4242 4242';
    field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(field.value).to.equal('42424242');
    expect(el.value).to.equal('42424242');
    expect(q(el, '.note').textContent).to.contain('only the first 8 digits');
    await sendKeys({ type: '9' });
    expect(field.value).to.equal('42424242');
    await waitUntil(() => api!.requests.some((r) => r.url === '/card-metadata'));
    for (const r of api!.requests) expect(JSON.stringify(r.body ?? '')).not.to.contain('4242424242');
  });

  it('waits for 6 digits and drops letters', async () => {
    const el = await checker();
    // The lookup is debounced by a timer: record the timers the element schedules in answer to
    // a keystroke (while the field's input event is being handled).
    const scheduled: number[] = [];
    let handlingInput = false;
    input(el).addEventListener('input', () => (handlingInput = true), { capture: true });
    el.shadowRoot!.addEventListener('input', () => (handlingInput = false));
    const realSetTimeout = window.setTimeout;
    window.setTimeout = ((handler: TimerHandler, timeout?: number, ...args: unknown[]) => {
      if (handlingInput) scheduled.push(timeout ?? 0);
      return realSetTimeout(handler, timeout, ...args);
    }) as typeof window.setTimeout;
    try {
      await type(el, '42a42');
      await el.updateComplete;
      expect(input(el).value).to.equal('4242');
      expect(scheduled, 'nothing is scheduled for four digits').to.deep.equal([]);
      // The sixth digit schedules the lookup, which then asks for exactly those six digits.
      const result = oneEvent(el, 'ck-bin-result');
      await sendKeys({ type: '42' });
      expect(scheduled).to.have.length(1);
      await result;
    } finally {
      window.setTimeout = realSetTimeout;
    }
    expect(api!.requests.filter((r) => r.url === '/card-metadata').map((r) => (r.body as { number: string }).number)).to.deep.equal(['424242']);
  });

  it('explains an unknown card, a rate limit and a network failure, each with a retry that asks again', async () => {
    const alert = (el: CkBinChecker) => el.shadowRoot!.querySelector<HTMLElement>('[role="alert"]');
    const lookups = () => api!.requests.filter((r) => r.url === '/card-metadata').length;
    const retried = async (el: CkBinChecker) => {
      const before = lookups();
      const result = oneEvent(el, 'ck-bin-result');
      q<HTMLButtonElement>(el, '[role="alert"] button').click();
      await result;
      expect(lookups(), 'the retry asked the proxy again').to.equal(before + 1);
      await el.updateComplete;
      expect(alert(el)).to.equal(null);
    };

    // An unknown card: the proxy answers 404.
    let el = await checker();
    await type(el, '999999');
    await waitUntil(() => alert(el), 'no error shown');
    expect(alert(el)!.textContent).to.contain('not recognised');
    expect(q(el, '[role="alert"] button').textContent).to.contain('Try again');
    await expect(el).to.be.accessible();
    api!.restore();

    // A rate limit; the retry, once the proxy answers again, shows the card.
    el = await checker({ metadataStatus: 429 });
    await type(el, '424242');
    await waitUntil(() => alert(el), 'no error shown');
    expect(alert(el)!.textContent).to.contain('Too many attempts. Please wait 3 seconds');
    api!.restore();
    api = mockSeatApi({ catalog: true });
    await retried(el);

    // A network failure: the request never reaches the proxy.
    const answering = globalThis.fetch;
    let offline = true;
    globalThis.fetch = (input, init) =>
      offline && new Request(input, init).url.endsWith('/card-metadata') ? Promise.reject(new TypeError('Failed to fetch')) : answering(input, init);
    try {
      el = await fixture<CkBinChecker>(html`<ck-bin-checker event-id=${ARENA}></ck-bin-checker>`);
      await type(el, '489537');
      await waitUntil(() => alert(el), 'no error shown');
      expect(alert(el)!.textContent).to.contain("We couldn't reach the shop. Check your connection and try again.");
      offline = false;
      await retried(el);
    } finally {
      globalThis.fetch = answering;
    }
  });

  it('only identifies the card when there is no event', async () => {
    clearApiCache();
    api = mockSeatApi({});
    const el = await fixture<CkBinChecker>(html`<ck-bin-checker></ck-bin-checker>`);
    const result = oneEvent(el, 'ck-bin-result');
    await type(el, '545600');
    const { detail } = await result;
    expect(detail.eligible).to.equal(true);
    expect(detail.metadata.eligibility).to.equal(undefined);
    expect(api.requests.find((r) => r.url === '/card-metadata')!.body).to.deep.equal({ number: '545600', type: 'bin' });
    await el.updateComplete;
    expect(q(el, '[part="verdict"]').textContent).to.contain('Card recognised');
  });

  it('speaks the page language', async () => {
    clearApiCache();
    api = mockSeatApi({ catalog: true });
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="fr"><ck-bin-checker event-id=${ARENA}></ck-bin-checker></div>`);
    const el = wrapper.querySelector('ck-bin-checker')!;
    await waitUntil(() => el.shadowRoot!.querySelector('label')!.textContent!.includes('premiers chiffres'), 'French never loaded');
    await type(el, '424242');
    await waitUntil(() => el.shadowRoot!.querySelector('[part="verdict"]'));
    expect(q(el, '[part="verdict"]').textContent).to.contain('Carte non éligible à la prévente');
    // Card types are translated too, not shown as Checkout.com's English words.
    expect(el.shadowRoot!.textContent).to.contain('Crédit');
    expect(el.shadowRoot!.textContent).not.to.match(/\bCredit\b/);
  });
});
