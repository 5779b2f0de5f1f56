/**
 * The seat map's calls to the proxy, through the kit's one API client.
 */
import { apiRequest } from '../core/api';
import type {
  SeatAvailabilityResponse,
  SeatHoldResponse,
  VenueLayoutResponse,
} from '../../server/schemas/api';

export type { SeatAvailabilityResponse, SeatHoldResponse, VenueLayoutResponse };

const HOLDER_KEY = 'ck:seat-holder:v1';
let memoryHolder: string | undefined;

/**
 * This tab's buyer token for seat holds: random, generated here, kept for the tab's
 * session, sent as `X-Ck-Holder`. Only its holder can extend or release a hold, and a
 * buyer's new hold for an event replaces their previous one.
 */
export function holderToken(): string {
  let token: string | null | undefined;
  try {
    token = sessionStorage.getItem(HOLDER_KEY);
  } catch {
    token = memoryHolder;
  }
  if (!token || !/^[\w-]{22,64}$/.test(token)) {
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    token = btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
    memoryHolder = token;
    try {
      sessionStorage.setItem(HOLDER_KEY, token);
    } catch {
      // Private modes: the in-memory token lasts as long as the page.
    }
  }
  return token;
}

const eventPath = (eventId: string) => `/api/events/${encodeURIComponent(eventId)}`;
const holder = () => ({ 'x-ck-holder': holderToken() });

export const getVenue = (endpoint: string, eventId: string, signal?: AbortSignal) =>
  apiRequest<VenueLayoutResponse>(endpoint, `${eventPath(eventId)}/venue`, { signal, timeout: 30_000 });

export const getSeats = (endpoint: string, eventId: string, signal?: AbortSignal) =>
  apiRequest<SeatAvailabilityResponse>(endpoint, `${eventPath(eventId)}/seats`, { signal });

export const seatStreamUrl = (endpoint: string, eventId: string) =>
  `${endpoint.replace(/\/+$/, '')}${eventPath(eventId)}/seats/stream`;

export const holdSeats = (endpoint: string, eventId: string, seats: string[]) =>
  apiRequest<SeatHoldResponse>(endpoint, '/api/seat-holds', { body: { eventId, seats }, headers: holder() });

export const extendHold = (endpoint: string, id: string) =>
  apiRequest<SeatHoldResponse>(endpoint, `/api/seat-holds/${encodeURIComponent(id)}/extend`, { method: 'POST', body: {}, headers: holder() });

export const releaseHold = (endpoint: string, id: string) =>
  apiRequest<SeatHoldResponse | undefined>(endpoint, `/api/seat-holds/${encodeURIComponent(id)}`, { method: 'DELETE', headers: holder() });
