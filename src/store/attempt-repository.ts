import { asc, eq, inArray } from 'drizzle-orm';
import type { AttemptRepository, OperationAttempt } from '../core/ports.js';
import type { StoreDatabase } from './database.js';
import { operationAttempts } from './schema.js';

type AttemptRow = typeof operationAttempts.$inferSelect;

function toAttempt(row: AttemptRow): OperationAttempt {
  return {
    id: row.id,
    operationId: row.operationId,
    phase: row.phase,
    outcome: row.outcome,
    request: row.request,
    response: row.response,
    httpStatus: row.httpStatus,
    latencyMs: row.latencyMs,
    error: row.error,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

export function createAttemptRepository(db: StoreDatabase): AttemptRepository {
  return {
    async insert(attempt) {
      // `undefined` has no JSON form: a request or response that was never there is stored as null.
      const [row] = await db
        .insert(operationAttempts)
        .values({ ...attempt, request: attempt.request ?? null, response: attempt.response ?? null })
        .returning();
      return toAttempt(row!);
    },
    async finish(id, result) {
      await db
        .update(operationAttempts)
        .set({ ...result, response: result.response ?? null })
        .where(eq(operationAttempts.id, id));
    },
    async listForOperation(operationId) {
      // Attempt ids sort by creation time: this is the order the calls were made in.
      const rows = await db
        .select()
        .from(operationAttempts)
        .where(eq(operationAttempts.operationId, operationId))
        .orderBy(asc(operationAttempts.id));
      return rows.map(toAttempt);
    },
    async insertMany(attempts) {
      if (attempts.length === 0) return;
      await db.insert(operationAttempts).values(
        attempts.map((attempt) => ({
          ...attempt,
          request: attempt.request ?? null,
          response: attempt.response ?? null,
        })),
      );
    },
    async listForOperations(operationIds) {
      const byOperation = new Map<string, OperationAttempt[]>(operationIds.map((id) => [id, []]));
      if (operationIds.length === 0) return byOperation;
      const rows = await db
        .select()
        .from(operationAttempts)
        .where(inArray(operationAttempts.operationId, [...new Set(operationIds)]))
        .orderBy(asc(operationAttempts.id));
      for (const row of rows) byOperation.get(row.operationId)?.push(toAttempt(row));
      return byOperation;
    },
  };
}
