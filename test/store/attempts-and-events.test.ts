import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewGatewayEvent, Store } from '../../src/core/ports.js';
import { createTestStore, type TestStore } from '../helpers/test-store.js';
import {
  baseTime,
  ids,
  minutesAfter,
  newAttempt,
  newOperation,
  newSubscription,
  type Seeded,
  seedTenant,
} from './fixtures.js';

let testStore: TestStore;
let store: Store;
beforeAll(async () => {
  testStore = await createTestStore();
  store = testStore.store;
});
afterAll(() => testStore.cleanup());

describe('operation attempts', () => {
  it('records an attempt, finishes it, and lists an operation’s attempts in the order they were made', async () => {
    const seeded = await seedTenant(store);
    const subscription = await store.subscriptions.insert(newSubscription(seeded));
    const operation = await store.operations.insert(newOperation(seeded, subscription.id));
    const first = newAttempt(operation.id);
    expect(await store.attempts.insert(first)).toEqual(first);
    const second = await store.attempts.insert(newAttempt(operation.id, { phase: 'poll', request: undefined }));
    expect(second.request).toBeNull();

    const error = {
      type: 'about:blank',
      title: 'Carrier unavailable',
      status: 503,
      code: 'carrier_unavailable' as const,
    };
    await store.attempts.finish(first.id, {
      outcome: 'failed',
      response: { status: 'ERROR', errors: [{ code: 'E1' }] },
      httpStatus: 503,
      latencyMs: 120,
      error,
      finishedAt: minutesAfter(1),
    });
    expect(await store.attempts.listForOperation(operation.id)).toEqual([
      {
        ...first,
        outcome: 'failed',
        response: { status: 'ERROR', errors: [{ code: 'E1' }] },
        httpStatus: 503,
        latencyMs: 120,
        error,
        finishedAt: minutesAfter(1),
      },
      second,
    ]);
    expect(await store.attempts.listForOperation('op_none')).toEqual([]);
  });
});

function newEvent(seeded: Seeded, type: string, data: Record<string, unknown> = {}): NewGatewayEvent {
  return {
    id: ids.newId('evt'),
    tenantId: seeded.tenant.id,
    type,
    subscriptionId: null,
    operationId: null,
    data,
    createdAt: baseTime,
  };
}

describe('events', () => {
  it('appends in the given order with increasing sequence numbers', async () => {
    const seeded = await seedTenant(store);
    // Ids deliberately out of order: the sequence must follow the array, not the ids.
    const batch = [newEvent(seeded, 'b'), newEvent(seeded, 'a'), newEvent(seeded, 'c')].reverse();
    const appended = await store.events.append(batch);
    expect(appended.map((event) => event.id)).toEqual(batch.map((event) => event.id));
    const sequences = appended.map((event) => event.sequence);
    expect(sequences).toEqual([...sequences].sort((left, right) => left - right));
    expect(new Set(sequences).size).toBe(3);
    expect(appended[0]).toEqual({ ...batch[0], sequence: sequences[0] });

    const next = await store.events.append([newEvent(seeded, 'd')]);
    expect(next[0]!.sequence).toBeGreaterThan(sequences[2]!);
    expect(await store.events.append([])).toEqual([]);
  });

  it('lists a tenant’s events after a sequence, ascending, up to a limit', async () => {
    const seeded = await seedTenant(store);
    const other = await seedTenant(store);
    const subscription = await store.subscriptions.insert(newSubscription(seeded));
    const [first, , third] = await store.events.append([
      { ...newEvent(seeded, 'subscription.activated', { status: 'active' }), subscriptionId: subscription.id },
      newEvent(other, 'other.tenant'),
      newEvent(seeded, 'operation.succeeded'),
    ]);
    const fourth = (await store.events.append([newEvent(seeded, 'subscription.suspended')]))[0]!;

    expect(await store.events.listAfter(seeded.tenant.id, 0, 10)).toEqual([first, third, fourth]);
    expect(await store.events.listAfter(seeded.tenant.id, first!.sequence, 1)).toEqual([third]);
    expect(await store.events.listAfter(seeded.tenant.id, fourth.sequence, 10)).toEqual([]);
    expect(await store.events.get(first!.id)).toEqual(first);
    expect(await store.events.get('evt_missing')).toBeNull();
  });

  it('rolls an append back with its transaction', async () => {
    const seeded = await seedTenant(store);
    const event = newEvent(seeded, 'never.happened');
    await expect(
      store.transaction(async (repositories) => {
        await repositories.events.append([event]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await store.events.get(event.id)).toBeNull();
  });
});
