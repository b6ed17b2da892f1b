/**
 * The migrations bundled for workerd (`src/store/generated/bundled-migrations.ts`) are the `drizzle/` folder as
 * drizzle reads it, and applying them leaves a database that Node's folder migrator finds up to date (same hashes,
 * same timestamps), on PGlite and on PostgreSQL.
 */
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { applyBundledMigrations } from '../../src/store/bundled-migrator.js';
import type { StoreDatabase } from '../../src/store/database.js';
import { bundledMigrations } from '../../src/store/generated/bundled-migrations.js';
import { defaultMigrationsFolder } from '../../src/store/migrations-folder.js';
import { openPgliteDatabase } from '../../src/store/pglite-driver.js';
import { openPostgresDatabase } from '../../src/store/postgres-driver.js';
import { testDriver } from '../helpers/test-store.js';

const fromFolder = () => readMigrationFiles({ migrationsFolder: defaultMigrationsFolder() });

async function appliedRows(db: StoreDatabase) {
  const result = await db.execute(
    sql`select hash, created_at::text as "createdAt" from drizzle.__drizzle_migrations order by id`,
  );
  // PGlite answers { rows }, postgres.js an array.
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    hash: string;
    createdAt: string;
  }[];
  return rows.map((row) => ({ hash: row.hash, createdAt: Number(row.createdAt) }));
}

const expectedRows = () =>
  fromFolder().map((migration) => ({ hash: migration.hash, createdAt: migration.folderMillis }));

/** Every column of every table, to compare two databases' schemas. */
async function schemaOf(db: StoreDatabase) {
  const result = await db.execute(sql`
    select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
    where table_schema = 'public' order by table_name, column_name`);
  return Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
}

async function blankPostgresDatabase(serverUrl: string) {
  const databaseName = `test_bundled_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${databaseName}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists "${databaseName}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

describe('bundled migrations', () => {
  it('are the drizzle/ folder as drizzle reads it (run `npm run generate:migrations` after changing it)', () => {
    expect(bundledMigrations.map(({ tag: _tag, ...migration }) => migration)).toEqual(fromFolder());
  });

  it.skipIf(testDriver() !== 'pglite')('migrate a blank PGlite as the folder migrator would', async () => {
    const [client, reference] = await Promise.all([PGlite.create(), PGlite.create()]);
    try {
      const db = drizzlePglite({ client });
      await applyBundledMigrations(db, bundledMigrations);
      expect(await appliedRows(db)).toEqual(expectedRows());
      const byFolder = await openPgliteDatabase({ client: reference, migrationsFolder: defaultMigrationsFolder() });
      expect(await schemaOf(db)).toEqual(await schemaOf(byFolder.db));
      // Node's migrator on the same database finds nothing left to do, and applying the bundle again is harmless.
      await openPgliteDatabase({ client, migrationsFolder: defaultMigrationsFolder() });
      await applyBundledMigrations(db, bundledMigrations);
      expect(await appliedRows(db)).toEqual(expectedRows());
    } finally {
      await Promise.all([client.close(), reference.close()]);
    }
  });

  it.skipIf(testDriver() !== 'postgres')(
    'migrate a blank PostgreSQL database as the folder migrator would, one at a time when started together',
    async () => {
      const serverUrl = process.env.DATABASE_URL!;
      const [bundled, folder] = await Promise.all([blankPostgresDatabase(serverUrl), blankPostgresDatabase(serverUrl)]);
      const clients = Array.from({ length: 3 }, () => postgres(bundled.url, { max: 1, onnotice: () => {} }));
      try {
        const databases = clients.map((client) => drizzlePostgres({ client }));
        await Promise.all(databases.map((db) => applyBundledMigrations(db, bundledMigrations)));
        const db = databases[0]!;
        expect(await appliedRows(db)).toEqual(expectedRows());
        const byFolder = await openPostgresDatabase({
          databaseUrl: folder.url,
          maxConnections: 1,
          migrationsFolder: defaultMigrationsFolder(),
        });
        expect(await schemaOf(db)).toEqual(await schemaOf(byFolder.db));
        await byFolder.close();
        // Node's migrator on the bundle-migrated database finds nothing left to do.
        const again = await openPostgresDatabase({
          databaseUrl: bundled.url,
          maxConnections: 1,
          migrationsFolder: defaultMigrationsFolder(),
        });
        await again.close();
        expect(await appliedRows(db)).toEqual(expectedRows());
      } finally {
        await Promise.all(clients.map((client) => client.end()));
        await Promise.all([bundled.drop(), folder.drop()]);
      }
    },
  );
});
