/**
 * The code that must stay runtime-neutral, as one worker: src/core, src/http, the driver-neutral store (schema,
 * repositories over any drizzle Postgres database, the bundled migrations and their migrator) and both carrier
 * adapters with their simulators. neutral-bundle.mjs bundles this with esbuild for `platform=neutral` with nothing
 * external, so any `node:` import fails the build, and runs it in workerd without `nodejs_compat`, where there is no
 * Node module and no file system to touch at import time.
 *
 * The store is not reachable here (a real one needs a driver); the app gets a tripwire that fails any request that
 * would use it, so the checks below are those that need no database.
 */
import { spsPlugin } from '../../src/adapters/sps/index.js';
import { createStnSimulator, stnPlugin } from '../../src/adapters/stn/index.js';
import {
  type CarrierPluginV1,
  createCarrierDirectory,
  createEngine,
  createIdGenerator,
  type Store,
} from '../../src/core/index.js';
import { createApp } from '../../src/http/app.js';
import { silentLogger } from '../../src/http/logger.js';
import { applyBundledMigrations } from '../../src/store/bundled-migrator.js';
import { bundledMigrations } from '../../src/store/generated/bundled-migrations.js';
import { nextOperationDueAt } from '../../src/store/next-due-time.js';
import { createStoreOnDatabase } from '../../src/store/store-on-database.js';

function tripwire<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get(_target, property) {
      throw new Error(`the neutral bundle has no store (asked for ${name}.${String(property)})`);
    },
  });
}
const noStore = tripwire<Store>('store');

const clock = { now: () => new Date() };
const ids = createIdGenerator(clock.now);
const plugins = [stnPlugin, spsPlugin] as CarrierPluginV1[];
const carriers = createCarrierDirectory({
  connections: tripwire<Store['carrierConnections']>('store.carrierConnections'),
  plugins,
  dependencies: { fetch: (input, init) => fetch(input, init), now: clock.now, timeoutMs: 1000 },
});
const engine = createEngine({ store: noStore, carriers, clock, ids, owner: 'neutral-bundle' });
const app = createApp({ store: noStore, clock, ids, logger: silentLogger, carriers, engine, version: '0.1.0' });
const stn = createStnSimulator({ apiKey: 'neutral-key', delayMs: 0 });

export default {
  async fetch(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path === '/facts') {
      // Referenced so the bundle keeps them (and their imports) rather than tree-shaking them away.
      return Response.json({
        migrations: bundledMigrations.map((migration) => migration.tag),
        storeOnDatabase: typeof createStoreOnDatabase,
        migrator: typeof applyBundledMigrations,
        nextDue: typeof nextOperationDueAt,
        plugins: plugins.map((plugin) => plugin.id),
      });
    }
    if (path.startsWith('/stn-simulator/')) {
      const url = new URL(request.url);
      url.pathname = path.slice('/stn-simulator'.length);
      return stn.app.fetch(new Request(url, { method: request.method, headers: request.headers }));
    }
    return app.fetch(request);
  },
};
