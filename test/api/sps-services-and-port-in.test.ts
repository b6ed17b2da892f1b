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

function freeSim(): string {
  const iccid = spsSimulatorOf(harness.gateway)
    .listAvailableSims()
    .find((candidate) => !used.has(candidate));
  if (!iccid) throw new Error('no free SPS SIM');
  used.add(iccid);
  return iccid;
}

async function act(method: string, path: string, body: unknown = {}): Promise<Json> {
  const response = await harness.json<Json>(method, path, { body });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return harness.awaitOperation(response.body.id as string);
}

describe('SPS services and port-in through the unified API', () => {
  it('sets services at activation and changes them later', async () => {
    const activated = await act('POST', '/v1/subscriptions', {
      carrier: 'sps',
      sim: { type: 'physical', iccid: freeSim() },
      plan: 'Plan001',
      services: { voicemail: true },
      carrierOptions: { sps: { location } },
    });
    expect(activated.status).toBe('succeeded');
    const id = activated.subscriptionId;
    expect(
      await act('PATCH', `/v1/subscriptions/${id}/services`, {
        services: { internationalCalls: true, voicemail: false },
      }),
    ).toMatchObject({
      status: 'succeeded',
    });
    expect((await harness.json<Json>('GET', `/v1/subscriptions/${id}`)).body.services).toMatchObject({
      voicemail: false,
      internationalCalls: true,
    });
  });

  it('ports a US number in with the donor account, and the line is active with it', async () => {
    const portIn = await act('POST', '/v1/subscriptions', {
      carrier: 'sps',
      sim: { type: 'physical', iccid: freeSim() },
      plan: 'Plan001',
      portIn: { msisdn: '+13035550100', donorAccountNumber: 'ACC1001', donorAccountPin: '1234' },
      carrierOptions: { sps: { location } },
    });
    expect(portIn).toMatchObject({ kind: 'port_in', status: 'succeeded' });
    expect((await harness.json<Json>('GET', `/v1/subscriptions/${portIn.subscriptionId}`)).body).toMatchObject({
      status: 'active',
      msisdn: '+13035550100',
    });
  });

  it('fails a port-in SPS finds not portable, with its reason', async () => {
    const portIn = await act('POST', '/v1/subscriptions', {
      carrier: 'sps',
      sim: { type: 'physical', iccid: freeSim() },
      plan: 'Plan001',
      portIn: { msisdn: '+13035559999', donorAccountNumber: 'NOPE', donorAccountPin: '0000' },
      carrierOptions: { sps: { location } },
    });
    expect(portIn.status).toBe('failed');
    expect(portIn.error).toMatchObject({ code: 'carrier_rejected', carrier: { id: 'sps' } });
  });
});
