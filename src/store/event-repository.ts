import { and, asc, eq, getTableColumns, gt, inArray } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { EventRepository, GatewayEvent } from '../core/ports.js';
import type { StoreDatabase } from './database.js';
import { builtOnce, handWritten, rowPlaceholder, rowsOf, rowValues } from './prepared.js';
import { events } from './schema.js';

type EventRow = typeof events.$inferSelect;

/**
 * Transaction-scoped advisory lock taken by every append. A sequence number is drawn when the row is inserted but
 * becomes visible when its transaction commits; without the lock a reader of `listAfter` could see 11 committed
 * before 10 and, having moved its cursor past 10, never see it. Holding the lock until commit makes sequence order
 * and commit order the same. The price: appending transactions run one at a time from their append to their
 * commit, so append events last in a transaction. See docs/decisions/store-event-ordering.md.
 */
const eventAppendLockKey = 7_301_022_001;

const columns = getTableColumns(events);
/** All but the sequence, which the database draws; with the SQL type each placeholder is cast to. */
const insertedColumns = [
  ['id', 'text'],
  ['tenantId', 'text'],
  ['type', 'text'],
  ['subscriptionId', 'text'],
  ['operationId', 'text'],
  ['data', 'jsonb'],
  ['createdAt', 'timestamptz'],
] as const;
const insertedKeys = insertedColumns.map(([key]) => key);

/**
 * The lock and the insert in one statement, one text per count of rows (builtOnce). The lock is a materialised
 * WITH (a volatile function is never inlined) joined to every row, so no row reaches the insert, and no sequence
 * number is drawn, before the lock is held; rows are drawn in VALUES order. It returns only what the database made.
 */
const appendRows = builtOnce<Record<string, unknown>, unknown, number>('events_append', (_db, count) => {
  const names = columnNamesOf(insertedKeys);
  const params: string[] = [];
  const rows = Array.from({ length: count }, (_, index) => {
    const cells = insertedColumns.map(([key, type]) => {
      params.push(rowPlaceholder(index, key));
      return `$${params.length}::${type}`;
    });
    return `(${cells.join(', ')})`;
  });
  return handWritten(
    `with event_order_lock as (select pg_advisory_xact_lock(${eventAppendLockKey})) ` +
      `insert into events (${names.join(', ')}) ` +
      `select appended.* from event_order_lock, (values ${rows.join(', ')}) as appended(${names.join(', ')}) ` +
      'returning id, sequence::text as sequence',
    params,
  );
});

function columnNamesOf(keys: readonly string[]): string[] {
  return keys.map((key) => `"${(columns as Record<string, { name: string }>)[key]!.name}"`);
}

function toEvent(row: EventRow): GatewayEvent {
  return {
    sequence: row.sequence,
    id: row.id,
    tenantId: row.tenantId,
    type: row.type,
    subscriptionId: row.subscriptionId,
    operationId: row.operationId,
    data: row.data,
    createdAt: row.createdAt,
  };
}

export function createEventRepository(db: StoreDatabase): EventRepository {
  return {
    async append(newEvents) {
      if (newEvents.length === 0) return [];
      const appendIn = async (transaction: StoreDatabase) => {
        const drawn = rowsOf<{ id: string; sequence: string }>(
          await appendRows(transaction, rowValues(columns, insertedKeys, newEvents), newEvents.length),
        );
        const sequenceOf = new Map(drawn.map((row) => [row.id, Number(row.sequence)]));
        return newEvents.map(
          (event): GatewayEvent => ({
            sequence: sequenceOf.get(event.id)!,
            id: event.id,
            tenantId: event.tenantId,
            type: event.type,
            subscriptionId: event.subscriptionId ?? null,
            operationId: event.operationId ?? null,
            data: event.data,
            createdAt: event.createdAt,
          }),
        );
      };
      // Inside the caller's transaction already (the usual case: an outbox write), the lock lasts until its commit
      // and a failed insert rolls it all back: a savepoint of our own would be two more round trips for nothing.
      return db instanceof PgTransaction ? appendIn(db as StoreDatabase) : db.transaction(appendIn);
    },
    async listAfter(tenantId, afterSequence, limit, filter = {}) {
      const rows = await db
        .select()
        .from(events)
        .where(
          and(
            eq(events.tenantId, tenantId),
            gt(events.sequence, afterSequence),
            filter.subscriptionId === undefined ? undefined : eq(events.subscriptionId, filter.subscriptionId),
            filter.operationId === undefined ? undefined : eq(events.operationId, filter.operationId),
            filter.types === undefined || filter.types.length === 0
              ? undefined
              : inArray(events.type, [...filter.types]),
          ),
        )
        .orderBy(asc(events.sequence))
        .limit(limit);
      return rows.map(toEvent);
    },
    async get(id) {
      const [row] = await db.select().from(events).where(eq(events.id, id));
      return row ? toEvent(row) : null;
    },
  };
}
