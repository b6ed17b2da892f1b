import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
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
  /** More Postgres settings (`name=value`), after the bounded defaults below: the bench tries others with it. */
  settings?: readonly string[];
}

/** Embedded Postgres in this process: one connection, so migrations and transactions queue behind each other. */
export async function openPgliteDatabase(options: PgliteDriverOptions): Promise<OpenedDatabase & { client: PGlite }> {
  const startOptions = withSettings(options.settings ?? []);
  const client =
    options.client ??
    (options.inMemory ? await PGlite.create(startOptions) : await openDataDirectory(options, startOptions));
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

/**
 * PGlite keeps Postgres's default 128 MB of shared buffers in WASM memory, which never shrinks; the gateway's working
 * set is small, and a page not in the buffers comes from the OS's file cache. 16 MB took a reopened data directory
 * from ≈ 390 to ≈ 285 MB RSS under a read loop (measured on this machine; see docs/decisions/performance-bench.md).
 */
const boundedMemory = {
  startParams: [
    ...(PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams,
    '-c',
    'shared_buffers=16MB',
  ],
};

function withSettings(settings: readonly string[]): typeof boundedMemory {
  return { startParams: [...boundedMemory.startParams, ...settings.flatMap((setting) => ['-c', setting])] };
}

async function openDataDirectory(options: PgliteDriverOptions, startOptions: typeof boundedMemory): Promise<PGlite> {
  const dataDir = options.dataDir ?? './.data';
  // PGlite creates the last folder of the path but not its parents.
  await mkdir(dataDir, { recursive: true });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    // A first start runs initdb, and the instance that ran it keeps ≈ 600 MB of WASM memory for its lifetime
    // (≈ 800 MB RSS against ≈ 340 MB for a reopened directory). Initialise, close, and open again; in a process of
    // its own where we can, because even closed, that memory goes only at a major GC, which an idle gateway does
    // not run (a first start stayed ≈ 80 MB above a warm one).
    if (!(await initialisedInChildProcess(dataDir, startOptions))) {
      const initialising = await PGlite.create(dataDir, startOptions);
      await initialising.close();
    }
  }
  return PGlite.create(dataDir, startOptions);
}

/**
 * initdb in a short-lived Node process (`node -e`, PGlite imported by its resolved URL). False where that is not
 * possible (Bun, Deno, a test runner without `import.meta.resolve`) or did not work: the caller then initialises here,
 * and a real failure (a directory it may not write) surfaces from PGlite itself, as before.
 */
async function initialisedInChildProcess(dataDir: string, startOptions: typeof boundedMemory): Promise<boolean> {
  const versions = process.versions as Record<string, string | undefined>;
  if (versions.bun || versions.deno || typeof import.meta.resolve !== 'function') return false;
  let pgliteUrl: string;
  try {
    pgliteUrl = import.meta.resolve('@electric-sql/pglite');
  } catch {
    return false;
  }
  const script = `const { PGlite } = await import(${JSON.stringify(pgliteUrl)});
const instance = await PGlite.create(process.argv[1], { startParams: JSON.parse(process.argv[2]) });
await instance.close();`;
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', script, dataDir, JSON.stringify(startOptions.startParams)],
      { stdio: ['ignore', 'ignore', 'ignore'] },
    );
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0 && existsSync(join(dataDir, 'PG_VERSION'))));
  });
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
