import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';
import { createStore } from '../../src/store/create-store.js';
import { createTestStore, type TestStore, testDriver } from '../helpers/test-store.js';
import {
  baseTime,
  ids,
  minutesAfter,
  newDelivery,
  newEndpoint,
  newOperation,
  newSubscription,
  seedTenant,
} from './fixtures.js';

/**
 * Several engines on one database must never claim the same row. This needs two real connections claiming at the
 * same moment, which PGlite (one connection, queries queued) cannot give.
 */
describe.skipIf(testDriver() !== 'postgres')(
  'claiming from two stores at once (Postgres only: PGlite has one connection)',
  () => {
    let testStore: TestStore;
    let secondStore: Store;
    beforeAll(async () => {
      testStore = await createTestStore();
      secondStore = await createStore({ databaseUrl: testStore.databaseUrl!, maxConnections: 5 });
    });
    afterAll(async () => {
      await secondStore.close();
      await testStore.cleanup();
    });

    /** Claim in small batches from several connections of one store until nothing is left. */
    async function drain(
      claim: (options: { now: Date; limit: number; owner: string; leaseUntil: Date }) => Promise<{ id: string }[]>,
      owner: string,
    ): Promise<string[]> {
      const workers = Array.from({ length: 4 }, async () => {
        const claimed: string[] = [];
        for (;;) {
          const batch = await claim({ now: minutesAfter(1), limit: 7, owner, leaseUntil: minutesAfter(30) });
          if (batch.length === 0) return claimed;
          claimed.push(...batch.map((item) => item.id));
        }
      });
      return (await Promise.all(workers)).flat();
    }

    it('gives each of 200 due operations to exactly one claimer', async () => {
      const seeded = await seedTenant(testStore.store);
      const subscription = await testStore.store.subscriptions.insert(newSubscription(seeded));
      const operations = Array.from({ length: 200 }, () =>
        newOperation(seeded, subscription.id, { nextAttemptAt: baseTime }),
      );
      await testStore.store.transaction(async (repositories) => {
        for (const operation of operations) await repositories.operations.insert(operation);
      });

      const [first, second] = await Promise.all([
        drain((options) => testStore.store.operations.claimDue(options), 'engine-1'),
        drain((options) => secondStore.operations.claimDue(options), 'engine-2'),
      ]);
      expect(first.filter((id) => second.includes(id))).toEqual([]);
      expect(new Set(first).size).toBe(first.length);
      expect(new Set(second).size).toBe(second.length);
      expect([...first, ...second].sort()).toEqual(operations.map((operation) => operation.id).sort());
      // Both took part: otherwise the test proved nothing about concurrency.
      expect(first.length).toBeGreaterThan(0);
      expect(second.length).toBeGreaterThan(0);
    });

    it('gives each of 200 due webhook deliveries (all of different ordering keys) to exactly one claimer', async () => {
      const seeded = await seedTenant(testStore.store);
      const endpoint = await testStore.store.webhookEndpoints.create(newEndpoint(seeded));
      const deliveries = Array.from({ length: 200 }, (_, index) =>
        newDelivery(endpoint, { id: ids.newId('evt'), sequence: index + 1 }, { orderingKey: `sub_${index}` }),
      );
      await testStore.store.webhookDeliveries.insertMany(deliveries);

      const [first, second] = await Promise.all([
        drain((options) => testStore.store.webhookDeliveries.claimDue(options), 'sender-1'),
        drain((options) => secondStore.webhookDeliveries.claimDue(options), 'sender-2'),
      ]);
      expect(first.filter((id) => second.includes(id))).toEqual([]);
      expect([...first, ...second].sort()).toEqual(deliveries.map((delivery) => delivery.id).sort());
    });

    it('makes an event visible only after every event with a smaller sequence', async () => {
      const seeded = await seedTenant(testStore.store);
      const event = (type: string) => ({
        id: ids.newId('evt'),
        tenantId: seeded.tenant.id,
        type,
        subscriptionId: null,
        operationId: null,
        data: {},
        createdAt: baseTime,
      });
      let releaseFirst!: () => void;
      const firstMayCommit = new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      let firstAppended!: () => void;
      const firstHasAppended = new Promise<void>((resolve) => {
        firstAppended = resolve;
      });
      // The first transaction draws its sequence number and stays open.
      const firstTransaction = testStore.store.transaction(async (repositories) => {
        await repositories.events.append([event('first')]);
        firstAppended();
        await firstMayCommit;
      });
      await firstHasAppended;
      // The second appends and commits on its own while the first is still open.
      const secondAppend = secondStore.events.append([event('second')]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // A reader must not see "second" yet: once it had, its cursor would pass "first" for good.
      expect((await secondStore.events.listAfter(seeded.tenant.id, 0, 10)).map((item) => item.type)).toEqual([]);

      releaseFirst();
      await Promise.all([firstTransaction, secondAppend]);
      expect((await secondStore.events.listAfter(seeded.tenant.id, 0, 10)).map((item) => item.type)).toEqual([
        'first',
        'second',
      ]);
    });
  },
);
