/**
 * Insurance quotes.
 *
 * Part of the proxy's HTTP contract (contract/api): zod schemas the server validates with;
 * the kit imports their types only.
 */
import { z } from 'zod';
import { FIELD_MAX } from '../fields';
import { countrySchema, currencySchema, emailSchema, minorAmount, phoneSchema, text } from './common';

export const insuranceApplicantSchema = z.strictObject({
  name: text(FIELD_MAX.name),
  /** YYYY-MM-DD; the premium is loaded by age band and applicants must be INSURANCE_AGE (contract/insurance.ts). */
  dateOfBirth: z.iso.date('must be a date (YYYY-MM-DD)'),
  email: emailSchema,
  phone: phoneSchema,
  country: countrySchema,
});
export type InsuranceApplicant = z.infer<typeof insuranceApplicantSchema>;

/** `POST /api/insurance/quotes` */
export const insuranceQuoteRequestSchema = z.strictObject({
  planId: z.string().min(1).max(64),
  /** Ids of the plan's optional coverages the applicant added. */
  coverageOptions: z.array(z.string().min(1).max(64)).max(20).default([]),
  paymentFrequency: z.enum(['monthly', 'annual']).default('annual'),
  applicant: insuranceApplicantSchema,
  currency: currencySchema,
  /** The journey requires login: the quote is then bound to the session and refused without one. */
  requireLogin: z.boolean().default(false),
});
export type InsuranceQuoteRequest = z.input<typeof insuranceQuoteRequestSchema>;

/** → 201; also `GET /api/insurance/quotes/:id`. */
export const insuranceQuoteResponseSchema = z.strictObject({
  id: z.string(),
  planId: z.string(),
  planName: z.string(),
  currency: currencySchema,
  paymentFrequency: z.enum(['monthly', 'annual']),
  /** How each part of the premium was reached, in minor units of `currency`. */
  lines: z.array(z.strictObject({ kind: z.enum(['base', 'option', 'age', 'discount']), id: z.string(), label: z.string(), amount: z.number().int() })),
  /** The premium charged now (one month, or the year), in minor units. */
  amount: minorAmount,
  /** The applicant's age on the quote date, which set the age loading. */
  age: z.number().int(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  status: z.enum(['quoted', 'expired', 'paid']),
  requiresLogin: z.boolean(),
});
export type InsuranceQuoteResponse = z.infer<typeof insuranceQuoteResponseSchema>;
