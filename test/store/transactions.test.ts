import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';
import { createTestStore, type TestStore } from '../helpers/test-store.js';
import { at, minutesAfter, newOperation, newSubscription, seedTenant } from './fixtures.js';

let testStore: TestStore;
let store: Store;
beforeAll(async () => {
  testStore = await createTestStore();
  store = testStore.store;
});
afterAll(() => testStore.cleanup());

describe('store.transaction', () => {
  it('commits everything the work wrote and returns its result', async () => {
    const seeded = await seedTenant(store);
    const subscription = newSubscription(seeded);
    const operation = newOperation(seeded, subscription.id);
    const result = await store.transaction(async (repositories) => {
      await repositories.subscriptions.insert(subscription);
      await repositories.operations.insert(operation);
      // Reads inside the transaction see its own writes.
      return repositories.subscriptions.get(seeded.tenant.id, subscription.id);
    });
    expect(result).toEqual(subscription);
    expect(await store.operations.getById(operation.id)).toEqual(operation);
    expect(await store.operations.update({ ...operation, status: 'succeeded' })).not.toBeNull();
  });

  it('writes nothing when the work throws', async () => {
    const seeded = await seedTenant(store);
    const subscription = newSubscription(seeded);
    await expect(
      store.transaction(async (repositories) => {
        await repositories.subscriptions.insert(subscription);
        await repositories.idempotency.begin({
          tenantId: seeded.tenant.id,
          key: 'in-tx',
          fingerprint: 'fp',
          now: subscription.createdAt,
          lockedUntil: minutesAfter(1),
          expiredBefore: minutesAfter(-60),
        });
        throw new Error('carrier said no');
      }),
    ).rejects.toThrow('carrier said no');
    expect(await store.subscriptions.get(seeded.tenant.id, subscription.id)).toBeNull();
    expect(
      await store.idempotency.begin({
        tenantId: seeded.tenant.id,
        key: 'in-tx',
        fingerprint: 'other',
        now: subscription.createdAt,
        lockedUntil: minutesAfter(1),
        expiredBefore: minutesAfter(-60),
      }),
    ).toEqual({ state: 'started' });
  });

  it('runs repositories that open their own transaction (claims, upserts, appends) inside one', async () => {
    const seeded = await seedTenant(store);
    const origin = at('2019-01-01T00:00:00.000Z');
    const subscription = await store.subscriptions.insert(newSubscription(seeded));
    const operation = await store.operations.insert(newOperation(seeded, subscription.id, { nextAttemptAt: origin }));
    await expect(
      store.transaction(async (repositories) => {
        const claimed = await repositories.operations.claimDue({
          now: origin,
          limit: 5,
          owner: 'engine',
          leaseUntil: minutesAfter(1, origin),
        });
        expect(claimed.map((item) => item.id)).toEqual([operation.id]);
        throw new Error('crash after claiming');
      }),
    ).rejects.toThrow('crash after claiming');
    // The claim rolled back with the transaction: the operation is claimable again.
    const again = await store.operations.claimDue({
      now: origin,
      limit: 5,
      owner: 'engine',
      leaseUntil: minutesAfter(1, origin),
    });
    expect(again.map((item) => item.id)).toEqual([operation.id]);
    expect(await store.operations.update({ ...again[0]!, status: 'succeeded' })).not.toBeNull();
  });
});
