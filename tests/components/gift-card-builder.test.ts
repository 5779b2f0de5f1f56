import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/gift-card-builder/define';
import { localToday, type CkGiftCardBuilder } from '../../components/gift-card-builder/gift-card-builder';
import { currencyStore } from '../../components/core/store';
import { json, mockApi, type MockApi } from '../../stories/support/mock-api';
import { catalog } from '../../stories/support/recorded';
import { waitUntil } from '../helpers/wait-until';

const q = <T extends HTMLElement = HTMLElement>(el: CkGiftCardBuilder, selector: string) => el.shadowRoot!.querySelector(selector) as T;
const qa = (el: CkGiftCardBuilder, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const focused = (el: CkGiftCardBuilder) => el.shadowRoot!.activeElement as HTMLElement | null;

async function builder(): Promise<CkGiftCardBuilder> {
  const el = await fixture<CkGiftCardBuilder>(html`<ck-gift-card-builder></ck-gift-card-builder>`);
  await waitUntil(() => q(el, 'form'), 'the form appears once the catalog is loaded');
  return el;
}

async function type(el: CkGiftCardBuilder, selector: string, text: string) {
  const input = q<HTMLInputElement>(el, selector);
  input.focus();
  input.select?.();
  await sendKeys({ type: text });
  input.dispatchEvent(new Event('change'));
  await el.updateComplete;
}

async function fillValid(el: CkGiftCardBuilder) {
  await type(el, '#recipientName', 'Mei Chan');
  await type(el, '#recipientEmail', 'mei@example.com');
  await type(el, '#senderName', 'Kenso Lee');
  await type(el, '#senderEmail', 'kenso@example.com');
}

describe('ck-gift-card-builder', () => {
  let api: MockApi;
  beforeEach(() => {
    currencyStore().set(undefined);
    api = mockApi();
  });
  afterEach(() => {
    api.restore();
    currencyStore().set(undefined);
  });

  it('shows a loading state, then designs and presets from the catalog in the base currency; accessible', async () => {
    // The catalog answers when the test says so: the loading state is there until then.
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    api.set('GET /api/catalog', () => answered.then(() => json(catalog)));
    const el = await fixture<CkGiftCardBuilder>(html`<ck-gift-card-builder></ck-gift-card-builder>`);
    await waitUntil(() => api.calls.some((c) => c.path === '/api/catalog'), 'the catalog is asked for');
    await el.updateComplete;
    expect(q(el, '[aria-busy="true"]')).to.not.equal(null);
    expect(q(el, 'form')).to.equal(null);
    answer();
    await waitUntil(() => q(el, 'form'));
    expect(q(el, '[aria-busy="true"]')).to.equal(null);
    expect(qa(el, '[part="design"]').map((d) => d.textContent!.trim())).to.deep.equal(['Harbour at night', 'Lanterns', 'Minimal']);
    expect(qa(el, '[part="amount"]').map((d) => d.textContent!.trim())).to.deep.equal(['HK$200.00', 'HK$500.00', 'HK$1,000.00', 'Other amount']);
    expect(q(el, '#amount-range').textContent).to.contain('HK$100.00').and.contain('HK$5,000.00');
    expect(q(el, '[part="preview-amount"]').textContent).to.equal('HK$200.00');
    await expect(el).to.be.accessible();
  });

  it('uses the bounds and presets of the chosen currency', async () => {
    currencyStore().set('JPY');
    const el = await builder();
    expect(qa(el, '[part="amount"]')[0]!.textContent!.trim()).to.match(/3,000$/);
    expect(q(el, '#amount-range').textContent).to.match(/1,000.*100,000/);
  });

  it('updates the live preview as the shopper types, picks a design with the arrow keys', async () => {
    const el = await builder();
    await type(el, '#recipientName', 'Mei');
    await type(el, '#senderName', 'Kenso');
    await type(el, '#message', 'Happy birthday!');
    expect(q(el, '[part="preview"]').textContent).to.contain('To Mei').and.contain('From Kenso').and.contain('Happy birthday!');
    const first = q<HTMLInputElement>(el, 'input[name="design"]');
    first.focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(q(el, '[part="preview"]').dataset.design).to.equal('lantern');
    expect(q(el, '[part="preview"] .design-name').textContent).to.equal('Lanterns');
  });

  it('names the designs, in the choices and the preview, in the page language', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="ja"><ck-gift-card-builder></ck-gift-card-builder></div>`);
    const el = wrapper.querySelector('ck-gift-card-builder')!;
    await waitUntil(() => q(el, 'form'), 'the form appears once the catalog is loaded');
    expect(qa(el, '[part="design"]').map((d) => d.textContent!.trim())).to.deep.equal(['夜の港', 'ランタン', 'シンプル']);
    expect(q(el, '[part="preview"] .design-name').textContent).to.equal('夜の港');
    // Hong Kong Chinese, then a language the catalog has no names in: its own names.
    wrapper.lang = 'zh-HK';
    await waitUntil(() => q(el, '[part="preview"] .design-name').textContent === '維港夜色', 'the Hong Kong name');
    wrapper.lang = 'ko';
    await waitUntil(() => q(el, '[part="preview"] .design-name').textContent === 'Harbour at night', 'the base name in Korean');
    expect(qa(el, '[part="design"]').map((d) => d.textContent!.trim())).to.deep.equal(['Harbour at night', 'Lanterns', 'Minimal']);
  });

  it('a design with its own picture is not written over: its name is read out, not drawn', async () => {
    const art = 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg"/%3E';
    const designs = catalog.giftCards.designs.map((d, i) => (i === 0 ? { ...d, image: art } : d));
    api.set('GET /api/catalog', { body: { ...catalog, giftCards: { ...catalog.giftCards, designs } } });
    const el = await builder();
    const preview = q(el, '[part="preview"]');
    expect(preview.querySelector('.design-name')).to.equal(null);
    const name = preview.querySelector<HTMLElement>('.visually-hidden')!;
    expect(name.textContent).to.equal('Harbour at night');
    expect(name.getBoundingClientRect().width).to.be.at.most(1);
    await expect(el).to.be.accessible();
  });

  it('on a phone-narrow builder the preview card shows every line: the amount, both names and the delivery date inside the card, none over another', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="inline-size: 320px"><ck-gift-card-builder></ck-gift-card-builder></div>`);
    const el = wrapper.querySelector<CkGiftCardBuilder>('ck-gift-card-builder')!;
    await waitUntil(() => q(el, 'form'), 'the form appears once the catalog is loaded');
    await type(el, '#recipientName', 'Maximilian Richardson-Worthington');
    await type(el, '#senderName', 'Kenso Lee');
    await type(el, '#message', 'Happy birthday! Have a lovely day, and buy yourself something nice with this, from all of us at the office.');
    const date = q<HTMLInputElement>(el, '#deliveryDate');
    date.value = '2099-12-24';
    date.dispatchEvent(new Event('input'));
    date.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const card = q(el, '[part="preview"]').getBoundingClientRect();
    // Taller than its ratio, the card keeps the column's width: nothing scrolls sideways.
    expect(card.right).to.be.at.most(q(el, '.preview-wrap').getBoundingClientRect().right + 0.5);
    expect(el.shadowRoot!.querySelector('[part="base"]')!.scrollWidth).to.be.at.most(q(el, '[part="base"]').clientWidth);
    const lines = [q(el, '[part="preview-message"]'), q(el, '[part="preview-amount"]'), ...qa(el, '.preview-people span'), q(el, '[part="preview"] .hint')];
    expect(lines.at(-1)!.textContent).to.contain('2099');
    const boxes = lines.map((line) => line.getBoundingClientRect());
    for (const [i, box] of boxes.entries()) {
      expect(box.height, lines[i]!.textContent!).to.be.greaterThan(0);
      expect(box.top, lines[i]!.textContent!).to.be.at.least(card.top);
      expect(box.bottom, lines[i]!.textContent!).to.be.at.most(card.bottom + 0.5);
      expect(box.right, lines[i]!.textContent!).to.be.at.most(card.right + 0.5);
    }
    // Message, amount and the names row are stacked, in that order, none drawn over the next.
    expect(boxes[0]!.bottom).to.be.at.most(boxes[1]!.top + 0.5);
    expect(boxes[1]!.bottom).to.be.at.most(Math.min(boxes[2]!.top, boxes[3]!.top) + 0.5);
    // The card's top quarter stays free for its picture's brand (the demo designs draw it there).
    expect(boxes[0]!.top).to.be.at.least(card.top + card.height / 4);
  });

  it('shows a character counter tied to the message and never exceeds the limit', async () => {
    const el = await builder();
    const message = q<HTMLTextAreaElement>(el, '#message');
    expect(message.maxLength).to.equal(300);
    expect(message.getAttribute('aria-describedby')).to.contain('counter');
    await type(el, '#message', 'Hello');
    expect(q(el, '[part="counter"]').textContent).to.equal('295 of 300 characters left');
  });

  it('validates a custom amount against the bounds and says which bounds', async () => {
    const el = await builder();
    const other = qa(el, 'input[name="amount"]').at(-1)!;
    other.click();
    await el.updateComplete;
    await type(el, '#amount', '50');
    expect(q(el, '#amount-error').textContent).to.equal('Enter an amount from HK$100.00 to HK$5,000.00.');
    expect(q(el, '#amount').getAttribute('aria-invalid')).to.equal('true');
    expect(q(el, '#amount').getAttribute('aria-describedby')).to.contain('amount-error');
    await expect(el).to.be.accessible();
    await type(el, '#amount', '250.50');
    expect(q(el, '#amount-error')).to.equal(null);
    expect(q(el, '[part="preview-amount"]').textContent).to.equal('HK$250.50');
  });

  it('express checkout with missing fields shows per-field errors and focuses the first', async () => {
    const el = await builder();
    q(el, '[part="express"]').click();
    await el.updateComplete;
    expect(q(el, '[part="alert"]').textContent).to.contain('Please correct 4 fields.');
    expect(q(el, '#recipientName-error').textContent).to.equal('This field is required.');
    expect(focused(el)?.id).to.equal('recipientName');
    expect(api.calls.some((c) => c.path === '/api/orders/quote')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('send-to-self hides the recipient and uses the sender as recipient', async () => {
    const el = await builder();
    qa(el, 'input[name="send-to"]')[1]!.click();
    await el.updateComplete;
    expect(q(el, '#recipientName')).to.equal(null);
    await type(el, '#senderName', 'Kenso Lee');
    await type(el, '#senderEmail', 'kenso@example.com');
    expect(el.giftCard).to.include({ sendToSelf: true, recipientName: 'Kenso Lee', recipientEmail: 'kenso@example.com' });
  });

  it('refuses a delivery date in the past', async () => {
    const el = await builder();
    const date = q<HTMLInputElement>(el, '#deliveryDate');
    expect(date.min).to.equal(localToday());
    date.value = '2020-01-01';
    date.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(q(el, '#deliveryDate-error').textContent).to.equal('Choose today or a later date.');
  });

  it('express checkout prices the card on the server and shows the summary beside the pay button', async () => {
    const el = await builder();
    await fillValid(el);
    await type(el, '#quantity', '2');
    const change = oneEvent(el, 'ck-gift-card-change');
    await type(el, '#message', 'Enjoy!');
    expect((await change).detail.valid).to.equal(true);
    q<HTMLButtonElement>(el, '[part="express"]').click();
    await waitUntil(() => q(el, 'ck-pay-button'), 'the pay button appears');
    const quote = api.calls.find((c) => c.path === '/api/orders/quote')!;
    expect(quote.body).to.deep.include({ currency: 'HKD', items: [] });
    expect((quote.body as { giftCard: unknown }).giftCard).to.deep.equal({
      design: 'harbour-night',
      amount: 20000,
      quantity: 2,
      recipientName: 'Mei Chan',
      recipientEmail: 'mei@example.com',
      senderName: 'Kenso Lee',
      message: 'Enjoy!',
      sendToSelf: false,
    });
    const summary = q(el, 'ck-order-summary') as HTMLElement & { order: { amount: number } };
    expect(summary.order.amount).to.equal(40000);
    const pay = q(el, 'ck-pay-button') as HTMLElement & { order: { giftCard: unknown; customer: unknown } };
    expect(pay.order.customer).to.deep.equal({ name: 'Kenso Lee', email: 'kenso@example.com' });
    await expect(el).to.be.accessible();
    q(el, '[part="change"]').click();
    await waitUntil(() => q(el, 'form'));
    expect(q<HTMLInputElement>(el, '#recipientName').value).to.equal('Mei Chan', 'the details are kept');
  });

  it('puts the server\'s field errors on the fields (bounds re-checked on the server)', async () => {
    api.set('POST /api/orders/quote', {
      status: 400,
      body: { error: { code: 'invalid_order', message: 'Some items of the order cannot be sold as requested.', fields: [{ path: 'giftCard.amount', message: 'must be between HK$100.00 and HK$5,000.00' }] } },
    });
    const el = await builder();
    await fillValid(el);
    q(el, '[part="express"]').click();
    await waitUntil(() => q(el, '#amount-error'));
    expect(q(el, '[part="alert"]').textContent).to.contain('Some details need your attention.');
  });

  it('shows an error with a retry when the catalog cannot be loaded', async () => {
    api.set('GET /api/catalog', { status: 503, body: { error: { code: 'unavailable', message: 'down' } } });
    const el = await fixture<CkGiftCardBuilder>(html`<ck-gift-card-builder></ck-gift-card-builder>`);
    await waitUntil(() => q(el, '[part="alert"]'));
    expect(q(el, '[part="alert"]').textContent).to.contain('The gift cards could not be loaded.');
    api.set('GET /api/catalog', { body: catalog });
    q(el, '[part="alert"] button').click();
    await waitUntil(() => q(el, 'form'), 'retry loads the catalog');
  });
});
