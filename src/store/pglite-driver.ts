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
  /** Called once per statement after migrations: each query or exec, and BEGIN and COMMIT of each transaction. */
  onQuery?: (statement: string) => void;
}

/** Embedded Postgres in this process: one connection, so migrations and transactions queue behind each other. */
export async function openPgliteDatabase(options: PgliteDriverOptions): Promise<OpenedDatabase & { client: PGlite }> {
  const client = options.client ?? (options.inMemory ? await PGlite.create() : await openDataDirectory(options));
  try {
    const db = drizzle({ client });
    await migrateDatabase(db, () => migrate(db, { migrationsFolder: options.migrationsFolder }));
    if (options.onQuery) countStatements(client, options.onQuery);
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

type Statements = Pick<PGlite, 'query' | 'exec'>;

/** Wrap a client's (or a transaction's) query and exec so each call is counted, then handed on unchanged. */
function countOn<T extends Statements>(target: T, onQuery: (statement: string) => void): T {
  const query = target.query.bind(target);
  const exec = target.exec.bind(target);
  target.query = ((...args: Parameters<typeof query>) => {
    onQuery(args[0]);
    return query(...args);
  }) as typeof query;
  target.exec = ((...args: Parameters<typeof exec>) => {
    onQuery(args[0]);
    return exec(...args);
  }) as typeof exec;
  return target;
}

/** PGlite sends BEGIN and COMMIT itself, inside `transaction`: two statements for each, plus what runs inside. */
function countStatements(client: PGlite, onQuery: (statement: string) => void): void {
  countOn(client, onQuery);
  const transaction = client.transaction.bind(client);
  client.transaction = ((work) => {
    onQuery('begin');
    onQuery('commit');
    return transaction((tx) => work(countOn(tx, onQuery)));
  }) as typeof transaction;
}
