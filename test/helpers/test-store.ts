/**
 * A fresh, migrated Store for one test file (or one test). Without DATABASE_URL it is an in-memory PGlite; with it,
 * a newly created database on that server, dropped again by `cleanup`, so test files running in parallel never
 * share tables.
 *
 * Speed: starting PGlite and migrating it takes seconds, so the first call dumps a migrated PGlite to a snapshot
 * file in the temporary directory, named by a hash of the migrations and the PGlite version; later calls, in any
 * worker or run, load that snapshot (well under a second). A change to the migrations changes the name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { Store } from '../../src/core/ports.js';
import type { StoreDatabase } from '../../src/store/database.js';
import { defaultMigrationsFolder } from '../../src/store/migrations-folder.js';
import { openPgliteDatabase } from '../../src/store/pglite-driver.js';
import { openPostgresDatabase } from '../../src/store/postgres-driver.js';
import { createStoreOnDatabase } from '../../src/store/store-on-database.js';

export interface TestStore {
  store: Store;
  /** Close the store and, on Postgres, drop its database. */
  cleanup(): Promise<void>;
  /** Which driver the store runs on, for reasoned skips. */
  driver: 'pglite' | 'postgres';
  /** On Postgres, the URL of this store's own database (to open a second store on it); null on PGlite. */
  databaseUrl: string | null;
  /** The drizzle handle under `store`, for tests that must look at a table directly. */
  db: StoreDatabase;
}

export function testDriver(): 'pglite' | 'postgres' {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

export async function createTestStore(): Promise<TestStore> {
  const serverUrl = process.env.DATABASE_URL;
  return serverUrl ? createPostgresTestStore(serverUrl) : createPgliteTestStore();
}

async function createPostgresTestStore(serverUrl: string): Promise<TestStore> {
  const databaseName = `test_${Date.now().toString(36)}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${databaseName}"`);
  } finally {
    await admin.end();
  }
  const databaseUrl = withDatabase(serverUrl, databaseName);
  const opened = await openPostgresDatabase({
    databaseUrl,
    maxConnections: 5,
    migrationsFolder: defaultMigrationsFolder(),
  });
  const store = createStoreOnDatabase(opened);
  return {
    store,
    driver: 'postgres',
    databaseUrl,
    db: opened.db,
    async cleanup() {
      await store.close();
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        // FORCE: a test that failed half-way may have left a second store's connections open.
        await dropper.unsafe(`drop database if exists "${databaseName}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

function withDatabase(serverUrl: string, databaseName: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

async function createPgliteTestStore(): Promise<TestStore> {
  const snapshot = await migratedSnapshot();
  const client = await PGlite.create({ loadDataDir: snapshot });
  // Migrating a loaded snapshot finds every migration applied; it runs anyway, as a check that it is current.
  const opened = await openPgliteDatabase({ client, migrationsFolder: defaultMigrationsFolder() });
  const store = createStoreOnDatabase(opened);
  return { store, driver: 'pglite', databaseUrl: null, db: opened.db, cleanup: () => store.close() };
}

let snapshotInThisProcess: Promise<Blob> | undefined;

function migratedSnapshot(): Promise<Blob> {
  snapshotInThisProcess ??= loadOrMakeSnapshot();
  return snapshotInThisProcess;
}

async function loadOrMakeSnapshot(): Promise<Blob> {
  const path = join(tmpdir(), `mvno-gateway-pglite-${await snapshotKey()}.tar`);
  if (existsSync(path)) return new Blob([await readFile(path)]);
  const client = await PGlite.create();
  try {
    await openPgliteDatabase({ client, migrationsFolder: defaultMigrationsFolder() });
    const snapshot = await client.dumpDataDir('none');
    // Write then rename, so a worker reading at the same moment sees the whole file or none.
    const partial = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, new Uint8Array(await snapshot.arrayBuffer()));
    await rename(partial, path);
    return snapshot;
  } finally {
    await client.close();
  }
}

async function snapshotKey(): Promise<string> {
  const hash = createHash('sha256');
  // The package does not export its package.json; it sits one folder above the entry point (dist/).
  const pgliteEntry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  const pglitePackage = JSON.parse(await readFile(join(dirname(pgliteEntry), '..', 'package.json'), 'utf8'));
  hash.update(String(pglitePackage.version));
  const files = (await readdir(defaultMigrationsFolder(), { recursive: true })).sort();
  for (const file of files) {
    if (!file.endsWith('.sql') && !file.endsWith('_journal.json')) continue;
    hash.update(file);
    hash.update(await readFile(join(defaultMigrationsFolder(), file)));
  }
  return hash.digest('hex').slice(0, 16);
}
