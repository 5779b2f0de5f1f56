/**
 * The one error shape of every answer ≥ 400.
 *
 * Part of the proxy's HTTP contract (contract/api): zod schemas the server validates with;
 * the kit imports their types only.
 */
import { z } from 'zod';

export const errorResponseSchema = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
