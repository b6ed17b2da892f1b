import { z } from 'zod';
import { canonicalServicesSchema } from './services-catalogue.js';

/** Every status a line can be in, whatever carrier holds it. The transitions live in subscription-state-machine.ts. */
export const subscriptionStatuses = [
  'pending',
  'porting_in',
  'active',
  'suspended',
  'porting_out',
  'ported_out',
  /** In service at its connection while a migration moves it to another (the parent operation says where). */
  'migrating',
  'ceased',
  'failed',
  'cancelled',
] as const;
export const subscriptionStatusSchema = z.enum(subscriptionStatuses);
export type SubscriptionStatus = z.infer<typeof subscriptionStatusSchema>;

/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
export const e164Schema = z
  .string()
  .regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 phone number such as +31612345678');

/** ICCID: 18 to 22 digits (ITU-T E.118 allows 19–20 plus a Luhn digit; carriers vary). */
export const iccidSchema = z.string().regex(/^[0-9]{18,22}$/, 'must be an ICCID of 18 to 22 digits');

export const subscriptionSchema = z.object({
  id: z.string().startsWith('sub_'),
  tenantId: z.string(),
  carrierConnectionId: z.string(),
  /** The adapter (plugin) id of the carrier, as in CARRIER_PLUGINS. */
  carrier: z.string(),
  /** The carrier's own id for the line, once known (sTN subscriptionId, SPS subscriberId). */
  carrierSubscriptionId: z.string().nullable(),
  msisdn: e164Schema.nullable(),
  iccid: z.string().nullable(),
  esim: z.boolean(),
  eid: z.string().nullable(),
  imei: z.string().nullable(),
  plan: z.string().nullable(),
  services: canonicalServicesSchema,
  status: subscriptionStatusSchema,
  /** Optimistic concurrency: every write bumps it, and a write that expected another version is refused. */
  version: z.number().int().nonnegative(),
  /** Carrier facts we keep but do not model (SPS subscriberId, sTN providerEnvironment, …). */
  carrierData: z.record(z.string(), z.unknown()),
  externalReference: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Subscription = z.infer<typeof subscriptionSchema>;
