import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';
import { createTestStore, type TestStore } from '../helpers/test-store.js';
import { at, ids, minutesAfter, newOperation, newSubscription, type Seeded, seedTenant } from './fixtures.js';

let testStore: TestStore;
let store: Store;
beforeAll(async () => {
  testStore = await createTestStore();
  store = testStore.store;
});
afterAll(() => testStore.cleanup());

async function seedWithSubscription(): Promise<{ seeded: Seeded; subscriptionId: string }> {
  const seeded = await seedTenant(store);
  const subscription = await store.subscriptions.insert(newSubscription(seeded));
  return { seeded, subscriptionId: subscription.id };
}

/** Operations claimed by a test are moved out of the way so later claims in the shared store start clean. */
async function finishAll(operationIds: string[]): Promise<void> {
  for (const id of operationIds) {
    const operation = await store.operations.getById(id);
    if (operation)
      await store.operations.update({ ...operation, status: 'succeeded', leaseOwner: null, leaseExpiresAt: null });
  }
}

describe('operations', () => {
  it('stores every field and reads it back exactly', async () => {
    const { seeded, subscriptionId } = await seedWithSubscription();
    const operation = newOperation(seeded, subscriptionId, {
      kind: 'cease',
      status: 'failed',
      carrierReference: 'ACT-1',
      carrierStatus: 'ERROR',
      result: { msisdn: '+31612345678' },
      error: {
        type: 'https://errors.example/carrier-rejected',
        title: 'Carrier rejected',
        status: 422,
        code: 'carrier_rejected',
        carrier: { id: 'stn', code: 'E12', message: 'No such SIM' },
      },
      warnings: ['imei ignored by carrier'],
      attempts: 3,
      nextAttemptAt: null,
      scheduledFor: minutesAfter(60 * 24),
      idempotencyKey: 'key-1',
      completedAt: minutesAfter(5),
      leaseExpiresAt: minutesAfter(1),
      leaseOwner: 'engine-a',
      consecutiveFailures: 3,
      version: 4,
    });
    expect(await store.operations.insert(operation)).toEqual(operation);
    expect(await store.operations.get(seeded.tenant.id, operation.id)).toEqual(operation);
    expect(await store.operations.getById(operation.id)).toEqual(operation);
    expect(await store.operations.get('ten_other', operation.id)).toBeNull();
  });

  it('updates an operation it read, bumping its version, and refuses one that does not exist', async () => {
    const { seeded, subscriptionId } = await seedWithSubscription();
    const operation = await store.operations.insert(newOperation(seeded, subscriptionId));
    expect(operation.version).toBe(0);
    const submitted = {
      ...operation,
      status: 'submitted' as const,
      carrierReference: 'ACT-2',
      attempts: 1,
      consecutiveFailures: 2,
      updatedAt: minutesAfter(1),
    };
    expect(await store.operations.update(submitted)).toEqual({ ...submitted, version: 1 });
    expect(await store.operations.getById(operation.id)).toEqual({ ...submitted, version: 1 });
    expect(await store.operations.update({ ...submitted, id: 'op_missing' })).toBeNull();
  });

  it('refuses a write based on an older version and changes nothing', async () => {
    const { seeded, subscriptionId } = await seedWithSubscription();
    const read = await store.operations.insert(newOperation(seeded, subscriptionId, { status: 'submitted' }));
    // Two writers read version 0; the first wins, the second is refused whole.
    const finished = await store.operations.update({ ...read, status: 'succeeded', completedAt: minutesAfter(2) });
    expect(finished?.version).toBe(1);
    expect(await store.operations.update({ ...read, status: 'submitted', attempts: 9 })).toBeNull();
    expect(await store.operations.getById(read.id)).toEqual(finished);
    // A write based on the newest read goes through.
    expect(await store.operations.update({ ...finished!, warnings: ['late'] })).toMatchObject({
      version: 2,
      status: 'succeeded',
      warnings: ['late'],
    });
  });

  it('lists newest first with filters and cursor', async () => {
    const { seeded, subscriptionId } = await seedWithSubscription();
    const activate = await store.operations.insert(newOperation(seeded, subscriptionId));
    const suspend = await store.operations.insert(newOperation(seeded, subscriptionId, { kind: 'suspend' }));
    const done = await store.operations.insert(
      newOperation(seeded, subscriptionId, { kind: 'resume', status: 'succeeded' }),
    );
    const elsewhere = await store.subscriptions.insert(newSubscription(seeded));
    const other = await store.operations.insert(newOperation(seeded, elsewhere.id));

    const page = await store.operations.list(seeded.tenant.id, {}, { limit: 3 });
    expect(page.items.map((item) => item.id)).toEqual([other.id, done.id, suspend.id]);
    const rest = await store.operations.list(seeded.tenant.id, {}, { limit: 3, cursor: page.nextCursor! });
    expect(rest).toEqual({ items: [activate], nextCursor: null });

    const idsOf = async (filter: Parameters<Store['operations']['list']>[1]) =>
      (await store.operations.list(seeded.tenant.id, filter, { limit: 10 })).items.map((item) => item.id);
    expect(await idsOf({ kind: 'suspend' })).toEqual([suspend.id]);
    expect(await idsOf({ status: 'succeeded' })).toEqual([done.id]);
    expect(await idsOf({ subscriptionId })).toEqual([done.id, suspend.id, activate.id]);
    expect((await store.operations.list('ten_other', {}, { limit: 10 })).items).toEqual([]);
  });

  it('lists a subscription’s open operations oldest first', async () => {
    const { seeded, subscriptionId } = await seedWithSubscription();
    const pending = await store.operations.insert(newOperation(seeded, subscriptionId));
    await store.operations.insert(newOperation(seeded, subscriptionId, { status: 'cancelled' }));
    const submitted = await store.operations.insert(newOperation(seeded, subscriptionId, { status: 'submitted' }));
    await store.operations.insert(newOperation(seeded, subscriptionId, { status: 'failed' }));
    expect((await store.operations.listOpen(subscriptionId)).map((item) => item.id)).toEqual([
      pending.id,
      submitted.id,
    ]);
    await finishAll([pending.id, submitted.id]);
  });

  it('finds an operation by carrier reference, preferring the one that owns it over a cancellation', async () => {
    const { seeded, subscriptionId } = await seedWithSubscription();
    // The cancellation gets the older id: the preference must come from the target, not from age.
    const cancellationId = ids.newId('op');
    const activation = await store.operations.insert(
      newOperation(seeded, subscriptionId, { status: 'succeeded', carrierReference: 'ACT-9' }),
    );
    const cancellation = await store.operations.insert(
      newOperation(seeded, subscriptionId, {
        id: cancellationId,
        kind: 'cancel_activation',
        status: 'succeeded',
        targetOperationId: activation.id,
        carrierReference: 'ACT-9',
      }),
    );
    expect(cancellation.id < activation.id).toBe(true);
    expect((await store.operations.findByCarrierReference(seeded.connection.id, 'ACT-9'))?.id).toBe(activation.id);
    expect(await store.operations.findByCarrierReference(seeded.connection.id, 'ACT-404')).toBeNull();
    expect(await store.operations.findByCarrierReference('cc_other', 'ACT-9')).toBeNull();
  });
});

// Other tests in this file leave open operations due from `baseTime` on; claims here happen on timelines years
// before it, so they only ever see their own operations.
describe('operations.claimDue', () => {
  it('claims only open, due, unleased operations, earliest first, and leases them', async () => {
    const { seeded, subscriptionId } = await seedWithSubscription();
    const origin = at('2020-01-01T00:00:00.000Z');
    const now = minutesAfter(10, origin);
    const later = await store.operations.insert(
      newOperation(seeded, subscriptionId, { nextAttemptAt: minutesAfter(9, origin) }),
    );
    const earlier = await store.operations.insert(
      newOperation(seeded, subscriptionId, { status: 'submitted', nextAttemptAt: minutesAfter(2, origin) }),
    );
    const expiredLease = await store.operations.insert(
      newOperation(seeded, subscriptionId, {
        nextAttemptAt: minutesAfter(5, origin),
        leaseOwner: 'dead',
        leaseExpiresAt: now,
      }),
    );
    const notDue = await store.operations.insert(
      newOperation(seeded, subscriptionId, { nextAttemptAt: minutesAfter(11, origin) }),
    );
    const leased = await store.operations.insert(
      newOperation(seeded, subscriptionId, {
        nextAttemptAt: minutesAfter(1, origin),
        leaseOwner: 'other',
        leaseExpiresAt: minutesAfter(11, origin),
      }),
    );
    const finished = await store.operations.insert(
      newOperation(seeded, subscriptionId, { status: 'succeeded', nextAttemptAt: minutesAfter(1, origin) }),
    );
    const unscheduled = await store.operations.insert(newOperation(seeded, subscriptionId, { nextAttemptAt: null }));

    const leaseUntil = minutesAfter(12, origin);
    const claimed = await store.operations.claimDue({ now, limit: 10, owner: 'engine-a', leaseUntil });
    expect(claimed.map((item) => item.id)).toEqual([earlier.id, expiredLease.id, later.id]);
    for (const operation of claimed) {
      expect(operation.leaseOwner).toBe('engine-a');
      expect(operation.leaseExpiresAt).toEqual(leaseUntil);
    }
    // A claim is a write: it bumps the version, so a write based on a read from before the claim loses.
    expect(await store.operations.getById(earlier.id)).toEqual({
      ...earlier,
      leaseOwner: 'engine-a',
      leaseExpiresAt: leaseUntil,
      version: earlier.version + 1,
    });
    expect(await store.operations.update({ ...earlier, status: 'failed' })).toBeNull();
    // A held lease keeps them from a second claimer until it runs out.
    expect(await store.operations.claimDue({ now, limit: 10, owner: 'engine-b', leaseUntil })).toEqual([]);
    const afterLease = await store.operations.claimDue({
      now: leaseUntil,
      limit: 10,
      owner: 'engine-b',
      leaseUntil: minutesAfter(20, origin),
    });
    expect(afterLease.map((item) => item.id)).toEqual([leased.id, earlier.id, expiredLease.id, later.id, notDue.id]);
    expect(afterLease.every((item) => item.leaseOwner === 'engine-b')).toBe(true);
    expect(afterLease.find((item) => item.id === earlier.id)?.version).toBe(earlier.version + 2);

    expect((await store.operations.getById(finished.id))?.leaseOwner).toBeNull();
    expect((await store.operations.getById(unscheduled.id))?.leaseOwner).toBeNull();
    await finishAll(afterLease.map((item) => item.id));
  });

  it('claims at most `limit`', async () => {
    const { seeded, subscriptionId } = await seedWithSubscription();
    const origin = at('2021-01-01T00:00:00.000Z');
    const inserted = [];
    for (let index = 0; index < 4; index++) {
      inserted.push(
        await store.operations.insert(
          newOperation(seeded, subscriptionId, { nextAttemptAt: minutesAfter(index, origin) }),
        ),
      );
    }
    const claimed = await store.operations.claimDue({
      now: minutesAfter(10, origin),
      limit: 3,
      owner: 'a',
      leaseUntil: minutesAfter(11, origin),
    });
    expect(claimed.map((item) => item.id)).toEqual(inserted.slice(0, 3).map((item) => item.id));
    expect(
      await store.operations.claimDue({
        now: minutesAfter(10, origin),
        limit: 0,
        owner: 'a',
        leaseUntil: minutesAfter(11, origin),
      }),
    ).toEqual([]);
    await finishAll(inserted.map((item) => item.id));
  });
});
