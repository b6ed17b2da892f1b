import { z } from 'zod';
import type { OperationKind } from './operation.js';
import { canonicalServicesSchema } from './services-catalogue.js';
import { e164Schema, iccidSchema } from './subscription.js';

/**
 * The canonical request of each operation kind: what a caller asks for, carrier-neutral. Carrier-only knobs travel
 * in `carrierOptions.<carrierId>` and are validated by that adapter's own schema. Schemas are strict: an unknown
 * field is a mistake we tell the caller about, not something we silently drop.
 */
const isoDateTime = z.iso.datetime({ offset: true });

/** Free-form per-carrier options, keyed by adapter id; each adapter validates its own key. */
export const carrierOptionsSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

export const physicalSimSchema = z.strictObject({
  type: z.literal('physical'),
  iccid: iccidSchema,
});
export const esimSchema = z.strictObject({
  type: z.literal('esim'),
  /** The device's EID, where the carrier needs it to bind the profile (SPS BYOD). */
  eid: z
    .string()
    .regex(/^[0-9]{19,32}$/, 'must be an EID of 19 to 32 digits')
    .optional(),
  /** Where the carrier e-mails the eSIM profile (sTN). */
  deliveryEmail: z.email().optional(),
  /** A code the user types to install the profile (sTN, at most 10 characters). */
  confirmationCode: z.string().min(1).max(10).optional(),
});
export const simSchema = z.discriminatedUnion('type', [physicalSimSchema, esimSchema]);
export type SimRequest = z.infer<typeof simSchema>;

const common = {
  /** The caller's own reference for this request; echoed on the operation. */
  externalReference: z.string().max(64).optional(),
  carrierOptions: carrierOptionsSchema.optional(),
};

export const activateRequestSchema = z.strictObject({
  /** The carrier connection to activate on (its name); when absent, the tenant's routing rules, then its default. */
  connection: z.string().min(1).max(64).optional(),
  /** Deprecated name of `connection` (it names a connection, not a carrier); still accepted. */
  carrier: z.string().min(1).max(64).optional(),
  /** A label the tenant's routing rules can match (`match.routing`) when no connection is named. */
  routing: z.string().min(1).max(64).optional(),
  sim: simSchema,
  /** Carrier plan: sTN provider environment (SP16001), SPS wholesale plan id. */
  plan: z.string().min(1).max(36).optional(),
  services: canonicalServicesSchema.optional(),
  /** Carry it out at this moment instead of now (where the carrier can schedule). */
  activateAt: isoDateTime.optional(),
  /** The device's IMEI, where known. */
  imei: z
    .string()
    .regex(/^[0-9]{14,17}$/, 'must be an IMEI of 14 to 17 digits')
    .optional(),
  ...common,
});
export type ActivateRequest = z.infer<typeof activateRequestSchema>;

export const portInDetailsSchema = z.strictObject({
  msisdn: e164Schema,
  /** The customer's account number at the donor operator. */
  donorAccountNumber: z.string().min(1).max(64).optional(),
  donorAccountName: z.string().min(1).max(128).optional(),
  /** The account PIN/passcode at the donor (US porting). */
  donorAccountPin: z.string().min(1).max(20).optional(),
  /** When the number should move; the carrier may move it later. */
  portAt: isoDateTime.optional(),
  note: z.string().max(164).optional(),
});
export const portInRequestSchema = activateRequestSchema.omit({ activateAt: true }).extend({
  portIn: portInDetailsSchema,
});
export type PortInRequest = z.infer<typeof portInRequestSchema>;

export const changePortInRequestSchema = z.strictObject({
  portAt: isoDateTime.optional(),
  donorAccountNumber: z.string().min(1).max(64).optional(),
  ...common,
});

export const simpleLifecycleRequestSchema = z.strictObject({
  reason: z.string().max(164).optional(),
  ...common,
});

export const ceaseRequestSchema = z.strictObject({
  /** A future moment to cease at (a scheduled cease, cancellable until then); absent means now. */
  ceaseAt: isoDateTime.optional(),
  reason: z.string().max(164).optional(),
  ...common,
});

export const simSwapRequestSchema = z.strictObject({
  sim: simSchema,
  imei: z
    .string()
    .regex(/^[0-9]{14,17}$/, 'must be an IMEI of 14 to 17 digits')
    .optional(),
  ...common,
});

export const changeServicesRequestSchema = z.strictObject({
  services: canonicalServicesSchema,
  ...common,
});

export const changePlanRequestSchema = z.strictObject({
  plan: z.string().min(1).max(36),
  effectiveAt: isoDateTime.optional(),
  ...common,
});

export const changeNumberRequestSchema = z.strictObject({
  /** A specific new number (where the carrier lets you choose one); absent lets the carrier pick. */
  msisdn: e164Schema.optional(),
  ...common,
});

export const portOutRequestSchema = z.strictObject({
  portAt: isoDateTime.optional(),
  ...common,
});

export const cancelRequestSchema = z.strictObject({
  note: z.string().max(164).optional(),
  ...common,
});

/** A carrier action that changes the line: its name and its input, which the action's own schema validates. */
export const carrierActionRequestSchema = z.strictObject({
  action: z.string().min(1).max(64),
  input: z.record(z.string(), z.unknown()).default({}),
  ...common,
});
/**
 * Move a line to another connection (POST /v1/subscriptions/{id}/migrate): the line keeps its id and number; the
 * target ports the number in onto the new SIM, then the source ceases its line.
 */
export const migrateRequestSchema = z.strictObject({
  /** The name of the connection the line moves to. */
  targetConnection: z.string().min(1).max(64),
  /** The SIM the line uses at the target; leave it out for a move within one carrier account (the SIM stays). */
  sim: simSchema.optional(),
  /** What the target needs to port the number in (the donor is the source); the number is the line's own. */
  portIn: portInDetailsSchema.omit({ msisdn: true }).optional(),
  /** The plan at the target; absent: the line's plan where the target has it, else the target's default. */
  plan: z.string().min(1).max(36).optional(),
  /**
   * How long the target may take to complete the port-in, from the start of the migration; after it the migration
   * cancels the port-in and the line stays where it was. Absent: the gateway's MIGRATION_DEADLINE_SECONDS.
   */
  deadlineSeconds: z
    .int()
    .min(60)
    .max(90 * 86_400)
    .optional(),
  ...common,
});
export type MigrateRequest = z.infer<typeof migrateRequestSchema>;

/** Many lines to one connection (POST /v1/migrations): each line names its SIM at the target. */
export const bulkMigrateRequestSchema = z.strictObject({
  targetConnection: z.string().min(1).max(64),
  lines: z
    .array(
      z.strictObject({
        subscriptionId: z.string().min(1).max(64),
        sim: simSchema,
        portIn: portInDetailsSchema.omit({ msisdn: true }).optional(),
        plan: z.string().min(1).max(36).optional(),
      }),
    )
    .min(1)
    .max(1000),
  /** Port-in details shared by every line (a line's own `portIn` fields win). */
  portIn: portInDetailsSchema.omit({ msisdn: true }).optional(),
  ...common,
});
export type BulkMigrateRequest = z.infer<typeof bulkMigrateRequestSchema>;

/** The request schema of every kind, so any layer can validate a stored or incoming request the same way. */
export const operationRequestSchemas = {
  activate: activateRequestSchema,
  port_in: portInRequestSchema,
  change_port_in: changePortInRequestSchema,
  suspend: simpleLifecycleRequestSchema,
  resume: simpleLifecycleRequestSchema,
  cease: ceaseRequestSchema,
  reactivate: simpleLifecycleRequestSchema,
  sim_swap: simSwapRequestSchema,
  change_services: changeServicesRequestSchema,
  change_plan: changePlanRequestSchema,
  change_number: changeNumberRequestSchema,
  port_out: portOutRequestSchema,
  cancel_activation: cancelRequestSchema,
  cancel_port_in: cancelRequestSchema,
  cancel_port_out: cancelRequestSchema,
  cancel_cease: cancelRequestSchema,
  carrier_action: carrierActionRequestSchema,
  migrate: migrateRequestSchema,
  migrate_bulk: bulkMigrateRequestSchema,
} as const satisfies Record<OperationKind, z.ZodType>;

export type OperationRequest<K extends OperationKind> = z.infer<(typeof operationRequestSchemas)[K]>;
