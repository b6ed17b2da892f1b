import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStnSimulator, type StnSimulator, stnPlugin } from '../../src/adapters/stn/index.js';
import {
  type CarrierPluginV1,
  createCarrierDirectory,
  createEngine,
  createIdGenerator,
  type Engine,
  requestOperation,
  type Store,
  type TickReport,
} from '../../src/core/index.js';
import { createStore } from '../../src/store/create-store.js';
import { createTestStore, type TestStore, testDriver } from '../helpers/test-store.js';

/**
 * Several gateway processes share one PostgreSQL database: each engine claims operations with FOR UPDATE SKIP
 * LOCKED, so 500 operations are each handled by exactly one of them and sent to the carrier exactly once.
 */
const operationCount = 500;
const clock = { now: () => new Date() };
const ids = createIdGenerator(clock.now);

describe.skipIf(testDriver() === 'pglite')(
  'two engine loops on one PostgreSQL database (needs PostgreSQL: PGlite is one connection in one process)',
  () => {
    let first: TestStore;
    let second: Store;
    let simulator: StnSimulator;
    const engines: Array<{ name: string; engine: Engine; totals: TickReport }> = [];

    beforeAll(async () => {
      first = await createTestStore();
      second = await createStore({ databaseUrl: first.databaseUrl!, maxConnections: 5 });
      simulator = createStnSimulator({
        apiKey: 'two-engines',
        delayMs: 1,
        seed: { physicalSims: operationCount + 10 },
      });
      const fetchSimulator: typeof fetch = async (input, init) => simulator.app.fetch(new Request(input, init));
      await first.store.tenants.create({ id: 'ten_two_engines', name: 'Two engines', createdAt: clock.now() });
      await first.store.carrierConnections.upsert({
        id: 'cc_two_engines',
        tenantId: 'ten_two_engines',
        name: 'stn',
        carrier: 'stn',
        config: { baseUrl: 'http://stn.test', apiKey: 'two-engines' },
        isDefault: true,
        createdAt: clock.now(),
      });
      for (const [name, store] of [
        ['a', first.store],
        ['b', second],
      ] as const) {
        const carriers = createCarrierDirectory({
          connections: store.carrierConnections,
          plugins: [stnPlugin as CarrierPluginV1],
          dependencies: { fetch: fetchSimulator, now: clock.now, timeoutMs: 10_000 },
        });
        engines.push({
          name,
          engine: createEngine({
            store,
            carriers,
            clock,
            ids,
            owner: `engine-${name}`,
            batchSize: 40,
            pollBaseMs: 5,
            pollMaxMs: 20,
          }),
          totals: { claimed: 0, submitted: 0, polled: 0, finished: 0, retried: 0 },
        });
      }
      const carriers = createCarrierDirectory({
        connections: first.store.carrierConnections,
        plugins: [stnPlugin as CarrierPluginV1],
        dependencies: { fetch: fetchSimulator, now: clock.now, timeoutMs: 10_000 },
      });
      for (const iccid of simulator.listFreeSims().slice(0, operationCount)) {
        await requestOperation(
          { store: first.store, carriers, clock, ids },
          { tenantId: 'ten_two_engines', kind: 'activate', body: { sim: { type: 'physical', iccid } } },
        );
      }
    }, 120_000);

    afterAll(async () => {
      await second?.close();
      await first?.cleanup();
    });

    async function openOperations(): Promise<number> {
      let open = 0;
      for (const status of ['pending', 'submitted'] as const) {
        let cursor: string | undefined;
        do {
          const page = await first.store.operations.list(
            'ten_two_engines',
            { status },
            { limit: 200, ...(cursor ? { cursor } : {}) },
          );
          open += page.items.length;
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
      }
      return open;
    }

    it('processes 500 operations with none handled twice', async () => {
      const deadline = Date.now() + 90_000;
      let running = true;
      const loops = engines.map(async ({ engine, totals }) => {
        while (running) {
          await simulator.scheduler.runDue();
          const report = await engine.tick();
          for (const key of Object.keys(totals) as Array<keyof TickReport>) totals[key] += report[key];
          if (report.claimed === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        }
      });
      while ((await openOperations()) > 0) {
        if (Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      running = false;
      await Promise.all(loops);

      expect(await openOperations()).toBe(0);
      const posts = simulator.ledger.find('POST', '/api/NewSubscription');
      expect(posts).toHaveLength(operationCount);
      const references = new Set(posts.map((entry) => (entry.body as { referenceNumber: string }).referenceNumber));
      expect(references.size).toBe(operationCount);

      let cursor: string | undefined;
      let checked = 0;
      do {
        const page = await first.store.operations.list(
          'ten_two_engines',
          {},
          { limit: 200, ...(cursor ? { cursor } : {}) },
        );
        for (const operation of page.items) {
          expect(operation.status).toBe('succeeded');
          const submits = (await first.store.attempts.listForOperation(operation.id)).filter(
            (attempt) => attempt.phase === 'submit',
          );
          expect(submits).toHaveLength(1);
          checked++;
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(checked).toBe(operationCount);
      // Both engines took part: the work was shared, not merely survived.
      for (const { totals } of engines) expect(totals.submitted).toBeGreaterThan(0);
      expect(engines[0]!.totals.submitted + engines[1]!.totals.submitted).toBe(operationCount);
      console.info(
        `two engines: ${engines.map(({ name, totals }) => `${name} submitted ${totals.submitted}, polled ${totals.polled}`).join('; ')}; ` +
          `carrier requests: ${simulator.ledger.count()} (${posts.length} NewSubscription, ${simulator.ledger.count('GET', '/api/QueryActivation')} QueryActivation)`,
      );
    }, 120_000);
  },
);
