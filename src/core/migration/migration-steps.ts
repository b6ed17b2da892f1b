import type { IdGenerator } from '../ids.js';
import type { OperationKind } from '../operation.js';
import type { StoredOperation } from '../ports.js';

/** A step of a migration: an ordinary operation, run by the engine like any other, linked to its parent. */
export function newStepOperation(
  ids: IdGenerator,
  options: {
    parent: StoredOperation;
    kind: OperationKind;
    connectionId: string;
    carrier: string;
    request: Record<string, unknown>;
    targetOperationId?: string;
    warnings?: string[];
    now: Date;
  },
): StoredOperation {
  const { parent, now } = options;
  return {
    id: ids.newId('op'),
    tenantId: parent.tenantId,
    subscriptionId: parent.subscriptionId,
    carrierConnectionId: options.connectionId,
    carrier: options.carrier,
    kind: options.kind,
    status: 'pending',
    correlationId: ids.newCorrelationId(),
    targetOperationId: options.targetOperationId ?? null,
    parentOperationId: parent.id,
    request: options.request,
    carrierReference: null,
    carrierStatus: null,
    result: null,
    error: null,
    warnings: options.warnings ?? [],
    attempts: 0,
    nextAttemptAt: now,
    scheduledFor: null,
    idempotencyKey: null,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    leaseExpiresAt: null,
    leaseOwner: null,
    consecutiveFailures: 0,
    submittedAt: null,
    version: 0,
  };
}
