import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store, WebhookDelivery, WebhookEndpoint } from '../../src/core/ports.js';
import { createTestStore, type TestStore } from '../helpers/test-store.js';
import { at, baseTime, ids, minutesAfter, newDelivery, newEndpoint, seedTenant } from './fixtures.js';

let testStore: TestStore;
let store: Store;
beforeAll(async () => {
  testStore = await createTestStore();
  store = testStore.store;
});
afterAll(() => testStore.cleanup());

describe('webhook endpoints', () => {
  it('creates, reads, lists newest first and deletes softly', async () => {
    const seeded = await seedTenant(store);
    const first = newEndpoint(seeded, { eventTypes: ['subscription.activated'], description: 'CRM' });
    const second = newEndpoint(seeded);
    expect(await store.webhookEndpoints.create(first)).toEqual(first);
    await store.webhookEndpoints.create(second);
    expect(await store.webhookEndpoints.get(seeded.tenant.id, first.id)).toEqual(first);
    expect(await store.webhookEndpoints.get('ten_other', first.id)).toBeNull();
    expect(await store.webhookEndpoints.list(seeded.tenant.id)).toEqual([second, first]);

    expect(await store.webhookEndpoints.delete('ten_other', first.id, minutesAfter(1))).toBe(false);
    expect(await store.webhookEndpoints.delete(seeded.tenant.id, first.id, minutesAfter(1))).toBe(true);
    expect(await store.webhookEndpoints.delete(seeded.tenant.id, first.id, minutesAfter(2))).toBe(false);
    expect(await store.webhookEndpoints.get(seeded.tenant.id, first.id)).toBeNull();
    expect(await store.webhookEndpoints.list(seeded.tenant.id)).toEqual([second]);
  });
});

/** An endpoint with events appended for it, so deliveries point at real sequence numbers. */
async function seedEndpointWithEvents(
  count: number,
): Promise<{ endpoint: WebhookEndpoint; events: { id: string; sequence: number }[] }> {
  const seeded = await seedTenant(store);
  const endpoint = await store.webhookEndpoints.create(newEndpoint(seeded));
  const events = await store.events.append(
    Array.from({ length: count }, () => ({
      id: ids.newId('evt'),
      tenantId: seeded.tenant.id,
      type: 'subscription.updated',
      subscriptionId: null,
      operationId: null,
      data: {},
      createdAt: baseTime,
    })),
  );
  return { endpoint, events };
}

async function finishAll(deliveries: WebhookDelivery[]): Promise<void> {
  for (const delivery of deliveries) await store.webhookDeliveries.update({ ...delivery, status: 'delivered' });
}

describe('webhook deliveries', () => {
  it('stores deliveries, reads them per tenant, and lists newest first with filters', async () => {
    const { endpoint, events } = await seedEndpointWithEvents(3);
    const deliveries = events.map((event) => newDelivery(endpoint, event, { status: 'delivered' }));
    await store.webhookDeliveries.insertMany(deliveries);
    await store.webhookDeliveries.insertMany([]);
    expect(await store.webhookDeliveries.get(endpoint.tenantId, deliveries[0]!.id)).toEqual(deliveries[0]);
    expect(await store.webhookDeliveries.get('ten_other', deliveries[0]!.id)).toBeNull();

    const page = await store.webhookDeliveries.list(endpoint.tenantId, {}, { limit: 2 });
    expect(page.items).toEqual([deliveries[2], deliveries[1]]);
    const rest = await store.webhookDeliveries.list(endpoint.tenantId, {}, { limit: 2, cursor: page.nextCursor! });
    expect(rest).toEqual({ items: [deliveries[0]], nextCursor: null });
    const byEvent = await store.webhookDeliveries.list(endpoint.tenantId, { eventId: events[1]!.id }, { limit: 10 });
    expect(byEvent.items).toEqual([deliveries[1]]);
    const byEndpoint = await store.webhookDeliveries.list(endpoint.tenantId, { endpointId: 'whe_none' }, { limit: 10 });
    expect(byEndpoint.items).toEqual([]);
  });

  // Claims are global; each claim test runs on a timeline of its own, years before the other tests' deliveries.
  it('claims only the earliest pending delivery of each ordering key, and only when due', async () => {
    const origin = at('2020-01-01T00:00:00.000Z');
    const now = minutesAfter(10, origin);
    const { endpoint, events } = await seedEndpointWithEvents(6);
    const [a1, a2, b1, b2, c1, d1] = [
      newDelivery(endpoint, events[0]!, { orderingKey: 'sub_a', nextAttemptAt: origin }),
      newDelivery(endpoint, events[1]!, { orderingKey: 'sub_a', nextAttemptAt: origin }),
      // b1 is backing off (not due): b2 must wait for it even though b2 itself is due.
      newDelivery(endpoint, events[2]!, { orderingKey: 'sub_b', nextAttemptAt: minutesAfter(30, origin) }),
      newDelivery(endpoint, events[3]!, { orderingKey: 'sub_b', nextAttemptAt: origin }),
      // c1 already failed for good: it no longer holds anything up.
      newDelivery(endpoint, events[4]!, { orderingKey: 'sub_c', status: 'failed', nextAttemptAt: origin }),
      newDelivery(endpoint, events[5]!, { orderingKey: 'sub_c', nextAttemptAt: minutesAfter(1, origin) }),
    ];
    await store.webhookDeliveries.insertMany([a2!, a1!, b1!, b2!, c1!, d1!]);

    const leaseUntil = minutesAfter(15, origin);
    const claimed = await store.webhookDeliveries.claimDue({ now, limit: 10, owner: 'sender-1', leaseUntil });
    expect(claimed).toEqual([a1, d1]);

    // While a1 is leased nothing of sub_a is claimable, by anyone.
    expect(await store.webhookDeliveries.claimDue({ now, limit: 10, owner: 'sender-2', leaseUntil })).toEqual([]);

    // a1 fails this time and is retried later: a2 still waits behind it, and a1 is claimable once due again.
    await store.webhookDeliveries.update({
      ...a1!,
      attempts: 1,
      lastStatusCode: 500,
      lastError: 'HTTP 500',
      nextAttemptAt: minutesAfter(12, origin),
    });
    expect(await store.webhookDeliveries.claimDue({ now, limit: 10, owner: 'sender-2', leaseUntil })).toEqual([]);
    const retried = await store.webhookDeliveries.claimDue({
      now: minutesAfter(12, origin),
      limit: 10,
      owner: 'sender-2',
      leaseUntil,
    });
    expect(retried.map((delivery) => delivery.id)).toEqual([a1!.id]);

    // Delivered: the next of its key becomes claimable.
    const deliveredAt = minutesAfter(13, origin);
    await store.webhookDeliveries.update({
      ...retried[0]!,
      status: 'delivered',
      attempts: 2,
      lastStatusCode: 204,
      lastError: null,
      deliveredAt,
    });
    expect(await store.webhookDeliveries.get(endpoint.tenantId, a1!.id)).toMatchObject({
      status: 'delivered',
      deliveredAt,
    });
    const afterDelivery = await store.webhookDeliveries.claimDue({
      now: minutesAfter(13, origin),
      limit: 10,
      owner: 'sender-3',
      leaseUntil: minutesAfter(20, origin),
    });
    expect(afterDelivery.map((delivery) => delivery.id)).toEqual([a2!.id]);

    await finishAll([b1!, b2!, d1!, a2!]);
  });

  it('keeps ordering keys of different endpoints apart', async () => {
    const origin = at('2021-01-01T00:00:00.000Z');
    const first = await seedEndpointWithEvents(1);
    const second = await seedEndpointWithEvents(1);
    const deliveries = [
      newDelivery(first.endpoint, first.events[0]!, { orderingKey: 'sub_same', nextAttemptAt: origin }),
      newDelivery(second.endpoint, second.events[0]!, { orderingKey: 'sub_same', nextAttemptAt: origin }),
    ];
    await store.webhookDeliveries.insertMany(deliveries);
    const claimed = await store.webhookDeliveries.claimDue({
      now: origin,
      limit: 1,
      owner: 'x',
      leaseUntil: minutesAfter(1, origin),
    });
    expect(claimed).toHaveLength(1);
    const more = await store.webhookDeliveries.claimDue({
      now: origin,
      limit: 10,
      owner: 'x',
      leaseUntil: minutesAfter(1, origin),
    });
    expect([...claimed, ...more].map((delivery) => delivery.id).sort()).toEqual(
      deliveries.map((delivery) => delivery.id).sort(),
    );
    await finishAll(deliveries);
  });
});
