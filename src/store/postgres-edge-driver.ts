import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { applyBundledMigrations } from './bundled-migrator.js';
import type { OpenedDatabase } from './database.js';
import { bundledMigrations } from './generated/bundled-migrations.js';

/**
 * postgres.js for runtimes without a file system or a long-lived process (workerd): migrations come from the
 * bundled module, not `drizzle/`, and a database is opened for one request and closed with it, because workerd
 * refuses I/O on a socket another request opened ("Cannot perform I/O on behalf of a different request").
 */

// Postgres reports `CREATE SCHEMA IF NOT EXISTS` skips and the like as notices; postgres.js would print them.
const ignoreNotice = () => {};

/** Bring the schema up to date over a dedicated one-connection client (the advisory lock is per connection). */
export async function migratePostgresFromBundle(databaseUrl: string): Promise<void> {
  const client = postgres(databaseUrl, { max: 1, onnotice: ignoreNotice, fetch_types: false });
  try {
    await applyBundledMigrations(drizzle({ client }), bundledMigrations);
  } finally {
    await client.end();
  }
}

/**
 * A database for one request. `fetch_types: false`: the schema uses no custom types, and fetching them costs a
 * round trip on every new connection, which here is every request.
 */
export function openPostgresForRequest(options: { databaseUrl: string; maxConnections: number }): OpenedDatabase {
  const client = postgres(options.databaseUrl, {
    max: options.maxConnections,
    onnotice: ignoreNotice,
    fetch_types: false,
  });
  return { db: drizzle({ client }), close: () => client.end() };
}
