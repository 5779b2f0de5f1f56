import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/currency-picker/define';
import type { CkCurrencyPicker } from '../../components/currency-picker/currency-picker';
import { currencyStore } from '../../components/core/store';
import { apiError, json, mockApi, never, type MockApi } from '../../stories/support/mock-api';
import { config } from '../../stories/support/recorded';
import { resetStores } from '../../stories/support/seed';
import { waitUntil } from '../helpers/wait-until';

const select = (el: CkCurrencyPicker) => el.shadowRoot!.querySelector('select')!;

describe('ck-currency-picker', () => {
  let api: MockApi;
  beforeEach(() => resetStores());
  afterEach(() => api.restore());

  it("offers the proxy's currencies, defaults to its default, and is accessible", async () => {
    api = mockApi();
    const el = await fixture<CkCurrencyPicker>(html`<ck-currency-picker></ck-currency-picker>`);
    await waitUntil(() => !select(el).disabled, 'currencies load');
    expect([...select(el).options].map((o) => o.value)).to.deep.equal(['HKD', 'USD', 'EUR', 'GBP', 'AED', 'CNY', 'JPY', 'SGD']);
    expect(select(el).value).to.equal('HKD');
    expect(select(el).options[1]!.textContent).to.contain('US Dollar');
    await expect(el).to.be.accessible();
  });

  it('shrinks into a narrow header beside the cart link instead of overflowing it (320 px reflow)', async () => {
    api = mockApi();
    const header = await fixture<HTMLDivElement>(html`<div style="display: flex; gap: 16px; inline-size: 200px">
      <ck-currency-picker hide-label></ck-currency-picker><a href="#cart" style="flex: none">Cart 3</a>
    </div>`);
    const el = header.querySelector<CkCurrencyPicker>('ck-currency-picker')!;
    await waitUntil(() => !select(el).disabled, 'currencies load');
    const right = header.getBoundingClientRect().right;
    expect(header.scrollWidth).to.be.at.most(header.clientWidth);
    expect(select(el).getBoundingClientRect().right).to.be.at.most(el.getBoundingClientRect().right + 0.5);
    expect(header.querySelector('a')!.getBoundingClientRect().right).to.be.at.most(right + 0.5);
    // Still a usable control: as tall as a tap target, and wide enough to show the code.
    expect(select(el).getBoundingClientRect().height).to.be.at.least(24);
    expect(select(el).getBoundingClientRect().width).to.be.at.least(80);
  });

  it('changes the currency with the keyboard, stores it and emits ck-currency-change', async () => {
    api = mockApi();
    const el = await fixture<CkCurrencyPicker>(html`<ck-currency-picker></ck-currency-picker>`);
    await waitUntil(() => !select(el).disabled, 'currencies load');
    select(el).focus();
    const changed = oneEvent(el, 'ck-currency-change');
    await sendKeys({ press: 'ArrowDown' });
    const event = await changed;
    expect(event.detail).to.deep.equal({ currency: 'USD', previous: 'HKD' });
    expect(currencyStore().value).to.equal('USD');
  });

  it('follows a choice made elsewhere without emitting', async () => {
    api = mockApi();
    const el = await fixture<CkCurrencyPicker>(html`<ck-currency-picker></ck-currency-picker>`);
    await waitUntil(() => !select(el).disabled, 'currencies load');
    let fired = false;
    el.addEventListener('ck-currency-change', () => (fired = true));
    currencyStore().set('JPY');
    await el.updateComplete;
    expect(select(el).value).to.equal('JPY');
    expect(fired).to.equal(false);
  });

  it('uses the merchant list from the currencies attribute', async () => {
    api = mockApi({ 'GET /api/checkout-config': never });
    const el = await fixture<CkCurrencyPicker>(html`<ck-currency-picker currencies="usd, jpy"></ck-currency-picker>`);
    expect([...select(el).options].map((o) => o.value)).to.deep.equal(['USD', 'JPY']);
  });

  it('explains a failure and retries: the retry asks the proxy again and offers its currencies', async () => {
    let down = true;
    api = mockApi({ 'GET /api/checkout-config': () => (down ? apiError(503, 'upstream_unavailable') : json(config)) });
    const el = await fixture<CkCurrencyPicker>(html`<ck-currency-picker></ck-currency-picker>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="alert"]'), 'error shows');
    expect(el.shadowRoot!.querySelector('[part="alert"]')!.textContent).to.contain('The payment service is unavailable right now.');
    expect(select(el).disabled).to.equal(true);
    await expect(el).to.be.accessible();

    down = false;
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="alert"] button')!.click();
    await waitUntil(() => !select(el).disabled, 'the retry loads the currencies');
    expect(api.calls.filter((c) => c.path === '/api/checkout-config')).to.have.length(2);
    expect([...select(el).options].map((o) => o.value)).to.deep.equal(config.currencies);
    expect(el.shadowRoot!.querySelector('[part="alert"]')).to.equal(null);
  });
});
