import type { Store } from '../core/ports.js';
import { defaultMigrationsFolder } from './migrations-folder.js';
import { openPgliteDatabase } from './pglite-driver.js';
import { openPostgresDatabase } from './postgres-driver.js';
import { createStoreOnDatabase } from './store-on-database.js';

export interface StoreOptions {
  /** A Postgres URL: use postgres.js. Without it the store is an embedded PGlite. */
  databaseUrl?: string;
  /** PGlite's data directory; `./.data` by default. */
  dataDir?: string;
  /** PGlite in memory, gone on close (tests). */
  inMemory?: boolean;
  /** postgres.js pool size; 10 by default. */
  maxConnections?: number;
  /** Where the drizzle-kit migrations are; the repository's `drizzle/` by default. */
  migrationsFolder?: string;
  /** Called once per statement sent to the database after migrations (the bench counts round trips with it). */
  onQuery?: (statement: string) => void;
}

/** Open the database, bring its schema up to date, and return the Store over it. */
export async function createStore(options: StoreOptions = {}): Promise<Store> {
  const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder();
  const opened = options.databaseUrl
    ? await openPostgresDatabase({
        databaseUrl: options.databaseUrl,
        maxConnections: options.maxConnections,
        migrationsFolder,
        ...(options.onQuery ? { onQuery: options.onQuery } : {}),
      })
    : await openPgliteDatabase({
        dataDir: options.dataDir,
        inMemory: options.inMemory,
        migrationsFolder,
        ...(options.onQuery ? { onQuery: options.onQuery } : {}),
      });
  return createStoreOnDatabase(opened);
}
