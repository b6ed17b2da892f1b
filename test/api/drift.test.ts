import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/gateway-harness.js';
import { activeLineAtA, createTwoAccounts, type Json, line, startWithAccounts } from './migration-fixture.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function driftEvents(h: Harness, subscriptionId: string): Promise<Json[]> {
  const page = await h.json<{ data: Json[] }>(
    'GET',
    `/v1/events?subscriptionId=${subscriptionId}&type=subscription.drift_detected`,
  );
  return page.body.data.map((event) => event.data as Json);
}

describe('drift: our view against the carrier', () => {
  it('finds a line suspended behind our back in the sweep, reports both values, and adopts them when told', async () => {
    const accounts = createTwoAccounts();
    // Every line is stale at once: the sweep reads them all.
    harness = await startWithAccounts(accounts, { environment: { DRIFT_SWEEP_STALE_AFTER_MS: '0' } });
    const h = harness;
    const before = await activeLineAtA(h, accounts);
    const record = accounts.a.state.subscriptions.get(before.carrierSubscriptionId as string);
    if (!record) throw new Error('the simulator has no such line');
    record.state = 'SUSPENDED';

    expect((await h.json<Json>('GET', '/v1/drift-policy')).body).toEqual({ policy: 'flag' });
    const flagged = await h.gateway.sweepDrift();
    expect(flagged).toMatchObject({ checked: 1, drifted: 1, skipped: 0 });
    expect(await driftEvents(h, before.id as string)).toEqual([
      expect.objectContaining({
        field: 'status',
        ours: 'active',
        carrier: 'suspended',
        policy: 'flag',
        adopted: false,
      }),
    ]);
    expect(await line(h, before.id as string)).toMatchObject({ status: 'active' });
    expect(accounts.a.ledger.find('GET', (path) => path.startsWith('/api/QuerySubscription')).length).toBe(1);
    expect(accounts.a.ledger.find('POST', () => true)).toEqual([]);

    expect((await h.json<Json>('PUT', '/v1/drift-policy', { body: { policy: 'adopt' } })).status).toBe(200);
    const adopted = await h.gateway.sweepDrift();
    expect(adopted).toMatchObject({ checked: 1, drifted: 1 });
    expect(await line(h, before.id as string)).toMatchObject({ status: 'suspended' });
    const events = await driftEvents(h, before.id as string);
    expect(events[1]).toMatchObject({ field: 'status', ours: 'active', carrier: 'suspended', adopted: true });

    // Now we agree: a refresh through HTTP finds nothing.
    const refreshed = await h.json<Json>('POST', `/v1/subscriptions/${before.id}/refresh`, { body: {} });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ drift: [], adopted: false, subscription: { status: 'suspended' } });
  });

  it('refresh reports a changed plan and services with both values', async () => {
    const accounts = createTwoAccounts();
    harness = await startWithAccounts(accounts);
    const h = harness;
    const before = await activeLineAtA(h, accounts);
    const record = accounts.a.state.subscriptions.get(before.carrierSubscriptionId as string);
    if (!record) throw new Error('the simulator has no such line');
    record.providerEnvironment = 'SP16002';
    (record.services as Record<string, unknown>).voiceMail = false;
    const refreshed = await h.json<Json>('POST', `/v1/subscriptions/${before.id}/refresh`, { body: {} });
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    expect(refreshed.body.drift).toEqual([
      { field: 'plan', ours: before.plan, carrier: 'SP16002' },
      { field: 'services.voicemail', ours: true, carrier: false },
    ]);
    expect(refreshed.body.adopted).toBe(false);
  });
});
