import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';
import { withTenantKeyCache } from '../../src/http/tenant-key-cache.js';
import { createTestStore, type TestStore } from '../helpers/test-store.js';
import { baseTime, ids, minutesAfter, seedTenant } from '../store/fixtures.js';

let testStore: TestStore;
let store: Store;
beforeAll(async () => {
  testStore = await createTestStore();
  store = testStore.store;
});
afterAll(() => testStore.cleanup());

async function seedKeys(count: number) {
  const { tenant } = await seedTenant(store);
  const keys = [];
  for (let index = 0; index < count; index++) {
    const key = {
      id: ids.newId('key'),
      tenantId: tenant.id,
      keyHash: `${ids.newCorrelationId()}-${index}`,
      keyPrefix: 'sk_test_ab',
      label: null,
      createdAt: baseTime,
      revokedAt: null,
    };
    keys.push(await store.apiKeys.create(key));
  }
  return { tenant, keys };
}

/** The real store, counting how often the key → tenant question reaches the database. */
function counted(inner: Store) {
  const counter = { lookups: 0 };
  const apiKeys = {
    ...inner.apiKeys,
    findTenantByActiveKeyHash(keyHash: string) {
      counter.lookups++;
      return inner.apiKeys.findTenantByActiveKeyHash(keyHash);
    },
  };
  return { store: { ...inner, apiKeys }, counter };
}

describe('the key → tenant cache', () => {
  it('a key revoked on another instance stops working here once its second is over, not before', async () => {
    const { tenant, keys } = await seedKeys(2);
    let now = 0;
    const cached = withTenantKeyCache(store, { ttlMs: 1_000, maxEntries: 100, now: () => now });
    expect(await cached.apiKeys.findTenantByActiveKeyHash(keys[0]!.keyHash)).toEqual(tenant);
    // Another instance revokes through its own store: this cache does not hear of it.
    expect(await store.apiKeys.revoke(tenant.id, keys[0]!.id, minutesAfter(1))).toBe('revoked');
    now = 999;
    expect(await cached.apiKeys.findTenantByActiveKeyHash(keys[0]!.keyHash)).toEqual(tenant);
    now = 1_000;
    expect(await cached.apiKeys.findTenantByActiveKeyHash(keys[0]!.keyHash)).toBeNull();
  });

  it('a key revoked through this instance stops at the next request', async () => {
    const { tenant, keys } = await seedKeys(2);
    const cached = withTenantKeyCache(store, { ttlMs: 1_000, maxEntries: 100, now: () => 0 });
    expect(await cached.apiKeys.findTenantByActiveKeyHash(keys[1]!.keyHash)).toEqual(tenant);
    expect(await cached.apiKeys.revoke(tenant.id, keys[1]!.id, minutesAfter(1))).toBe('revoked');
    expect(await cached.apiKeys.findTenantByActiveKeyHash(keys[1]!.keyHash)).toBeNull();
  });

  it('answers repeated requests from memory, keeps no unknown key, and holds at most maxEntries', async () => {
    const { keys } = await seedKeys(3);
    const { store: inner, counter } = counted(store);
    const cached = withTenantKeyCache(inner, { ttlMs: 1_000, maxEntries: 2, now: () => 0 });
    await cached.apiKeys.findTenantByActiveKeyHash(keys[0]!.keyHash);
    await cached.apiKeys.findTenantByActiveKeyHash(keys[0]!.keyHash);
    expect(counter.lookups).toBe(1);
    await cached.apiKeys.findTenantByActiveKeyHash('unknown');
    await cached.apiKeys.findTenantByActiveKeyHash('unknown');
    expect(counter.lookups).toBe(3);
    // Two more keys: the oldest (keys[0]) makes room, so it is asked again.
    await cached.apiKeys.findTenantByActiveKeyHash(keys[1]!.keyHash);
    await cached.apiKeys.findTenantByActiveKeyHash(keys[2]!.keyHash);
    expect(counter.lookups).toBe(5);
    await cached.apiKeys.findTenantByActiveKeyHash(keys[2]!.keyHash);
    expect(counter.lookups).toBe(5);
    await cached.apiKeys.findTenantByActiveKeyHash(keys[0]!.keyHash);
    expect(counter.lookups).toBe(6);
  });

  it('asks the database once for a key that many requests miss at the same moment', async () => {
    const { tenant, keys } = await seedKeys(1);
    const { store: inner, counter } = counted(store);
    const cached = withTenantKeyCache(inner, { ttlMs: 1_000, maxEntries: 10, now: () => 0 });
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => cached.apiKeys.findTenantByActiveKeyHash(keys[0]!.keyHash)),
    );
    expect(answers.every((answer) => answer?.id === tenant.id)).toBe(true);
    expect(counter.lookups).toBe(1);
  });

  it('does not remember an answer whose look-up began before a revocation through this instance', async () => {
    const { tenant, keys } = await seedKeys(2); // a tenant's last active key cannot be revoked
    const key = keys[0]!;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // A look-up that read the key while it was still active, and answers only after the revocation.
    const slow = {
      ...store,
      apiKeys: {
        ...store.apiKeys,
        async findTenantByActiveKeyHash(keyHash: string) {
          const found = await store.apiKeys.findTenantByActiveKeyHash(keyHash);
          await held;
          return found;
        },
      },
    };
    const cached = withTenantKeyCache(slow, { ttlMs: 1_000, maxEntries: 10, now: () => 0 });
    const before = cached.apiKeys.findTenantByActiveKeyHash(key.keyHash);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await cached.apiKeys.revoke(tenant.id, key.id, minutesAfter(1))).toBe('revoked');
    release();
    expect((await before)?.id).toBe(tenant.id);
    expect(await cached.apiKeys.findTenantByActiveKeyHash(key.keyHash)).toBeNull();
  });
});
