import { StateConflictError } from '../errors.js';
import { type EventDraft, recordEvents } from '../events/record-events.js';
import type { Repositories, StoredOperation, StoredSubscription } from '../ports.js';
import type { OperationServiceDependencies } from '../use-cases/request-operation.js';
import { toOperationView, toSubscriptionView } from '../views.js';
import { type MigrationPlan, planMigration } from './migration-plan.js';
import {
  defaultMigrationDeadlineSeconds,
  describeMove,
  describeStep,
  type MigrationState,
  progressAt,
} from './migration-state.js';
import { newStepOperation } from './migration-steps.js';

export interface StartMigrationInput {
  tenantId: string;
  subscriptionId: string;
  body: unknown;
  idempotencyKey?: string | null;
}

/**
 * Start moving a line to another connection: one transaction stores the parent operation (`migrate`, its saga state
 * in `result`), its first step (a port-in at the target, pending for the engine) and the line's `migrating` status.
 * Nothing is sent here; a plan with problems stores nothing and throws the first of them.
 */
export async function startMigration(
  dependencies: OperationServiceDependencies & { migrationDeadlineSeconds?: number },
  input: StartMigrationInput,
): Promise<{ operation: StoredOperation; subscription: StoredSubscription }> {
  const plan = await planMigration(dependencies, input);
  if (plan.errors[0]) throw plan.errors[0];
  const prepared = prepareMigration(dependencies, plan, {
    tenantId: input.tenantId,
    idempotencyKey: input.idempotencyKey ?? null,
    parentOperationId: null,
    now: dependencies.clock.now(),
  });
  await dependencies.store.transaction(async (repositories) => {
    await writeMigration(repositories, prepared);
    await recordEvents(repositories, {
      tenantId: input.tenantId,
      ids: dependencies.ids,
      now: prepared.parent.createdAt,
      drafts: prepared.drafts,
    });
  });
  return { operation: prepared.parent, subscription: prepared.migrating };
}

export interface PreparedMigration {
  parent: StoredOperation;
  /** The first step: the port-in at the target, or the move at the source. */
  first: StoredOperation;
  migrating: StoredSubscription;
  drafts: EventDraft[];
}

/** The records a migration starts with, from a plan without problems. */
export function prepareMigration(
  dependencies: Pick<OperationServiceDependencies, 'ids'> & { migrationDeadlineSeconds?: number },
  plan: MigrationPlan,
  options: { tenantId: string; idempotencyKey: string | null; parentOperationId: string | null; now: Date },
): PreparedMigration {
  const { now } = options;
  const { subscription, target, source } = plan;
  const state: Omit<MigrationState, 'steps'> = {
    phase: plan.move ? 'moving' : 'porting_in',
    progress: progressAt(1, ''),
    source: plan.sourceLine,
    target: { connectionId: target.connection.id, connectionName: target.connection.name, carrier: target.plugin.id },
    servicesLost: plan.servicesLost,
    deadline: new Date(
      now.getTime() +
        1000 *
          (plan.request.deadlineSeconds ?? dependencies.migrationDeadlineSeconds ?? defaultMigrationDeadlineSeconds),
    ).toISOString(),
  };
  state.progress = plan.move
    ? progressAt(1, describeMove(state, plan.move.plan), 1)
    : progressAt(1, describeStep(1, state));
  const parent: StoredOperation = {
    id: dependencies.ids.newId('op'),
    tenantId: options.tenantId,
    subscriptionId: subscription.id,
    // The parent is the gateway's own work: it names the target, and the engine never claims it (no next attempt).
    carrierConnectionId: target.connection.id,
    carrier: target.plugin.id,
    kind: 'migrate',
    status: 'submitted',
    correlationId: dependencies.ids.newCorrelationId(),
    targetOperationId: null,
    parentOperationId: options.parentOperationId,
    request: plan.request as Record<string, unknown>,
    carrierReference: null,
    carrierStatus: null,
    result: null,
    error: null,
    warnings: plan.warnings,
    attempts: 0,
    nextAttemptAt: null,
    scheduledFor: null,
    idempotencyKey: options.idempotencyKey,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    leaseExpiresAt: null,
    leaseOwner: null,
    consecutiveFailures: 0,
    submittedAt: now,
    version: 0,
  };
  // A move within one carrier account is one operation of the carrier's at the source; otherwise a port-in at the
  // target comes first (the saga adds the cease when the number moved).
  const first = plan.move
    ? newStepOperation(dependencies.ids, {
        parent,
        kind: plan.move.kind,
        connectionId: source.connection.id,
        carrier: source.plugin.id,
        request: plan.portInRequest,
        warnings: plan.warnings,
        now,
      })
    : newStepOperation(dependencies.ids, {
        parent,
        kind: 'port_in',
        connectionId: target.connection.id,
        carrier: target.plugin.id,
        request: plan.portInRequest,
        warnings: plan.warnings,
        now,
      });
  const steps: MigrationState['steps'] = plan.move ? { move: first.id } : { portIn: first.id };
  parent.result = { ...state, steps } as unknown as Record<string, unknown>;
  const migrating: StoredSubscription = {
    ...subscription,
    status: 'migrating',
    version: subscription.version + 1,
    updatedAt: now,
  };
  const drafts: EventDraft[] = [
    {
      type: 'operation.created',
      subscriptionId: subscription.id,
      operationId: parent.id,
      data: { operation: toOperationView(parent) },
    },
    {
      type: 'operation.created',
      subscriptionId: subscription.id,
      operationId: first.id,
      data: { operation: toOperationView(first) },
    },
    {
      type: 'subscription.updated',
      subscriptionId: subscription.id,
      operationId: parent.id,
      data: { subscription: toSubscriptionView(migrating, source.connection.name) },
    },
  ];
  return { parent, first, migrating, drafts };
}

/** Store a prepared migration: the line's version is the condition, so a line changed since the plan is refused. */
export async function writeMigration(repositories: Repositories, prepared: PreparedMigration): Promise<void> {
  if (!(await repositories.subscriptions.update(prepared.migrating))) {
    throw new StateConflictError(
      `Subscription ${prepared.migrating.id} changed while this request was being checked; send it again.`,
    );
  }
  await repositories.operations.insert(prepared.parent);
  await repositories.operations.insert(prepared.first);
}
