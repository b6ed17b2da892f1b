/**
 * Webhook SSRF at delivery time, with the real fetch against real sockets: the address guard refuses what a name
 * resolves to, redirects are not followed, and a failure records nothing that tells network conditions apart.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdGenerator, createWebhookDispatcher, createWebhookTargetPolicy } from '../../src/core/index.js';
import type { Store } from '../../src/core/ports.js';
import { createWebhookAddressGuard } from '../../src/runtime/webhook-address-guard.js';
import { createTestStore, type TestStore } from '../helpers/test-store.js';
import { baseTime, ids, minutesAfter, newDelivery, newEndpoint, seedTenant } from '../store/fixtures.js';

let testStore: TestStore;
let store: Store;
let server: Server;
let origin: string;
const hits: string[] = [];

beforeAll(async () => {
  testStore = await createTestStore();
  store = testStore.store;
  server = createServer((request, response) => {
    hits.push(request.url ?? '');
    if (request.url === '/redirect') {
      response.writeHead(302, { location: `${origin}/redirected` }).end();
    } else {
      response.writeHead(200).end('ok');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await testStore.cleanup();
});

/** One endpoint at `url` with one due delivery; returns the delivery's id and tenant. */
async function queueDelivery(url: string) {
  const seeded = await seedTenant(store);
  const endpoint = await store.webhookEndpoints.create(newEndpoint(seeded, { url }));
  const [event] = await store.events.append([
    {
      id: ids.newId('evt'),
      tenantId: seeded.tenant.id,
      type: 'subscription.updated',
      subscriptionId: null,
      operationId: null,
      data: {},
      createdAt: baseTime,
    },
  ]);
  const delivery = newDelivery(endpoint, event!);
  await store.webhookDeliveries.insertMany([delivery]);
  return { tenantId: seeded.tenant.id, deliveryId: delivery.id };
}

function dispatcher(options: { allowedCidrs: string[]; resolve?: (host: string) => Promise<string[]> }) {
  const policy = createWebhookTargetPolicy({ allowPrivate: false, allowedCidrs: options.allowedCidrs });
  const clock = { now: () => minutesAfter(1) };
  return createWebhookDispatcher({
    store,
    fetch: globalThis.fetch,
    clock,
    ids: createIdGenerator(clock.now),
    owner: 'test',
    retryScheduleMs: [60_000],
    timeoutMs: 2_000,
    addressGuard: createWebhookAddressGuard(policy, options.resolve),
  });
}

describe('webhook delivery targets', () => {
  it('refuses a host name that resolves to loopback, without connecting', async () => {
    hits.length = 0;
    const port = (server.address() as AddressInfo).port;
    const queued = await queueDelivery(`http://hooks.example.com:${port}/hook`);
    const resolved: string[] = [];
    const counts = await dispatcher({
      allowedCidrs: [],
      resolve: async (host) => {
        resolved.push(host);
        return ['127.0.0.1'];
      },
    }).deliverDue();
    expect(resolved).toEqual(['hooks.example.com']);
    expect(counts).toEqual({ delivered: 0, failed: 0, retried: 1 });
    expect(hits).toEqual([]);
    const delivery = await store.webhookDeliveries.get(queued.tenantId, queued.deliveryId);
    expect(delivery).toMatchObject({ status: 'pending', lastStatusCode: null, lastError: 'delivery failed' });
  });

  it('refuses a name when any of its addresses is private, and one that does not resolve', async () => {
    const mixed = await queueDelivery('http://mixed.example.com/hook');
    const missing = await queueDelivery('http://missing.example.com/hook');
    await dispatcher({
      allowedCidrs: [],
      resolve: async (host) => {
        if (host === 'mixed.example.com') return ['93.184.216.34', '10.0.0.5'];
        throw new Error('ENOTFOUND');
      },
    }).deliverDue();
    for (const queued of [mixed, missing]) {
      const delivery = await store.webhookDeliveries.get(queued.tenantId, queued.deliveryId);
      expect(delivery).toMatchObject({ lastStatusCode: null, lastError: 'delivery failed' });
    }
  });

  it('delivers to an allowed address (here loopback, allowed by CIDR)', async () => {
    hits.length = 0;
    const queued = await queueDelivery(`${origin}/hook`);
    await dispatcher({ allowedCidrs: ['127.0.0.0/8'] }).deliverDue();
    expect(hits).toEqual(['/hook']);
    const delivery = await store.webhookDeliveries.get(queued.tenantId, queued.deliveryId);
    expect(delivery).toMatchObject({ status: 'delivered', lastStatusCode: 200 });
  });

  it('does not follow a redirect: a 3xx is a failed delivery', async () => {
    hits.length = 0;
    const queued = await queueDelivery(`${origin}/redirect`);
    await dispatcher({ allowedCidrs: ['127.0.0.0/8'] }).deliverDue();
    expect(hits).toEqual(['/redirect']);
    const delivery = await store.webhookDeliveries.get(queued.tenantId, queued.deliveryId);
    expect(delivery).toMatchObject({ status: 'pending', lastStatusCode: 302, lastError: 'endpoint answered 302' });
  });

  it('records a refused connection as "delivery failed", with no network detail', async () => {
    // A port nobody listens on: the old detail was "TypeError: fetch failed" (and ECONNREFUSED in its cause).
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const queued = await queueDelivery(`http://127.0.0.1:${port}/hook`);
    await dispatcher({ allowedCidrs: ['127.0.0.0/8'] }).deliverDue();
    const delivery = await store.webhookDeliveries.get(queued.tenantId, queued.deliveryId);
    expect(delivery).toMatchObject({ lastStatusCode: null, lastError: 'delivery failed' });
  });
});
