import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';
import { isUniqueViolation } from '../../src/store/unique-violation.js';
import { createTestStore, type TestStore } from '../helpers/test-store.js';
import { baseTime, ids, minutesAfter, seedTenant } from './fixtures.js';

let testStore: TestStore;
let store: Store;
beforeAll(async () => {
  testStore = await createTestStore();
  store = testStore.store;
});
afterAll(() => testStore.cleanup());

describe('tenants', () => {
  it('stores a tenant and reads it back exactly', async () => {
    const tenant = { id: ids.newId('ten'), name: 'Acme Mobile', createdAt: baseTime };
    expect(await store.tenants.create(tenant)).toEqual(tenant);
    expect(await store.tenants.get(tenant.id)).toEqual(tenant);
    expect(await store.tenants.get('ten_missing')).toBeNull();
  });

  it('refuses a second tenant with the same id as a unique violation', async () => {
    const tenant = { id: ids.newId('ten'), name: 'Once', createdAt: baseTime };
    await store.tenants.create(tenant);
    const error = await store.tenants.create(tenant).catch((caught: unknown) => caught);
    expect(isUniqueViolation(error)).toBe(true);
  });
});

describe('api keys', () => {
  it('finds an active key by hash, lists newest first, and revokes once', async () => {
    const { tenant } = await seedTenant(store);
    const first = {
      id: ids.newId('key'),
      tenantId: tenant.id,
      keyHash: 'a'.repeat(56) + ids.newCorrelationId().slice(0, 8).toLowerCase(),
      keyPrefix: 'sk_live_ab',
      label: 'CI',
      createdAt: baseTime,
      revokedAt: null,
    };
    const second = { ...first, id: ids.newId('key'), keyHash: `${first.keyHash}2`, label: null };
    expect(await store.apiKeys.create(first)).toEqual(first);
    await store.apiKeys.create(second);

    expect(await store.apiKeys.findActiveByHash(first.keyHash)).toEqual(first);
    expect(await store.apiKeys.findTenantByActiveKeyHash(first.keyHash)).toEqual(tenant);
    expect((await store.apiKeys.list(tenant.id)).map((key) => key.id)).toEqual([second.id, first.id]);

    const revokedAt = minutesAfter(5);
    expect(await store.apiKeys.revoke(tenant.id, first.id, revokedAt)).toBe('revoked');
    expect(await store.apiKeys.revoke(tenant.id, first.id, revokedAt)).toBe('not_found');
    expect(await store.apiKeys.findActiveByHash(first.keyHash)).toBeNull();
    expect(await store.apiKeys.findTenantByActiveKeyHash(first.keyHash)).toBeNull();
    expect(await store.apiKeys.findTenantByActiveKeyHash(second.keyHash)).toEqual(tenant);
    expect((await store.apiKeys.list(tenant.id)).find((key) => key.id === first.id)?.revokedAt).toEqual(revokedAt);
  });

  it('does not let one tenant revoke another tenant’s key', async () => {
    const owner = await seedTenant(store);
    const other = await seedTenant(store);
    const key = {
      id: ids.newId('key'),
      tenantId: owner.tenant.id,
      keyHash: `hash-${ids.newId('key')}`,
      keyPrefix: 'sk_x',
      label: null,
      createdAt: baseTime,
      revokedAt: null,
    };
    await store.apiKeys.create(key);
    expect(await store.apiKeys.revoke(other.tenant.id, key.id, baseTime)).toBe('not_found');
    expect(await store.apiKeys.findActiveByHash(key.keyHash)).not.toBeNull();
  });

  it('keeps key hashes unique', async () => {
    const { tenant } = await seedTenant(store);
    const key = {
      id: ids.newId('key'),
      tenantId: tenant.id,
      keyHash: `hash-${ids.newId('key')}`,
      keyPrefix: 'sk_x',
      label: null,
      createdAt: baseTime,
      revokedAt: null,
    };
    await store.apiKeys.create(key);
    const error = await store.apiKeys.create({ ...key, id: ids.newId('key') }).catch((caught: unknown) => caught);
    expect(isUniqueViolation(error)).toBe(true);
  });
});

describe('api keys: never revoke the last one', () => {
  function newKey(tenantId: string) {
    const id = ids.newId('key');
    return {
      id,
      tenantId,
      keyHash: `hash-${id}`,
      keyPrefix: 'sk_x',
      label: null,
      createdAt: baseTime,
      revokedAt: null,
    };
  }

  it("refuses to revoke a tenant's last active key and changes nothing", async () => {
    const { tenant } = await seedTenant(store);
    const first = await store.apiKeys.create(newKey(tenant.id));
    const second = await store.apiKeys.create(newKey(tenant.id));
    expect(await store.apiKeys.revoke(tenant.id, first.id, baseTime)).toBe('revoked');
    expect(await store.apiKeys.revoke(tenant.id, second.id, baseTime)).toBe('last_active_key');
    expect(await store.apiKeys.findActiveByHash(second.keyHash)).toEqual(second);
  });

  it('lets only one of two revocations racing for the last two keys succeed', async () => {
    // Deterministic: the first revocation holds its transaction open (and its locks) while the second is sent on
    // another connection; then the first commits. On PGlite (one connection) the second simply runs after.
    const { tenant } = await seedTenant(store);
    const first = await store.apiKeys.create(newKey(tenant.id));
    const second = await store.apiKeys.create(newKey(tenant.id));
    let secondOutcome: Promise<string> | undefined;
    const firstOutcome = await store.transaction(async (repositories) => {
      const outcome = await repositories.apiKeys.revoke(tenant.id, first.id, baseTime);
      secondOutcome = store.apiKeys.revoke(tenant.id, second.id, baseTime);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return outcome;
    });
    expect([firstOutcome, await secondOutcome]).toEqual(['revoked', 'last_active_key']);
    const active = (await store.apiKeys.list(tenant.id)).filter((key) => key.revokedAt === null);
    expect(active.map((key) => key.id)).toEqual([second.id]);
  });
});

describe('carrier connections', () => {
  it('reads a connection by tenant and id, by id alone, by name, and as the default', async () => {
    const { tenant, connection } = await seedTenant(store);
    expect(await store.carrierConnections.get(tenant.id, connection.id)).toEqual(connection);
    expect(await store.carrierConnections.getById(connection.id)).toEqual(connection);
    expect(await store.carrierConnections.getByName(tenant.id, 'stn')).toEqual(connection);
    expect(await store.carrierConnections.getDefault(tenant.id)).toEqual(connection);
    expect(await store.carrierConnections.get('ten_other', connection.id)).toBeNull();
    expect(await store.carrierConnections.getByName(tenant.id, 'sps')).toBeNull();
  });

  it('replaces the connection with the same name, keeping its id, and moves the default', async () => {
    const { tenant, connection } = await seedTenant(store);
    const sps = await store.carrierConnections.upsert({
      id: ids.newId('cc'),
      tenantId: tenant.id,
      name: 'sps',
      carrier: 'sps',
      config: { baseUrl: 'http://sps' },
      isDefault: true,
      createdAt: minutesAfter(1),
    });
    expect(await store.carrierConnections.getDefault(tenant.id)).toEqual(sps);
    expect((await store.carrierConnections.get(tenant.id, connection.id))?.isDefault).toBe(false);

    const replaced = await store.carrierConnections.upsert({
      id: ids.newId('cc'),
      tenantId: tenant.id,
      name: 'stn',
      carrier: 'stn',
      config: { baseUrl: 'http://stn-2' },
      isDefault: true,
      createdAt: minutesAfter(2),
    });
    expect(replaced).toEqual({ ...connection, config: { baseUrl: 'http://stn-2' }, isDefault: true });
    expect((await store.carrierConnections.getDefault(tenant.id))?.id).toBe(connection.id);
    expect((await store.carrierConnections.list(tenant.id)).map((item) => [item.name, item.isDefault])).toEqual([
      ['sps', false],
      ['stn', true],
    ]);
  });

  it('lists every tenant’s connections for the runtime', async () => {
    const first = await seedTenant(store);
    const second = await seedTenant(store);
    const all = await store.carrierConnections.listAll();
    expect(all.map((item) => item.id)).toEqual(expect.arrayContaining([first.connection.id, second.connection.id]));
  });
});
