/** A captured SPS callback cannot be replayed after a restart: the replay guard lives in the database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';
import { spsSimulatorOf } from '../helpers/sandbox-simulators.js';

const location = { addressLine1: '9601 S Meridian Blvd', city: 'Englewood', state: 'CO', zipCode: '80112' };
const callbacks: Request[] = [];
let first: Harness;
let restarted: Harness | undefined;
beforeAll(async () => {
  first = await startHarness({
    tapSelf: (request) => {
      if (new URL(request.url).pathname.startsWith('/v1/callbacks/sps/')) callbacks.push(request);
    },
  });
});
afterAll(async () => {
  await restarted?.close();
  await first?.close();
});

describe('SPS callback replay across a restart', () => {
  it('refuses, on a fresh gateway over the same database, a callback the first one accepted', async () => {
    const iccid = spsSimulatorOf(first.gateway).listAvailableSims()[0];
    const accepted = await first.json<{ id: string; subscriptionId: string }>('POST', '/v1/subscriptions', {
      body: {
        carrier: 'sps',
        sim: { type: 'physical', iccid },
        plan: 'Plan001',
        carrierOptions: { sps: { location } },
      },
    });
    expect(accepted.status).toBe(202);
    const operation = await first.awaitOperation(accepted.body.id);
    expect(operation.status).toBe('succeeded');
    expect(callbacks.length).toBeGreaterThan(0);
    const captured = callbacks[callbacks.length - 1]!;

    // The same instance refuses it as already received, so it had been accepted (that worked before, in memory).
    const sameInstance = await first.request('POST', new URL(captured.url).pathname, {
      key: null,
      headers: Object.fromEntries(captured.headers),
      body: await captured.clone().text(),
    });
    expect(sameInstance.status).toBe(401);
    expect(await sameInstance.json()).toMatchObject({ detail: expect.stringContaining('already received') });

    await first.gateway.stop();
    restarted = await startHarness({ store: first.store });
    const before = {
      operation: (await restarted.json('GET', `/v1/operations/${accepted.body.id}`)).body,
      subscription: (await restarted.json('GET', `/v1/subscriptions/${accepted.body.subscriptionId}`)).body,
      events: (await restarted.json<{ data: unknown[] }>('GET', '/v1/events?after=0&limit=500')).body.data.length,
    };
    const replay = await restarted.request('POST', new URL(captured.url).pathname, {
      key: null,
      headers: Object.fromEntries(captured.headers),
      body: await captured.clone().text(),
    });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ code: 'unauthorised', detail: expect.stringContaining('already') });
    expect((await restarted.json('GET', `/v1/operations/${accepted.body.id}`)).body).toEqual(before.operation);
    expect((await restarted.json('GET', `/v1/subscriptions/${accepted.body.subscriptionId}`)).body).toEqual(
      before.subscription,
    );
    expect((await restarted.json<{ data: unknown[] }>('GET', '/v1/events?after=0&limit=500')).body.data).toHaveLength(
      before.events,
    );
  });
});
