import { sql } from 'drizzle-orm';
import type { Store } from '../core/ports.js';
import type { OpenedDatabase } from './database.js';
import { createRepositories } from './repositories.js';

/** The Store port over an opened database, whichever driver opened it. */
export function createStoreOnDatabase(opened: OpenedDatabase): Store {
  const { db } = opened;
  return {
    ...createRepositories(db),
    transaction: (work) => db.transaction((transaction) => work(createRepositories(transaction))),
    async ping() {
      await db.execute(sql`select 1`);
    },
    close: () => opened.close(),
  };
}
