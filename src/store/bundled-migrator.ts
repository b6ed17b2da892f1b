import type { MigrationMeta } from 'drizzle-orm/migrator';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { StoreDatabase } from './database.js';
import { migrateDatabase } from './migrate-database.js';

/**
 * Apply migrations handed over as data (`generated/bundled-migrations.ts`) rather than read from `drizzle/`, for
 * runtimes without a file system. It is drizzle's own dialect migrate, the step its folder migrator runs after
 * reading the files, under the same advisory lock, so the applied rows (hash, timestamp) are the same as Node's and
 * either path finds the other's work done. `db` must be a single connection, as for `migrateDatabase`.
 */
export async function applyBundledMigrations(db: StoreDatabase, migrations: readonly MigrationMeta[]): Promise<void> {
  // The session's schema type parameter differs from the schema-less one migrate() declares; migrate only runs SQL.
  const session = db._.session as unknown as Parameters<PgDialect['migrate']>[1];
  await migrateDatabase(db, () =>
    new PgDialect().migrate([...migrations], session, { migrationsFolder: '(bundled into the build)' }),
  );
}
