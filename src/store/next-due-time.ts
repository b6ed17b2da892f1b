import { inArray, sql } from 'drizzle-orm';
import type { StoreDatabase } from './database.js';
import { operations } from './schema.js';

/**
 * When the engine next has something to do: the earliest time an open operation becomes claimable (its next attempt
 * has come and no lease holds it), or null when nothing is open. Runtimes without a steady loop (workerd: a cron
 * once a minute) use it to wake the engine sooner. It only reads, so a stale answer costs one early or idle run.
 */
export async function nextOperationDueAt(db: StoreDatabase): Promise<Date | null> {
  const [row] = await db
    .select({
      // A claim waits for both the next attempt and the end of any lease (see OperationRepository.claimDue).
      // In epoch milliseconds: the drivers disagree on how they hand back a raw timestamptz.
      dueAtMs: sql<
        number | null
      >`(extract(epoch from min(greatest(${operations.nextAttemptAt}, ${operations.leaseExpiresAt}))) * 1000)::float8`,
    })
    .from(operations)
    .where(inArray(operations.status, ['pending', 'submitted']));
  return row?.dueAtMs == null ? null : new Date(Number(row.dueAtMs));
}
