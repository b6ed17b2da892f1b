import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { EventRepository, GatewayEvent } from '../core/ports.js';
import type { StoreDatabase } from './database.js';
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

/** `db.execute` answers an array on postgres.js and `{ rows }` on PGlite. */
function rowsOf(result: unknown): unknown[] {
  return Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
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
        // One statement, lock and insert: the lock is a CTE the rows are joined to, so no row (and no sequence
        // number, drawn as each row is inserted) exists before the lock is held; rows are numbered in the given
        // order. Saves a round trip that every other appender would wait for.
        const rows = newEvents.map(
          (event, position) =>
            sql`(${event.id}, ${event.tenantId}, ${event.type}, ${event.subscriptionId}::text, ${event.operationId}::text, ${JSON.stringify(event.data)}::jsonb, ${event.createdAt.toISOString()}::timestamptz, ${position}::int)`,
        );
        const result = await transaction.execute(sql`
          with event_order_lock as (select pg_advisory_xact_lock(${eventAppendLockKey}::bigint))
          insert into ${events} (id, tenant_id, type, subscription_id, operation_id, data, created_at)
          select v.id, v.tenant_id, v.type, v.subscription_id, v.operation_id, v.data, v.created_at
          from event_order_lock,
            (values ${sql.join(rows, sql`, `)}) as v(id, tenant_id, type, subscription_id, operation_id, data, created_at, position)
          order by v.position
          returning sequence::text as sequence, id`);
        const sequences = new Map(
          rowsOf(result).map((row) => {
            const { sequence, id } = row as { sequence: string; id: string };
            return [id, Number(sequence)];
          }),
        );
        return newEvents.map((event) => ({ ...event, sequence: sequences.get(event.id)! }));
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
