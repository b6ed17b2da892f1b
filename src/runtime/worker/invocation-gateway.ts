import { createIdGenerator } from '../../core/index.js';
import type { Logger } from '../../http/logger.js';
import { nextOperationDueAt } from '../../store/next-due-time.js';
import { migratePostgresFromBundle, openPostgresForRequest } from '../../store/postgres-edge-driver.js';
import { createStoreOnDatabase } from '../../store/store-on-database.js';
import { composeGateway, type Gateway } from '../compose-gateway.js';
import { loadBundledScalarScript } from './bundled-docs-script.js';
import type { WorkerConfig } from './worker-config.js';

export interface InvocationGateway {
  gateway: Gateway;
  /** When the engine next has work (see nextOperationDueAt). */
  nextDueAt(): Promise<Date | null>;
  /** Close the invocation's database connections; call it last, in waitUntil. */
  close(): Promise<void>;
}

/**
 * Set once this isolate has brought the schema up to date. A plain flag, not a shared promise: a promise that
 * another request's I/O settles may not be awaited here, and two requests migrating at once just queue on the lock.
 */
let migratedInThisIsolate = false;

/**
 * The gateway for one invocation (a request, a cron, an alarm) over its own postgres.js client: workerd refuses I/O
 * on a socket another invocation opened, so nothing holding a connection outlives the invocation. Composing is
 * cheap (about a millisecond on a warm isolate); it also means adapters and their token caches are per invocation.
 */
export async function openInvocationGateway(
  setup: WorkerConfig,
  logger: Logger,
  hooks: { onCallbackReceived?: () => void } = {},
): Promise<InvocationGateway> {
  if (!migratedInThisIsolate) {
    await migratePostgresFromBundle(setup.databaseUrl);
    migratedInThisIsolate = true;
  }
  const opened = openPostgresForRequest({
    databaseUrl: setup.databaseUrl,
    maxConnections: setup.config.DATABASE_MAX_CONNECTIONS,
  });
  const store = createStoreOnDatabase(opened);
  const clock = { now: () => new Date() };
  try {
    const gateway = await composeGateway({
      config: setup.config,
      store,
      logger,
      clock,
      ids: createIdGenerator(clock.now),
      environment: setup.environment,
      fetch: (input, init) => fetch(input, init),
      docsScript: loadBundledScalarScript,
      ...(hooks.onCallbackReceived ? { onCallbackReceived: hooks.onCallbackReceived } : {}),
    });
    return { gateway, nextDueAt: () => nextOperationDueAt(opened.db), close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}
