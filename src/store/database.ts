import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/**
 * What every repository is written against: the drizzle database common to postgres.js and PGlite, or a
 * transaction on it (drizzle's PgTransaction is a PgDatabase too, so repositories bind to either).
 */
export type StoreDatabase = PgDatabase<PgQueryResultHKT>;

/** A database a driver opened, with the one way to let it go. */
export interface OpenedDatabase {
  db: StoreDatabase;
  close(): Promise<void>;
}
