import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';
import { spsSimulatorOf } from '../helpers/sandbox-simulators.js';

/**
 * One vocabulary: *carrier* is a plugin id, *connection* a tenant's account at a carrier. The API says so in new
 * fields (`connection`, `carrierId`) and still accepts and returns the old ones (`carrier`, `carrierType`).
 */
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

type Json = Record<string, unknown>;

async function freeSim(connection: string, skip: number): Promise<string> {
  const { body } = await harness.json<{ data: Array<{ iccid: string }> }>(
    'GET',
    `/v1/sim-cards?connection=${connection}&status=available&limit=5`,
  );
  const iccid = body.data[skip]?.iccid;
  if (!iccid) throw new Error(`no free SIM at ${connection}`);
  return iccid;
}

describe('connection and carrier', () => {
  it('names connections and carriers apart in GET /v1/carriers, keeping the old fields', async () => {
    const { body } = await harness.json<{ data: Json[] }>('GET', '/v1/carriers');
    const stn = body.data.find((item) => item.connection === 'stn');
    expect(stn).toMatchObject({ connection: 'stn', carrierId: 'stn', name: 'stn', carrierType: 'stn' });
  });

  it('activates on the connection a request names with `connection`, and shows it on the line', async () => {
    const iccid = spsSimulatorOf(harness.gateway).listAvailableSims()[0];
    const accepted = await harness.json<Json>('POST', '/v1/subscriptions', {
      body: {
        connection: 'sps',
        sim: { type: 'physical', iccid },
        plan: 'Plan001',
        carrierOptions: {
          sps: { location: { addressLine1: '9601 S Meridian Blvd', city: 'Englewood', state: 'CO', zipCode: '80112' } },
        },
      },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect(accepted.body).toMatchObject({ carrierId: 'sps', carrierType: 'sps' });
    const line = await harness.json<Json>('GET', `/v1/subscriptions/${accepted.body.subscriptionId}`);
    expect(line.body).toMatchObject({ connection: 'sps', carrierId: 'sps', carrier: 'sps', carrierType: 'sps' });
    const listed = await harness.json<{ data: Json[] }>('GET', '/v1/subscriptions?connection=sps&limit=200');
    expect(listed.body.data.map((item) => item.id)).toContain(accepted.body.subscriptionId);
  });

  it('still takes the old `carrier`, refuses the two naming different connections, and points at the field used', async () => {
    const iccid = await freeSim('stn', 1);
    const old = await harness.json<Json>('POST', '/v1/subscriptions', {
      body: { carrier: 'stn', sim: { type: 'physical', iccid } },
    });
    expect(old.status, JSON.stringify(old.body)).toBe(202);
    const both = await harness.json<{ errors: Json[] }>('POST', '/v1/subscriptions', {
      body: { connection: 'stn', carrier: 'sps', sim: { type: 'physical', iccid } },
    });
    expect(both.status).toBe(400);
    expect(both.body.errors[0]).toMatchObject({ pointer: '/connection' });
    const unknown = await harness.json<{ errors: Json[] }>('POST', '/v1/subscriptions', {
      body: { connection: 'nope', sim: { type: 'physical', iccid } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({
      pointer: '/connection',
      detail: 'unknown carrier connection "nope"',
    });
  });
});
