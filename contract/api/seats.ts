/**
 * Venues, seat availability (and its live stream) and seat holds.
 *
 * Part of the proxy's HTTP contract (contract/api): zod schemas the server validates with;
 * the kit imports their types only.
 */
import { z } from 'zod';
import { priceCategorySchema, translationsOf } from './catalog';

/**
 * A venue layout, compact enough for 100,000 seats: each row is a straight line of seats
 * given by its first seat's position and the step to the next one (curved or angled
 * sections are made of rows with their own step vectors). Seat ids are
 * `${section.id}:${row.label}:${number}`.
 */
export const venueRowSchema = z.strictObject({
  label: z.string().min(1).max(8),
  /** Price category id of every seat in the row. */
  category: z.string().min(1).max(32),
  seats: z.number().int().positive().max(500),
  /** Number of the first seat; seats count up from it. */
  firstNumber: z.number().int().nonnegative().default(1),
  x: z.number(),
  y: z.number(),
  dx: z.number(),
  dy: z.number(),
  /**
   * Curved or irregular rows (arcs, aisles): every seat's position as a flat list
   * `[x0, y0, x1, y1, …]`, `2 × seats` numbers. When present it wins over x/y + dx/dy,
   * which still give the first seat and a straight-line approximation for simple clients.
   */
  points: z.array(z.number()).optional(),
}).refine((row) => !row.points || row.points.length === row.seats * 2, {
  message: 'points must hold an x and a y for every seat',
  path: ['points'],
});

export const venueSectionSchema = z.strictObject({
  id: z.string().min(1).max(16),
  name: z.string().min(1).max(100),
  /** The section's name in other languages (the seat map's list and seat labels). */
  translations: translationsOf({ name: z.string().min(1).max(100) }),
  rows: z.array(venueRowSchema).min(1),
});

export const venueLayoutResponseSchema = z.strictObject({
  eventId: z.string(),
  venueId: z.string(),
  name: z.string(),
  /** The venue's name and its stage's label in other languages. */
  translations: translationsOf({ name: z.string().min(1).max(200), stage: z.string().min(1).max(40) }),
  /** Layout coordinate space; seats are unit-spaced circles of radius ~0.4 in it. */
  width: z.number().positive(),
  height: z.number().positive(),
  stage: z.strictObject({ x: z.number(), y: z.number(), width: z.number(), height: z.number(), label: z.string() }).optional(),
  categories: z.array(priceCategorySchema),
  sections: z.array(venueSectionSchema),
  seatCount: z.number().int().nonnegative(),
  /** The event's limit of seats in one order (a seat map's default maximum selection). */
  maxSeatsPerOrder: z.number().int().positive().optional(),
  /** A members' presale: seats are held for the logged-in user only (a seat map asks for the login first). */
  requiresLogin: z.boolean().optional(),
});
export type VenueLayoutResponse = z.infer<typeof venueLayoutResponseSchema>;

export const seatIdSchema = z.string().regex(/^[\w-]{1,16}:[\w-]{1,8}:\d{1,4}$/, 'must be a seat id like "A:12:7"');

/** `GET /api/events/:id/seats` and each `availability` message of its SSE stream. */
export const seatAvailabilityResponseSchema = z.strictObject({
  eventId: z.string(),
  /** Unavailable seats only; every other seat of the layout is free. */
  sold: z.array(z.string()),
  held: z.array(z.string()),
  /** Monotonic version, so a client can ignore out-of-order updates. */
  version: z.number().int().nonnegative(),
});
export type SeatAvailabilityResponse = z.infer<typeof seatAvailabilityResponseSchema>;

/**
 * The SSE stream (`GET /api/events/:id/seats/stream`) sends one `availability` message (the
 * snapshot above), then a `change` message per committed change: the seats whose state moved,
 * with the event's version after it. A client that sees a gap in versions reloads the snapshot.
 */
export const seatAvailabilityChangeSchema = z.strictObject({
  eventId: z.string(),
  version: z.number().int().nonnegative(),
  free: z.array(z.string()),
  held: z.array(z.string()),
  sold: z.array(z.string()),
});
export type SeatAvailabilityChange = z.infer<typeof seatAvailabilityChangeSchema>;

export const seatHoldRequestSchema = z.strictObject({
  eventId: z.string().min(1).max(64),
  seats: z.array(seatIdSchema).min(1).max(20),
});

export const seatHoldResponseSchema = z.strictObject({
  id: z.string(),
  eventId: z.string(),
  seats: z.array(z.string()),
  expiresAt: z.iso.datetime(),
  /** A hold can be extended once. */
  extended: z.boolean(),
  status: z.enum(['held', 'released', 'expired', 'sold']),
  /** The server's clock when it answered, so a countdown can correct for a skewed device clock. */
  serverTime: z.iso.datetime().optional(),
});
export type SeatHoldResponse = z.infer<typeof seatHoldResponseSchema>;
