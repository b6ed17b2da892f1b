import { checkCapabilities } from '../carriers/capability-check.js';
import { NotFoundError, StateConflictError } from '../errors.js';
import { recordEvents } from '../events/record-events.js';
import type { StoredOperation } from '../ports.js';
import type { OperationServiceDependencies } from '../use-cases/request-operation.js';
import { toOperationView } from '../views.js';
import { type MigrationState, migrationStateOf } from './migration-state.js';
import { newStepOperation } from './migration-steps.js';

/**
 * Cancel a migration, which is allowed until the number has moved: a cancellation of the pending port-in at the
 * target, as a step of the migration. When the target confirms it, the saga ends the migration `cancelled` with the
 * line as it was; if the target refuses (too late), the migration goes on.
 */
export async function cancelMigration(
  dependencies: OperationServiceDependencies,
  input: { tenantId: string; operationId: string; body: Record<string, unknown> },
): Promise<StoredOperation> {
  const parent = await dependencies.store.operations.get(input.tenantId, input.operationId);
  if (parent?.kind !== 'migrate') throw new NotFoundError('Migration', input.operationId);
  const state = migrationStateOf(parent);
  if (parent.status !== 'submitted')
    throw new StateConflictError(`Migration ${parent.id} has already ended (${parent.status}).`);
  if (state.numberMovedAt || state.phase === 'ceasing_source') {
    throw new StateConflictError(
      `The number already moved to ${state.target.connectionName} at ${state.numberMovedAt}; a migration can be cancelled only until then. Migrate the line back instead.`,
    );
  }
  if (state.phase === 'cancelling') throw new StateConflictError(`Migration ${parent.id} is already being cancelled.`);
  if (!state.steps.portIn) {
    throw new StateConflictError(
      `Migration ${parent.id} is one move within the carrier account (operation ${state.steps.move}); it cannot be cancelled. Wait for it to end, or move the line back.`,
    );
  }
  const portIn = await dependencies.store.operations.get(input.tenantId, state.steps.portIn);
  if (portIn?.status !== 'submitted') {
    throw new StateConflictError(
      portIn?.status === 'pending'
        ? `The port-in ${state.steps.portIn} has not reached ${state.target.connectionName} yet; try again in a moment.`
        : `The port-in ${state.steps.portIn} has already ended.`,
    );
  }
  const target = await dependencies.carriers.byConnectionId(state.target.connectionId);
  checkCapabilities({
    carrierId: target.plugin.id,
    capabilities: target.adapter.capabilities,
    kind: 'cancel_port_in',
    request: input.body,
  });
  const now = dependencies.clock.now();
  const cancel = newStepOperation(dependencies.ids, {
    parent,
    kind: 'cancel_port_in',
    connectionId: state.target.connectionId,
    carrier: state.target.carrier,
    request: input.body,
    targetOperationId: portIn.id,
    now,
  });
  const next: MigrationState = {
    ...state,
    phase: 'cancelling',
    cancelledBy: 'caller',
    steps: { ...state.steps, cancel: cancel.id },
  };
  await dependencies.store.transaction(async (repositories) => {
    const written = await repositories.operations.update({
      ...parent,
      result: next as unknown as Record<string, unknown>,
      updatedAt: now,
    });
    if (!written) throw new StateConflictError('The migration moved on while this request was checked; send it again.');
    await repositories.operations.insert(cancel);
    await recordEvents(repositories, {
      tenantId: input.tenantId,
      ids: dependencies.ids,
      now,
      drafts: [
        {
          type: 'operation.created',
          subscriptionId: parent.subscriptionId,
          operationId: cancel.id,
          data: { operation: toOperationView(cancel) },
        },
      ],
    });
  });
  return cancel;
}
