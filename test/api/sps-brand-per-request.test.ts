import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';
import { spsSimulatorOf } from '../helpers/sandbox-simulators.js';

/**
 * Issue 14, reach: SPS's per-request `wholesaleCustomerId` (the brand a request acts for, sps.md: a header on every
 * call). `carrierOptions.sps.wholesaleCustomerId` sends it for that request only; without it, the connection's own.
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

async function activate(options: Json) {
  const sps = spsSimulatorOf(harness.gateway);
  const iccid = sps.listAvailableSims()[0] as string;
  const started = await harness.json<Json>('POST', '/v1/subscriptions', {
    body: { connection: 'sps', sim: { type: 'physical', iccid }, plan: 'Plan001', carrierOptions: { sps: options } },
  });
  return started;
}

const brandOfLastActivation = () => {
  const entries = spsSimulatorOf(harness.gateway)
    .ledger.all()
    .filter((entry) => entry.method === 'POST' && entry.path.endsWith('/subscription/activate'));
  const last = entries.at(-1);
  return last ? (last.headers.wholesalecustomerid ?? null) : undefined;
};

describe('SPS wholesaleCustomerId per request', () => {
  it('sends the brand a request names, for that request only', async () => {
    const branded = await activate({ location, wholesaleCustomerId: 'BRAND7' });
    expect(branded.status, JSON.stringify(branded.body)).toBe(202);
    expect((await harness.awaitOperation(branded.body.id as string)).status).toBe('succeeded');
    expect(brandOfLastActivation()).toBe('BRAND7');

    const plain = await activate({ location });
    expect((await harness.awaitOperation(plain.body.id as string)).status).toBe('succeeded');
    expect(brandOfLastActivation()).toBeNull();
  });

  it('refuses a brand SPS would refuse, naming the field', async () => {
    const refused = await activate({ location, wholesaleCustomerId: 'A-BRAND-TOO-LONG' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('/carrierOptions/sps/wholesaleCustomerId');
  });
});
