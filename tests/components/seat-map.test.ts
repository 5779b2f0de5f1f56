import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/seat-map/define';
import type { CkSeatMap } from '../../components/seat-map/seat-map';
import { installFakeClock } from '../helpers/fake-clock';
import { DEMO_EVENTS, demoLayout, mockSeatApi, type SeatApiMock, type SeatApiMockOptions } from '../helpers/seat-map-mock';
import { waitUntil } from '../helpers/wait-until';

const HALL = DEMO_EVENTS.hall.id;
const ARENA = DEMO_EVENTS.arena.id;

let api: SeatApiMock | undefined;
let restoreCanvas: (() => void) | undefined;

async function seatMap(options: SeatApiMockOptions = {}, attrs: { eventId?: string; max?: number; hold?: string } = {}) {
  api = mockSeatApi({ events: { [HALL]: demoLayout('hall') }, ...options });
  const el = await fixture<CkSeatMap>(html`<ck-seat-map
    event-id=${attrs.eventId ?? HALL}
    max-selection=${attrs.max ?? 0}
    hold=${attrs.hold ?? 'manual'}
    style="--ck-seat-map-height: 320px; inline-size: 640px"
  ></ck-seat-map>`);
  await waitUntil(() => el.shadowRoot!.querySelector('[part="legend"]'), 'the map never loaded');
  await el.updateComplete;
  return el;
}

const q = <T extends HTMLElement = HTMLElement>(el: CkSeatMap, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;
const qa = <T extends HTMLElement = HTMLElement>(el: CkSeatMap, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const status = (el: CkSeatMap) => q(el, '[role="status"][aria-live]').textContent!.trim();
const button = (el: CkSeatMap, name: string | RegExp) =>
  qa<HTMLButtonElement>(el, 'button').find((b) => (typeof name === 'string' ? b.textContent!.trim() === name || b.getAttribute('aria-label') === name : name.test(b.getAttribute('aria-label') ?? b.textContent!)))!;

async function openList(el: CkSeatMap, section = 0, row = 0, list = 'List') {
  button(el, list).click();
  await el.updateComplete;
  if (q(el, '.back')) {
    (q(el, '.back') as HTMLButtonElement).click();
    await el.updateComplete;
  }
  qa<HTMLButtonElement>(el, '[part="list"] .entry')[section]!.click();
  await el.updateComplete;
  qa<HTMLButtonElement>(el, '[part="list"] .entry')[row]!.click();
  await el.updateComplete;
}

describe('ck-seat-map', () => {
  afterEach(() => {
    api?.restore();
    api = undefined;
    restoreCanvas?.();
    restoreCanvas = undefined;
  });

  it('loads the venue, draws it on a canvas, shows the price legend and is accessible', async () => {
    const el = await seatMap();
    const canvas = q<HTMLCanvasElement>(el, 'canvas');
    // A canvas starts 300 px wide; the map resizes it to its box × devicePixelRatio once laid out.
    const sized = () => canvas.width === Math.round(canvas.getBoundingClientRect().width * devicePixelRatio);
    await waitUntil(sized, 'the canvas was never sized to its box and the screen');
    const legend = q(el, '[part="legend"]').textContent!.replace(/\s+/g, ' ');
    expect(legend).to.contain('Premium').and.contain('HK$880.00').and.contain('Value').and.contain('HK$380.00');
    expect(q(el, '[part="map"]').getAttribute('role')).to.equal('application');
    await expect(el).to.be.accessible();
  });

  it('shows a loading state, then an error with a retry that loads the venue, both accessible', async () => {
    api = mockSeatApi({ hang: true });
    const loading = await fixture<CkSeatMap>(html`<ck-seat-map event-id=${HALL}></ck-seat-map>`);
    expect(q(loading, '[part="status"]').textContent).to.contain('Loading the seat map');
    await expect(loading).to.be.accessible();
    api.restore();

    api = mockSeatApi({ failStatus: 503 });
    const failed = await fixture<CkSeatMap>(html`<ck-seat-map event-id=${HALL}></ck-seat-map>`);
    await waitUntil(() => failed.shadowRoot!.querySelector('[role="alert"]'));
    expect(q(failed, '[role="alert"] button').textContent).to.contain('Try again');
    await expect(failed).to.be.accessible();

    // The venue answers again: the retry asks for it and draws the map.
    api.restore();
    api = mockSeatApi({ events: { [HALL]: demoLayout('hall') } });
    q<HTMLButtonElement>(failed, '[role="alert"] button').click();
    await waitUntil(() => failed.shadowRoot!.querySelector('[part="legend"]'), 'the retry loads the venue');
    expect(api.requests.filter((r) => r.url === `/api/events/${HALL}/venue`)).to.have.length(1);
    expect(failed.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
  });

  it('lists sections, rows and seats with full labels in list mode', async () => {
    const el = await seatMap({ sold: ['STALLS:A:2'] });
    await openList(el);
    const seats = qa<HTMLButtonElement>(el, '[part="seat"]');
    expect(seats).to.have.length(14);
    expect(seats[0]!.getAttribute('aria-label')).to.equal('Row A, Seat 1, Premium, HK$880.00, available');
    expect(seats[1]!.getAttribute('aria-label')).to.equal('Row A, Seat 2, Premium, HK$880.00, unavailable');
    expect(seats[1]!.getAttribute('aria-disabled')).to.equal('true');
    const selected = oneEvent(el, 'ck-seat-select');
    seats[0]!.click();
    const { detail } = await selected;
    expect(detail.seats.map((s: { id: string }) => s.id)).to.deep.equal(['STALLS:A:1']);
    expect(detail.total).to.deep.equal({ amount: 88000, currency: 'HKD' });
    await el.updateComplete;
    expect(seats[0]!.getAttribute('aria-pressed')).to.equal('true');
    expect(seats[0]!.getAttribute('aria-label')).to.contain('selected');
    await expect(el).to.be.accessible();
  });

  it('moves seat by seat with the arrow keys, announces each seat and selects with Enter', async () => {
    const el = await seatMap();
    q(el, '[part="map"]').focus();
    await sendKeys({ press: 'ArrowRight' });
    const first = status(el);
    expect(first).to.match(/^Stalls, Row A, Seat \d+, Premium, HK\$880\.00, available$/);
    const firstSeat = Number(/Seat (\d+)/.exec(first)![1]);
    await sendKeys({ press: 'ArrowRight' });
    expect(status(el)).to.contain(`Seat ${firstSeat + 1},`);
    await sendKeys({ press: 'ArrowLeft' });
    expect(status(el)).to.contain(`Seat ${firstSeat},`);
    await sendKeys({ press: 'ArrowDown' });
    expect(status(el)).to.match(/Row B, Seat \d+/);
    await sendKeys({ press: 'ArrowUp' });
    expect(status(el)).to.contain(`Row A, Seat ${firstSeat},`);
    await sendKeys({ press: 'Home' });
    expect(status(el)).to.contain('Row A, Seat 1,');
    const selected = oneEvent(el, 'ck-seat-select');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail.seats[0]!.id).to.equal('STALLS:A:1');
    expect(status(el)).to.contain('Selected Stalls, Row A, Seat 1');
    // Space toggles it off again.
    await sendKeys({ press: ' ' });
    expect(status(el)).to.contain('Removed');
    expect(el.selectedSeats).to.have.length(0);
  });

  it('zooms with the buttons and the keyboard', async () => {
    const el = await seatMap();
    const map = () => (el as unknown as { map: { camera: { scale: number }; fitted: boolean } }).map;
    const camera = () => map().camera.scale;
    // The map fits the venue to its size once it has one (a ResizeObserver callback): wait for
    // that state, not for the canvas alone, which may get its size a frame earlier.
    await waitUntil(() => map()?.fitted && q<HTMLCanvasElement>(el, 'canvas').width > 0, 'the venue fitted to the map');
    // From here on, no await until the reset: no resize can land in between.
    q<HTMLButtonElement>(el, '[part="zoom-reset"]').click();
    const start = camera();
    q<HTMLButtonElement>(el, '[part="zoom-in"]').click();
    expect(camera()).to.be.greaterThan(start);
    q<HTMLButtonElement>(el, '[part="zoom-reset"]').click();
    expect(camera()).to.be.closeTo(start, 1e-9);
    q(el, '[part="map"]').focus();
    await sendKeys({ press: '-' });
    expect(camera()).to.be.lessThan(start);
  });

  it('selects with a pointer click on a seat of the canvas', async () => {
    const el = await seatMap();
    await waitUntil(() => q<HTMLCanvasElement>(el, 'canvas').width > 0);
    const internals = el as unknown as { map: { camera: { scale: number; tx: number; ty: number } }; venue: { x: Float32Array; y: Float32Array; id(i: number): string } };
    const { venue } = internals;
    const { camera } = internals.map;
    const rect = q(el, 'canvas').getBoundingClientRect();
    const clientX = rect.left + venue.x[0]! * camera.scale + camera.tx;
    const clientY = rect.top + venue.y[0]! * camera.scale + camera.ty;
    const selected = oneEvent(el, 'ck-seat-select');
    const canvas = q(el, 'canvas');
    canvas.dispatchEvent(new PointerEvent('pointerdown', { clientX, clientY, pointerId: 1, bubbles: true, isPrimary: true, button: 0, pointerType: 'mouse' }));
    canvas.dispatchEvent(new PointerEvent('pointerup', { clientX, clientY, pointerId: 1, bubbles: true, isPrimary: true, button: 0, pointerType: 'mouse' }));
    expect((await selected).detail.seats[0]!.id).to.equal(venue.id(0));
  });

  it('paints a clicked seat as selected on the next frame without redrawing the venue, and unpaints it when clicked again', async () => {
    const el = await seatMap();
    const internals = el as unknown as { map: { camera: { scale: number; tx: number; ty: number }; fitted: boolean }; venue: { x: Float32Array; y: Float32Array } };
    await waitUntil(() => internals.map?.fitted && q<HTMLCanvasElement>(el, 'canvas').width > 0, 'the venue fitted to the map');
    const canvas = q<HTMLCanvasElement>(el, 'canvas');
    // Let the first frames draw the venue; from here on, count what is drawn on the canvas.
    await waitUntil(() => q(el, 'svg.overlay .selected'), 'the overlay was never drawn');
    const ctx = canvas.getContext('2d')!;
    let canvasDraws = 0;
    for (const name of ['drawImage', 'fill', 'stroke', 'clearRect'] as const) {
      const original = ctx[name] as (...args: unknown[]) => void;
      (ctx as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        canvasDraws++;
        original.apply(ctx, args);
      };
    }
    const { venue } = internals;
    const { camera } = internals.map;
    const rect = canvas.getBoundingClientRect();
    const clientX = rect.left + venue.x[0]! * camera.scale + camera.tx;
    const clientY = rect.top + venue.y[0]! * camera.scale + camera.ty;
    const click = () => {
      canvas.dispatchEvent(new PointerEvent('pointerdown', { clientX, clientY, pointerId: 1, bubbles: true, isPrimary: true, button: 0, pointerType: 'mouse' }));
      canvas.dispatchEvent(new PointerEvent('pointerup', { clientX, clientY, pointerId: 1, bubbles: true, isPrimary: true, button: 0, pointerType: 'mouse' }));
    };
    const marksAtClick = () =>
      qa(el, 'svg.overlay .selected > *').filter((shape) => {
        const box = shape.getBoundingClientRect();
        return box.width > 0 && box.left <= clientX && clientX <= box.right && box.top <= clientY && clientY <= box.bottom;
      });
    expect(marksAtClick()).to.have.length(0);
    click();
    await waitUntil(() => marksAtClick().length > 0, 'the selected seat was never painted');
    expect(el.selectedSeats).to.have.length(1);
    click();
    await waitUntil(() => marksAtClick().length === 0, 'the removed seat stayed painted');
    expect(el.selectedSeats).to.have.length(0);
    expect(canvasDraws, 'the canvas was drawn again for a selection').to.equal(0);
  });

  it('draws the keyboard focus ring over the map while the map has focus', async () => {
    const el = await seatMap();
    await waitUntil(() => q<HTMLCanvasElement>(el, 'canvas').width > 0);
    const rings = () => qa(el, 'svg.overlay .focus > *');
    expect(rings()).to.have.length(0);
    q(el, '[part="map"]').focus();
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => rings().length === 2, 'no focus ring');
    const internals = el as unknown as { map: { camera: { scale: number; tx: number; ty: number } }; venue: { x: Float32Array; y: Float32Array }; focusSeat: number };
    const { camera } = internals.map;
    const rect = q(el, 'canvas').getBoundingClientRect();
    const box = rings()[1]!.getBoundingClientRect();
    expect(box.left + box.width / 2).to.be.closeTo(rect.left + internals.venue.x[internals.focusSeat]! * camera.scale + camera.tx, 1);
    expect(box.top + box.height / 2).to.be.closeTo(rect.top + internals.venue.y[internals.focusSeat]! * camera.scale + camera.ty, 1);
    q(el, '[part="map"]').blur();
    await waitUntil(() => rings().length === 0, 'the focus ring stayed after the map lost focus');
  });

  it('stops at the maximum selection and says so', async () => {
    const el = await seatMap({}, { max: 2 });
    await openList(el);
    const seats = qa<HTMLButtonElement>(el, '[part="seat"]');
    seats[0]!.click();
    seats[1]!.click();
    seats[2]!.click();
    await el.updateComplete;
    expect(el.selectedSeats.map((s) => s.number)).to.deep.equal([1, 2]);
    expect(status(el)).to.equal('You can select up to 2 seats.');
    expect(q(el, '.summary-title').textContent).to.contain('2 of 2');
  });

  it('uses the event limit when max-selection is not set', async () => {
    const el = await seatMap();
    expect(q(el, '.summary-title').textContent).to.contain('0 of 6');
  });

  it('holds the selection on the server and counts down, announcing the last minute', async () => {
    const el = await seatMap({ holdMs: 90_000 });
    await openList(el);
    qa<HTMLButtonElement>(el, '[part="seat"]')[3]!.click();
    await el.updateComplete;
    // The countdown runs on the test's clock from here on.
    const clock = installFakeClock();
    try {
      const held = oneEvent(el, 'ck-seat-hold');
      q<HTMLButtonElement>(el, '[part="hold-button"]').click();
      const { detail } = await held;
      expect(detail.hold.seats).to.deep.equal(['STALLS:A:4']);
      expect(detail.hold.status).to.equal('held');
      expect(el.seatHold?.id).to.equal(detail.hold.id);
      await el.updateComplete;
      expect(q(el, '[part="timer"]').textContent).to.match(/Held for 1:(30|29)/);
      clock.advance(29_000); // 1:01 left (1:00 at most, if the proxy's clock ran a little ahead)
      await el.updateComplete;
      expect(q(el, '[part="timer"]').textContent).to.match(/Held for 1:0[01]/);
      expect(status(el)).not.to.contain('One minute left');
      clock.advance(2_000); // 0:59 left
      await el.updateComplete;
      expect(q(el, '[part="timer"]').textContent).to.match(/Held for 0:(59|58)/);
      expect(status(el)).to.contain('One minute left');
    } finally {
      clock.restore();
    }
    await expect(el).to.be.accessible();
  });

  it('extends a hold once and releases it', async () => {
    const el = await seatMap();
    await openList(el);
    qa<HTMLButtonElement>(el, '[part="seat"]')[0]!.click();
    await el.updateComplete;
    q<HTMLButtonElement>(el, '[part="hold-button"]').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part="extend-button"]'));
    const extended = oneEvent(el, 'ck-seat-hold');
    q<HTMLButtonElement>(el, '[part="extend-button"]').click();
    expect((await extended).detail.hold.extended).to.equal(true);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="extend-button"]')).to.equal(null);
    const released = oneEvent(el, 'ck-seat-hold');
    q<HTMLButtonElement>(el, '[part="release-button"]').click();
    expect((await released).detail.hold.status).to.equal('released');
    expect(api!.requests.some((r) => r.method === 'DELETE')).to.equal(true);
  });

  it('fires ck-seat-hold-expired when the hold runs out', async () => {
    const el = await seatMap({ holdMs: 5 * 60_000 });
    await openList(el);
    qa<HTMLButtonElement>(el, '[part="seat"]')[0]!.click();
    await el.updateComplete;
    const clock = installFakeClock();
    let fired = false;
    el.addEventListener('ck-seat-hold-expired', () => (fired = true));
    const expiredEvent = oneEvent(el, 'ck-seat-hold-expired');
    try {
      const held = oneEvent(el, 'ck-seat-hold');
      q<HTMLButtonElement>(el, '[part="hold-button"]').click();
      await held;
      clock.advance(5 * 60_000 - 2_000);
      expect(fired, 'not before the hold runs out').to.equal(false);
      clock.advance(3_000);
    } finally {
      clock.restore();
    }
    const expired = await expiredEvent;
    expect(expired.detail.hold.status).to.equal('expired');
    await el.updateComplete;
    expect(el.selectedSeats).to.have.length(0);
    expect(q(el, '[role="alert"]').textContent).to.contain('Your hold expired');
  });

  it('says so, in the page language, when the address already holds as many seats as the proxy allows', async () => {
    api = mockSeatApi({ events: { [HALL]: demoLayout('hall') }, seatsPerAddress: 2 });
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="de"><ck-seat-map event-id=${HALL}></ck-seat-map></div>`);
    const el = wrapper.querySelector('ck-seat-map')!;
    await waitUntil(() => el.shadowRoot!.querySelector('[part="legend"]'));
    await waitUntil(() => button(el, 'Liste'), 'German never loaded', { timeout: 3000 });
    await openList(el, 0, 0, 'Liste');
    for (const seat of qa<HTMLButtonElement>(el, '[part="seat"]').slice(0, 3)) {
      seat.click();
      await el.updateComplete;
    }
    q<HTMLButtonElement>(el, '[part="hold-button"]').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'), 'the refusal was never shown');
    expect(q(el, '[role="alert"]').textContent!.trim()).to.equal(
      'Aus Ihrem Netzwerk sind bereits zu viele Plätze für diese Veranstaltung reserviert. Schließen Sie zuerst eine Reservierung ab oder geben Sie sie frei, oder versuchen Sie es in einigen Minuten erneut.',
    );
    expect(el.seatHold).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('keeps seats that are in an open payment held, and says why, when "Change seats" is refused', async () => {
    const el = await seatMap({ seatsPerAddress: 24 });
    await openList(el);
    qa<HTMLButtonElement>(el, '[part="seat"]')[0]!.click();
    await el.updateComplete;
    const held = oneEvent(el, 'ck-seat-hold');
    q<HTMLButtonElement>(el, '[part="hold-button"]').click();
    const { detail } = await held;
    api!.checkout(detail.hold.id);
    await el.updateComplete;
    q<HTMLButtonElement>(el, '[part="release-button"]').click();
    await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'), 'the refusal was never shown');
    expect(q(el, '[role="alert"]').textContent!.trim()).to.equal('Your seats are in a payment that is still open. Complete or cancel that payment before changing them.');
    expect(el.seatHold?.id).to.equal(detail.hold.id, 'still held');
    expect(q(el, '[part="timer"]').textContent).to.match(/Held for/);
    expect(status(el)).to.not.contain('released');
  });

  it('holds automatically on select with hold="auto" and drops a seat somebody else took first', async () => {
    const el = await seatMap({}, { hold: 'auto' });
    api!.take(HALL, ['STALLS:A:2']);
    await openList(el);
    const seats = qa<HTMLButtonElement>(el, '[part="seat"]');
    const held = oneEvent(el, 'ck-seat-hold');
    seats[0]!.click();
    expect((await held).detail.hold.seats).to.deep.equal(['STALLS:A:1']);
  });

  it('follows live availability: a seat taken elsewhere becomes unavailable and leaves the selection', async () => {
    const el = await seatMap({}, { hold: 'off' });
    await openList(el);
    qa<HTMLButtonElement>(el, '[part="seat"]')[4]!.click();
    await el.updateComplete;
    expect(el.selectedSeats).to.have.length(1);
    // Over the live stream (the map does not poll); how fast is a benchmark figure (npm run bench).
    api!.take(HALL, ['STALLS:A:5', 'STALLS:A:6'], 'sold');
    await waitUntil(() => qa(el, '[part="seat"]')[5]!.getAttribute('aria-disabled') === 'true', 'no live update');
    expect(el.selectedSeats).to.have.length(0);
    expect(status(el)).to.contain('No longer available: Stalls, Row A, Seat 5');
  });

  it('shows a sold-out event as such', async () => {
    const layout = demoLayout('hall');
    const all: string[] = [];
    for (const s of layout.sections) for (const r of s.rows) for (let k = 0; k < r.seats; k++) all.push(`${s.id}:${r.label}:${k + 1}`);
    const el = await seatMap({ sold: all });
    expect(q(el, '.sold-out').textContent).to.contain('sold out');
    await expect(el).to.be.accessible();
  });

  it('renders the 100,000-seat arena and navigates it by keyboard', async () => {
    const el = await seatMap({ events: { [ARENA]: demoLayout('arena') } }, { eventId: ARENA });
    const venue = (el as unknown as { venue: { count: number } }).venue;
    expect(venue.count).to.be.greaterThan(90_000);
    q(el, '[part="map"]').focus();
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    expect(status(el)).to.match(/Row [A-Z]+, Seat \d+, .*HK\$/);
    await sendKeys({ press: 'PageDown' });
    expect(status(el)).to.match(/^Lower 1, Row A, Seat 1,/);
  });

  it('names the price categories, the venue, its sections and its stage in the page language', async () => {
    api = mockSeatApi({ events: { [HALL]: demoLayout('hall') } });
    // What the canvas writes (the stage's label is its only text at this size).
    const drawn: string[] = [];
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, text: string, x: number, y: number, maxWidth?: number) {
      drawn.push(text);
      return fillText.call(this, text, x, y, maxWidth);
    };
    restoreCanvas = () => (CanvasRenderingContext2D.prototype.fillText = fillText);
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="ja"><ck-seat-map event-id=${HALL} style="--ck-seat-map-height: 320px; inline-size: 640px"></ck-seat-map></div>`);
    const el = wrapper.querySelector('ck-seat-map')!;
    await waitUntil(() => el.shadowRoot!.querySelector('[part="legend"]'), 'the map never loaded');
    const legend = () => qa(el, '[part="legend"] li').map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(legend()[0]).to.match(/^S席 /);
    expect(legend()[1]).to.match(/^A席 /);
    expect(legend()[2]).to.match(/^B席 /);
    expect(q(el, '[part="map"]').getAttribute('aria-label')).to.contain('九龍リサイタルホール');
    await waitUntil(() => drawn.includes('ステージ'), 'the stage is labelled in Japanese on the canvas');
    await waitUntil(() => button(el, 'リスト'), 'Japanese never loaded');
    button(el, 'リスト').click();
    await el.updateComplete;
    (q(el, '.back') as HTMLButtonElement).click(); // the hall's one section opens at once: back to the list of sections
    await el.updateComplete;
    expect(q(el, '[part="list"] .entry .meta').textContent).to.contain('S席');
    expect(q(el, '[part="list"] .entry span').textContent).to.equal('1階席');
    qa<HTMLButtonElement>(el, '[part="list"] .entry')[0]!.click();
    await el.updateComplete;
    qa<HTMLButtonElement>(el, '[part="list"] .entry')[0]!.click();
    await el.updateComplete;
    const seat = qa<HTMLButtonElement>(el, '[part="seat"]')[0]!;
    expect(seat.getAttribute('aria-label')).to.contain('S席');
    const selected = oneEvent(el, 'ck-seat-select');
    seat.click();
    const { detail } = await selected;
    expect(detail.seats[0].categoryName).to.equal('S席');
    expect(detail.seats[0].sectionName).to.equal('1階席');
    // A language the catalog has no names in: the catalog's own.
    wrapper.lang = 'ko';
    await waitUntil(() => legend()[0]?.startsWith('Premium '), 'the base names in Korean');
    expect(legend()[2]).to.match(/^Value /);
    expect(q(el, '[part="list"] .list-title').textContent).to.contain('Stalls');
  });

  it('lays out right to left and speaks the page language', async () => {
    api = mockSeatApi({ events: { [HALL]: demoLayout('hall') } });
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="ar" dir="rtl"><ck-seat-map event-id=${HALL}></ck-seat-map></div>`);
    const el = wrapper.querySelector('ck-seat-map')!;
    await waitUntil(() => el.shadowRoot!.querySelector('[part="legend"]'));
    await waitUntil(() => q(el, '[part="zoom-in"]').getAttribute('aria-label') === 'تكبير', 'Arabic never loaded');
    expect(q(el, '[part="base"]').getAttribute('dir')).to.equal('rtl');
    await expect(el).to.be.accessible();
  });
});
