import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';
import type { OpenedDatabase } from '../../src/store/database.js';
import { defaultMigrationsFolder } from '../../src/store/migrations-folder.js';
import { nextOperationDueAt } from '../../src/store/next-due-time.js';
import { openPgliteDatabase } from '../../src/store/pglite-driver.js';
import { openPostgresDatabase } from '../../src/store/postgres-driver.js';
import { createStoreOnDatabase } from '../../src/store/store-on-database.js';
import { testDriver } from '../helpers/test-store.js';
import { minutesAfter, newOperation, newSubscription, seedTenant } from './fixtures.js';

// The answer is a minimum over the whole table, so this file needs a database of its own, not a shared test store.
let opened: OpenedDatabase;
let store: Store;
let dropDatabase = async () => {};

beforeAll(async () => {
  const serverUrl = process.env.DATABASE_URL;
  if (testDriver() === 'postgres' && serverUrl) {
    const name = `test_next_due_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    opened = await openPostgresDatabase({
      databaseUrl: url.toString(),
      maxConnections: 2,
      migrationsFolder: defaultMigrationsFolder(),
    });
    dropDatabase = async () => {
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    };
  } else {
    opened = await openPgliteDatabase({ client: await PGlite.create(), migrationsFolder: defaultMigrationsFolder() });
  }
  store = createStoreOnDatabase(opened);
});

afterAll(async () => {
  await store?.close();
  await dropDatabase();
});

describe('when the engine next has work', () => {
  it('is the earliest time an open operation can be claimed: its next attempt, or the end of its lease', async () => {
    expect(await nextOperationDueAt(opened.db)).toBeNull();
    const seeded = await seedTenant(store);
    const subscription = await store.subscriptions.insert(newSubscription(seeded));
    const operation = (overrides: Parameters<typeof newOperation>[2]) =>
      store.operations.insert(newOperation(seeded, subscription.id, overrides));

    // Finished work never counts, however early.
    await operation({ status: 'succeeded', nextAttemptAt: minutesAfter(1), completedAt: minutesAfter(1) });
    expect(await nextOperationDueAt(opened.db)).toBeNull();

    await operation({ status: 'pending', nextAttemptAt: minutesAfter(30) });
    expect(await nextOperationDueAt(opened.db)).toEqual(minutesAfter(30));
    await operation({ status: 'submitted', nextAttemptAt: minutesAfter(20) });
    expect(await nextOperationDueAt(opened.db)).toEqual(minutesAfter(20));
    // Due earliest, but leased until later: claimable only when the lease ends.
    await operation({
      status: 'submitted',
      nextAttemptAt: minutesAfter(2),
      leaseOwner: 'another-engine',
      leaseExpiresAt: minutesAfter(10),
    });
    expect(await nextOperationDueAt(opened.db)).toEqual(minutesAfter(10));
  });
});
