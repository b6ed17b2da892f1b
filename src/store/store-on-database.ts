import { sql } from 'drizzle-orm';
import type { Store, StoreScope } from '../core/ports.js';
import type { OpenedDatabase, StoreDatabase } from './database.js';
import { createRepositories } from './repositories.js';

/**
 * Repositories on `db` and transactions on it. On a transaction, drizzle's `transaction` opens a savepoint, so a use
 * case handed a transaction's scope writes inside its caller's transaction and rolls back alone if it throws.
 */
function scopeOn(db: StoreDatabase): StoreScope {
  return {
    ...createRepositories(db),
    transaction: (work) => db.transaction((transaction) => work(scopeOn(transaction))),
  };
}

/** The Store port over an opened database, whichever driver opened it. */
export function createStoreOnDatabase(opened: OpenedDatabase): Store {
  const { db } = opened;
  return {
    ...scopeOn(db),
    async ping() {
      await db.execute(sql`select 1`);
    },
    close: () => opened.close(),
  };
}
