/**
 * Who may apply for insurance cover, counted the way the proxy counts.
 *
 * Part of the contract both sides obey (contract/README.md): plain values, no zod, no DOM.
 */

/** Who may apply for insurance cover: ages in whole years on the day of the quote. */
export const INSURANCE_AGE = { min: 18, max: 74 } as const;

/**
 * Whole years between a date of birth (YYYY-MM-DD) and a day, both as calendar dates in UTC —
 * the proxy's clock. The form shows the error the proxy would give, whatever the shopper's
 * time zone (in Auckland at 9 a.m. it is still yesterday in UTC).
 */
export function ageOn(dateOfBirth: string, on: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  let age = on.getUTCFullYear() - y;
  const month = on.getUTCMonth() + 1;
  if (month < m || (month === m && on.getUTCDate() < d)) age--;
  return age;
}
