import { and, asc, eq, getTableColumns, gt, inArray, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { EventRepository, GatewayEvent } from '../core/ports.js';
import type { StoreDatabase } from './database.js';
import { builtOnce, rowPlaceholders, rowValues } from './prepared.js';
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
/** All but the sequence, which the database draws. */
const insertedColumns = Object.keys(columns).filter((key) => key !== 'sequence');

// Every event is appended through these: built once per process, one text per count of rows (builtOnce).
/** One small text, built once: taking the lock is a statement of every append. */
const appendLock = sql`select pg_advisory_xact_lock(${eventAppendLockKey})`;

const insertRows = builtOnce<Record<string, unknown>, EventRow[], number>('events_insert', (db, count) =>
  db
    .insert(events)
    .values(rowPlaceholders(insertedColumns, count) as never)
    .returning(),
);

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
        await transaction.execute(appendLock);
        // One multi-row insert: Postgres draws identity values row by row in VALUES order.
        const rows = await insertRows(transaction, rowValues(columns, insertedColumns, newEvents), newEvents.length);
        const byId = new Map(rows.map((row) => [row.id, toEvent(row)]));
        return newEvents.map((event) => byId.get(event.id)!);
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
