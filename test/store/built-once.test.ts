import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';
import { createTestStore, type TestStore } from '../helpers/test-store.js';
import { minutesAfter, newAttempt, newOperation, newSubscription, seedTenant } from './fixtures.js';

// The engine's statements are built once per process (src/store/prepared.ts, builtOnce) and bound to whichever
// handle runs them: these check the binding and the encoding that building once relies on.
let testStore: TestStore;
let store: Store;
beforeAll(async () => {
  testStore = await createTestStore();
  store = testStore.store;
});
afterAll(() => testStore.cleanup());

async function seeded() {
  const tenant = await seedTenant(store);
  const subscription = newSubscription(tenant);
  await store.subscriptions.insert(subscription);
  const operation = await store.operations.insert(newOperation(tenant, subscription.id));
  return { tenant, subscription, operation };
}

describe('statements built once', () => {
  it('run in the transaction that calls them, though first built on the pool', async () => {
    const { tenant, subscription, operation } = await seeded();
    // Built on the pool first…
    expect(await store.operations.update({ ...operation, attempts: 1 })).not.toBeNull();
    await store.attempts.insertMany([newAttempt(operation.id)]);
    const stored = (await store.operations.getById(operation.id))!;
    // …then run in a transaction that rolls back: nothing of it may stay (on PGlite, a statement sent outside the
    // transaction would wait for its one connection forever).
    await expect(
      store.transaction(async (repositories) => {
        expect(await repositories.operations.update({ ...stored, status: 'failed' })).not.toBeNull();
        expect(
          await repositories.subscriptions.update({
            ...subscription,
            status: 'suspended',
            version: subscription.version + 1,
          }),
        ).not.toBeNull();
        await repositories.attempts.insertMany([newAttempt(operation.id), newAttempt(operation.id)]);
        await repositories.events.append([
          {
            id: `evt_${operation.id}`,
            tenantId: tenant.tenant.id,
            type: 'operation.failed',
            subscriptionId: subscription.id,
            operationId: operation.id,
            data: {},
            createdAt: minutesAfter(1),
          },
        ]);
        // Reads in the transaction see its own writes.
        expect((await repositories.operations.getById(operation.id))?.status).toBe('failed');
        throw new Error('roll it back');
      }),
    ).rejects.toThrow('roll it back');
    expect(await store.operations.getById(operation.id)).toEqual(stored);
    expect((await store.subscriptions.get(tenant.tenant.id, subscription.id))?.status).toBe(subscription.status);
    expect(await store.attempts.listForOperation(operation.id)).toHaveLength(1);
    expect(await store.events.listAfter(tenant.tenant.id, 0, 10)).toEqual([]);
  });

  it('write null as SQL NULL, not JSON null, and leave out what is undefined', async () => {
    const { operation } = await seeded();
    const failed = (await store.operations.update({
      ...operation,
      error: { type: 'about:blank', title: 'No', status: 422 } as never,
      result: { msisdn: '31600000000' },
    }))!;
    const cleared = (await store.operations.update({ ...failed, error: null, result: null }))!;
    expect(cleared).toMatchObject({ error: null, result: null, version: failed.version + 1 });
    const rows = await testStore.db.execute(
      sql`select count(*)::int as n from operations where id = ${operation.id} and error is null and result is null`,
    );
    const [row] = (Array.isArray(rows) ? rows : (rows as unknown as { rows: unknown[] }).rows) as Array<{ n: number }>;
    expect(row?.n).toBe(1);
    // An undefined value is not written (as drizzle's own SET leaves it out): the stored reference stays.
    const referenced = (await store.operations.update({ ...cleared, carrierReference: 'REF-1' }))!;
    const kept = await store.operations.update({ ...referenced, carrierReference: undefined as never, attempts: 5 });
    expect(kept).toMatchObject({ carrierReference: 'REF-1', attempts: 5 });
  });
});
