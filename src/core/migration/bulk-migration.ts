import { ConcurrentWrite } from '../engine/concurrent-write.js';
import { GatewayError, ValidationError } from '../errors.js';
import { type EventDraft, recordEvents } from '../events/record-events.js';
import type { IdGenerator } from '../ids.js';
import { terminalOperationStatuses } from '../operation.js';
import { type BulkMigrateRequest, bulkMigrateRequestSchema } from '../operation-requests.js';
import type { Repositories, StoredOperation } from '../ports.js';
import type { OperationServiceDependencies } from '../use-cases/request-operation.js';
import { parseOrThrow } from '../validation.js';
import { toOperationView } from '../views.js';
import { dryRunView, type MigrationPlan, planMigration } from './migration-plan.js';
import { prepareMigration, writeMigration } from './start-migration.js';

/** Each line's migration request, with the shared port-in details under the line's own. */
function lineRequests(request: BulkMigrateRequest) {
  return request.lines.map((entry) => ({
    subscriptionId: entry.subscriptionId,
    body: {
      targetConnection: request.targetConnection,
      sim: entry.sim,
      ...(request.portIn || entry.portIn ? { portIn: { ...request.portIn, ...entry.portIn } } : {}),
      ...(entry.plan ? { plan: entry.plan } : {}),
      ...(request.carrierOptions ? { carrierOptions: request.carrierOptions } : {}),
    },
  }));
}

async function planAll(dependencies: OperationServiceDependencies, tenantId: string, request: BulkMigrateRequest) {
  const duplicates = new Set<string>();
  const seen = new Set<string>();
  for (const entry of request.lines) (seen.has(entry.subscriptionId) ? duplicates : seen).add(entry.subscriptionId);
  if (duplicates.size > 0) {
    throw new ValidationError(`A line may appear once: ${[...duplicates].join(', ')}.`, [
      { pointer: '/lines', detail: `repeated: ${[...duplicates].join(', ')}` },
    ]);
  }
  const plans: MigrationPlan[] = [];
  for (const [index, line] of lineRequests(request).entries()) {
    try {
      plans.push(await planMigration(dependencies, { tenantId, ...line }));
    } catch (error) {
      if (GatewayError.isInstance(error)) {
        throw new GatewayError(error.code, `Line ${index} (${line.subscriptionId}): ${error.message}`, {
          errors: (error.errors ?? [{ pointer: '', detail: error.message }]).map((field) => ({
            pointer: `/lines/${index}${field.pointer}`,
            detail: field.detail,
          })),
        });
      }
      throw error;
    }
  }
  return plans;
}

/** The dry run of a bulk move: each line's plan; `allowed` only when every line may move. */
export async function planBulkMigration(
  dependencies: OperationServiceDependencies,
  input: { tenantId: string; body: unknown },
) {
  const request = parseOrThrow(bulkMigrateRequestSchema, input.body ?? {}, 'Invalid request body');
  const plans = await planAll(dependencies, input.tenantId, request);
  const lines = plans.map(dryRunView);
  return {
    object: 'bulk_migration_plan' as const,
    allowed: lines.every((line) => line.allowed),
    lines,
  };
}

/**
 * Start many migrations under one parent (`migrate_bulk`): all or none are stored (one line that cannot move
 * refuses the request, naming `/lines/<index>`), and the engine's per-connection pacing spreads their carrier
 * requests. The parent shows how many have finished and ends when the last one does.
 */
export async function startBulkMigration(
  dependencies: OperationServiceDependencies & { migrationDeadlineSeconds?: number },
  input: { tenantId: string; body: unknown; idempotencyKey?: string | null },
): Promise<StoredOperation> {
  const request = parseOrThrow(bulkMigrateRequestSchema, input.body ?? {}, 'Invalid request body');
  const plans = await planAll(dependencies, input.tenantId, request);
  for (const [index, plan] of plans.entries()) {
    const error = plan.errors[0];
    if (error) {
      throw new GatewayError(error.code, `Line ${index} (${plan.subscription.id}) cannot move: ${error.message}`, {
        errors: (error.errors ?? [{ pointer: '', detail: error.message }]).map((field) => ({
          pointer: `/lines/${index}${field.pointer}`,
          detail: field.detail,
        })),
        ...(error.carrier ? { carrier: error.carrier } : {}),
      });
    }
  }
  const now = dependencies.clock.now();
  const target = (plans[0] as MigrationPlan).target;
  const parent: StoredOperation = {
    id: dependencies.ids.newId('op'),
    tenantId: input.tenantId,
    // A bulk move acts on many lines; it names none of them.
    subscriptionId: '',
    carrierConnectionId: target.connection.id,
    carrier: target.plugin.id,
    kind: 'migrate_bulk',
    status: 'submitted',
    correlationId: dependencies.ids.newCorrelationId(),
    targetOperationId: null,
    parentOperationId: null,
    request: request as unknown as Record<string, unknown>,
    carrierReference: null,
    carrierStatus: null,
    result: { progress: { step: 0, of: plans.length, description: `0 of ${plans.length} lines moved` } },
    error: null,
    warnings: [],
    attempts: 0,
    nextAttemptAt: null,
    scheduledFor: null,
    idempotencyKey: input.idempotencyKey ?? null,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    leaseExpiresAt: null,
    leaseOwner: null,
    consecutiveFailures: 0,
    submittedAt: now,
    version: 0,
  };
  const prepared = plans.map((plan) =>
    prepareMigration(dependencies, plan, {
      tenantId: input.tenantId,
      idempotencyKey: null,
      parentOperationId: parent.id,
      now,
    }),
  );
  await dependencies.store.transaction(async (repositories) => {
    await repositories.operations.insert(parent);
    for (const migration of prepared) await writeMigration(repositories, migration);
    await recordEvents(repositories, {
      tenantId: input.tenantId,
      ids: dependencies.ids,
      now,
      drafts: [
        {
          type: 'operation.created',
          subscriptionId: null,
          operationId: parent.id,
          data: { operation: toOperationView(parent) },
        },
        ...prepared.flatMap((migration) => migration.drafts),
      ],
    });
  });
  return parent;
}

/**
 * A migration of a bulk move ended: count the finished ones on the parent, and end the parent with the last. The
 * write names the parent's version, so two migrations ending at once cannot both count from the same number.
 */
export async function bulkMigrationProgressed(
  context: { repositories: Repositories; ids: IdGenerator; now: Date },
  migration: StoredOperation,
): Promise<EventDraft[]> {
  if (!migration.parentOperationId) return [];
  const parent = await context.repositories.operations.getById(migration.parentOperationId);
  if (parent?.kind !== 'migrate_bulk' || terminalOperationStatuses.includes(parent.status)) return [];
  const children = await context.repositories.operations.list(
    parent.tenantId,
    { parentOperationId: parent.id },
    { limit: 1000 },
  );
  const statuses = children.items.map((child) => (child.id === migration.id ? migration.status : child.status));
  const done = statuses.filter((status) => terminalOperationStatuses.includes(status)).length;
  const count = (status: string) => statuses.filter((candidate) => candidate === status).length;
  const total = statuses.length;
  const summary = {
    succeeded: count('succeeded'),
    failed: count('failed'),
    cancelled: count('cancelled'),
    requiresAction: count('requires_action'),
  };
  const finished = done === total;
  const next: StoredOperation = {
    ...parent,
    result: {
      progress: { step: done, of: total, description: `${done} of ${total} lines finished` },
      summary,
    },
    updatedAt: context.now,
    ...(finished
      ? {
          status: summary.requiresAction > 0 ? ('requires_action' as const) : ('succeeded' as const),
          completedAt: context.now,
          warnings:
            summary.failed + summary.cancelled > 0
              ? [
                  `${summary.failed} failed and ${summary.cancelled} were cancelled; those lines stayed where they were.`,
                ]
              : [],
          error:
            summary.requiresAction > 0
              ? new GatewayError(
                  'carrier_rejected',
                  `${summary.requiresAction} of ${total} migrations need a person: see each one's error.`,
                ).toProblem()
              : null,
        }
      : {}),
  };
  const written = await context.repositories.operations.update(next);
  if (!written) throw new ConcurrentWrite();
  const type = !finished
    ? 'operation.progressed'
    : written.status === 'requires_action'
      ? 'operation.requires_action'
      : 'operation.succeeded';
  return [{ type, subscriptionId: null, operationId: written.id, data: { operation: toOperationView(written) } }];
}
