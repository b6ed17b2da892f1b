import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/create-store.js';
import { createTestStore, testDriver } from '../helpers/test-store.js';
import { baseTime, ids } from './fixtures.js';

const journal = (await import('../../drizzle/meta/_journal.json', { with: { type: 'json' } })).default as {
  entries: { when: number }[];
};

describe('migrations', () => {
  it('keeps journal timestamps increasing (drizzle skips a migration older than the newest applied)', () => {
    const times = journal.entries.map((entry) => entry.when);
    expect(times).toEqual([...times].sort((left, right) => left - right));
    expect(new Set(times).size).toBe(times.length);
  });
});

describe('PGlite in a data directory', () => {
  it('creates the directory, keeps data across restarts, and migrates an up-to-date database again harmlessly', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'mvno-store-'));
    const dataDir = join(parent, 'nested', 'data');
    try {
      const tenant = { id: ids.newId('ten'), name: 'Persistent', createdAt: baseTime };
      const first = await createStore({ dataDir });
      await first.tenants.create(tenant);
      await first.close();
      const second = await createStore({ dataDir });
      expect(await second.tenants.get(tenant.id)).toEqual(tenant);
      await second.ping();
      await second.close();
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});

describe.skipIf(testDriver() !== 'postgres')('migrations on a shared Postgres (needs DATABASE_URL)', () => {
  it('lets instances starting together migrate one database once, without errors', async () => {
    // The test store's database is already migrated; this test wants a blank one, so it makes its own.
    const serverUrl = process.env.DATABASE_URL!;
    const databaseName = `test_migrate_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${databaseName}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${databaseName}`;
    try {
      const stores = await Promise.all(
        Array.from({ length: 4 }, () => createStore({ databaseUrl: url.toString(), maxConnections: 2 })),
      );
      const inspector = postgres(url.toString(), { max: 1 });
      try {
        const applied = await inspector`select count(*)::int as count from drizzle.__drizzle_migrations`;
        expect(applied[0]?.count).toBe(journal.entries.length);
        const tables = await inspector`
          select count(*)::int as count from information_schema.tables where table_schema = 'public'`;
        expect(tables[0]?.count).toBe(13); // ten from 0000, callback_replays from 0001, routing_rules and tenant_settings from 0003
      } finally {
        await inspector.end();
      }
      await Promise.all(stores.map((store) => store.ping()));
      await Promise.all(stores.map((store) => store.close()));
    } finally {
      await admin.unsafe(`drop database if exists "${databaseName}" with (force)`);
      await admin.end();
    }
  });
});

describe('test stores', () => {
  it('are isolated from one another', async () => {
    const [first, second] = await Promise.all([createTestStore(), createTestStore()]);
    try {
      const tenant = { id: ids.newId('ten'), name: 'Only in the first', createdAt: baseTime };
      await first.store.tenants.create(tenant);
      expect(await second.store.tenants.get(tenant.id)).toBeNull();
    } finally {
      await Promise.all([first.cleanup(), second.cleanup()]);
    }
  });
});
