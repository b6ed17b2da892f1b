import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';
import { spsSimulatorOf, stnSimulatorOf } from '../helpers/sandbox-simulators.js';

/**
 * Issue 14, reach: every carrier feature the canonical API cannot express is callable through /v1 as a carrier
 * action, with its input schema listed, reads answered at once and writes run as engine operations. Tested against
 * the sandbox simulators.
 */
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

type Json = Record<string, unknown>;
const location = { addressLine1: '9601 S Meridian Blvd', city: 'Englewood', state: 'CO', zipCode: '80112' };

async function spsLine(): Promise<{ id: string; iccid: string; msisdn: string }> {
  const iccid = spsSimulatorOf(harness.gateway).listAvailableSims()[0] as string;
  const started = await harness.json<Json>('POST', '/v1/subscriptions', {
    body: { carrier: 'sps', sim: { type: 'physical', iccid }, plan: 'Plan001', carrierOptions: { sps: { location } } },
  });
  const operation = await harness.awaitOperation(started.body.id as string);
  const line = (await harness.json<Json>('GET', `/v1/subscriptions/${operation.subscriptionId}`)).body;
  return { id: line.id as string, iccid, msisdn: line.msisdn as string };
}

const run = (id: string, name: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  harness.json<Json>('POST', `/v1/subscriptions/${id}/carrier-actions/${name}`, { body, headers });

describe('carrier actions through /v1 (SPS)', () => {
  it('lists what the line offers, each with the JSON Schema of its input', async () => {
    const line = await spsLine();
    const listed = await harness.json<{ carrier: string; data: Json[] }>(
      'GET',
      `/v1/subscriptions/${line.id}/carrier-actions`,
    );
    expect(listed.status).toBe(200);
    const names = listed.body.data.map((action) => action.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'subscription-details',
        'sim-details',
        'sim-check',
        'device-compatibility',
        'port-in-eligibility',
        'bill-cycle',
        'change-bill-cycle',
        'block-sim',
        'unblock-sim',
        'change-to-ported-number',
        'change-device',
      ]),
    );
    const billCycle = listed.body.data.find((action) => action.name === 'change-bill-cycle');
    expect(billCycle).toMatchObject({
      effect: 'write',
      inputSchema: { type: 'object', properties: { billCycleStartDay: { type: 'integer', minimum: 1, maximum: 28 } } },
    });
  });

  it('reads: SIM details, SIM check, device compatibility, subscription details, eligibility', async () => {
    const line = await spsLine();
    expect(await run(line.id, 'sim-details')).toMatchObject({ status: 200, body: { data: { iccid: line.iccid } } });
    expect(await run(line.id, 'sim-check', { iccid: line.iccid })).toMatchObject({ body: { data: { valid: false } } });
    expect(await run(line.id, 'device-compatibility', { tac: '35646252' })).toMatchObject({
      status: 200,
      body: { data: { equipmentType: 'PHONE' } },
    });
    expect(await run(line.id, 'subscription-details')).toMatchObject({
      status: 200,
      body: { data: { msisdn: line.msisdn, status: 'Active' } },
    });
    expect(await run(line.id, 'port-in-eligibility', { msisdn: line.msisdn })).toMatchObject({
      status: 200,
      body: { data: { eligible: false, reason: 'number_already_active', carrier: { code: '8A' } } },
    });
  });

  it('refuses a bad input with a problem naming the field, and an unknown action with 404', async () => {
    const line = await spsLine();
    const bad = await run(line.id, 'change-bill-cycle', { billCycleStartDay: 31 });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body).toMatchObject({ code: 'validation_failed', errors: [{ pointer: '/billCycleStartDay' }] });
    const extra = await run(line.id, 'sim-check', { iccid: line.iccid, colour: 'red' });
    expect(extra).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect((await run(line.id, 'no-such-action')).status).toBe(404);
  });

  it('writes run as operations: change the bill cycle, idempotently, and read it back', async () => {
    const line = await spsLine();
    const headers = { 'Idempotency-Key': `bill-${line.id}` };
    const first = await run(line.id, 'change-bill-cycle', { billCycleStartDay: 15 }, headers);
    expect(first).toMatchObject({ status: 202, body: { kind: 'carrier_action' } });
    const again = await run(line.id, 'change-bill-cycle', { billCycleStartDay: 15 }, headers);
    expect(again.body.id).toBe(first.body.id);
    expect(await harness.awaitOperation(first.body.id as string)).toMatchObject({ status: 'succeeded' });
    expect(await run(line.id, 'bill-cycle')).toMatchObject({ body: { data: { billCycleStartDay: 15 } } });
  });

  it('writes: block and unblock the SIM through the engine, as SPS transactions', async () => {
    const line = await spsLine();
    const blocked = await run(line.id, 'block-sim', { reasonCode: 'LOST' });
    expect(blocked.status).toBe(202);
    expect(await harness.awaitOperation(blocked.body.id as string)).toMatchObject({ status: 'succeeded' });
    expect(await run(line.id, 'sim-details')).toMatchObject({ body: { data: { simStatus: 'Blocked' } } });
    const unblocked = await run(line.id, 'unblock-sim');
    expect(await harness.awaitOperation(unblocked.body.id as string)).toMatchObject({ status: 'succeeded' });
    expect(await run(line.id, 'sim-details')).toMatchObject({ body: { data: { simStatus: 'Active' } } });
  });

  it('writes: change to a ported-in number, and change only the device', async () => {
    const line = await spsLine();
    const ported = await run(line.id, 'change-to-ported-number', {
      msisdn: '+13035550102',
      donorAccountNumber: 'ACC1003',
      donorAccountPin: '2468',
    });
    expect(ported.status, JSON.stringify(ported.body)).toBe(202);
    expect(await harness.awaitOperation(ported.body.id as string)).toMatchObject({ status: 'succeeded' });
    expect(await run(line.id, 'subscription-details')).toMatchObject({ body: { data: { gpsi: '13035550102' } } });
    expect((await harness.json<Json>('GET', `/v1/subscriptions/${line.id}`)).body.msisdn).toBe('+13035550102');

    const device = await run(line.id, 'change-device', { imei: '352099001761481' });
    expect(device.status, JSON.stringify(device.body)).toBe(202);
    expect(await harness.awaitOperation(device.body.id as string)).toMatchObject({ status: 'succeeded' });
    expect(await run(line.id, 'subscription-details')).toMatchObject({
      body: { data: { pei: '352099001761481', iccid: line.iccid } },
    });
  });
});

describe('carrier actions through /v1 (sTN)', () => {
  async function stnLine(services: Json = {}): Promise<{ id: string; iccid: string; msisdn: string }> {
    const iccid = stnSimulatorOf(harness.gateway).listFreeSims()[0] as string;
    const started = await harness.json<Json>('POST', '/v1/subscriptions', {
      body: { carrier: 'stn', sim: { type: 'physical', iccid }, services },
    });
    const operation = await harness.awaitOperation(started.body.id as string);
    expect(operation.status).toBe('succeeded');
    const line = (await harness.json<Json>('GET', `/v1/subscriptions/${operation.subscriptionId}`)).body;
    return { id: line.id as string, iccid, msisdn: line.msisdn as string };
  }

  it('PIN and PUK, and the fixed IP address once fixedIp is on', async () => {
    const line = await stnLine({ fixedIp: true });
    const credentials = await run(line.id, 'sim-credentials');
    expect(credentials).toMatchObject({ status: 200, body: { data: { iccid: line.iccid, pin: expect.any(String) } } });
    expect((credentials.body.data as Json).puk).toMatch(/^[0-9]{8}$/);
    const fixedIp = await run(line.id, 'fixed-ip');
    expect(fixedIp.body.data).toMatchObject({ fixedIp: true, address: expect.stringMatching(/^89\.200\.\d+\.\d+$/) });
  });

  it('CDR months, and SIM cards filtered beyond status', async () => {
    const line = await stnLine();
    const months = await run(line.id, 'cdr-months');
    expect(months.status).toBe(200);
    expect((months.body.data as { months: Json[] }).months[0]).toMatchObject({
      period: expect.stringMatching(/^\d{4}-\d{2}$/),
    });
    const byNumber = await run(line.id, 'sim-cards', { msisdn: line.msisdn });
    expect((byNumber.body.data as { data: Json[] }).data).toEqual([
      expect.objectContaining({ iccid: line.iccid, msisdn: line.msisdn, status: 'in_use' }),
    ]);
    const bad = await run(line.id, 'sim-cards', { simCardType: 'NANO' });
    expect(bad).toMatchObject({
      status: 400,
      body: { code: 'validation_failed', errors: [{ pointer: '/simCardType' }] },
    });
  });

  it('a write sTN does not offer is 404 on its carrier (actions are per carrier)', async () => {
    const line = await stnLine();
    expect((await run(line.id, 'block-sim')).status).toBe(404);
  });
});
