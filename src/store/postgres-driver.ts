import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { OpenedDatabase } from './database.js';
import { migrateDatabase } from './migrate-database.js';

export interface PostgresDriverOptions {
  databaseUrl: string;
  maxConnections?: number;
  migrationsFolder: string;
  /** Called once per statement sent to the server, BEGIN and COMMIT included (the bench counts round trips). */
  onQuery?: (statement: string) => void;
}

// Postgres reports `CREATE SCHEMA IF NOT EXISTS` skips and the like as notices; postgres.js would print them.
const ignoreNotice = () => {};

/** Migrate over a dedicated one-connection client (the advisory lock is per connection), then open the pool. */
export async function openPostgresDatabase(options: PostgresDriverOptions): Promise<OpenedDatabase> {
  const migrationClient = postgres(options.databaseUrl, { max: 1, onnotice: ignoreNotice });
  try {
    const migrationDb = drizzle({ client: migrationClient });
    await migrateDatabase(migrationDb, () => migrate(migrationDb, { migrationsFolder: options.migrationsFolder }));
  } finally {
    await migrationClient.end();
  }
  const { onQuery } = options;
  const client = postgres(options.databaseUrl, {
    max: options.maxConnections ?? 10,
    onnotice: ignoreNotice,
    ...(onQuery ? { debug: (_connection: number, statement: string) => onQuery(statement) } : {}),
  });
  return {
    db: drizzle({ client }),
    close: () => client.end(),
  };
}
