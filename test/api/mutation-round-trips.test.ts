/**
 * A keyed mutation's latency is its count of round trips (docs/decisions/performance-bench.md): the work joins the
 * transaction that holds the Idempotency-Key's claim (no savepoint of its own), and the line is read together with
 * its carrier connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store, StoreScope } from '../../src/core/index.js';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';
import { stnSimulatorOf } from '../helpers/sandbox-simulators.js';
import { createTestStore, type TestStore } from '../helpers/test-store.js';

const seen = { nestedTransactions: 0, connectionReads: 0 };

/** The scope a transaction hands out, telling us about transactions opened inside it and connection reads. */
function watched(scope: StoreScope): StoreScope {
  const connections = scope.carrierConnections;
  return {
    ...scope,
    carrierConnections: {
      ...connections,
      getById: (id) => {
        seen.connectionReads++;
        return connections.getById(id);
      },
    },
    transaction: (work) => {
      seen.nestedTransactions++;
      return scope.transaction((inner) => work(watched(inner)));
    },
  };
}

let testStore: TestStore;
let harness: Harness;
beforeAll(async () => {
  testStore = await createTestStore();
  const store: Store = {
    ...testStore.store,
    transaction: (work) => testStore.store.transaction((scope) => work(watched(scope))),
  };
  harness = await startHarness({ store });
});
afterAll(async () => {
  await harness?.close();
  await testStore?.cleanup();
});

describe('a keyed mutation', () => {
  it('runs in the idempotency transaction alone and reads the line with its connection', async () => {
    const iccid = stnSimulatorOf(harness.gateway).listFreeSims()[0];
    const created = await harness.json<{ id: string; subscriptionId: string }>('POST', '/v1/subscriptions', {
      body: { sim: { type: 'physical', iccid } },
    });
    expect(created.status).toBe(202);
    await harness.awaitOperation(created.body.id);

    seen.nestedTransactions = 0;
    seen.connectionReads = 0;
    const suspended = await harness.json<{ id: string; kind: string }>(
      'POST',
      `/v1/subscriptions/${created.body.subscriptionId}/suspend`,
      { body: {}, headers: { 'Idempotency-Key': 'round-trips-1' } },
    );
    expect(suspended).toMatchObject({ status: 202, body: { kind: 'suspend' } });
    expect(seen).toEqual({ nestedTransactions: 0, connectionReads: 0 });
    // Refused work still rolls back with the claim, without a savepoint: the key stays unused (no replay after).
    const refuse = () =>
      harness.json('POST', `/v1/subscriptions/${created.body.subscriptionId}/suspend`, {
        body: {},
        headers: { 'Idempotency-Key': 'round-trips-2' },
      });
    const refused = await refuse();
    expect(refused.status).toBe(409);
    const refusedAgain = await refuse();
    expect(refusedAgain.status).toBe(409);
    expect(refusedAgain.headers.get('idempotent-replayed')).toBeNull();
    await harness.awaitOperation(suspended.body.id);
  });
});
