import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';
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

describe('idempotency keys', () => {
  it('starts once, reports in progress, then replays the completed response', async () => {
    const { tenant } = await seedTenant(store);
    const begin = (fingerprint: string, now = baseTime) =>
      store.idempotency.begin({
        tenantId: tenant.id,
        key: 'k-1',
        fingerprint,
        now,
        expiredBefore: minutesAfter(-day, now),
      });

    expect(await begin('fp-a')).toEqual({ state: 'started' });
    expect(await begin('fp-a')).toEqual({ state: 'in_progress' });
    expect(await begin('fp-b')).toEqual({ state: 'mismatch' });

    const responseBody = { id: 'op_1', status: 'pending', nested: [1, { ok: true }] };
    await store.idempotency.complete({
      tenantId: tenant.id,
      key: 'k-1',
      responseStatus: 202,
      responseBody,
      now: minutesAfter(1),
    });
    expect(await begin('fp-a')).toEqual({ state: 'completed', responseStatus: 202, responseBody });
    expect(await begin('fp-b')).toEqual({ state: 'mismatch' });
  });

  it('scopes keys to the tenant', async () => {
    const first = await seedTenant(store);
    const second = await seedTenant(store);
    const options = { key: 'shared', fingerprint: 'fp', now: baseTime, expiredBefore: minutesAfter(-day) };
    expect(await store.idempotency.begin({ ...options, tenantId: first.tenant.id })).toEqual({ state: 'started' });
    expect(await store.idempotency.begin({ ...options, tenantId: second.tenant.id })).toEqual({ state: 'started' });
  });

  it('treats an expired entry as absent, whatever its fingerprint', async () => {
    const { tenant } = await seedTenant(store);
    await store.idempotency.begin({
      tenantId: tenant.id,
      key: 'old',
      fingerprint: 'fp-a',
      now: baseTime,
      expiredBefore: minutesAfter(-day),
    });
    await store.idempotency.complete({
      tenantId: tenant.id,
      key: 'old',
      responseStatus: 202,
      responseBody: {},
      now: baseTime,
    });

    const twoDaysLater = minutesAfter(2 * day);
    const expiredBefore = minutesAfter(day);
    expect(
      await store.idempotency.begin({
        tenantId: tenant.id,
        key: 'old',
        fingerprint: 'fp-b',
        now: twoDaysLater,
        expiredBefore,
      }),
    ).toEqual({ state: 'started' });
    // The new entry is a fresh one: in progress, with the new fingerprint.
    expect(
      await store.idempotency.begin({
        tenantId: tenant.id,
        key: 'old',
        fingerprint: 'fp-b',
        now: twoDaysLater,
        expiredBefore,
      }),
    ).toEqual({ state: 'in_progress' });
    expect(
      await store.idempotency.begin({
        tenantId: tenant.id,
        key: 'old',
        fingerprint: 'fp-a',
        now: twoDaysLater,
        expiredBefore,
      }),
    ).toEqual({ state: 'mismatch' });
  });

  it('forgets a released key so it can be used again', async () => {
    const { tenant } = await seedTenant(store);
    const options = { tenantId: tenant.id, key: 'retry-me', now: baseTime, expiredBefore: minutesAfter(-day) };
    expect(await store.idempotency.begin({ ...options, fingerprint: 'fp-a' })).toEqual({ state: 'started' });
    await store.idempotency.release({ tenantId: tenant.id, key: 'retry-me' });
    expect(await store.idempotency.begin({ ...options, fingerprint: 'fp-b' })).toEqual({ state: 'started' });
  });

  it('lets exactly one of many simultaneous first uses start', async () => {
    const { tenant } = await seedTenant(store);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        store.idempotency.begin({
          tenantId: tenant.id,
          key: 'race',
          fingerprint: 'fp',
          now: baseTime,
          expiredBefore: minutesAfter(-day),
        }),
      ),
    );
    expect(results.filter((result) => result.state === 'started')).toHaveLength(1);
    expect(results.filter((result) => result.state === 'in_progress')).toHaveLength(7);
  });
});
