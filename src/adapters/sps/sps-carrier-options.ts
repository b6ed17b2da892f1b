import { z } from 'zod';
import type { SpsSupportedKind } from './sps-capabilities.js';

/**
 * `carrierOptions.sps`: what SPS needs that our canonical request does not carry. Strict, so a misspelt option is
 * an error the caller sees rather than something silently dropped. The Location and Product shapes are inferred
 * (sps.md §7.7, §7.8).
 */
export const spsLocationSchema = z.strictObject({
  addressLine1: z.string().min(1).max(100),
  addressLine2: z.string().max(100).optional(),
  city: z.string().min(1).max(50),
  state: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter US state code such as CO'),
  zipCode: z.string().regex(/^[0-9]{5}$/, 'must be a five-digit ZIP code'),
  zipCode4: z
    .string()
    .regex(/^[0-9]{4}$/, 'must be the four-digit ZIP+4 extension')
    .optional(),
  country: z.literal('US').optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
});
export type SpsLocation = z.infer<typeof spsLocationSchema>;

export const spsProductSchema = z.strictObject({
  productId: z.string().min(1).max(36),
  action: z.enum(['ADD', 'REMOVE', 'UPDATE']),
  quantity: z.number().int().min(1).optional(),
  effectiveDate: z.iso.date().optional(),
});

const subscriberId = z
  .string()
  .min(1)
  .max(36)
  .regex(/^[-a-zA-Z0-9\s].*$/, 'must start with a letter, digit, hyphen or space');
const bucketRefId = z.array(z.string().min(1)).min(1);
const products = z.array(spsProductSchema).min(1);
const billCycleStartDay = z.number().int().min(1).max(28);
const pei = z.string().regex(/^[0-9]{15,17}$/, 'must be a PEI/IMEI of 15 to 17 digits');
const gpsiReservationId = z.string().min(1).max(36);

/**
 * Every SPS request may act for one brand (a sub-node of our customer hierarchy): `wholesaleCustomerId`, sent as the
 * header of that name for this request only, over the connection's own (sps.md: "wholesaleCustomerId header").
 */
const brand = { wholesaleCustomerId: z.string().min(1).max(12).optional() };

const activationOptions = z.strictObject({
  ...brand,
  /** Defaults to our subscription id, which is unique and fits SPS's 36 characters. */
  subscriberId: subscriberId.optional(),
  location: spsLocationSchema,
  bucketRefId: bucketRefId.optional(),
  products: products.optional(),
  /** Omitted: SPS uses today's day of the month when it is 1..28, else 1. */
  billCycleStartDay: billCycleStartDay.optional(),
  /** The device's PEI/IMEI, when not given as the canonical `imei`. */
  pei: pei.optional(),
});

const noOptions = z.strictObject({ ...brand });

export const spsCarrierOptionSchemas = {
  activate: activationOptions,
  port_in: activationOptions,
  suspend: noOptions,
  resume: noOptions,
  cease: noOptions,
  reactivate: noOptions,
  sim_swap: z.strictObject({ ...brand, pei: pei.optional() }),
  change_number: z.strictObject({
    ...brand,
    /** The number-selection order that reserved the new number; needed when a specific number is asked for. */
    gpsiReservationId: gpsiReservationId.optional(),
  }),
  change_plan: z.strictObject({ ...brand, bucketRefId: bucketRefId.optional(), products: products.optional() }),
  // Products beyond the mapped services go with change_plan; one MACD per operation keeps each result readable.
  change_services: noOptions,
} as const satisfies Record<SpsSupportedKind, z.ZodType>;

export type SpsActivationOptions = z.infer<typeof activationOptions>;
export type SpsCarrierOptions<K extends SpsSupportedKind> = z.infer<(typeof spsCarrierOptionSchemas)[K]>;
