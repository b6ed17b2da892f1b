import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';
import { spsSimulatorOf } from '../helpers/sandbox-simulators.js';

/**
 * Issue 14, reach: the checks a caller makes before a line exists — SPS port-in eligibility, SIM check, device
 * compatibility — run at a connection, with no line (`scope: 'connection'`), against the SPS simulator.
 */
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

type Json = Record<string, unknown>;
const run = (name: string, body: Json = {}, connection = 'sps') =>
  harness.json<Json>('POST', `/v1/carriers/${connection}/carrier-actions/${name}`, { body });

describe('carrier actions at a connection, before any line exists', () => {
  it('lists the checks SPS runs without a line, each with its input schema', async () => {
    const listed = await harness.json<{ connection: string; data: Json[] }>('GET', '/v1/carriers/sps/carrier-actions');
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((action) => action.name).sort()).toEqual([
      'device-compatibility',
      'port-in-eligibility',
      'sim-check',
    ]);
    expect(listed.body.data.every((action) => action.scope === 'connection' && action.effect === 'read')).toBe(true);
    // sTN has no such check: an empty list, not an error.
    expect((await harness.json<{ data: Json[] }>('GET', '/v1/carriers/stn/carrier-actions')).body.data).toEqual([]);
  });

  it('answers port-in eligibility with the canonical reason, and checks a SIM and a device, reaching SPS each time', async () => {
    const sps = spsSimulatorOf(harness.gateway);
    const before = sps.ledger.count();
    // A number at a donor the simulator knows (its seed): eligible.
    expect(await run('port-in-eligibility', { msisdn: '+13035550100' })).toMatchObject({
      status: 200,
      body: { data: { eligible: true } },
    });
    const free = sps.listAvailableSims()[0] as string;
    expect(await run('sim-check', { iccid: free })).toMatchObject({ status: 200, body: { data: { valid: true } } });
    expect(await run('sim-check', { iccid: '8944999999999999999' })).toMatchObject({
      body: { data: { valid: false } },
    });
    expect(await run('device-compatibility', { tac: '35646252' })).toMatchObject({ status: 200 });
    expect(sps.ledger.count('POST', '/portin/eligibility')).toBeGreaterThanOrEqual(1);
    expect(sps.ledger.count() - before).toBeGreaterThanOrEqual(4);
  });

  it('refuses a bad input naming the field, a line action with 422, an unknown connection or action with 404', async () => {
    const bad = await run('port-in-eligibility', { msisdn: 'twelve' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('/msisdn');
    const lineAction = await run('block-sim', { reasonCode: 'LOST' });
    expect(lineAction).toMatchObject({ status: 422, body: { code: 'unsupported_by_carrier' } });
    expect(String(lineAction.body.detail)).toContain('/v1/subscriptions/{id}/carrier-actions/block-sim');
    expect((await run('port-in-eligibility', { msisdn: '+13035550100' }, 'no-such-connection')).status).toBe(404);
    expect((await run('no-such-action')).status).toBe(404);
  });
});
