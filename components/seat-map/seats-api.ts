/**
 * The seat map's calls to the proxy, through the kit's one API client. Who holds is the proxy's
 * call: it issues this browser a signed, HttpOnly holder cookie with its first hold, and the
 * client's `credentials: 'include'` sends it back; the kit never names a holder itself.
 */
import { apiRequest } from '../core/api';
import type {
  SeatAvailabilityResponse,
  SeatHoldResponse,
  VenueLayoutResponse,
} from '../../contract/api';

export type { SeatAvailabilityResponse, SeatHoldResponse, VenueLayoutResponse };

const eventPath = (eventId: string) => `/api/events/${encodeURIComponent(eventId)}`;

export const getVenue = (endpoint: string, eventId: string, signal?: AbortSignal) =>
  apiRequest<VenueLayoutResponse>(endpoint, `${eventPath(eventId)}/venue`, { signal, timeout: 30_000 });

export const getSeats = (endpoint: string, eventId: string, signal?: AbortSignal) =>
  apiRequest<SeatAvailabilityResponse>(endpoint, `${eventPath(eventId)}/seats`, { signal });

export const seatStreamUrl = (endpoint: string, eventId: string) =>
  `${endpoint.replace(/\/+$/, '')}${eventPath(eventId)}/seats/stream`;

export const holdSeats = (endpoint: string, eventId: string, seats: string[]) =>
  apiRequest<SeatHoldResponse>(endpoint, '/api/seat-holds', { body: { eventId, seats } });

export const extendHold = (endpoint: string, id: string) =>
  apiRequest<SeatHoldResponse>(endpoint, `/api/seat-holds/${encodeURIComponent(id)}/extend`, { method: 'POST', body: {} });

export const releaseHold = (endpoint: string, id: string) =>
  apiRequest<SeatHoldResponse | undefined>(endpoint, `/api/seat-holds/${encodeURIComponent(id)}`, { method: 'DELETE' });
