import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

type Json = Record<string, unknown>;
const used = new Set<string>();
/** Free SIMs no earlier test in this file has asked for (their activations may still be running). */
const sims = () => {
  const free = harness.gateway.sandbox!.stn.listFreeSims().filter((iccid) => !used.has(iccid));
  for (const iccid of free.slice(0, 2)) used.add(iccid);
  return free;
};
const newSubscriptionPosts = () => harness.gateway.sandbox!.stn.ledger.count('POST', '/api/NewSubscription');

describe('Idempotency-Key', () => {
  it('turns 50 concurrent identical POSTs into one operation and one carrier request', async () => {
    const body = { sim: { type: 'physical', iccid: sims()[0] } };
    const before = newSubscriptionPosts();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        harness.json<Json>('POST', '/v1/subscriptions', { body, headers: { 'Idempotency-Key': 'burst-1' } }),
      ),
    );
    const accepted = responses.filter((response) => response.status === 202);
    const inFlight = responses.filter((response) => response.status === 409);
    expect(accepted.length + inFlight.length).toBe(50);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(new Set(accepted.map((response) => response.body.id)).size).toBe(1);
    for (const response of inFlight) expect(response.body).toMatchObject({ code: 'request_in_progress' });
    const operationId = accepted[0]!.body.id as string;
    await harness.awaitOperation(operationId);
    const operations = await harness.json<{ data: Json[] }>(
      'GET',
      `/v1/operations?subscriptionId=${accepted[0]!.body.subscriptionId}`,
    );
    expect(operations.body.data).toHaveLength(1);
    expect(newSubscriptionPosts() - before).toBe(1);
  });

  it('replays the stored response for the same key and body, marked as a replay', async () => {
    const body = { sim: { type: 'physical', iccid: sims()[0] } };
    const first = await harness.json<Json>('POST', '/v1/subscriptions', {
      body,
      headers: { 'Idempotency-Key': 'replay-1' },
    });
    const again = await harness.json<Json>('POST', '/v1/subscriptions', {
      body,
      headers: { 'Idempotency-Key': 'replay-1' },
    });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
  });

  it('refuses the same key with another body (422), and stores nothing new', async () => {
    const first = await harness.json<Json>('POST', '/v1/subscriptions', {
      body: { sim: { type: 'physical', iccid: sims()[0] } },
      headers: { 'Idempotency-Key': 'mismatch-1' },
    });
    expect(first.status).toBe(202);
    const other = await harness.json<Json>('POST', '/v1/subscriptions', {
      body: { sim: { type: 'physical', iccid: sims()[1] } },
      headers: { 'Idempotency-Key': 'mismatch-1' },
    });
    expect(other).toMatchObject({ status: 422, body: { code: 'idempotency_mismatch' } });
  });

  it('scopes keys to the tenant', async () => {
    const created = await harness.json<{ apiKey: { key: string } }>('POST', '/v1/tenants', {
      key: 'admin-key-for-tests-0123456789',
      body: { name: 'Other' },
    });
    const response = await harness.json<Json>('GET', '/v1/subscriptions', { key: created.body.apiKey.key });
    expect(response.status).toBe(200);
    const refused = await harness.json<Json>('POST', '/v1/subscriptions', {
      key: created.body.apiKey.key,
      body: { sim: { type: 'physical', iccid: sims()[0] } },
      headers: { 'Idempotency-Key': 'replay-1' },
    });
    // Not a replay of the sandbox tenant's response: this tenant has no carrier, which it is told.
    expect(refused).toMatchObject({
      status: 400,
      body: { errors: [expect.objectContaining({ pointer: '/carrier' })] },
    });
  });

  it('lets only one of two racing mutations on a line pass the state machine', async () => {
    const activation = await harness.json<Json>('POST', '/v1/subscriptions', {
      body: { sim: { type: 'physical', iccid: sims()[0] } },
    });
    await harness.awaitOperation(activation.body.id as string);
    const id = activation.body.subscriptionId as string;
    const [suspend, cease] = await Promise.all([
      harness.json<Json>('POST', `/v1/subscriptions/${id}/suspend`, { body: {} }),
      harness.json<Json>('POST', `/v1/subscriptions/${id}/cease`, { body: {} }),
    ]);
    expect([suspend.status, cease.status].sort(), JSON.stringify([suspend.body, cease.body])).toEqual([202, 409]);
  });
});
