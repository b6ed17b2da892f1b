import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { OpenedDatabase } from './database.js';
import { migrateDatabase } from './migrate-database.js';

export interface PgliteDriverOptions {
  /** Where PGlite keeps its files; ignored when `inMemory` or `client` is given. */
  dataDir?: string;
  inMemory?: boolean;
  /** An already opened PGlite (a test helper loading a prepared snapshot, say); the store closes it. */
  client?: PGlite;
  migrationsFolder: string;
}

/** Embedded Postgres in this process: one connection, so migrations and transactions queue behind each other. */
export async function openPgliteDatabase(options: PgliteDriverOptions): Promise<OpenedDatabase & { client: PGlite }> {
  const client = options.client ?? (options.inMemory ? await PGlite.create() : await openDataDirectory(options));
  try {
    const db = drizzle({ client });
    await migrateDatabase(db, () => migrate(db, { migrationsFolder: options.migrationsFolder }));
    return { db, client, close: () => client.close() };
  } catch (error) {
    await client.close();
    throw error;
  }
}

async function openDataDirectory(options: PgliteDriverOptions): Promise<PGlite> {
  const dataDir = options.dataDir ?? './.data';
  // PGlite creates the last folder of the path but not its parents.
  await mkdir(dataDir, { recursive: true });
  return PGlite.create(dataDir);
}
