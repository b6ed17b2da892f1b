import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOperationOutcome } from '../../src/core/engine/apply-carrier-update.js';
import type { Store } from '../../src/core/ports.js';
import { createTestStore, type TestStore } from '../helpers/test-store.js';
import { ids, minutesAfter, newOperation, newSubscription, seedTenant } from '../store/fixtures.js';

/**
 * Progress news for an operation the engine holds is written over the version it claimed, without reading the
 * operation again; when someone wrote since (a callback), the news goes onto their state, never over it.
 */
let testStore: TestStore;
let store: Store;
beforeAll(async () => {
  testStore = await createTestStore();
  store = testStore.store;
});
afterAll(() => testStore.cleanup());

async function heldOperation() {
  const seeded = await seedTenant(store);
  const subscription = await store.subscriptions.insert(newSubscription(seeded));
  return store.operations.insert(newOperation(seeded, subscription.id, { status: 'pending' }));
}

const inProgress = { state: 'in_progress' as const, carrierStatus: 'QUEUED', nextAttemptAt: minutesAfter(2) };

describe('progress on a held operation', () => {
  it('is written over the held version', async () => {
    const held = await heldOperation();
    const written = await applyOperationOutcome({
      store,
      ids,
      now: minutesAfter(1),
      operationId: held.id,
      held,
      changes: { carrierReference: 'ref-1', attempts: 1 },
      outcome: inProgress,
    });
    expect(written).toMatchObject({
      status: 'submitted',
      carrierReference: 'ref-1',
      attempts: 1,
      version: held.version + 1,
    });
    expect(await store.operations.getById(held.id)).toEqual(written);
  });

  it('goes onto the newer state when someone wrote after the claim, keeping what they wrote', async () => {
    const held = await heldOperation();
    const theirs = await store.operations.update({ ...held, warnings: ['written by a callback'] });
    expect(theirs?.version).toBe(held.version + 1);
    const written = await applyOperationOutcome({
      store,
      ids,
      now: minutesAfter(1),
      operationId: held.id,
      held,
      changes: { carrierReference: 'ref-2' },
      outcome: inProgress,
    });
    expect(written).toMatchObject({
      status: 'submitted',
      carrierReference: 'ref-2',
      warnings: ['written by a callback'],
      version: held.version + 2,
    });
  });
});
