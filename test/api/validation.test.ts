import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';
import { spsSimulatorOf, stnSimulatorOf } from '../helpers/sandbox-simulators.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

type Json = Record<string, unknown>;

async function countStored() {
  const subscriptions = await harness.json<{ data: unknown[] }>('GET', '/v1/subscriptions?limit=200');
  const operations = await harness.json<{ data: unknown[] }>('GET', '/v1/operations?limit=200');
  return subscriptions.body.data.length + operations.body.data.length;
}

describe('bad input gets a clear problem and stores nothing', () => {
  it.each([
    ['a malformed ICCID', { sim: { type: 'physical', iccid: '12ab' } }, '/sim/iccid'],
    ['an unknown SIM type', { sim: { type: 'nano' } }, '/sim/type'],
    ['an unknown field', { sim: { type: 'physical', iccid: '8931000000000000001' }, colour: 'red' }, '/colour'],
    [
      'a service that does not exist',
      { sim: { type: 'physical', iccid: '8931000000000000001' }, services: { dataPlan: 'big' } },
      '/services/dataPlan',
    ],
    [
      'a limit outside its values',
      { sim: { type: 'physical', iccid: '8931000000000000001' }, services: { dataRoamingSpendLimitEur: 12.5 } },
      '/services/dataRoamingSpendLimitEur',
    ],
    [
      'a port-in number that is not E.164',
      { sim: { type: 'physical', iccid: '8931000000000000001' }, portIn: { msisdn: '0612345678' } },
      '/portIn/msisdn',
    ],
    ['an unknown carrier', { carrier: 'nope', sim: { type: 'physical', iccid: '8931000000000000001' } }, '/carrier'],
    [
      'an sTN eSIM without the e-mail sTN needs',
      { sim: { type: 'esim', confirmationCode: 'ABC' } },
      '/sim/deliveryEmail',
    ],
  ])('%s', async (_name, body, pointer) => {
    const before = await countStored();
    const response = await harness.request('POST', '/v1/subscriptions', { body });
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as Json;
    expect(response.status).toBe(400);
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer })]));
    expect(await countStored()).toBe(before);
  });

  it('refuses a service the carrier cannot set with 422 before anything is stored', async () => {
    const before = await countStored();
    const response = await harness.json<Json>('POST', '/v1/subscriptions', {
      body: {
        carrier: 'sps',
        sim: { type: 'physical', iccid: spsSimulatorOf(harness.gateway).listAvailableSims()[0] },
        plan: 'Plan001',
        services: { dataRoamingEu: true },
        carrierOptions: {
          sps: { location: { addressLine1: '1 Main St', city: 'Denver', state: 'CO', zipCode: '80202' } },
        },
      },
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: 'unsupported_by_carrier',
      errors: [expect.objectContaining({ pointer: '/services/dataRoamingEu' })],
    });
    expect(await countStored()).toBe(before);
  });

  it('refuses an action the state machine does not allow, naming why', async () => {
    const sim = stnSimulatorOf(harness.gateway).listFreeSims()[0];
    const activation = await harness.json<Json>('POST', '/v1/subscriptions', {
      body: { sim: { type: 'physical', iccid: sim } },
    });
    await harness.awaitOperation(activation.body.id as string);
    const response = await harness.json<Json>('POST', `/v1/subscriptions/${activation.body.subscriptionId}/resume`, {
      body: {},
    });
    expect(response).toMatchObject({
      status: 409,
      body: {
        code: 'conflict_with_state',
        detail: 'Cannot resume a subscription that is active: that is allowed only when it is suspended.',
      },
    });
  });

  it("answers 404 for another tenant's subscription", async () => {
    const sim = stnSimulatorOf(harness.gateway).listFreeSims()[0];
    const activation = await harness.json<Json>('POST', '/v1/subscriptions', {
      body: { sim: { type: 'physical', iccid: sim } },
    });
    const other = await harness.json<{ apiKey: { key: string } }>('POST', '/v1/tenants', {
      key: 'admin-key-for-tests-0123456789',
      body: { name: 'Nosy' },
    });
    const response = await harness.json('GET', `/v1/subscriptions/${activation.body.subscriptionId}`, {
      key: other.body.apiKey.key,
    });
    expect(response.status).toBe(404);
  });

  it('names a bad query parameter', async () => {
    const response = await harness.json('GET', '/v1/subscriptions?status=sleeping&limit=0');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      errors: expect.arrayContaining([
        expect.objectContaining({ pointer: 'status' }),
        expect.objectContaining({ pointer: 'limit' }),
      ]),
    });
  });
});
