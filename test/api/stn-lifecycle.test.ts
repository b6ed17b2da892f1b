import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

type Json = Record<string, unknown>;

async function freeStnSim(): Promise<string> {
  const { status, body } = await harness.json<{ data: Array<{ iccid: string }> }>(
    'GET',
    '/v1/sim-cards?carrier=stn&status=available&limit=5',
  );
  expect(status).toBe(200);
  const iccid = body.data.map((sim) => sim.iccid).find((candidate) => !used.has(candidate));
  if (!iccid) throw new Error('no free sTN SIM');
  used.add(iccid);
  return iccid;
}
const used = new Set<string>();

async function act(method: string, path: string, body?: unknown): Promise<Json> {
  const response = await harness.json<Json>(method, path, { body: body ?? {} });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  expect(response.headers.get('location')).toBe(`/v1/operations/${response.body.id}`);
  return harness.awaitOperation(response.body.id as string);
}

async function subscription(id: string): Promise<Json> {
  return (await harness.json<Json>('GET', `/v1/subscriptions/${id}`)).body;
}

describe('sTN through the unified API', () => {
  it('carries a line through every lifecycle action to succeeded', async () => {
    const activation = await act('POST', '/v1/subscriptions', {
      sim: { type: 'physical', iccid: await freeStnSim() },
      services: { voicemail: true, dataRoamingSpendLimitEur: 100 },
      externalReference: 'customer-42',
    });
    expect(activation).toMatchObject({ kind: 'activate', status: 'succeeded', carrierStatus: 'DONE' });
    const id = activation.subscriptionId as string;
    const line = await subscription(id);
    expect(line).toMatchObject({ status: 'active', carrier: 'stn', externalReference: 'customer-42' });
    expect(line.msisdn).toMatch(/^\+316\d{8}$/);
    expect(line.carrierSubscriptionId).toEqual(expect.any(String));

    expect(await act('POST', `/v1/subscriptions/${id}/suspend`, { reason: 'lost' })).toMatchObject({
      status: 'succeeded',
    });
    expect(await subscription(id)).toMatchObject({ status: 'suspended' });
    expect(await act('POST', `/v1/subscriptions/${id}/resume`)).toMatchObject({ status: 'succeeded' });
    expect(await subscription(id)).toMatchObject({ status: 'active' });

    expect(
      await act('PATCH', `/v1/subscriptions/${id}/services`, { services: { internationalCalls: true } }),
    ).toMatchObject({
      status: 'succeeded',
    });
    expect((await subscription(id)).services).toMatchObject({
      voicemail: true,
      internationalCalls: true,
      dataRoamingSpendLimitEur: 100,
    });

    const newIccid = await freeStnSim();
    expect(
      await act('POST', `/v1/subscriptions/${id}/sim-swap`, { sim: { type: 'physical', iccid: newIccid } }),
    ).toMatchObject({
      status: 'succeeded',
    });
    expect(await subscription(id)).toMatchObject({ iccid: newIccid, esim: false });

    expect(await act('POST', `/v1/subscriptions/${id}/plan`, { plan: 'SP16002' })).toMatchObject({
      status: 'succeeded',
    });
    expect(await subscription(id)).toMatchObject({ plan: 'SP16002' });

    expect(await act('POST', `/v1/subscriptions/${id}/cease`)).toMatchObject({ status: 'succeeded' });
    expect(await subscription(id)).toMatchObject({ status: 'ceased' });
  });

  it('activates an eSIM', async () => {
    const activation = await act('POST', '/v1/subscriptions', {
      sim: { type: 'esim', deliveryEmail: 'user@example.com', confirmationCode: 'ABC123' },
    });
    expect(activation.status).toBe('succeeded');
    expect(await subscription(activation.subscriptionId as string)).toMatchObject({ status: 'active', esim: true });
  });

  it('ports a number in, and the line goes active with that number', async () => {
    const portIn = await act('POST', '/v1/subscriptions', {
      sim: { type: 'physical', iccid: await freeStnSim() },
      portIn: { msisdn: '+31612345678', donorAccountNumber: '123456' },
    });
    expect(portIn).toMatchObject({ kind: 'port_in', status: 'succeeded' });
    expect(await subscription(portIn.subscriptionId as string)).toMatchObject({
      status: 'active',
      msisdn: '+31612345678',
    });
  });

  it('schedules a cease and cancels it before its date', async () => {
    const activation = await act('POST', '/v1/subscriptions', { sim: { type: 'physical', iccid: await freeStnSim() } });
    const id = activation.subscriptionId as string;
    const ceaseAt = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
    const cease = await harness.json<Json>('POST', `/v1/subscriptions/${id}/cease`, { body: { ceaseAt } });
    expect(cease.status).toBe(202);
    await harness.settle(
      async () => (await harness.json<Json>('GET', `/v1/operations/${cease.body.id}`)).body.status === 'submitted',
    );
    const cancel = await harness.json<Json>('POST', `/v1/operations/${cease.body.id}/cancel`, {
      body: { note: 'changed mind' },
    });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(202);
    expect(await harness.awaitOperation(cancel.body.id as string)).toMatchObject({
      kind: 'cancel_cease',
      status: 'succeeded',
    });
    expect((await harness.json<Json>('GET', `/v1/operations/${cease.body.id}`)).body).toMatchObject({
      status: 'cancelled',
    });
    expect(await subscription(id)).toMatchObject({ status: 'active' });
  });

  it("reports a carrier-side failure as failed, with the carrier's reason in the problem", async () => {
    const unknownSim = '8931000000000000999';
    const operation = await act('POST', '/v1/subscriptions', { sim: { type: 'physical', iccid: unknownSim } });
    expect(operation.status).toBe('failed');
    expect(operation.error).toMatchObject({
      code: 'carrier_rejected',
      status: 422,
      carrier: { id: 'stn', message: expect.any(String) },
    });
    expect(await subscription(operation.subscriptionId as string)).toMatchObject({ status: 'failed' });
  });

  it('passes usage and CDR reads through to the carrier', async () => {
    const activation = await act('POST', '/v1/subscriptions', { sim: { type: 'physical', iccid: await freeStnSim() } });
    const month = new Date().toISOString().slice(0, 7);
    const usage = await harness.json<{ data: unknown[] }>(
      'GET',
      `/v1/subscriptions/${activation.subscriptionId}/usage?period=${month}`,
    );
    expect(usage.status, JSON.stringify(usage.body)).toBe(200);
    expect(Array.isArray(usage.body.data)).toBe(true);
    const badPeriod = await harness.json('GET', `/v1/subscriptions/${activation.subscriptionId}/usage?period=2026-13`);
    expect(badPeriod).toMatchObject({
      status: 400,
      body: { errors: [expect.objectContaining({ pointer: 'period' })] },
    });
  });
});
