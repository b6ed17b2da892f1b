import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';
import { spsSimulatorOf } from '../helpers/sandbox-simulators.js';

/**
 * Issue 14: a port-in refused by the donor fails with a canonical reason (`error.carrier.reason`) beside the carrier's
 * own code (`error.carrier.code`). The SPS simulator's donors hold the numbers of its seed with their account number,
 * PIN and name (sps-simulator-options.ts); the documented refusal is eligibility's "8A" / "NumberalreadyActive".
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
const used = new Set<string>();

function freeSim(): string {
  const iccid = spsSimulatorOf(harness.gateway)
    .listAvailableSims()
    .find((candidate) => !used.has(candidate));
  if (!iccid) throw new Error('no free SPS SIM');
  used.add(iccid);
  return iccid;
}

async function portIn(portInDetails: Record<string, unknown>): Promise<Json> {
  const response = await harness.json<Json>('POST', '/v1/subscriptions', {
    body: {
      carrier: 'sps',
      sim: { type: 'physical', iccid: freeSim() },
      plan: 'Plan001',
      portIn: portInDetails,
      carrierOptions: { sps: { location } },
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return harness.awaitOperation(response.body.id as string);
}

describe('port-in rejections: canonical reason and the carrier code', () => {
  it.each([
    [
      'a wrong account number',
      { msisdn: '+13035550101', donorAccountNumber: 'WRONG', donorAccountPin: '5678' },
      'wrong_account_number',
      'SPS-TXN-DONOR-ACCOUNT',
    ],
    [
      'a wrong PIN',
      { msisdn: '+13035550102', donorAccountNumber: 'ACC1003', donorAccountPin: '0000' },
      'wrong_pin',
      'SPS-TXN-DONOR-PIN',
    ],
    [
      'a name the donor does not hold',
      {
        msisdn: '+13035550100',
        donorAccountNumber: 'ACC1001',
        donorAccountPin: '1234',
        donorAccountName: 'Someone Else',
      },
      'name_mismatch',
      'SPS-TXN-DONOR-NAME',
    ],
    [
      'a number no donor can port',
      { msisdn: '+13035559999', donorAccountNumber: 'ACC1', donorAccountPin: '1' },
      'number_not_portable',
      '8C',
    ],
  ])('SPS: %s fails the operation with that reason', async (_case, details, reason, code) => {
    const operation = await portIn(details);
    expect(operation.status).toBe('failed');
    expect(operation.error).toMatchObject({ code: 'carrier_rejected', carrier: { id: 'sps', code, reason } });
    const line = (await harness.json<Json>('GET', `/v1/subscriptions/${operation.subscriptionId}`)).body;
    expect(line.status).toBe('failed');
  });

  it('SPS: a number already active here is refused as number_already_active (the documented 8A)', async () => {
    const first = await portIn({ msisdn: '+13035550101', donorAccountNumber: 'ACC1002', donorAccountPin: '5678' });
    expect(first.status).toBe('succeeded');
    const second = await portIn({ msisdn: '+13035550101', donorAccountNumber: 'ACC1002', donorAccountPin: '5678' });
    expect(second.error).toMatchObject({ carrier: { code: '8A', reason: 'number_already_active' } });
  });
});
