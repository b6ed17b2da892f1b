import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdempotencyBegin, Repositories, Store } from '../../src/core/ports.js';
import { createTestStore, type TestStore } from '../helpers/test-store.js';
import { baseTime, minutesAfter, seedTenant } from './fixtures.js';

let testStore: TestStore;
let store: Store;
beforeAll(async () => {
  testStore = await createTestStore();
  store = testStore.store;
});
afterAll(() => testStore.cleanup());

const day = 24 * 60;
const leaseMinutes = 0.5;

/** A claim at `now` with a 30-second lease and a day's retention, through `repositories` (the store by default). */
function claim(
  tenantId: string,
  key: string,
  fingerprint: string,
  now = baseTime,
  repositories: Repositories = store,
): Promise<IdempotencyBegin> {
  return repositories.idempotency.begin({
    tenantId,
    key,
    fingerprint,
    now,
    lockedUntil: minutesAfter(leaseMinutes, now),
    expiredBefore: minutesAfter(-day, now),
  });
}

describe('idempotency keys', () => {
  it('starts once, reports in progress, then replays the completed response', async () => {
    const { tenant } = await seedTenant(store);
    expect(await claim(tenant.id, 'k-1', 'fp-a')).toEqual({ state: 'started' });
    expect(await claim(tenant.id, 'k-1', 'fp-a')).toEqual({ state: 'in_progress' });
    expect(await claim(tenant.id, 'k-1', 'fp-b')).toEqual({ state: 'mismatch' });

    const responseBody = { id: 'op_1', status: 'pending', nested: [1, { ok: true }] };
    await store.idempotency.complete({
      tenantId: tenant.id,
      key: 'k-1',
      fingerprint: 'fp-a',
      responseStatus: 202,
      responseBody,
      now: minutesAfter(0.1),
    });
    expect(await claim(tenant.id, 'k-1', 'fp-a')).toEqual({ state: 'completed', responseStatus: 202, responseBody });
    expect(await claim(tenant.id, 'k-1', 'fp-b')).toEqual({ state: 'mismatch' });
    // A stored response outlives the lease: it is replayed for the whole retention.
    expect(await claim(tenant.id, 'k-1', 'fp-a', minutesAfter(day - 1))).toEqual({
      state: 'completed',
      responseStatus: 202,
      responseBody,
    });
  });

  it('scopes keys to the tenant', async () => {
    const first = await seedTenant(store);
    const second = await seedTenant(store);
    expect(await claim(first.tenant.id, 'shared', 'fp')).toEqual({ state: 'started' });
    expect(await claim(second.tenant.id, 'shared', 'fp')).toEqual({ state: 'started' });
  });

  it('treats an expired entry as absent, whatever its fingerprint', async () => {
    const { tenant } = await seedTenant(store);
    await claim(tenant.id, 'old', 'fp-a');
    await store.idempotency.complete({
      tenantId: tenant.id,
      key: 'old',
      fingerprint: 'fp-a',
      responseStatus: 202,
      responseBody: {},
      now: baseTime,
    });

    const twoDaysLater = minutesAfter(2 * day);
    expect(await claim(tenant.id, 'old', 'fp-b', twoDaysLater)).toEqual({ state: 'started' });
    // The new entry is a fresh one: in progress, with the new fingerprint.
    expect(await claim(tenant.id, 'old', 'fp-b', twoDaysLater)).toEqual({ state: 'in_progress' });
    expect(await claim(tenant.id, 'old', 'fp-a', twoDaysLater)).toEqual({ state: 'mismatch' });
  });

  it('frees a claim left without a response (a crash) once its lease has passed, not before', async () => {
    const { tenant } = await seedTenant(store);
    expect(await claim(tenant.id, 'crashed', 'fp-a')).toEqual({ state: 'started' });
    // The claimer died here: no response was ever stored.
    expect(await claim(tenant.id, 'crashed', 'fp-a', minutesAfter(leaseMinutes / 2))).toEqual({
      state: 'in_progress',
    });
    const afterLease = minutesAfter(leaseMinutes);
    expect(await claim(tenant.id, 'crashed', 'fp-a', afterLease)).toEqual({ state: 'started' });
    // The new claim has a lease of its own, and nothing of the dead one's is left: it completes normally.
    expect(await claim(tenant.id, 'crashed', 'fp-a', afterLease)).toEqual({ state: 'in_progress' });
    await store.idempotency.complete({
      tenantId: tenant.id,
      key: 'crashed',
      fingerprint: 'fp-a',
      responseStatus: 202,
      responseBody: { id: 'op_2' },
      now: afterLease,
    });
    expect(await claim(tenant.id, 'crashed', 'fp-a', minutesAfter(10))).toMatchObject({ state: 'completed' });

    // Nothing was done under a dead claim, so its fingerprint binds nobody.
    await claim(tenant.id, 'crashed-2', 'fp-a');
    expect(await claim(tenant.id, 'crashed-2', 'fp-b', minutesAfter(1))).toEqual({ state: 'started' });
  });

  it('stores a response only for the claim the request holds', async () => {
    const { tenant } = await seedTenant(store);
    const completion = { tenantId: tenant.id, responseStatus: 202, responseBody: {}, now: baseTime };
    await expect(
      store.idempotency.complete({ ...completion, key: 'never-claimed', fingerprint: 'fp' }),
    ).rejects.toThrow('not claimed');
    await claim(tenant.id, 'claimed', 'fp-a');
    await expect(store.idempotency.complete({ ...completion, key: 'claimed', fingerprint: 'fp-b' })).rejects.toThrow(
      'not claimed',
    );
    await store.idempotency.complete({ ...completion, key: 'claimed', fingerprint: 'fp-a' });
    // Already completed: a second answer does not overwrite the first.
    await expect(
      store.idempotency.complete({ ...completion, key: 'claimed', fingerprint: 'fp-a', responseStatus: 201 }),
    ).rejects.toThrow('not claimed');
    expect(await claim(tenant.id, 'claimed', 'fp-a')).toMatchObject({ state: 'completed', responseStatus: 202 });
  });

  it('leaves the key unused when the transaction holding the claim rolls back', async () => {
    const { tenant } = await seedTenant(store);
    await expect(
      store.transaction(async (repositories) => {
        expect(await claim(tenant.id, 'refused', 'fp-a', baseTime, repositories)).toEqual({ state: 'started' });
        throw new Error('refused by the state machine');
      }),
    ).rejects.toThrow('refused');
    expect(await claim(tenant.id, 'refused', 'fp-b')).toEqual({ state: 'started' });
  });

  it('makes a concurrent claim of a key held in an open transaction wait, then see its outcome', async () => {
    const { tenant } = await seedTenant(store);
    for (const outcome of ['commit', 'rollback'] as const) {
      const key = `held-${outcome}`;
      let claimed!: () => void;
      const isClaimed = new Promise<void>((resolve) => {
        claimed = resolve;
      });
      let finish!: () => void;
      const mayFinish = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const first = store.transaction(async (repositories) => {
        expect(await claim(tenant.id, key, 'fp', baseTime, repositories)).toEqual({ state: 'started' });
        claimed();
        await mayFinish;
        if (outcome === 'rollback') throw new Error('refused');
        await repositories.idempotency.complete({
          tenantId: tenant.id,
          key,
          fingerprint: 'fp',
          responseStatus: 202,
          responseBody: { done: true },
          now: baseTime,
        });
      });
      await isClaimed;
      let secondSettled = false;
      const second = store
        .transaction((repositories) => claim(tenant.id, key, 'fp', baseTime, repositories))
        .finally(() => {
          secondSettled = true;
        });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(secondSettled).toBe(false);
      finish();
      await (outcome === 'commit' ? first : expect(first).rejects.toThrow('refused'));
      expect(await second).toEqual(
        outcome === 'commit'
          ? { state: 'completed', responseStatus: 202, responseBody: { done: true } }
          : { state: 'started' },
      );
    }
  });

  it('lets exactly one of many simultaneous first uses start', async () => {
    const { tenant } = await seedTenant(store);
    const results = await Promise.all(Array.from({ length: 8 }, () => claim(tenant.id, 'race', 'fp')));
    expect(results.filter((result) => result.state === 'started')).toHaveLength(1);
    expect(results.filter((result) => result.state === 'in_progress')).toHaveLength(7);
  });
});
