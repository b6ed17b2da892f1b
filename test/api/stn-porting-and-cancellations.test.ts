import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';
import { stnSimulatorOf } from '../helpers/sandbox-simulators.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

type Json = Record<string, unknown>;
const used = new Set<string>();
const later = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();

function freeSim(): string {
  const iccid = stnSimulatorOf(harness.gateway)
    .listFreeSims()
    .find((candidate) => !used.has(candidate));
  if (!iccid) throw new Error('no free sTN SIM');
  used.add(iccid);
  return iccid;
}

async function start(method: string, path: string, body: unknown = {}): Promise<Json> {
  const response = await harness.json<Json>(method, path, { body });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return response.body;
}

async function operation(id: unknown): Promise<Json> {
  return (await harness.json<Json>('GET', `/v1/operations/${id}`)).body;
}

async function subscription(id: unknown): Promise<Json> {
  return (await harness.json<Json>('GET', `/v1/subscriptions/${id}`)).body;
}

/** Wait until the carrier is working on an operation (sTN accepts cancellations of a BUSY request). */
async function untilCarrierBusy(id: unknown) {
  await harness.settle(async () => (await operation(id)).carrierStatus === 'BUSY');
}

async function activeLine(): Promise<string> {
  const activation = await start('POST', '/v1/subscriptions', { sim: { type: 'physical', iccid: freeSim() } });
  expect(await harness.awaitOperation(activation.id as string)).toMatchObject({ status: 'succeeded' });
  return activation.subscriptionId as string;
}

describe('sTN porting and cancellations through the unified API', () => {
  it('ports a number out', async () => {
    const id = await activeLine();
    const portOut = await start('POST', `/v1/subscriptions/${id}/port-out`);
    expect(await subscription(id)).toMatchObject({ status: 'porting_out' });
    expect(await harness.awaitOperation(portOut.id as string)).toMatchObject({ kind: 'port_out', status: 'succeeded' });
    expect(await subscription(id)).toMatchObject({ status: 'ported_out' });
  });

  it('cancels a port-out planned for later, and the line stays active', async () => {
    const id = await activeLine();
    const portOut = await start('POST', `/v1/subscriptions/${id}/port-out`, { portAt: later(14) });
    await untilCarrierBusy(portOut.id);
    const cancel = await start('POST', `/v1/operations/${portOut.id}/cancel`);
    expect(await harness.awaitOperation(cancel.id as string)).toMatchObject({
      kind: 'cancel_port_out',
      status: 'succeeded',
    });
    expect(await operation(portOut.id)).toMatchObject({ status: 'cancelled' });
    expect(await subscription(id)).toMatchObject({ status: 'active' });
  });

  it('cancels an activation scheduled for later', async () => {
    const activation = await start('POST', '/v1/subscriptions', {
      sim: { type: 'physical', iccid: freeSim() },
      activateAt: later(7),
    });
    await untilCarrierBusy(activation.id);
    const cancel = await start('POST', `/v1/operations/${activation.id}/cancel`, { note: 'customer changed mind' });
    expect(await harness.awaitOperation(cancel.id as string)).toMatchObject({
      kind: 'cancel_activation',
      status: 'succeeded',
    });
    expect(await operation(activation.id)).toMatchObject({ status: 'cancelled' });
    expect(await subscription(activation.subscriptionId)).toMatchObject({ status: 'cancelled' });
  });

  it('changes the date of a pending port-in, then cancels it', async () => {
    const portIn = await start('POST', '/v1/subscriptions', {
      sim: { type: 'physical', iccid: freeSim() },
      portIn: { msisdn: '+31687654321', donorAccountNumber: '998877', portAt: later(10) },
    });
    await untilCarrierBusy(portIn.id);
    const change = await start('PATCH', `/v1/operations/${portIn.id}`, { portAt: later(20) });
    expect(await harness.awaitOperation(change.id as string)).toMatchObject({
      kind: 'change_port_in',
      status: 'succeeded',
    });
    expect(await operation(portIn.id)).toMatchObject({ status: 'submitted' });
    const cancel = await start('POST', `/v1/operations/${portIn.id}/cancel`);
    expect(await harness.awaitOperation(cancel.id as string)).toMatchObject({
      kind: 'cancel_port_in',
      status: 'succeeded',
    });
    expect(await operation(portIn.id)).toMatchObject({ status: 'cancelled' });
    expect(await subscription(portIn.subscriptionId)).toMatchObject({ status: 'cancelled' });
  });

  it('refuses to cancel what cannot be cancelled, and what has finished', async () => {
    const id = await activeLine();
    const suspend = await start('POST', `/v1/subscriptions/${id}/suspend`);
    await harness.awaitOperation(suspend.id as string);
    const refused = await harness.json<Json>('POST', `/v1/operations/${suspend.id}/cancel`, { body: {} });
    expect(refused).toMatchObject({ status: 409, body: { code: 'conflict_with_state' } });
  });
});
