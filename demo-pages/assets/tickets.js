// The ticket pages' glue: what one page learns (an eligible card, held seats) is carried to
// the next in sessionStorage, as a merchant's own pages would. Prices and eligibility are
// always decided again by the proxy; this only remembers the shopper's choices.
// Plain module, no inline script (strict CSP).
import { currencyStore } from '/kit/checkout-kit.js';

const KEY = 'ck-demo:tickets';
const read = () => {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? '{}') ?? {};
  } catch {
    return {};
  }
};
const write = (patch) => sessionStorage.setItem(KEY, JSON.stringify({ ...read(), ...patch }));
const $ = (selector) => document.querySelector(selector);

const events = fetch('/api/catalog')
  .then((r) => (r.ok ? r.json() : { events: [] }))
  .then((c) => c.events ?? [])
  .catch(() => []);
const when = (iso) => new Date(iso).toLocaleString(document.documentElement.lang || 'en', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Asia/Hong_Kong' });

// tickets.html (and any page with a checker): remember the checked card per event.
document.addEventListener('ck-bin-result', (e) => {
  const eventId = e.target.getAttribute('event-id');
  if (!eventId) return;
  const bins = { ...read().bins, [eventId]: e.detail.eligible ? e.detail.metadata.bin : undefined };
  write({ bins });
});

// ticket-seat-selection.html: the map for ?event=…, holds remembered for the payment page.
const map = $('ck-seat-map[data-event-from-query]');
if (map) {
  const params = new URLSearchParams(location.search);
  const eventId = /^[\w-]{1,64}$/.test(params.get('event') ?? '') ? params.get('event') : 'harbour-strings-2031';
  map.setAttribute('event-id', eventId);
  const bin = read().bins?.[eventId];
  const status = $('[data-presale-status]');
  status.textContent = bin
    ? `Presale card checked (starts ${bin.slice(0, 6)}): you can buy in the presale.`
    : params.get('sale') === 'general'
      ? 'General sale: you can choose seats now; payment opens with the general sale unless your card is eligible for the presale.'
      : 'Presale: check your card on the events page first, or your payment will be refused.';
  void events.then((list) => {
    const event = list.find((ev) => ev.id === eventId);
    if (!event) return;
    // The proxy's clock decides the phase (salePhase in the catalog); the page only says it.
    if (event.salePhase === 'on_sale') status.textContent = 'General sale: anyone can choose seats and pay with any card.';
    else if (event.salePhase === 'not_on_sale') status.textContent = `Not on sale yet: seats open with the ${event.presale && Date.parse(event.presale.opensAt) > Date.now() ? 'presale' : 'general sale'}.`;
    $('[data-event-name]').textContent = event.name;
    $('[data-event-meta]').textContent = `${when(event.startsAt)} · ${event.venueName}. Pick seats on the map or in the list, then hold them while you pay.`;
    document.title = `${event.name} · seats · Case & Co.`;
  });
  const next = $('[data-continue]');
  map.addEventListener('ck-seat-select', (e) => write({ selection: { eventId, seats: e.detail.seats.map((s) => `${s.sectionName}, Row ${s.row}, Seat ${s.number} · ${s.categoryName}`), total: e.detail.total } }));
  const onHold = (e) => {
    const hold = e.detail.hold;
    write({ hold: { ...hold, eventId } });
    next.hidden = hold.status !== 'held';
  };
  map.addEventListener('ck-seat-hold', onHold);
  map.addEventListener('ck-seat-hold-expired', onHold);
}

// ticket-payment.html: the held seats, the shopper's details, and the pay button's order.
const pay = $('ck-pay-button');
const form = $('form[data-contact]');
if (pay && form) {
  const state = read();
  const hold = state.hold;
  const live = hold && hold.status === 'held' && Date.parse(hold.expiresAt) > Date.now();
  if (!live) {
    $('[data-no-hold]').hidden = false;
    $('[data-with-hold]').hidden = true;
  } else {
    const bin = state.bins?.[hold.eventId];
    const seats = state.selection?.eventId === hold.eventId ? state.selection.seats : hold.seats;
    $('[data-seats]').replaceChildren(
      ...seats.map((label) => Object.assign(document.createElement('li'), { textContent: label })),
    );
    // Flow re-checks the typed card against the presale before paying (the checked BIN may not be the card used).
    if (bin) pay.setAttribute('presale-event', hold.eventId);
    void events.then((list) => {
      const event = list.find((ev) => ev.id === hold.eventId);
      if (event) $('[data-event-name]').textContent = `${event.name} — ${when(event.startsAt)}, ${event.venueName}`;
      // General sale (by the proxy's clock): any card pays, so the card is not checked against the presale.
      if (event?.salePhase === 'on_sale') pay.removeAttribute('presale-event');
    });

    const timer = $('[data-hold-timer]');
    const tick = () => {
      const left = Math.max(0, Date.parse(hold.expiresAt) - Date.now());
      const m = Math.floor(left / 60000);
      const s = String(Math.floor((left % 60000) / 1000)).padStart(2, '0');
      timer.textContent = left > 0 ? `Seats held for ${m}:${s}` : 'Your hold has expired. Choose your seats again.';
      if (!left) {
        clearInterval(interval);
        pay.disabled = true;
      }
    };
    const interval = setInterval(tick, 1000);
    tick();

    const currency = () => currencyStore().value ?? 'HKD';
    const order = (customer) => ({ items: [], seatHoldId: hold.id, ...(bin ? { bin } : {}), currency: currency(), country: 'HK', customer });
    // The summary prices the hold through the proxy (with the login session, for a members' presale).
    const summary = $('ck-order-summary');

    const hint = $('[data-contact-hint]');
    const update = () => {
      const valid = form.checkValidity() && Date.parse(hold.expiresAt) > Date.now();
      const data = new FormData(form);
      const phone = String(data.get('phone') ?? '').trim();
      // Always an order (never the shared cart, and never the button's own contact fields);
      // the button stays disabled until the details are valid.
      pay.order = summary.request = order({ email: String(data.get('email') ?? '').trim(), name: String(data.get('name') ?? '').trim(), ...(phone ? { phone } : {}) });
      pay.disabled = !valid;
      hint.hidden = valid;
    };
    form.addEventListener('input', update);
    form.addEventListener('submit', (e) => e.preventDefault());
    currencyStore().addEventListener('change', update);
    pay.addEventListener('ck-payment-success', () => sessionStorage.removeItem(KEY));
    update();
  }
}
