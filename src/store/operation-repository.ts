import { and, asc, desc, eq, inArray, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { OperationFilter, OperationRepository, StoredOperation } from '../core/ports.js';
import type { StoreDatabase } from './database.js';
import { toPage } from './page.js';
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
      const [row] = await db.select().from(operations).where(eq(operations.id, id));
      return row ? toOperation(row) : null;
    },
    async update(operation) {
      const { id, tenantId, createdAt: _createdAt, version, ...changes } = operation;
      // The version the caller read is the condition: a write based on an older read matches no row.
      const [row] = await db
        .update(operations)
        .set({ ...changes, version: sql`${operations.version} + 1` })
        .where(and(eq(operations.tenantId, tenantId), eq(operations.id, id), eq(operations.version, version)))
        .returning();
      return row ? toOperation(row) : null;
    },
    async updateFinishingAttempt(operation, attempt) {
      const { id, tenantId, createdAt: _createdAt, version, ...changes } = operation;
      // A data-modifying WITH runs to completion whether or not the main statement matches a row.
      const finished = db.$with('finished_attempt', { id: operationAttempts.id }).as(
        db
          .update(operationAttempts)
          .set({ ...attempt.result, response: attempt.result.response ?? null })
          .where(eq(operationAttempts.id, attempt.id))
          .returning({ id: operationAttempts.id })
          .getSQL(),
      );
      const [row] = await db
        .with(finished)
        .update(operations)
        .set({ ...changes, version: sql`${operations.version} + 1` })
        .where(and(eq(operations.tenantId, tenantId), eq(operations.id, id), eq(operations.version, version)))
        .returning();
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
      const rows = await db
        .selectDistinct({ target: operations.targetOperationId })
        .from(operations)
        .where(inArray(operations.targetOperationId, [...ids]));
      return new Set(rows.flatMap((row) => (row.target ? [row.target] : [])));
    },
    async findByCarrierReference(carrierConnectionId, carrierReference) {
      // A cancellation or port-in change carries its target's reference; the reference belongs to the target, so
      // operations that target none come first, then the oldest.
      const [row] = await db
        .select()
        .from(operations)
        .where(
          and(
            eq(operations.carrierConnectionId, carrierConnectionId),
            eq(operations.carrierReference, carrierReference),
          ),
        )
        .orderBy(sql`${operations.targetOperationId} is not null`, asc(operations.id))
        .limit(1);
      return row ? toOperation(row) : null;
    },
    async claimDue({ now, limit, owner, leaseUntil }) {
      if (limit <= 0) return [];
      // One statement: the subquery picks and locks the due rows (SKIP LOCKED: rows another engine is claiming right
      // now are passed over, not waited for, so concurrent claimers get disjoint sets), the update leases them.
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
        .limit(limit)
        .for('update', { skipLocked: true });
      const rows = await db
        .update(operations)
        // A claim is a write like any other: what was read before it is stale now.
        .set({ leaseOwner: owner, leaseExpiresAt: leaseUntil, version: sql`${operations.version} + 1` })
        .where(inArray(operations.id, due))
        .returning();
      return rows.map(toOperation).sort(byNextAttempt);
    },
  };
}

function byNextAttempt(left: StoredOperation, right: StoredOperation): number {
  const difference = (left.nextAttemptAt?.getTime() ?? 0) - (right.nextAttemptAt?.getTime() ?? 0);
  if (difference !== 0) return difference;
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}
