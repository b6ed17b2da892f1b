import type { OperationOutcome } from '../engine/apply-carrier-update.js';
import { ConcurrentWrite } from '../engine/concurrent-write.js';
import { GatewayError } from '../errors.js';
import type { EventDraft } from '../events/record-events.js';
import type { IdGenerator } from '../ids.js';
import { terminalOperationStatuses } from '../operation.js';
import type { MigrateRequest } from '../operation-requests.js';
import type { CarrierHistoryEntry, Repositories, StoredOperation, StoredSubscription } from '../ports.js';
import type { Problem } from '../problem.js';
import { toOperationView, toSubscriptionView } from '../views.js';
import { bulkMigrationProgressed } from './bulk-migration.js';
import {
  describeMove,
  describeStep,
  type MigrationState,
  migrationStateOf,
  progressAt,
  targetSimOf,
} from './migration-state.js';
import { newStepOperation } from './migration-steps.js';

/**
 * The migration saga: what happens to the parent and the line when one of its steps finishes or progresses. Called by
 * applyOperationOutcome inside the transaction that records the step's outcome, so the step's end, the parent's next
 * state and the next step are committed together or not at all; every write names the version it read.
 *
 * Before the number moved (port-in at the target not yet succeeded) a failure compensates: the line was never
 * changed, so it goes back to `active` at the source, and `subscription.migration_compensated` says so. After it
 * moved, nothing rolls back: a failing source cease ends the parent `requires_action` with what a person must do.
 */
interface SagaContext {
  repositories: Repositories;
  ids: IdGenerator;
  now: Date;
}

function withState(parent: StoredOperation, state: MigrationState, now: Date): StoredOperation {
  return { ...parent, result: state as unknown as Record<string, unknown>, updatedAt: now };
}

async function writeParent(context: SagaContext, parent: StoredOperation): Promise<StoredOperation> {
  const written = await context.repositories.operations.update(parent);
  if (!written) throw new ConcurrentWrite();
  return written;
}

/** End a migration, and count it on its bulk move when it is one of many. */
async function endMigration(
  context: SagaContext,
  parent: StoredOperation,
  drafts: (ended: StoredOperation) => EventDraft[],
): Promise<EventDraft[]> {
  const ended = await writeParent(context, parent);
  return [...drafts(ended), ...(await bulkMigrationProgressed(context, ended))];
}

async function writeLine(context: SagaContext, line: StoredSubscription): Promise<StoredSubscription> {
  const written = await context.repositories.subscriptions.update(line);
  if (!written) throw new ConcurrentWrite();
  return written;
}

async function loadParent(context: SagaContext, step: StoredOperation) {
  if (!step.parentOperationId) return null;
  const parent = await context.repositories.operations.getById(step.parentOperationId);
  if (parent?.kind !== 'migrate' || terminalOperationStatuses.includes(parent.status)) return null;
  const line = await context.repositories.subscriptions.get(parent.tenantId, parent.subscriptionId);
  if (!line) throw new GatewayError('internal', `subscription ${parent.subscriptionId} of ${parent.id} is missing`);
  return { parent, state: migrationStateOf(parent), line };
}

/** A step's parent migration, its saga state and the line, as `loadParent` found them. */
type LoadedParent = NonNullable<Awaited<ReturnType<typeof loadParent>>>;

/** The connection name the line's events show, after the saga moved it or not. */
function connectionNameOf(state: MigrationState, line: StoredSubscription): string {
  return line.carrierConnectionId === state.target.connectionId
    ? state.target.connectionName
    : state.source.connectionName;
}

function ended(
  parent: StoredOperation,
  state: MigrationState,
  status: 'succeeded' | 'failed' | 'cancelled' | 'requires_action',
  now: Date,
  problem: Problem | null,
): StoredOperation {
  return {
    ...withState(parent, { ...state, phase: 'finished' }, now),
    status,
    error: problem,
    nextAttemptAt: null,
    completedAt: now,
  };
}

function parentEvent(type: EventDraft['type'], parent: StoredOperation): EventDraft {
  return {
    type,
    subscriptionId: parent.subscriptionId,
    operationId: parent.id,
    data: { operation: toOperationView(parent) },
  };
}

function lineEvent(
  type: EventDraft['type'],
  parent: StoredOperation,
  line: StoredSubscription,
  connectionName: string,
  extra: Record<string, unknown> = {},
): EventDraft {
  return {
    type,
    subscriptionId: line.id,
    operationId: parent.id,
    data: { subscription: toSubscriptionView(line, connectionName), ...extra },
  };
}

/** A step reported progress: the first word from the target after the port-in was accepted moves to step 2. */
export async function migrationStepProgressed(
  context: SagaContext,
  step: StoredOperation,
  carrierStatus: string,
): Promise<EventDraft[]> {
  if (step.kind !== 'port_in') return [];
  const loaded = await loadParent(context, step);
  if (!loaded) return [];
  if (deadlinePassed(loaded.state, context.now)) return cancelAfterDeadline(context, loaded, step);
  if (loaded.state.phase !== 'porting_in') return [];
  const { parent, state } = loaded;
  const next: MigrationState = {
    ...state,
    phase: 'waiting_for_number',
    progress: progressAt(2, `${describeStep(2, state)} (the carrier reports ${carrierStatus})`),
  };
  const written = await writeParent(context, withState(parent, next, context.now));
  return [parentEvent('operation.progressed', written)];
}

function deadlinePassed(state: MigrationState, now: Date): boolean {
  if (!state.deadline || state.deadlinePassedAt) return false;
  if (state.phase !== 'porting_in' && state.phase !== 'waiting_for_number') return false;
  return now.getTime() >= Date.parse(state.deadline);
}

/**
 * The target still reports the port-in under way after the migration's deadline: ask it to cancel the port-in, as a
 * step of the migration (once: a target that refuses leaves the port-in, and the migration, going on). Its
 * confirmation compensates like a rejection: the migration ends `failed`, the line as it was at the source.
 */
async function cancelAfterDeadline(
  context: SagaContext,
  loaded: LoadedParent,
  portIn: StoredOperation,
): Promise<EventDraft[]> {
  const { parent, state } = loaded;
  const { now } = context;
  const cancel = newStepOperation(context.ids, {
    parent,
    kind: 'cancel_port_in',
    connectionId: state.target.connectionId,
    carrier: state.target.carrier,
    request: {},
    targetOperationId: portIn.id,
    now,
  });
  await context.repositories.operations.insert(cancel);
  const next: MigrationState = {
    ...state,
    phase: 'cancelling',
    cancelledBy: 'deadline',
    deadlinePassedAt: now.toISOString(),
    steps: { ...state.steps, cancel: cancel.id },
  };
  const written = await writeParent(context, {
    ...withState(parent, next, now),
    warnings: [
      ...parent.warnings,
      `${state.target.connectionName} had not completed the port-in by the migration's deadline (${state.deadline}); the port-in is being cancelled.`,
    ],
  });
  return [
    parentEvent('operation.progressed', written),
    {
      type: 'operation.created',
      subscriptionId: parent.subscriptionId,
      operationId: cancel.id,
      data: { operation: toOperationView(cancel) },
    },
  ];
}

/** A step finished (succeeded, failed or cancelled): advance the saga. Returns the events to record. */
export async function migrationStepFinished(
  context: SagaContext,
  step: StoredOperation,
  outcome: Exclude<OperationOutcome, { state: 'in_progress' }>,
): Promise<EventDraft[]> {
  const loaded = await loadParent(context, step);
  if (!loaded) return [];
  const { parent, state, line } = loaded;
  const { now } = context;

  if (step.id === state.steps.move) {
    if (outcome.state === 'succeeded') return movedWithinAccount(context, loaded, step, outcome);
    return compensate(context, loaded, false, outcomeProblem(outcome));
  }
  if (step.kind === 'port_in') {
    if (outcome.state === 'succeeded') return numberMoved(context, loaded, step, outcome);
    return compensate(
      context,
      loaded,
      outcome.state === 'cancelled' || state.phase === 'cancelling',
      outcomeProblem(outcome),
    );
  }
  if (step.kind === 'cancel_port_in') {
    if (outcome.state === 'succeeded') return compensate(context, loaded, true, null);
    // The target would not cancel (too late, say): the port-in goes on, and so does the migration.
    const portIn = state.steps.portIn ? await context.repositories.operations.getById(state.steps.portIn) : null;
    if (!portIn || terminalOperationStatuses.includes(portIn.status)) return [];
    const next: MigrationState = {
      ...state,
      phase: 'waiting_for_number',
      progress: progressAt(2, describeStep(2, state)),
    };
    const message = outcomeProblem(outcome)?.detail ?? 'the carrier did not cancel it';
    const written = await writeParent(context, {
      ...withState(parent, next, now),
      warnings: [...parent.warnings, `The cancellation of the port-in failed (${message}); the migration goes on.`],
    });
    return [parentEvent('operation.progressed', written)];
  }
  if (step.kind === 'cease') {
    const active = await writeLine(context, { ...line, status: 'active', version: line.version + 1, updatedAt: now });
    const name = connectionNameOf(state, active);
    if (outcome.state === 'succeeded') {
      return endMigration(
        context,
        ended(parent, { ...state, progress: progressAt(3, describeStep(3, state)) }, 'succeeded', now, null),
        (done) => [lineEvent('subscription.updated', done, active, name), parentEvent('operation.succeeded', done)],
      );
    }
    const reason = outcomeProblem(outcome)?.detail ?? `${state.source.carrier} did not cease the line`;
    const problem = new GatewayError(
      'carrier_rejected',
      `The number moved to ${state.target.connectionName} and the line is active there, but ceasing the old line at ${state.source.connectionName} failed: ${reason} The old line may still be live and billed at ${state.source.connectionName}: cease it there by hand (${state.source.carrier} subscription ${state.source.carrierSubscriptionId ?? 'unknown'}, SIM ${state.source.iccid ?? 'eSIM'}), then tell your records this operation is resolved.`,
      { carrier: { id: state.source.carrier, message: reason } },
    ).toProblem();
    return endMigration(context, ended(parent, state, 'requires_action', now, problem), (stopped) => [
      lineEvent('subscription.updated', stopped, active, name),
      parentEvent('operation.requires_action', stopped),
    ]);
  }
  return [];
}

function outcomeProblem(outcome: Exclude<OperationOutcome, { state: 'in_progress' }>): Problem | null {
  return outcome.state === 'failed' ? outcome.problem : null;
}

/** Before the number moved: the line was never changed; it goes back to `active` at the source, as it was. */
async function compensate(
  context: SagaContext,
  loaded: LoadedParent,
  cancelledByCaller: boolean,
  cause: Problem | null,
): Promise<EventDraft[]> {
  const { parent, state, line } = loaded;
  const { now } = context;
  // The target's porting news shown on the line while the port-in ran goes with it: the line is as it was.
  const restored = await writeLine(context, {
    ...line,
    status: 'active',
    carrierData: state.source.carrierData,
    version: line.version + 1,
    updatedAt: now,
  });
  // A cancellation the saga sent because the deadline passed is a failure of the migration, not the caller's cancel.
  const timedOut = state.phase === 'cancelling' && state.cancelledBy === 'deadline';
  const cancelled = cancelledByCaller && !timedOut;
  const move = Boolean(state.steps.move);
  const reason = timedOut ? 'deadline_passed' : cancelled ? 'cancelled' : move ? 'move_failed' : 'port_in_failed';
  const problem = cancelled
    ? null
    : timedOut
      ? new GatewayError(
          'carrier_unavailable',
          `The migration to ${state.target.connectionName} stopped before the number moved: the port-in was not complete by the migration's deadline (${state.deadline}) and was cancelled. The line is unchanged and active at ${state.source.connectionName}.`,
          { carrier: { id: state.target.carrier, message: 'port-in not complete by the deadline' } },
        ).toProblem()
      : new GatewayError(
          'carrier_rejected',
          `The migration to ${state.target.connectionName} stopped before the number moved: ${cause?.detail ?? (move ? 'the move failed.' : 'the port-in failed.')} The line is unchanged and active at ${state.source.connectionName}.`,
          {
            carrier: {
              id: move ? state.source.carrier : state.target.carrier,
              message: cause?.detail ?? (move ? 'move failed' : 'port-in failed'),
            },
          },
        ).toProblem();
  return endMigration(context, ended(parent, state, cancelled ? 'cancelled' : 'failed', now, problem), (done) => [
    lineEvent('subscription.migration_compensated', done, restored, state.source.connectionName, { reason }),
    parentEvent(cancelled ? 'operation.cancelled' : 'operation.failed', done),
  ]);
}

/**
 * The move within one carrier account succeeded: the same line at the carrier (id, SIM, number) now belongs to the
 * target connection. Nothing is left at the source, so the migration ends here.
 */
async function movedWithinAccount(
  context: SagaContext,
  loaded: LoadedParent,
  step: StoredOperation,
  outcome: Extract<OperationOutcome, { state: 'succeeded' }>,
): Promise<EventDraft[]> {
  const { parent, state, line } = loaded;
  const { now } = context;
  const facts = outcome.facts ?? {};
  const plan = facts.plan ?? (step.request as { plan: string }).plan;
  const history = historyEntry(state, parent, step, now);
  const moved = await writeLine(context, {
    ...line,
    status: 'active',
    carrierConnectionId: state.target.connectionId,
    carrier: state.target.carrier,
    plan,
    carrierData: {
      ...line.carrierData,
      ...(facts.carrierData ?? {}),
      routedBy: { by: 'request', connection: state.target.connectionName },
    },
    carrierHistory: [...(line.carrierHistory ?? []), history],
    version: line.version + 1,
    updatedAt: now,
  });
  const done: MigrationState = {
    ...state,
    numberMovedAt: now.toISOString(),
    progress: progressAt(1, describeMove(state, plan), 1),
  };
  return endMigration(context, ended(parent, done, 'succeeded', now, null), (finished) => [
    lineEvent('subscription.migrated', finished, moved, state.target.connectionName, {
      from: { connection: state.source.connectionName, carrierType: state.source.carrier },
      to: { connection: state.target.connectionName, carrierType: state.target.carrier },
    }),
    parentEvent('operation.succeeded', finished),
  ]);
}

/** The line's carrierHistory entry for the step that moved it from the source to the target. */
function historyEntry(
  state: MigrationState,
  parent: StoredOperation,
  step: StoredOperation,
  now: Date,
): CarrierHistoryEntry {
  return {
    fromConnectionId: state.source.connectionId,
    fromCarrier: state.source.carrier,
    toConnectionId: state.target.connectionId,
    toCarrier: state.target.carrier,
    fromCarrierSubscriptionId: state.source.carrierSubscriptionId,
    fromIccid: state.source.iccid,
    movedAt: now.toISOString(),
    migrationOperationId: parent.id,
    stepOperationIds: [step.id],
  };
}

/** The port-in at the target succeeded: the line now lives there. Record it, and cease the old line at the source. */
async function numberMoved(
  context: SagaContext,
  loaded: LoadedParent,
  step: StoredOperation,
  outcome: Extract<OperationOutcome, { state: 'succeeded' }>,
): Promise<EventDraft[]> {
  const { parent, state, line } = loaded;
  const { now, ids } = context;
  const sim = targetSimOf(parent.request as MigrateRequest);
  const facts = outcome.facts ?? {};
  const stepRequest = step.request as { plan?: string; services?: StoredSubscription['services'] };
  const history = historyEntry(state, parent, step, now);
  const moved = await writeLine(context, {
    ...line,
    carrierConnectionId: state.target.connectionId,
    carrier: state.target.carrier,
    carrierSubscriptionId: facts.carrierSubscriptionId ?? null,
    iccid: sim.type === 'physical' ? sim.iccid : (facts.iccid ?? null),
    esim: sim.type === 'esim',
    eid: sim.type === 'esim' ? (sim.eid ?? facts.eid ?? null) : null,
    plan: facts.plan ?? stepRequest.plan ?? null,
    services: { ...(stepRequest.services ?? {}), ...(facts.services ?? {}) },
    carrierData: {
      ...(facts.carrierData ?? {}),
      routedBy: { by: 'request', connection: state.target.connectionName },
    },
    carrierHistory: [...(line.carrierHistory ?? []), history],
    version: line.version + 1,
    updatedAt: now,
  });
  const cease = newStepOperation(ids, {
    parent,
    kind: 'cease',
    connectionId: state.source.connectionId,
    carrier: state.source.carrier,
    request: { reason: `migrated to ${state.target.connectionName}` },
    now,
  });
  await context.repositories.operations.insert(cease);
  const next: MigrationState = {
    ...state,
    phase: 'ceasing_source',
    numberMovedAt: now.toISOString(),
    steps: { ...state.steps, cease: cease.id },
    progress: progressAt(3, describeStep(3, state)),
  };
  const written = await writeParent(context, withState(parent, next, now));
  return [
    lineEvent('subscription.migrated', written, moved, state.target.connectionName, {
      from: { connection: state.source.connectionName, carrierType: state.source.carrier },
      to: { connection: state.target.connectionName, carrierType: state.target.carrier },
    }),
    parentEvent('operation.progressed', written),
    {
      type: 'operation.created',
      subscriptionId: line.id,
      operationId: cease.id,
      data: { operation: toOperationView(cease) },
    },
  ];
}

/**
 * The line a step acts on, as its carrier knows it. The subscription record follows the number: before it moved it
 * describes the source line, after it the target's. A port-in at the target therefore sees the new SIM and no
 * carrier id; the cease at the source sees the old line as it was when the migration started.
 */
export async function lineForStep(
  store: Pick<Repositories, 'operations'>,
  step: Pick<StoredOperation, 'parentOperationId' | 'carrierConnectionId' | 'request'>,
  line: StoredSubscription,
): Promise<StoredSubscription> {
  if (!step.parentOperationId) return line;
  const parent = await store.operations.getById(step.parentOperationId);
  if (parent?.kind !== 'migrate') return line;
  const state = migrationStateOf(parent);
  if (step.carrierConnectionId === line.carrierConnectionId) return line;
  if (step.carrierConnectionId === state.source.connectionId) {
    const { connectionId: _id, connectionName: _name, carrier: _carrier, ...source } = state.source;
    return { ...line, ...source, status: 'active' };
  }
  const sim = targetSimOf(parent.request as MigrateRequest);
  const stepRequest = step.request as { plan?: string; services?: StoredSubscription['services'] };
  return {
    ...line,
    carrierSubscriptionId: null,
    iccid: sim.type === 'physical' ? sim.iccid : null,
    esim: sim.type === 'esim',
    eid: sim.type === 'esim' ? (sim.eid ?? null) : null,
    plan: stepRequest.plan ?? null,
    services: stepRequest.services ?? {},
    carrierData: {},
  };
}
