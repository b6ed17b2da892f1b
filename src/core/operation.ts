import { z } from 'zod';
import { problemSchema } from './problem.js';

/** The asynchronous work the gateway can carry to a carrier. */
export const operationKinds = [
  'activate',
  'port_in',
  'change_port_in',
  'suspend',
  'resume',
  'cease',
  'reactivate',
  'sim_swap',
  'change_services',
  'change_plan',
  'change_number',
  'port_out',
  'cancel_activation',
  'cancel_port_in',
  'cancel_port_out',
  'cancel_cease',
  /** A carrier-only change (src/core/carrier-actions.ts): request `{action, input}`. */
  'carrier_action',
  /** A parent operation: moves a line to another connection through ordinary steps (src/core/migration). */
  'migrate',
  /** A parent of many migrations (POST /v1/migrations); its children are `migrate` operations. */
  'migrate_bulk',
] as const;
export const operationKindSchema = z.enum(operationKinds);
export type OperationKind = z.infer<typeof operationKindSchema>;

/** The gateway's own parent operations: never sent to a carrier, never in a carrier's capabilities. */
export const gatewayOwnKinds = ['migrate', 'migrate_bulk'] as const satisfies readonly OperationKind[];

/** Kinds that create a new subscription rather than act on an existing one. */
export const creatingKinds = ['activate', 'port_in'] as const satisfies readonly OperationKind[];

/** Kinds that act on another pending operation (the target), not directly on the subscription's status. */
export const targetingKinds = {
  change_port_in: ['port_in'],
  cancel_activation: ['activate'],
  cancel_port_in: ['port_in'],
  cancel_port_out: ['port_out'],
  cancel_cease: ['cease'],
} as const satisfies Partial<Record<OperationKind, readonly OperationKind[]>>;

export function isTargetingKind(kind: OperationKind): kind is keyof typeof targetingKinds {
  return kind in targetingKinds;
}

/**
 * `requires_action`: a parent operation (a migration) that ended where the gateway must not decide alone (the number
 * moved, but the source would not cease the line); its `error` says what a person must do.
 */
export const operationStatuses = [
  'pending',
  'submitted',
  'succeeded',
  'failed',
  'cancelled',
  'requires_action',
] as const;
export const operationStatusSchema = z.enum(operationStatuses);
export type OperationStatus = z.infer<typeof operationStatusSchema>;

export const terminalOperationStatuses: readonly OperationStatus[] = [
  'succeeded',
  'failed',
  'cancelled',
  'requires_action',
];

export const operationSchema = z.object({
  id: z.string().startsWith('op_'),
  tenantId: z.string(),
  subscriptionId: z.string(),
  carrierConnectionId: z.string(),
  carrier: z.string(),
  kind: operationKindSchema,
  status: operationStatusSchema,
  /**
   * A short id (≤ 15 characters) we send the carrier with the request so that, after a crash, we can ask the
   * carrier whether it received it (sTN referenceNumber; SPS uses the operation id as partnerTransactionId).
   */
  correlationId: z.string().max(15),
  /** The operation this one acts on (a cancellation or a port-in change). */
  targetOperationId: z.string().nullable(),
  /** The canonical request, as validated. */
  request: z.record(z.string(), z.unknown()),
  /** The carrier's id for the request (sTN activation id, SPS partnerTransactionId). */
  carrierReference: z.string().nullable(),
  /** The carrier's own status word, unmapped (INIT, BUSY, InProgress, …). */
  carrierStatus: z.string().nullable(),
  /** What the carrier told us on success (assigned MSISDN, eSIM activation code, …). */
  result: z.record(z.string(), z.unknown()).nullable(),
  error: problemSchema.nullable(),
  /** Soft gaps: things the carrier ignores that the caller asked for. */
  warnings: z.array(z.string()),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.string().nullable(),
  /** When the carrier should carry it out (a dated cease, a port date); null means now. */
  scheduledFor: z.string().nullable(),
  idempotencyKey: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
});
export type Operation = z.infer<typeof operationSchema>;
