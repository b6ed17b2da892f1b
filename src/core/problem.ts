import { z } from 'zod';

/** RFC 9457 problem details, with our extensions (`code`, `errors`). */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  /** Stable machine-readable code (`validation_failed`, `carrier_rejected`, …). */
  code: z.string(),
  /** Field-level errors: `pointer` is a JSON pointer into the request (`/sim/iccid`) or a query parameter name. */
  errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
  /** For carrier errors: the carrier and its own words, unmapped. */
  carrier: z
    .object({
      id: z.string(),
      code: z.string().optional(),
      message: z.string().optional(),
      httpStatus: z.number().optional(),
    })
    .optional(),
});
export type Problem = z.infer<typeof problemSchema>;
