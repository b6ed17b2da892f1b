import { z } from '@hono/zod-openapi';
import type { CdrView, InvoiceView, SimCardView, UsageRecordView } from '../core/index.js';

/**
 * The canonical shapes of the reads passed through to carriers (src/core/adapter.ts), as named schemas: what a
 * generated client types the items of /v1/sim-cards, /usage, /cdrs and /v1/invoices as. `raw` is the carrier's
 * own record, unmapped, for what the canonical fields leave out.
 */
const raw = z.record(z.string(), z.unknown()).describe("The carrier's own record, unmapped");
const trafficType = z.enum(['data', 'voice', 'sms', 'other']);
const unit = z.enum(['MB', 'seconds', 'messages', 'units']);
const warnings = z
  .array(z.string())
  .optional()
  .describe('What could not be mapped faithfully, e.g. a number in a format the adapter does not know (kept as sent)');

export const simCardSchema = z
  .object({
    iccid: z.string(),
    status: z.enum(['available', 'in_use', 'disabled', 'reserved', 'unknown']),
    carrierStatus: z.string().describe("The carrier's own status word"),
    type: z.string().nullable().describe('SIM type as the carrier names it (USIM, …)'),
    msisdn: z.string().nullable().describe('E.164'),
    carrierSubscriptionId: z.string().nullable(),
    warnings,
  })
  .openapi('SimCard') satisfies z.ZodType<SimCardView>;

export const usageRecordSchema = z
  .object({ period: z.string(), type: trafficType, quantity: z.number(), unit, raw })
  .openapi('UsageRecord') satisfies z.ZodType<UsageRecordView>;

export const cdrSchema = z
  .object({
    id: z.string(),
    at: z.string().describe('When the call, message or session started (ISO 8601)'),
    type: trafficType,
    destination: z
      .string()
      .nullable()
      .describe(
        'The number called or texted, in E.164; null for a data session; as sent (with a warning) when unknown',
      ),
    quantity: z.number(),
    unit,
    raw,
    warnings,
  })
  .openapi('Cdr') satisfies z.ZodType<CdrView>;

export const invoiceSchema = z
  .object({ id: z.string(), period: z.string().nullable().describe('YYYY-MM'), raw })
  .openapi('Invoice') satisfies z.ZodType<InvoiceView>;
