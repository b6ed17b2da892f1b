import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';
import { createTestStore, type TestStore } from '../helpers/test-store.js';
import { minutesAfter, newSubscription, seedTenant } from './fixtures.js';

let testStore: TestStore;
let store: Store;
beforeAll(async () => {
  testStore = await createTestStore();
  store = testStore.store;
});
afterAll(() => testStore.cleanup());

describe('subscriptions', () => {
  it('stores every field and reads it back exactly, only for its own tenant', async () => {
    const seeded = await seedTenant(store);
    const subscription = newSubscription(seeded, {
      carrierSubscriptionId: 'stn-123',
      esim: true,
      eid: '89049032000000000000000000000001',
      imei: '356938035643809',
      plan: 'unlimited',
      status: 'active',
      carrierData: { providerEnvironment: 'test', nested: { list: [1, 'two', null] } },
      externalReference: 'crm-42',
      services: { voicemail: false, dataRoamingOutsideEu: null, dataUsageAlertMb: null },
      updatedAt: minutesAfter(3),
    });
    expect(await store.subscriptions.insert(subscription)).toEqual(subscription);
    const read = await store.subscriptions.get(seeded.tenant.id, subscription.id);
    expect(read).toEqual(subscription);
    expect(read?.createdAt).toBeInstanceOf(Date);
    expect(await store.subscriptions.get('ten_other', subscription.id)).toBeNull();
  });

  it('reads a subscription with its connection name in one query, only for its own tenant', async () => {
    const seeded = await seedTenant(store);
    const subscription = await store.subscriptions.insert(newSubscription(seeded, { status: 'active' }));
    expect(await store.subscriptions.getWithConnectionName(seeded.tenant.id, subscription.id)).toEqual({
      subscription,
      connectionName: seeded.connection.name,
    });
    expect(await store.subscriptions.getWithConnectionName('ten_other', subscription.id)).toBeNull();
    expect(await store.subscriptions.getWithConnectionName(seeded.tenant.id, 'sub_missing')).toBeNull();
  });

  it('reads a subscription with its whole carrier connection in one query, only for its own tenant', async () => {
    const seeded = await seedTenant(store);
    const subscription = await store.subscriptions.insert(newSubscription(seeded, { status: 'active' }));
    expect(await store.subscriptions.getWithConnection(seeded.tenant.id, subscription.id)).toEqual({
      subscription,
      connection: seeded.connection,
    });
    expect(await store.subscriptions.getWithConnection('ten_other', subscription.id)).toBeNull();
    expect(await store.subscriptions.getWithConnection(seeded.tenant.id, 'sub_missing')).toBeNull();
  });

  it('writes a new version only over the version before it', async () => {
    const seeded = await seedTenant(store);
    const subscription = await store.subscriptions.insert(newSubscription(seeded));

    const activated = { ...subscription, status: 'active' as const, version: 1, updatedAt: minutesAfter(1) };
    expect(await store.subscriptions.update(activated)).toEqual(activated);

    // A writer that read version 0 and also wants to write version 1 lost the race.
    const stale = { ...subscription, status: 'failed' as const, version: 1, updatedAt: minutesAfter(2) };
    expect(await store.subscriptions.update(stale)).toBeNull();
    // Skipping a version is refused too.
    expect(await store.subscriptions.update({ ...activated, version: 3 })).toBeNull();
    expect(await store.subscriptions.get(seeded.tenant.id, subscription.id)).toEqual(activated);
  });

  it('does not update another tenant’s subscription', async () => {
    const owner = await seedTenant(store);
    const other = await seedTenant(store);
    const subscription = await store.subscriptions.insert(newSubscription(owner));
    expect(await store.subscriptions.update({ ...subscription, tenantId: other.tenant.id, version: 1 })).toBeNull();
  });

  it('lists newest first in pages whose cursor is the last id', async () => {
    const seeded = await seedTenant(store);
    const inserted = [];
    for (let index = 0; index < 5; index++) inserted.push(await store.subscriptions.insert(newSubscription(seeded)));
    const newestFirst = inserted.map((item) => item.id).reverse();

    const first = await store.subscriptions.list(seeded.tenant.id, {}, { limit: 2 });
    expect(first.items.map((item) => item.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.nextCursor).toBe(newestFirst[1]);
    const second = await store.subscriptions.list(seeded.tenant.id, {}, { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((item) => item.id)).toEqual(newestFirst.slice(2, 4));
    const third = await store.subscriptions.list(seeded.tenant.id, {}, { limit: 2, cursor: second.nextCursor! });
    expect(third.items.map((item) => item.id)).toEqual(newestFirst.slice(4));
    expect(third.nextCursor).toBeNull();

    const exact = await store.subscriptions.list(seeded.tenant.id, {}, { limit: 5 });
    expect(exact.items).toHaveLength(5);
    expect(exact.nextCursor).toBeNull();
  });

  it('filters by status, carrier, connection, MSISDN and ICCID', async () => {
    const seeded = await seedTenant(store);
    const other = await seedTenant(store);
    const sps = await store.carrierConnections.upsert({
      ...seeded.connection,
      id: `cc_${seeded.connection.id}_sps`,
      name: 'sps',
      carrier: 'sps',
      isDefault: false,
    });
    const active = await store.subscriptions.insert(
      newSubscription(seeded, { status: 'active', msisdn: '+31611111111', iccid: '8931000000000000011' }),
    );
    const onSps = await store.subscriptions.insert(
      newSubscription(seeded, { carrierConnectionId: sps.id, carrier: 'sps', msisdn: '+31622222222', iccid: null }),
    );
    await store.subscriptions.insert(newSubscription(other, { status: 'active', msisdn: '+31611111111' }));

    const idsOf = async (filter: Parameters<Store['subscriptions']['list']>[1]) =>
      (await store.subscriptions.list(seeded.tenant.id, filter, { limit: 10 })).items.map((item) => item.id);
    expect(await idsOf({})).toEqual([onSps.id, active.id]);
    expect(await idsOf({ status: 'active' })).toEqual([active.id]);
    expect(await idsOf({ carrier: 'sps' })).toEqual([onSps.id]);
    expect(await idsOf({ carrierConnectionId: seeded.connection.id })).toEqual([active.id]);
    expect(await idsOf({ msisdn: '+31611111111' })).toEqual([active.id]);
    expect(await idsOf({ iccid: '8931000000000000011' })).toEqual([active.id]);
    expect(await idsOf({ status: 'active', carrier: 'sps' })).toEqual([]);
  });
});
