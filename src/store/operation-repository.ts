import { and, asc, desc, eq, getTableColumns, inArray, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { OperationFilter, OperationRepository, StoredOperation } from '../core/ports.js';
import type { StoreDatabase } from './database.js';
import { toPage } from './page.js';
import { builtOnce, listPlaceholders, listValues, maskedPlaceholders, presentValues } from './prepared.js';
import { operationAttempts, operations } from './schema.js';

type OperationRow = typeof operations.$inferSelect;

/** An operation is open, and so the engine's to carry on, while it is pending or submitted. */
const openStatuses = ['pending', 'submitted'] as const;

function toOperation(row: OperationRow): StoredOperation {
  return {
    id: row.id,
    tenantId: row.tenantId,
    subscriptionId: row.subscriptionId,
    carrierConnectionId: row.carrierConnectionId,
    carrier: row.carrier,
    kind: row.kind,
    status: row.status,
    correlationId: row.correlationId,
    targetOperationId: row.targetOperationId,
    parentOperationId: row.parentOperationId,
    request: row.request,
    carrierReference: row.carrierReference,
    carrierStatus: row.carrierStatus,
    result: row.result,
    error: row.error,
    warnings: row.warnings,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    scheduledFor: row.scheduledFor,
    idempotencyKey: row.idempotencyKey,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    completedAt: row.completedAt,
    leaseExpiresAt: row.leaseExpiresAt,
    leaseOwner: row.leaseOwner,
    consecutiveFailures: row.consecutiveFailures,
    submittedAt: row.submittedAt,
    version: row.version,
  };
}

function filterConditions(filter: OperationFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.status !== undefined) conditions.push(eq(operations.status, filter.status));
  if (filter.kind !== undefined) conditions.push(eq(operations.kind, filter.kind));
  if (filter.subscriptionId !== undefined) conditions.push(eq(operations.subscriptionId, filter.subscriptionId));
  if (filter.parentOperationId !== undefined) {
    conditions.push(eq(operations.parentOperationId, filter.parentOperationId));
  }
  return conditions;
}

/** The columns an update writes: all but the key, the creation time and the version (which the update bumps). */
const writtenColumns = Object.keys(getTableColumns(operations)).filter(
  (key) => !['id', 'tenantId', 'createdAt', 'version'].includes(key),
) as Array<keyof OperationRow>;

const columns = getTableColumns(operations);

const versionedWhere = and(
  eq(operations.tenantId, sql.placeholder('tenantId')),
  eq(operations.id, sql.placeholder('id')),
  eq(operations.version, sql.placeholder('version')),
);

// The engine's hot path, built once per process (see builtOnce): each write of an operation, its reads by id and by
// carrier reference, and the claim.
const updateVersioned = builtOnce<Record<string, unknown>, OperationRow[], number>('operation_update', (db, mask) =>
  db
    .update(operations)
    .set({ ...maskedPlaceholders(writtenColumns, mask), version: sql`${operations.version} + 1` })
    .where(versionedWhere)
    .returning(),
);

const attemptColumns = getTableColumns(operationAttempts);
const attemptFinishColumns = ['outcome', 'response', 'httpStatus', 'latencyMs', 'error', 'finishedAt'];

/** The operation's versioned update with its attempt's finish; the shape is both masks (`<operation>_<attempt>`). */
const updateFinishing = builtOnce<Record<string, unknown>, OperationRow[], string>(
  'operation_update_finishing_attempt',
  (db, shape) => {
    const [operationMask, attemptMask] = shape.split('_').map(Number) as [number, number];
    // A data-modifying WITH runs to completion whether or not the main statement matches a row.
    const finished = db.$with('finished_attempt', { id: operationAttempts.id }).as(
      db
        .update(operationAttempts)
        .set(maskedPlaceholders(attemptFinishColumns, attemptMask, 'attempt_'))
        .where(eq(operationAttempts.id, sql.placeholder('attemptId')))
        .returning({ id: operationAttempts.id })
        .getSQL(),
    );
    return db
      .with(finished)
      .update(operations)
      .set({ ...maskedPlaceholders(writtenColumns, operationMask), version: sql`${operations.version} + 1` })
      .where(versionedWhere)
      .returning();
  },
);

/** Which of a poll batch's operations a cancellation targets: one text per batch size. */
const targetsAmong = builtOnce<Record<string, unknown>, Array<{ target: string | null }>, number>(
  'operations_targeted_among',
  (db, count) =>
    db
      .selectDistinct({ target: operations.targetOperationId })
      .from(operations)
      .where(inArray(operations.targetOperationId, listPlaceholders('op', count))),
);

const getOperationById = builtOnce<{ id: string }, OperationRow[]>('operation_get_by_id', (db) =>
  db
    .select()
    .from(operations)
    .where(eq(operations.id, sql.placeholder('id'))),
);

const findOperationByReference = builtOnce<{ connectionId: string; reference: string }, OperationRow[]>(
  'operation_by_carrier_reference',
  (db) =>
    // A cancellation or port-in change carries its target's reference; the reference belongs to the target, so
    // operations that target none come first, then the oldest.
    db
      .select()
      .from(operations)
      .where(
        and(
          eq(operations.carrierConnectionId, sql.placeholder('connectionId')),
          eq(operations.carrierReference, sql.placeholder('reference')),
        ),
      )
      .orderBy(sql`${operations.targetOperationId} is not null`, asc(operations.id))
      .limit(1),
);

const claimDueOperations = builtOnce<{ now: string; limit: number; owner: string; leaseUntil: string }, OperationRow[]>(
  'operation_claim_due',
  (db) => {
    // One statement: the subquery picks and locks the due rows (SKIP LOCKED: rows another engine is claiming right
    // now are passed over, not waited for, so concurrent claimers get disjoint sets), the update leases them.
    const now = sql`${sql.placeholder('now')}::timestamptz`;
    const due = db
      .select({ id: operations.id })
      .from(operations)
      .where(
        and(
          inArray(operations.status, [...openStatuses]),
          lte(operations.nextAttemptAt, now),
          or(isNull(operations.leaseExpiresAt), lte(operations.leaseExpiresAt, now)),
        ),
      )
      .orderBy(asc(operations.nextAttemptAt), asc(operations.id))
      .limit(sql.placeholder('limit'))
      .for('update', { skipLocked: true });
    return (
      db
        .update(operations)
        // A claim is a write like any other: what was read before it is stale now.
        .set({
          leaseOwner: sql`${sql.placeholder('owner')}`,
          leaseExpiresAt: sql`${sql.placeholder('leaseUntil')}`,
          version: sql`${operations.version} + 1`,
        })
        .where(inArray(operations.id, due))
        .returning()
    );
  },
);

export function createOperationRepository(db: StoreDatabase): OperationRepository {
  return {
    async insert(operation) {
      const [row] = await db.insert(operations).values(operation).returning();
      return toOperation(row!);
    },
    async get(tenantId, id) {
      const [row] = await db
        .select()
        .from(operations)
        .where(and(eq(operations.tenantId, tenantId), eq(operations.id, id)));
      return row ? toOperation(row) : null;
    },
    async getById(id) {
      const [row] = await getOperationById(db, { id });
      return row ? toOperation(row) : null;
    },
    async update(operation) {
      const { id, tenantId, version } = operation;
      const { mask, values } = presentValues(columns, writtenColumns, operation);
      // The version the caller read is the condition: a write based on an older read matches no row.
      const [row] = await updateVersioned(db, { ...values, id, tenantId, version }, mask);
      return row ? toOperation(row) : null;
    },
    async updateFinishingAttempt(operation, attempt) {
      const { id, tenantId, version } = operation;
      const written = presentValues(columns, writtenColumns, operation);
      const finish = presentValues(
        attemptColumns,
        attemptFinishColumns,
        { ...attempt.result, response: attempt.result.response ?? null },
        'attempt_',
      );
      const [row] = await updateFinishing(
        db,
        { ...written.values, ...finish.values, id, tenantId, version, attemptId: attempt.id },
        `${written.mask}_${finish.mask}`,
      );
      return row ? toOperation(row) : null;
    },
    async list(tenantId, filter, page) {
      const conditions = [eq(operations.tenantId, tenantId), ...filterConditions(filter)];
      if (page.cursor !== undefined) conditions.push(lt(operations.id, page.cursor));
      const rows = await db
        .select()
        .from(operations)
        .where(and(...conditions))
        .orderBy(desc(operations.id))
        .limit(page.limit + 1);
      return toPage(rows.map(toOperation), page.limit);
    },
    async listOpen(subscriptionId) {
      const rows = await db
        .select()
        .from(operations)
        .where(and(eq(operations.subscriptionId, subscriptionId), inArray(operations.status, [...openStatuses])))
        .orderBy(asc(operations.id));
      return rows.map(toOperation);
    },
    async targetedAmong(ids) {
      if (ids.length === 0) return new Set<string>();
      const distinct = [...new Set(ids)];
      const rows = await targetsAmong(db, listValues('op', distinct), distinct.length);
      return new Set(rows.flatMap((row) => (row.target ? [row.target] : [])));
    },
    async findByCarrierReference(carrierConnectionId, carrierReference) {
      const [row] = await findOperationByReference(db, {
        connectionId: carrierConnectionId,
        reference: carrierReference,
      });
      return row ? toOperation(row) : null;
    },
    async claimDue({ now, limit, owner, leaseUntil }) {
      if (limit <= 0) return [];
      const rows = await claimDueOperations(db, {
        now: now.toISOString(),
        limit,
        owner,
        leaseUntil: leaseUntil.toISOString(),
      });
      return rows.map(toOperation).sort(byNextAttempt);
    },
  };
}

function byNextAttempt(left: StoredOperation, right: StoredOperation): number {
  const difference = (left.nextAttemptAt?.getTime() ?? 0) - (right.nextAttemptAt?.getTime() ?? 0);
  if (difference !== 0) return difference;
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}
