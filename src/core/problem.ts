import { z } from 'zod';
import { type ErrorCode, errorCodes } from './errors.js';
import { portingRejectionReasonSchema } from './porting-rejections.js';

/** Every `code` a problem can carry: the error hierarchy's codes, plus `not_ready` (answered by /readyz itself). */
export const problemCodes = [...(Object.keys(errorCodes) as ErrorCode[]), 'not_ready'] as const;
export type ProblemCode = (typeof problemCodes)[number];

/** RFC 9457 problem details, with our extensions (`code`, `errors`). */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  /** Stable, machine-readable (`validation_failed`, `carrier_rejected`, …): switch on this, not on `title`. */
  code: z.enum(problemCodes),
  /** Field-level errors: `pointer` is a JSON pointer into the request (`/sim/iccid`) or a query parameter name. */
  errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
  /** For carrier errors: the carrier and its own words, unmapped. */
  carrier: z
    .object({
      id: z.string(),
      code: z.string().optional(),
      message: z.string().optional(),
      httpStatus: z.number().optional(),
      /** A refused port-in's reason in canonical words (wrong_account_number, wrong_pin, …), beside `code`. */
      reason: portingRejectionReasonSchema.optional(),
    })
    .optional(),
});
export type Problem = z.infer<typeof problemSchema>;
