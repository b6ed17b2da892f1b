import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';
import { createTestStore, type TestStore } from '../helpers/test-store.js';
import { minutesAfter, newAttempt, newOperation, newSubscription, seedTenant } from './fixtures.js';

// The engine's batch writes (issue 10): many rows in one statement, and an attempt's finish in the operation's write.
let testStore: TestStore;
let store: Store;
beforeAll(async () => {
  testStore = await createTestStore();
  store = testStore.store;
});
afterAll(() => testStore.cleanup());

const answer = {
  outcome: 'succeeded' as const,
  response: { carrierReference: 'ACT-1' },
  httpStatus: 200,
  latencyMs: 12,
  error: null,
  finishedAt: minutesAfter(1),
};

describe('engine batch writes', () => {
  it('inserts many attempts in one call and lists them per operation, in the order they were made', async () => {
    const seeded = await seedTenant(store);
    const subscription = await store.subscriptions.insert(newSubscription(seeded));
    const first = await store.operations.insert(newOperation(seeded, subscription.id));
    const second = await store.operations.insert(newOperation(seeded, subscription.id));
    const attempts = [newAttempt(first.id), newAttempt(second.id), newAttempt(first.id, { phase: 'poll' })];
    await store.attempts.insertMany(attempts);
    const listed = await store.attempts.listForOperations([first.id, second.id, 'op_none']);
    expect(listed.get(first.id)).toEqual([attempts[0], attempts[2]]);
    expect(listed.get(second.id)).toEqual([attempts[1]]);
    expect(listed.get('op_none')).toEqual([]);
    expect(await store.subscriptions.getByIds([subscription.id, 'sub_none'])).toEqual([subscription]);
  });

  it('finishes the attempt with the operation’s write, and still finishes it when that write loses', async () => {
    const seeded = await seedTenant(store);
    const subscription = await store.subscriptions.insert(newSubscription(seeded));
    const operation = await store.operations.insert(newOperation(seeded, subscription.id));
    const attempt = await store.attempts.insert(newAttempt(operation.id));

    const written = await store.operations.updateFinishingAttempt(
      { ...operation, status: 'submitted', carrierReference: 'ACT-1' },
      { id: attempt.id, result: answer },
    );
    expect(written).toMatchObject({ status: 'submitted', carrierReference: 'ACT-1', version: operation.version + 1 });
    expect(await store.attempts.listForOperation(operation.id)).toEqual([{ ...attempt, ...answer }]);

    // Over the version read before that write: the operation is left as it is, the attempt is still recorded.
    const second = await store.attempts.insert(newAttempt(operation.id));
    const stale = await store.operations.updateFinishingAttempt(
      { ...operation, status: 'failed' },
      { id: second.id, result: { ...answer, outcome: 'failed' } },
    );
    expect(stale).toBeNull();
    expect(await store.operations.getById(operation.id)).toEqual(written);
    expect((await store.attempts.listForOperation(operation.id))[1]).toEqual({
      ...second,
      ...answer,
      outcome: 'failed',
    });
  });
});
