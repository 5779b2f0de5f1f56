/**
 * A stand-in for the proxy's seat and card-metadata API inside a browser page (component
 * tests, Storybook stories): `fetch` and `EventSource` answer from memory, shaped by the
 * contract in contract/api. The venues come from the catalog's own generator and
 * wire mapping (server/catalog/venues.ts) with the demo catalog's specs, so a story's 100,000-seat arena
 * is the arena the proxy serves.
 */
import { generateVenue, toWireLayout, type VenueSpec } from '../../server/catalog/venues';
import type {
  CardMetadataResponse,
  SeatAvailabilityChange,
  SeatAvailabilityResponse,
  SeatHoldResponse,
  VenueLayoutResponse,
} from '../../contract/api';
import { track, tracked } from '../../stories/support/in-flight';

const HKD = (amount: number) => ({ amount, currency: 'HKD' as const });

/** The demo catalog's hall and arena (server/catalog/demo-catalog.json). */
export const DEMO_EVENTS = {
  hall: {
    id: 'harbour-strings-2031',
    maxSeatsPerOrder: 6,
    categories: [
      { id: 'premium', name: 'Premium', translations: { fr: { name: 'Premium' }, de: { name: 'Premium' }, es: { name: 'Premium' }, ja: { name: 'S席' }, 'zh-HK': { name: '優選座位' }, 'zh-TW': { name: '優選席' }, 'zh-CN': { name: '优选座位' }, ar: { name: 'فئة مميزة' } }, color: '#8e24aa', price: HKD(88000) },
      { id: 'standard', name: 'Standard', translations: { fr: { name: 'Standard' }, de: { name: 'Standard' }, es: { name: 'Estándar' }, ja: { name: 'A席' }, 'zh-HK': { name: '標準座位' }, 'zh-TW': { name: '標準席' }, 'zh-CN': { name: '标准座位' }, ar: { name: 'فئة قياسية' } }, color: '#1e88e5', price: HKD(58000) },
      { id: 'value', name: 'Value', translations: { fr: { name: 'Économique' }, de: { name: 'Sparpreis' }, es: { name: 'Económica' }, ja: { name: 'B席' }, 'zh-HK': { name: '經濟座位' }, 'zh-TW': { name: '經濟席' }, 'zh-CN': { name: '经济座位' }, ar: { name: 'فئة اقتصادية' } }, color: '#43a047', price: HKD(38000) },
    ],
    spec: {
      kind: 'hall',
      id: 'kowloon-recital-hall',
      name: 'Kowloon Recital Hall',
      translations: { fr: { name: 'Salle de récital de Kowloon', stage: 'Scène', stalls: 'Parterre' }, de: { name: 'Kowloon Recital Hall', stage: 'Bühne', stalls: 'Parkett' }, es: { name: 'Sala de Recitales de Kowloon', stage: 'Escenario', stalls: 'Platea' }, ja: { name: '九龍リサイタルホール', stage: 'ステージ', stalls: '1階席' }, 'zh-HK': { name: '九龍演奏廳', stage: '舞台', stalls: '正座' }, 'zh-TW': { name: '九龍演奏廳', stage: '舞台', stalls: '一樓座位' }, 'zh-CN': { name: '九龙演奏厅', stage: '舞台', stalls: '池座' }, ar: { name: 'قاعة كولون للحفلات', stage: 'المسرح', stalls: 'الصالة' } },
      seatPitch: 6,
      rowDepth: 9,
      aisleEvery: 7,
      rows: [14, 14, 14, 14, 18, 18, 18, 18, 18, 18, 20, 20, 20, 20].map((seats, i) => ({
        seats,
        category: i < 4 ? 'premium' : i < 10 ? 'standard' : 'value',
      })),
    } satisfies VenueSpec,
  },
  arena: {
    id: 'skyline-live-2031',
    maxSeatsPerOrder: 8,
    categories: [
      { id: 'floor', name: 'Floor', translations: { fr: { name: 'Parterre' }, de: { name: 'Innenraum' }, es: { name: 'Pista' }, ja: { name: 'アリーナ席' }, 'zh-HK': { name: '內場' }, 'zh-TW': { name: '平面區' }, 'zh-CN': { name: '内场' }, ar: { name: 'أرضية الساحة' } }, color: '#d81b60', price: HKD(168000) },
      { id: 'lower-centre', name: 'Lower centre', translations: { fr: { name: 'Gradins bas centre' }, de: { name: 'Unterrang Mitte' }, es: { name: 'Grada baja central' }, ja: { name: '1階スタンド センター' }, 'zh-HK': { name: '低層看台中央' }, 'zh-TW': { name: '下層看台中央' }, 'zh-CN': { name: '下层看台中区' }, ar: { name: 'المدرج السفلي الأوسط' } }, color: '#8e24aa', price: HKD(128000) },
      { id: 'lower', name: 'Lower', translations: { fr: { name: 'Gradins bas' }, de: { name: 'Unterrang' }, es: { name: 'Grada baja' }, ja: { name: '1階スタンド' }, 'zh-HK': { name: '低層看台' }, 'zh-TW': { name: '下層看台' }, 'zh-CN': { name: '下层看台' }, ar: { name: 'المدرج السفلي' } }, color: '#3949ab', price: HKD(98000) },
      { id: 'middle', name: 'Middle', translations: { fr: { name: 'Gradins médians' }, de: { name: 'Mittelrang' }, es: { name: 'Grada media' }, ja: { name: '2階スタンド' }, 'zh-HK': { name: '中層看台' }, 'zh-TW': { name: '中層看台' }, 'zh-CN': { name: '中层看台' }, ar: { name: 'المدرج الأوسط' } }, color: '#00897b', price: HKD(68000) },
      { id: 'upper', name: 'Upper', translations: { fr: { name: 'Gradins hauts' }, de: { name: 'Oberrang' }, es: { name: 'Grada alta' }, ja: { name: '3階スタンド' }, 'zh-HK': { name: '高層看台' }, 'zh-TW': { name: '上層看台' }, 'zh-CN': { name: '上层看台' }, ar: { name: 'المدرج العلوي' } }, color: '#7cb342', price: HKD(48000) },
    ],
    spec: {
      kind: 'arena',
      id: 'victoria-arena',
      name: 'Victoria Arena',
      translations: { fr: { name: 'Victoria Arena', stage: 'Scène', floor: 'Parterre' }, de: { name: 'Victoria Arena', stage: 'Bühne', floor: 'Innenraum' }, es: { name: 'Victoria Arena', stage: 'Escenario', floor: 'Pista' }, ja: { name: 'ヴィクトリア・アリーナ', stage: 'ステージ', floor: 'アリーナ' }, 'zh-HK': { name: '維多利亞體育館', stage: '舞台', floor: '內場' }, 'zh-TW': { name: '維多利亞體育館', stage: '舞台', floor: '平面區' }, 'zh-CN': { name: '维多利亚体育馆', stage: '舞台', floor: '内场' }, ar: { name: 'فيكتوريا أرينا', stage: 'المسرح', floor: 'أرضية الساحة' } },
      floor: { rows: 40, seats: 60, category: 'floor' },
      rings: [
        { name: 'Lower', translations: { fr: { name: 'Gradins bas' }, de: { name: 'Unterrang' }, es: { name: 'Grada baja' }, ja: { name: '1階スタンド' }, 'zh-HK': { name: '低層看台' }, 'zh-TW': { name: '下層看台' }, 'zh-CN': { name: '下层看台' }, ar: { name: 'المدرج السفلي' } }, sections: 24, rows: 38, category: 'lower', premiumCategory: 'lower-centre' },
        { name: 'Middle', translations: { fr: { name: 'Gradins médians' }, de: { name: 'Mittelrang' }, es: { name: 'Grada media' }, ja: { name: '2階スタンド' }, 'zh-HK': { name: '中層看台' }, 'zh-TW': { name: '中層看台' }, 'zh-CN': { name: '中层看台' }, ar: { name: 'المدرج الأوسط' } }, sections: 30, rows: 44, category: 'middle' },
        { name: 'Upper', translations: { fr: { name: 'Gradins hauts' }, de: { name: 'Oberrang' }, es: { name: 'Grada alta' }, ja: { name: '3階スタンド' }, 'zh-HK': { name: '高層看台' }, 'zh-TW': { name: '上層看台' }, 'zh-CN': { name: '上层看台' }, ar: { name: 'المدرج العلوي' } }, sections: 36, rows: 50, category: 'upper' },
      ],
      seatPitch: 5,
      rowDepth: 8,
    } satisfies VenueSpec,
  },
} as const;

const layouts = new Map<string, VenueLayoutResponse>();

/** The demo hall (244 seats) or arena (about 100,000 seats), as `GET /api/events/:id/venue` returns it. */
export function demoLayout(which: keyof typeof DEMO_EVENTS): VenueLayoutResponse {
  let layout = layouts.get(which);
  if (!layout) {
    const event = DEMO_EVENTS[which];
    layout = toWireLayout(generateVenue(event.spec as VenueSpec), {
      id: event.id,
      categories: [...event.categories],
      maxSeatsPerOrder: event.maxSeatsPerOrder,
    }) as VenueLayoutResponse;
    layouts.set(which, layout);
  }
  return layout;
}

/** Every seat id of a layout, in layout order. */
export function seatIds(layout: VenueLayoutResponse): string[] {
  const ids: string[] = [];
  for (const s of layout.sections) for (const r of s.rows) for (let k = 0; k < r.seats; k++) ids.push(`${s.id}:${r.label}:${(r.firstNumber ?? 1) + k}`);
  return ids;
}

/** Test BINs, shaped like the proxy's `/card-metadata` answers (from the emulator's table). */
export const DEMO_BINS: Record<string, Omit<CardMetadataResponse, 'bin' | 'eligibility'>> = {
  '424242': { scheme: 'visa', cardType: 'credit', cardCategory: 'consumer', issuer: 'SANDBOX BANK UK', issuerCountry: 'GB', issuerCountryName: 'United Kingdom', productType: 'Visa Classic' },
  '489537': { scheme: 'visa', cardType: 'credit', cardCategory: 'consumer', issuer: 'VICTORIA HARBOUR SANDBOX BANK', issuerCountry: 'HK', issuerCountryName: 'Hong Kong', productType: 'Visa Signature' },
  '545600': { scheme: 'mastercard', cardType: 'credit', cardCategory: 'consumer', issuer: 'VICTORIA HARBOUR SANDBOX BANK', issuerCountry: 'HK', issuerCountryName: 'Hong Kong', productType: 'World Mastercard' },
  '465910': { scheme: 'visa', cardType: 'debit', cardCategory: 'consumer', issuer: 'SANDBOX BANK UK', issuerCountry: 'GB', issuerCountryName: 'United Kingdom', productType: 'Visa Debit' },
};

export interface SeatApiMockOptions {
  /** Layouts by event id. */
  events?: Record<string, VenueLayoutResponse>;
  sold?: string[];
  held?: string[];
  /** Answer after this many ms (0: next task; Infinity: never). */
  delay?: number;
  /** Never answer the layout (a loading state that stays). */
  hang?: boolean;
  /** Answer the layout with this error status. */
  failStatus?: number;
  /** Hold length in ms (default 5 minutes). */
  holdMs?: number;
  /** Presale rules for `/card-metadata` with an event id: accepted issuer countries. */
  presaleCountries?: string[];
  /** Make `/card-metadata` answer with this status. */
  metadataStatus?: number;
  /** Also answer `GET /api/catalog` (the events' presale rules only). */
  catalog?: boolean;
  /** The most seats this page's address may hold at once (SEAT_HOLDS_PER_IP): more is 409 `seat_hold_limit`. */
  seatsPerAddress?: number;
}

export interface SeatApiMock {
  requests: Array<{ method: string; url: string; body?: unknown }>;
  /** Marks seats held or sold by somebody else and tells every open stream. */
  take(eventId: string, seats: string[], as?: 'held' | 'sold'): void;
  release(eventId: string, seats: string[]): void;
  /** A payment session was created for this hold: changing or releasing it is 409 `seat_hold_in_checkout` from now on. */
  checkout(holdId: string): void;
  restore(): void;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const error = (status: number, code: string, message: string, fields?: Array<{ path: string; message: string }>) =>
  json(status, { error: fields ? { code, message, fields } : { code, message } }, status === 429 ? { 'retry-after': '3' } : {});

export function mockSeatApi(options: SeatApiMockOptions = {}): SeatApiMock {
  const originalFetch = globalThis.fetch;
  const OriginalEventSource = globalThis.EventSource;
  const events = options.events ?? { [DEMO_EVENTS.hall.id]: demoLayout('hall') };
  const state = new Map<string, { held: Set<string>; sold: Set<string>; version: number }>();
  for (const id of Object.keys(events)) state.set(id, { held: new Set(options.held), sold: new Set(options.sold), version: 1 });
  const holds = new Map<string, SeatHoldResponse>();
  const inCheckout = new Set<string>();
  const checkoutRefusal = () => error(409, 'seat_hold_in_checkout', 'These seats are in a payment that is still open.');
  const streams = new Set<FakeEventSource>();
  const requests: SeatApiMock['requests'] = [];
  let counter = 0;

  const snapshot = (eventId: string): SeatAvailabilityResponse => {
    const s = state.get(eventId)!;
    return { eventId, held: [...s.held], sold: [...s.sold], version: s.version };
  };

  const publish = (eventId: string, change: Omit<SeatAvailabilityChange, 'eventId' | 'version'>) => {
    const s = state.get(eventId)!;
    s.version++;
    const message: SeatAvailabilityChange = { eventId, version: s.version, ...change };
    for (const stream of streams) if (stream.eventId === eventId) stream.send('change', message);
  };

  class FakeEventSource extends EventTarget {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSED = 2;
    readyState = 0;
    readonly eventId: string;
    onmessage = null;
    onerror = null;
    onopen = null;
    constructor(readonly url: string) {
      super();
      this.eventId = decodeURIComponent(/\/api\/events\/([^/]+)\/seats\/stream/.exec(url)?.[1] ?? '');
      streams.add(this);
      if (options.delay === Infinity) return;
      void track(
        new Promise<void>((opened) =>
          setTimeout(() => {
            opened();
            if (this.readyState === 2 || !state.has(this.eventId)) return;
            this.readyState = 1;
            this.send('availability', snapshot(this.eventId));
          }, options.delay ?? 0),
        ),
      );
    }
    send(type: string, data: unknown) {
      if (this.readyState !== 1) return;
      this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data) }));
    }
    close() {
      this.readyState = 2;
      streams.delete(this);
    }
  }

  const answer = async (method: string, path: string, body: unknown): Promise<Response | undefined> => {
    let m: RegExpExecArray | null;
    if ((m = /^\/api\/events\/([^/]+)\/venue$/.exec(path))) {
      if (options.hang) return new Promise(() => undefined);
      if (options.failStatus) return error(options.failStatus, options.failStatus === 429 ? 'rate_limited' : 'upstream_unavailable', 'Service unavailable.');
      const layout = events[decodeURIComponent(m[1]!)];
      return layout ? json(200, layout) : error(404, 'not_found', 'No such event.');
    }
    if ((m = /^\/api\/events\/([^/]+)\/seats$/.exec(path))) {
      const id = decodeURIComponent(m[1]!);
      return state.has(id) ? json(200, snapshot(id)) : error(404, 'not_found', 'No such event.');
    }
    if (path === '/api/seat-holds' && method === 'POST') {
      const { eventId, seats } = body as { eventId: string; seats: string[] };
      const s = state.get(eventId);
      if (!s) return error(404, 'not_found', 'No such event.');
      // One page, one browser: the proxy's holder cookie makes every hold of this page the same buyer's.
      const previous = [...holds.values()].find((h) => h.eventId === eventId && h.status === 'held');
      if (previous && inCheckout.has(previous.id) && [...previous.seats].sort().join() !== [...seats].sort().join()) return checkoutRefusal();
      if (options.seatsPerAddress !== undefined && seats.length > options.seatsPerAddress) {
        return error(409, 'seat_hold_limit', 'Too many seats are held from this network.', [{ path: 'seats', message: `at most ${options.seatsPerAddress} more seats can be held from this network` }]);
      }
      const mine = new Set(previous?.seats);
      const taken = seats.map((id, i) => ({ id, i })).filter(({ id }) => (s.held.has(id) && !mine.has(id)) || s.sold.has(id));
      if (taken.length) {
        return error(409, 'seat_unavailable', 'Some seats are no longer available.', taken.map(({ i }) => ({ path: `seats.${i}`, message: 'is no longer available' })));
      }
      const freed = [...mine].filter((id) => !seats.includes(id));
      freed.forEach((id) => s.held.delete(id));
      seats.forEach((id) => s.held.add(id));
      const hold = {
        id: previous?.id ?? `hold_${++counter}`,
        eventId,
        seats,
        expiresAt: previous?.expiresAt ?? new Date(Date.now() + (options.holdMs ?? 300_000)).toISOString(),
        extended: previous?.extended ?? false,
        status: 'held' as const,
        serverTime: new Date().toISOString(),
      };
      holds.set(hold.id, hold);
      publish(eventId, { free: freed, held: seats.filter((id) => !mine.has(id)), sold: [] });
      return json(previous ? 200 : 201, hold);
    }
    if ((m = /^\/api\/seat-holds\/([^/]+)\/extend$/.exec(path))) {
      const hold = holds.get(decodeURIComponent(m[1]!));
      if (!hold || hold.status !== 'held') return error(404, 'not_found', 'No such hold.');
      if (hold.extended) return error(409, 'hold_already_extended', 'A hold can be extended once.');
      Object.assign(hold, { extended: true, expiresAt: new Date(Date.parse(hold.expiresAt) + (options.holdMs ?? 300_000)).toISOString() });
      return json(200, { ...hold, serverTime: new Date().toISOString() });
    }
    if ((m = /^\/api\/seat-holds\/([^/]+)$/.exec(path)) && method === 'DELETE') {
      const hold = holds.get(decodeURIComponent(m[1]!));
      if (!hold) return error(404, 'not_found', 'No such hold.');
      if (inCheckout.has(hold.id)) return checkoutRefusal();
      hold.status = 'released';
      const s = state.get(hold.eventId)!;
      hold.seats.forEach((id) => s.held.delete(id));
      publish(hold.eventId, { free: hold.seats, held: [], sold: [] });
      return json(204, undefined);
    }
    if (path === '/api/catalog' && options.catalog) {
      // Only what the ticket elements read: each event's presale rules.
      const countries = options.presaleCountries ?? ['HK'];
      return json(200, {
        events: [
          { id: DEMO_EVENTS.arena.id, name: 'Skyline Live — arena tour', presale: { rules: { issuerCountries: countries } }, categories: DEMO_EVENTS.arena.categories },
          { id: DEMO_EVENTS.hall.id, name: 'Harbour Strings — chamber night', presale: { rules: { schemes: ['visa'], cardTypes: ['credit'] } }, categories: DEMO_EVENTS.hall.categories },
        ],
      });
    }
    if (path === '/card-metadata' && method === 'POST') {
      if (options.metadataStatus) return error(options.metadataStatus, options.metadataStatus === 429 ? 'rate_limited' : 'upstream_unavailable', 'Try again later.');
      const { number, eventId } = body as { number: string; eventId?: string };
      const record = DEMO_BINS[number.slice(0, 6)];
      if (!record) return error(404, 'card_not_found', 'No card matches this BIN.');
      const result: CardMetadataResponse = { bin: number.slice(0, 6), ...record };
      if (eventId) {
        const countries = options.presaleCountries ?? ['HK'];
        const eligible = countries.includes(record.issuerCountry ?? '');
        result.eligibility = { eventId, eligible, reasons: eligible ? [] : [`issuer country must be ${countries.join(' or ')}`] };
      }
      return json(200, result);
    }
    return undefined;
  };

  const mockFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.method === 'GET' || request.method === 'DELETE' ? undefined : await request.clone().json().catch(() => undefined);
    const response = await answer(request.method, url.pathname, body);
    if (!response) return originalFetch(input, init);
    requests.push({ method: request.method, url: url.pathname, body });
    // `delay: Infinity` never answers (a loading state that stays); other answers on their way
    // are tracked, so a story is checked once they arrived (stories/support/in-flight.ts).
    if (options.delay === Infinity) return new Promise<Response>(() => undefined);
    if (options.delay) await track(new Promise((r) => setTimeout(r, options.delay)));
    return tracked(response);
  };
  globalThis.fetch = mockFetch;
  globalThis.EventSource = FakeEventSource as unknown as typeof EventSource;

  return {
    requests,
    take(eventId, seats, as = 'held') {
      const s = state.get(eventId)!;
      seats.forEach((id) => (as === 'held' ? s.held : s.sold).add(id));
      publish(eventId, { free: [], held: as === 'held' ? seats : [], sold: as === 'sold' ? seats : [] });
    },
    release(eventId, seats) {
      const s = state.get(eventId)!;
      seats.forEach((id) => s.held.delete(id));
      publish(eventId, { free: seats, held: [], sold: [] });
    },
    checkout(holdId) {
      inCheckout.add(holdId);
    },
    restore() {
      // Only undo our own patch: another stub installed on top (Storybook) stays in place.
      if (globalThis.fetch === mockFetch) globalThis.fetch = originalFetch;
      if (globalThis.EventSource === (FakeEventSource as unknown)) globalThis.EventSource = OriginalEventSource;
      for (const stream of streams) stream.close();
    },
  };
}
