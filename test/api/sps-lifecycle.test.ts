import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';
import { spsSimulatorOf } from '../helpers/sandbox-simulators.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

type Json = Record<string, unknown>;
const location = { addressLine1: '9601 S Meridian Blvd', city: 'Englewood', state: 'CO', zipCode: '80112' };
const used = new Set<string>();

function freeSpsSim(): string {
  const iccid = spsSimulatorOf(harness.gateway)
    .listAvailableSims()
    .find((candidate) => !used.has(candidate));
  if (!iccid) throw new Error('no free SPS SIM');
  used.add(iccid);
  return iccid;
}

async function act(method: string, path: string, body?: unknown): Promise<Json> {
  const response = await harness.json<Json>(method, path, { body: body ?? {} });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return harness.awaitOperation(response.body.id as string);
}

async function subscription(id: string): Promise<Json> {
  return (await harness.json<Json>('GET', `/v1/subscriptions/${id}`)).body;
}

function activation(overrides: Json = {}) {
  return {
    carrier: 'sps',
    sim: { type: 'physical', iccid: freeSpsSim() },
    plan: 'Plan001',
    carrierOptions: { sps: { location } },
    ...overrides,
  };
}

describe('SPS through the unified API', () => {
  it('carries a line through every lifecycle action SPS offers to succeeded', async () => {
    const activated = await act('POST', '/v1/subscriptions', activation());
    expect(activated).toMatchObject({ status: 'succeeded', carrierStatus: 'Success' });
    const id = activated.subscriptionId as string;
    const line = await subscription(id);
    expect(line).toMatchObject({ status: 'active', carrier: 'sps', plan: 'Plan001' });
    expect(line.msisdn).toMatch(/^\+1\d{10}$/);

    expect(await act('POST', `/v1/subscriptions/${id}/suspend`)).toMatchObject({ status: 'succeeded' });
    expect(await subscription(id)).toMatchObject({ status: 'suspended' });
    expect(await act('POST', `/v1/subscriptions/${id}/resume`)).toMatchObject({ status: 'succeeded' });

    const newIccid = freeSpsSim();
    expect(
      await act('POST', `/v1/subscriptions/${id}/sim-swap`, { sim: { type: 'physical', iccid: newIccid } }),
    ).toMatchObject({
      status: 'succeeded',
    });
    expect(await subscription(id)).toMatchObject({ iccid: newIccid });

    const oldNumber = (await subscription(id)).msisdn;
    expect(await act('POST', `/v1/subscriptions/${id}/number`)).toMatchObject({ status: 'succeeded' });
    expect((await subscription(id)).msisdn).not.toBe(oldNumber);

    expect(await act('POST', `/v1/subscriptions/${id}/plan`, { plan: 'Plan002' })).toMatchObject({
      status: 'succeeded',
    });
    expect(await act('POST', `/v1/subscriptions/${id}/cease`)).toMatchObject({ status: 'succeeded' });
    expect(await subscription(id)).toMatchObject({ status: 'ceased' });
    expect(await act('POST', `/v1/subscriptions/${id}/reactivate`)).toMatchObject({ status: 'succeeded' });
    expect(await subscription(id)).toMatchObject({ status: 'active' });
  });

  it('activates an eSIM and returns what the user needs to install it', async () => {
    const activated = await act(
      'POST',
      '/v1/subscriptions',
      activation({ sim: { type: 'esim', eid: '89049032000001000000000000000001' } }),
    );
    expect(activated.status).toBe('succeeded');
    expect(activated.result).toMatchObject({ esimProfile: { activationCode: expect.stringMatching(/^LPA:1\$/) } });
  });

  it("reports a failed transaction with the carrier's reason", async () => {
    const failed = await act(
      'POST',
      '/v1/subscriptions',
      activation({ carrierOptions: { sps: { location: { ...location, zipCode: '00000' } } } }),
    );
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({
      code: 'carrier_rejected',
      carrier: { id: 'sps', message: expect.stringContaining('coverage') },
    });
    expect(await subscription(failed.subscriptionId as string)).toMatchObject({ status: 'failed' });
  });

  it('refuses what SPS cannot do before anything is stored or sent', async () => {
    const activated = await act('POST', '/v1/subscriptions', activation());
    const id = activated.subscriptionId as string;
    await act('POST', `/v1/subscriptions/${id}/suspend`);
    const sent = spsSimulatorOf(harness.gateway).ledger.count();
    const cease = await harness.json('POST', `/v1/subscriptions/${id}/cease`, { body: {} });
    expect(cease).toMatchObject({
      status: 409,
      body: { code: 'conflict_with_state', detail: expect.stringContaining('only when the subscription is active') },
    });
    const missingLocation = await harness.json('POST', '/v1/subscriptions', {
      body: { carrier: 'sps', sim: { type: 'physical', iccid: freeSpsSim() }, plan: 'Plan001' },
    });
    expect(missingLocation.status).toBe(400);
    expect(JSON.stringify(missingLocation.body)).toContain('/carrierOptions/sps');
    expect(spsSimulatorOf(harness.gateway).ledger.count()).toBe(sent);
  });
});
