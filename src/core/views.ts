import { z } from 'zod';
import { operationKindSchema, operationStatusSchema } from './operation.js';
import type { StoredOperation, StoredSubscription } from './ports.js';
import { problemSchema } from './problem.js';
import { canonicalServicesSchema } from './services-catalogue.js';
import { subscriptionStatusSchema } from './subscription.js';

/**
 * The public JSON shape of a subscription and an operation: what the API answers and what events carry, so a
 * webhook and a GET say the same thing in the same words.
 */
export const subscriptionViewSchema = z.object({
  id: z.string(),
  object: z.literal('subscription'),
  /** The tenant's connection the line is on (what `connection` in requests names). */
  connection: z.string().describe('Carrier connection name: what `connection` in requests names'),
  carrierId: z.string().describe('The carrier (plugin) id'),
  carrier: z.string().describe('Deprecated: the connection name; read `connection`'),
  carrierType: z.string().describe('Deprecated: the carrier (plugin) id; read `carrierId`'),
  carrierSubscriptionId: z.string().nullable(),
  status: subscriptionStatusSchema,
  msisdn: z.string().nullable(),
  iccid: z.string().nullable(),
  esim: z.boolean(),
  eid: z.string().nullable(),
  imei: z.string().nullable(),
  plan: z.string().nullable(),
  services: canonicalServicesSchema,
  externalReference: z.string().nullable(),
  /** How the line's connection was chosen: named in the request, a routing rule (by index), or the default. */
  routedBy: z
    .object({
      by: z.enum(['request', 'rule', 'default']),
      rule: z.number().int().optional(),
      connection: z.string().optional(),
      description: z.string().optional(),
    })
    .nullable(),
  /** The carrier's latest word on a port under way or last done (sTN portingStatus, dates, order number). */
  porting: z.record(z.string(), z.unknown()).nullable(),
  /** The connections the line was held at before, one entry per completed migration, oldest first. */
  carrierHistory: z.array(
    z.object({
      fromConnectionId: z.string(),
      fromCarrier: z.string(),
      toConnectionId: z.string(),
      toCarrier: z.string(),
      fromCarrierSubscriptionId: z.string().nullable(),
      fromIccid: z.string().nullable(),
      movedAt: z.string(),
      migrationOperationId: z.string(),
      stepOperationIds: z.array(z.string()),
    }),
  ),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SubscriptionView = z.infer<typeof subscriptionViewSchema>;

export const operationViewSchema = z.object({
  id: z.string(),
  object: z.literal('operation'),
  kind: operationKindSchema,
  status: operationStatusSchema,
  subscriptionId: z.string(),
  carrierId: z.string().describe('The carrier (plugin) id'),
  carrierType: z.string().describe('Deprecated: the carrier (plugin) id; read `carrierId`'),
  targetOperationId: z.string().nullable(),
  /** The parent operation (a migration) this one is a step of. */
  parentOperationId: z.string().nullable(),
  /** For a parent operation: which of its steps is under way (`step 2 of 3`). */
  progress: z.object({ step: z.number().int(), of: z.number().int(), description: z.string() }).nullable(),
  request: z.record(z.string(), z.unknown()),
  /** The id we sent the carrier with the request (sTN referenceNumber), for looking it up on the carrier's side. */
  correlationId: z.string(),
  carrierReference: z.string().nullable(),
  carrierStatus: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: problemSchema.nullable(),
  warnings: z.array(z.string()),
  attempts: z.number().int(),
  scheduledFor: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  links: z.object({ self: z.string(), subscription: z.string() }),
});
export type OperationView = z.infer<typeof operationViewSchema>;

export function toSubscriptionView(subscription: StoredSubscription, connectionName: string): SubscriptionView {
  return {
    id: subscription.id,
    object: 'subscription',
    connection: connectionName,
    carrierId: subscription.carrier,
    carrier: connectionName,
    carrierType: subscription.carrier,
    carrierSubscriptionId: subscription.carrierSubscriptionId,
    status: subscription.status,
    msisdn: subscription.msisdn,
    iccid: subscription.iccid,
    esim: subscription.esim,
    eid: subscription.eid,
    imei: subscription.imei,
    plan: subscription.plan,
    services: subscription.services,
    externalReference: subscription.externalReference,
    routedBy: (subscription.carrierData.routedBy as SubscriptionView['routedBy'] | undefined) ?? null,
    porting: (subscription.carrierData.porting as Record<string, unknown> | undefined) ?? null,
    carrierHistory: subscription.carrierHistory ?? [],
    version: subscription.version,
    createdAt: subscription.createdAt.toISOString(),
    updatedAt: subscription.updatedAt.toISOString(),
  };
}

export function toOperationView(operation: StoredOperation): OperationView {
  return {
    id: operation.id,
    object: 'operation',
    kind: operation.kind,
    status: operation.status,
    subscriptionId: operation.subscriptionId,
    carrierId: operation.carrier,
    carrierType: operation.carrier,
    targetOperationId: operation.targetOperationId,
    parentOperationId: operation.parentOperationId ?? null,
    progress: (operation.result?.progress as OperationView['progress'] | undefined) ?? null,
    request: operation.request,
    correlationId: operation.correlationId,
    carrierReference: operation.carrierReference,
    carrierStatus: operation.carrierStatus,
    result: operation.result,
    error: operation.error,
    warnings: operation.warnings,
    attempts: operation.attempts,
    scheduledFor: operation.scheduledFor?.toISOString() ?? null,
    nextAttemptAt: operation.nextAttemptAt?.toISOString() ?? null,
    createdAt: operation.createdAt.toISOString(),
    updatedAt: operation.updatedAt.toISOString(),
    completedAt: operation.completedAt?.toISOString() ?? null,
    links: {
      self: `/v1/operations/${operation.id}`,
      subscription: `/v1/subscriptions/${operation.subscriptionId}`,
    },
  };
}
