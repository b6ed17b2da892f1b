import { sql } from 'drizzle-orm';
import type { StoreDatabase } from './database.js';

/** A fixed key for the advisory lock that makes concurrent start-ups apply migrations one at a time. */
const migrationLockKey = 7_301_022_000;

/**
 * Apply migrations while holding a session-level Postgres advisory lock. drizzle's migrate() takes no lock, so two
 * instances starting together could both apply a migration; with the lock the second waits, then finds nothing
 * left to do. `db` must be a single connection (a one-connection postgres.js client, or PGlite), because a session
 * lock belongs to the connection that took it: on a pool the unlock could go to another connection.
 */
export async function migrateDatabase(db: StoreDatabase, applyMigrations: () => Promise<void>): Promise<void> {
  await db.execute(sql`select pg_advisory_lock(${migrationLockKey})`);
  try {
    await applyMigrations();
  } finally {
    await db.execute(sql`select pg_advisory_unlock(${migrationLockKey})`);
  }
}
