import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/order-history/define';
import type { CkOrderHistory } from '../../components/order-history/order-history';
import { resetSessions } from '../../components/core/session';
import { apiError, json, mockApi, type MockApi } from '../../stories/support/mock-api';
import { accountOrders, loggedIn, shopperLoggedIn, shopperRoutes } from '../../stories/support/recorded';
import { waitUntil } from '../helpers/wait-until';

const root = (el: Element) => el.shadowRoot!;
const q = (el: Element, s: string) => root(el).querySelector(s) as HTMLElement | null;
const all = (el: Element, s: string) => [...root(el).querySelectorAll<HTMLElement>(s)];
const focused = (el: Element) => root(el).activeElement as HTMLElement | null;
const text = (el: Element) => q(el, '[part="base"]')?.textContent?.replace(/\s+/g, ' ') ?? '';

async function history(markup = html`<ck-order-history></ck-order-history>`) {
  const host = await fixture<HTMLElement>(markup);
  const el = (host.localName === 'ck-order-history' ? host : host.querySelector('ck-order-history')!) as CkOrderHistory;
  await el.updateComplete;
  return el;
}

describe('ck-order-history', () => {
  let api: MockApi;
  beforeEach(() => resetSessions());
  afterEach(() => api.restore());

  it('logged out: says so and offers the log-in form by email; logging in shows the orders', async () => {
    api = mockApi({ 'POST /api/auth/login': () => json(shopperLoggedIn), ...Object.fromEntries(Object.entries(shopperRoutes(3)).filter(([k]) => k !== 'GET /api/auth/me')) });
    const el = await history();
    await waitUntil(() => text(el).includes('Log in to see your orders.'), 'logged-out state');
    const login = q(el, 'ck-login')!;
    await waitUntil(() => login.shadowRoot?.querySelector('#username'), 'the login form');
    expect(login.shadowRoot!.querySelector('label[for="username"]')!.textContent!.trim()).to.equal('Email');
    await expect(el).to.be.accessible();
    (login.shadowRoot!.querySelector('#username') as HTMLInputElement).value = 'mei@example.com';
    (login.shadowRoot!.querySelector('#password') as HTMLInputElement).value = 'violet harbour lantern';
    login.shadowRoot!.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    await waitUntil(() => all(el, '[part="order"]').length === 3, 'the orders after logging in');
  });

  it('lists the orders newest first with date, items, amount, status and payment reference; pages with the keyboard', async () => {
    api = mockApi(shopperRoutes(12));
    const el = await history();
    await waitUntil(() => all(el, '[part="order"]').length === 10, 'the first page');
    const first = all(el, '[part="order"]')[0]!;
    expect(first.textContent).to.contain('March 27, 2026').and.contain('HK$399.00').and.contain('Paid').and.contain('2 × iPhone 16 Clear case').and.contain('pay_story');
    expect(all(el, '[part="status"]').slice(0, 5).map((s) => s.textContent!.trim())).to.deep.equal(['Paid', 'Partly refunded', 'Refunded', 'Cancelled, not charged', 'Processing']);
    expect(q(el, '[part="pager"]')!.textContent).to.contain('Page 1 of 2');
    await expect(el).to.be.accessible();

    const [previous, next] = all(el, '[part="pager"] button') as HTMLButtonElement[];
    expect(previous!.disabled).to.equal(true);
    next!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => all(el, '[part="order"]').length === 2, 'the second page');
    expect(api.calls.some((c) => c.path.endsWith('/api/account/orders') && c.query.get('page') === '2')).to.equal(true);
    await waitUntil(() => focused(el)?.getAttribute('part') === 'title', 'focus on the heading');
    expect(q(el, '[role="status"]')!.textContent).to.contain('Page 2 of 2');
  });

  it('opens an order’s detail and goes back to the same order, focus following', async () => {
    api = mockApi(shopperRoutes(3));
    const el = await history();
    await waitUntil(() => all(el, '[part="details-button"]').length === 3, 'the list');
    const button = all(el, '[part="details-button"]')[1]!;
    expect(button.getAttribute('aria-label')).to.equal('Details of order ORDSTORY000000000000002');
    button.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => q(el, '[part="detail"]'), 'the detail');
    await waitUntil(() => focused(el)?.getAttribute('part') === 'detail-title', 'focus on the detail heading');
    const detail = q(el, '[part="detail"]')!.textContent!.replace(/\s+/g, ' ');
    expect(detail).to.contain('Order ORDSTORY000000000000002').and.contain('Screen protector').and.contain('Partly refunded').and.contain('HK$199.00').and.contain('18 Harbour Road');
    await expect(el).to.be.accessible();
    q(el, '[part="back-button"]')!.click();
    await waitUntil(() => focused(el)?.dataset.order === 'ORDSTORY000000000000002', 'focus back on that order');
  });

  it('an order a gift card paid in part: its total, what the gift card and the card paid, and all that came back', async () => {
    api = mockApi(shopperRoutes(12));
    const el = await history();
    await waitUntil(() => all(el, '[part="order"]').length === 10, 'the first page');
    const seventh = all(el, '[part="order"]')[6]!;
    expect(seventh.querySelector('.amount')!.textContent).to.equal('HK$405.00', 'the order’s total, not only the card’s share');
    (seventh.querySelector('[part="details-button"]') as HTMLButtonElement).click();
    await waitUntil(() => q(el, '[part="detail"]'), 'the detail');
    const rows = [...q(el, '[part="detail"]')!.querySelectorAll('dl:last-of-type dt')].map((dt) => `${dt.textContent!.trim()}: ${dt.nextElementSibling!.textContent!.trim()}`);
    expect(rows).to.deep.equal([
      'Subtotal: HK$405.00',
      'Shipping: HK$0.00',
      'Tax: HK$0.00',
      'Total: HK$405.00',
      'Gift card ••••P3CA: −HK$100.00',
      'Paid by card: HK$305.00',
      'Refunded: HK$224.00',
    ]);
    await expect(el).to.be.accessible();
  });

  for (const dir of ['ltr', 'rtl'] as const) {
    it(`${dir}: the order's totals stand under the amount column, each figure ending where the lines' amounts end; the address reads in its own order`, async () => {
      api = mockApi(shopperRoutes(3));
      const el = await history(html`<div dir=${dir} lang=${dir === 'rtl' ? 'ar' : 'en'} style="inline-size: 40rem"><ck-order-history></ck-order-history></div>`);
      await waitUntil(() => all(el, '[part="details-button"]').length === 3, 'the list');
      all(el, '[part="details-button"]')[1]!.click();
      await waitUntil(() => q(el, '[part="detail"]'), 'the detail');
      const end = (box: DOMRect) => (dir === 'ltr' ? box.right : box.left);
      const amounts = all(el, 'tbody td.num:last-child').map((td) => td.getBoundingClientRect());
      const totals = [...q(el, '[part="detail"]')!.querySelectorAll('dl.totals dd')].map((dd) => {
        const range = document.createRange();
        range.selectNodeContents(dd);
        return range.getBoundingClientRect();
      });
      expect(totals.length).to.be.greaterThan(3);
      // The lines' amounts end at their cell's padding; the totals' figures end at the same line.
      const lineEnd = end(amounts[0]!) + (dir === 'ltr' ? -1 : 1) * parseFloat(getComputedStyle(all(el, 'tbody td.num:last-child')[0]!).paddingInlineEnd);
      for (const box of totals) expect(end(box)).to.be.closeTo(lineEnd, 1.5);
      // The address the shopper typed keeps its own order, right to left too: "18 Harbour Road", not "Harbour Road 18".
      const line1 = [...q(el, '[part="detail"]')!.querySelectorAll('bdi')].find((b) => b.textContent === '18 Harbour Road')!;
      const words = document.createTreeWalker(line1, NodeFilter.SHOW_TEXT).nextNode()!;
      const at = (text: string) => {
        const range = document.createRange();
        const start = words.textContent!.indexOf(text);
        range.setStart(words, start);
        range.setEnd(words, start + text.length);
        return range.getBoundingClientRect().left;
      };
      expect(at('18')).to.be.lessThan(at('Harbour'));
    });
  }

  it('empty, error with retry, and a staff login: each says what it is', async () => {
    api = mockApi({ ...shopperRoutes(0) });
    const empty = await history();
    await waitUntil(() => text(empty).includes('You have no orders yet.'), 'empty state');
    await expect(empty).to.be.accessible();
    empty.remove();

    resetSessions();
    let fail = true;
    api = mockApi({ ...shopperRoutes(2), 'GET /api/account/orders': (call) => (fail ? apiError(503, 'unavailable') : (accountOrders(2) as (c: typeof call) => ReturnType<typeof json>)(call)) });
    const failing = await history();
    await waitUntil(() => q(failing, '[part="alert"]'), 'the error');
    await expect(failing).to.be.accessible();
    fail = false;
    q(failing, '[part="alert"] button')!.click();
    await waitUntil(() => all(failing, '[part="order"]').length === 2, 'retried');
    failing.remove();

    resetSessions();
    api = mockApi({ 'GET /api/auth/me': { body: loggedIn } });
    const staff = await history();
    await waitUntil(() => text(staff).includes('Order history is kept for shopper accounts.'), 'not an account');
  });

  it('speaks the page’s language', async () => {
    api = mockApi(shopperRoutes(1));
    const el = await history(html`<div lang="fr"><ck-order-history></ck-order-history></div>`);
    await waitUntil(() => text(el).includes('Vos commandes') && text(el).includes('Payée'), 'French');
    await expect(el).to.be.accessible();
  });
});
