import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../components/seat-map/define';
import type { CkSeatMap } from '../../components/seat-map/seat-map';
import { clearApiCache, setCsrfToken } from '../../components/core/api';
import { resetSessions, type MeResponse } from '../../components/core/session';
import { DEMO_EVENTS, demoLayout, mockSeatApi, type SeatApiMock } from '../helpers/seat-map-mock';
import { apiError, json, stubFetch, type FetchStub } from '../../stories/support/fetch-stub';
import { loggedIn, loggedOut } from '../../stories/support/recorded';

const HALL = DEMO_EVENTS.hall.id;
const q = <T extends Element = HTMLElement>(root: Element, selector: string) => root.shadowRoot!.querySelector<T>(selector);

describe('ck-seat-map require-login', () => {
  let api: SeatApiMock;
  let session: FetchStub;
  let me: MeResponse;
  const loginRequired = apiError(401, 'login_required', { message: 'Please log in to continue.' });
  const holdHeaders = () => session.calls.filter((c) => c.method === 'POST' && c.path === '/api/seat-holds').map((c) => c.headers);

  beforeEach(() => {
    clearApiCache();
    resetSessions();
    setCsrfToken(location.origin, undefined);
    me = loggedOut;
    install(demoLayout('hall'));
  });

  /** The seat API stub with the session routes on top; hold requests are recorded, and go on to the seat API. */
  function install(layout: ReturnType<typeof demoLayout>) {
    api = mockSeatApi({ events: { [HALL]: layout } });
    session = stubFetch({
      'GET /api/auth/me': () => json(me),
      'POST /api/auth/login': () => json((me = loggedIn)),
    });
  }

  function uninstall() {
    session.restore();
    api.restore();
  }

  afterEach(() => uninstall());

  async function seatMap(requireLogin: boolean) {
    const el = await fixture<CkSeatMap>(html`<ck-seat-map event-id=${HALL} ?require-login=${requireLogin} view="list" live=${false}></ck-seat-map>`);
    await waitUntil(() => q(el, '[part="legend"]'), 'the map loads', { timeout: 5000 });
    return el;
  }

  async function pickFirstSeat(el: CkSeatMap) {
    q<HTMLButtonElement>(el, '[part="list"] .entry')!.click();
    await el.updateComplete;
    q<HTMLButtonElement>(el, '[part="list"] .entry')!.click();
    await el.updateComplete;
    q<HTMLButtonElement>(el, '[part="seat"]')!.click();
    await el.updateComplete;
  }

  async function logIn(el: CkSeatMap) {
    const login = q(el, 'ck-login')!;
    await waitUntil(() => login.shadowRoot?.querySelector('form'), 'ck-login renders');
    login.shadowRoot!.querySelector<HTMLInputElement>('#username')!.value = 'kenso';
    login.shadowRoot!.querySelector<HTMLInputElement>('#password')!.value = '12345678';
    login.shadowRoot!.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    await waitUntil(() => q(el, '[part="hold-button"]'), 'the hold button appears after login');
  }

  it('shows ck-login instead of the hold action until the shopper logs in, then holds with the CSRF token', async () => {
    const el = await seatMap(true);
    await pickFirstSeat(el);
    await waitUntil(() => q(el, '[part="login"] ck-login'), 'ck-login is shown');
    expect(q(el, '[part="login"]')!.textContent).to.contain('Please log in to hold seats.');
    expect(q(el, '[part="hold-button"]')).to.equal(null);
    await expect(el).to.be.accessible();

    await logIn(el);
    expect(q(el, '[part="login"]')).to.equal(null);
    q<HTMLButtonElement>(el, '[part="hold-button"]')!.click();
    await waitUntil(() => q(el, '[part="timer"]'), 'the seats are held');
    expect(holdHeaders()).to.have.length(1);
    expect(holdHeaders()[0]!.get('x-csrf-token')).to.equal(loggedIn.csrfToken);
  });

  it('asks for a login when the proxy answers login_required', async () => {
    const el = await seatMap(false);
    session.set('POST /api/seat-holds', loginRequired);
    await pickFirstSeat(el);
    q<HTMLButtonElement>(el, '[part="hold-button"]')!.click();
    await waitUntil(() => q(el, '[part="login"] ck-login'), 'ck-login is shown after 401');
    expect(el.requireLogin).to.equal(true);
    expect(holdHeaders()[0]!.get('x-csrf-token')).to.equal(null);

    session.set('POST /api/seat-holds', undefined);
    await logIn(el);
    q<HTMLButtonElement>(el, '[part="hold-button"]')!.click();
    await waitUntil(() => q(el, '[part="timer"]'), 'the seats are held');
    expect(holdHeaders().at(-1)!.get('x-csrf-token')).to.equal(loggedIn.csrfToken);
  });

  it("asks for the login before any hold when the event's layout says members only", async () => {
    uninstall();
    install({ ...demoLayout('hall'), requiresLogin: true });
    const el = await seatMap(false);
    expect(el.requireLogin).to.equal(true);
    await pickFirstSeat(el);
    await waitUntil(() => q(el, '[part="login"] ck-login'), 'ck-login is shown before holding');
    expect(q(el, '[part="hold-button"]')).to.equal(null);
    expect(holdHeaders()).to.have.length(0);
  });
});
