import { asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { AttemptRepository, OperationAttempt } from '../core/ports.js';
import type { StoreDatabase } from './database.js';
import {
  builtOnce,
  listPlaceholders,
  listValues,
  maskedPlaceholders,
  presentValues,
  rowPlaceholders,
  rowValues,
} from './prepared.js';
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

const columns = getTableColumns(operationAttempts);
/** No column of an attempt has a default: a missing value is null either way. */
const insertedColumns = Object.keys(columns);
const finishColumns = ['outcome', 'response', 'httpStatus', 'latencyMs', 'error', 'finishedAt'] as const;

// The engine writes and reads attempts for every call it makes: built once per process (see builtOnce).
const insertRows = builtOnce<Record<string, unknown>, AttemptRow[], number>('attempts_insert', (db, count) =>
  db
    .insert(operationAttempts)
    .values(rowPlaceholders(insertedColumns, count) as never)
    .returning(),
);

const finishById = builtOnce<Record<string, unknown>, unknown, number>('attempt_finish', (db, mask) =>
  db
    .update(operationAttempts)
    .set(maskedPlaceholders(finishColumns, mask))
    .where(eq(operationAttempts.id, sql.placeholder('id'))),
);

const listForIds = builtOnce<Record<string, unknown>, AttemptRow[], number>('attempts_for_operations', (db, count) =>
  db
    .select()
    .from(operationAttempts)
    .where(inArray(operationAttempts.operationId, listPlaceholders('op', count)))
    .orderBy(asc(operationAttempts.id)),
);

export function createAttemptRepository(db: StoreDatabase): AttemptRepository {
  return {
    async insert(attempt) {
      // `undefined` has no JSON form: a request or response that was never there is stored as null.
      const [row] = await insertRows(db, rowValues(columns, insertedColumns, [attempt]), 1);
      return toAttempt(row!);
    },
    async finish(id, result) {
      // A response that was never there is stored as null, as on insert.
      const { mask, values } = presentValues(columns, finishColumns, { ...result, response: result.response ?? null });
      await finishById(db, { ...values, id }, mask);
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
      await insertRows(db, rowValues(columns, insertedColumns, attempts), attempts.length);
    },
    async listForOperations(operationIds) {
      const byOperation = new Map<string, OperationAttempt[]>(operationIds.map((id) => [id, []]));
      if (operationIds.length === 0) return byOperation;
      const distinct = [...new Set(operationIds)];
      const rows = await listForIds(db, listValues('op', distinct), distinct.length);
      for (const row of rows) byOperation.get(row.operationId)?.push(toAttempt(row));
      return byOperation;
    },
  };
}
