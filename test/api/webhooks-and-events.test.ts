import { Webhook } from 'standardwebhooks';
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
interface Received {
  id: string;
  payload: {
    type: string;
    sequence: number;
    subscriptionId: string | null;
  };
}

describe('webhooks', () => {
  it('delivers every event once, in order per subscription, signed — though the receiver fails the first 3 tries', async () => {
    const endpoint = await harness.json<{ id: string; secret: string }>('POST', '/v1/webhook-endpoints', {
      body: { url: 'http://receiver.test/hooks' },
    });
    expect(endpoint.status).toBe(201);
    expect(endpoint.body.secret).toMatch(/^whsec_/);
    const verifier = new Webhook(endpoint.body.secret);
    let calls = 0;
    const accepted: Received[] = [];
    harness.external.set('http://receiver.test', async (request) => {
      calls++;
      if (calls <= 3) return new Response('not yet', { status: 500 });
      const body = await request.text();
      const headers = Object.fromEntries(request.headers);
      const payload = verifier.verify(body, headers) as Received['payload'];
      accepted.push({ id: request.headers.get('webhook-id')!, payload });
      return new Response(null, { status: 204 });
    });

    const sims = stnSimulatorOf(harness.gateway).listFreeSims();
    const lines: string[] = [];
    for (const iccid of sims.slice(0, 2)) {
      const activation = await harness.json<Json>('POST', '/v1/subscriptions', {
        body: { sim: { type: 'physical', iccid } },
      });
      await harness.awaitOperation(activation.body.id as string);
      const suspend = await harness.json<Json>('POST', `/v1/subscriptions/${activation.body.subscriptionId}/suspend`, {
        body: {},
      });
      await harness.awaitOperation(suspend.body.id as string);
      lines.push(activation.body.subscriptionId as string);
    }

    const log = await harness.json<{
      data: Array<{ id: string; sequence: number; subscriptionId: string; type: string }>;
    }>('GET', '/v1/events?after=0&limit=500');
    const expectedIds = log.body.data.map((event) => event.id);
    await harness.settle(async () => new Set(accepted.map((delivery) => delivery.id)).size >= expectedIds.length);

    expect(calls).toBeGreaterThan(3);
    expect(accepted.map((delivery) => delivery.id).sort()).toEqual([...expectedIds].sort());
    for (const line of lines) {
      const sequences = accepted
        .filter((delivery) => delivery.payload.subscriptionId === line)
        .map((delivery) => delivery.payload.sequence);
      expect(sequences.length).toBeGreaterThan(3);
      expect(sequences).toEqual([...sequences].sort((left, right) => left - right));
    }
    const deliveries = await harness.json<{
      data: Array<{ id: string; eventId: string; status: string; attempts: number }>;
    }>('GET', `/v1/webhook-endpoints/${endpoint.body.id}/deliveries?limit=200`);
    expect(deliveries.body.data.every((delivery) => delivery.status === 'delivered')).toBe(true);
    expect(deliveries.body.data.some((delivery) => delivery.attempts > 1)).toBe(true);

    const replay = await harness.json<{ id: string }>(
      'POST',
      `/v1/webhook-endpoints/${endpoint.body.id}/deliveries/${deliveries.body.data[0]!.id}/replay`,
    );
    expect(replay.status, JSON.stringify(replay.body)).toBe(202);
    const before = accepted.length;
    await harness.settle(async () => accepted.length > before);
    // A replay carries the same webhook-id, so a receiver that dedupes on it stays correct.
    expect(accepted.at(-1)!.id).toBe(deliveries.body.data[0]!.eventId);
  });
});

describe('the event log', () => {
  it('lets a client catch up with ?after= and see each change once, in order', async () => {
    const start = await harness.json<{ nextAfter: number }>('GET', '/v1/events?after=0&limit=500');
    const iccid = stnSimulatorOf(harness.gateway).listFreeSims()[0];
    const activation = await harness.json<Json>('POST', '/v1/subscriptions', {
      body: { sim: { type: 'physical', iccid } },
    });
    await harness.awaitOperation(activation.body.id as string);
    let after = start.body.nextAfter;
    const seen: Array<{ type: string; sequence: number }> = [];
    for (;;) {
      const page = await harness.json<{ data: Array<{ type: string; sequence: number }>; nextAfter: number }>(
        'GET',
        `/v1/events?after=${after}&limit=2`,
      );
      if (page.body.data.length === 0) break;
      seen.push(...page.body.data);
      after = page.body.nextAfter;
    }
    expect(seen.map((event) => event.type)).toEqual(
      expect.arrayContaining([
        'subscription.created',
        'operation.created',
        'operation.succeeded',
        'subscription.activated',
      ]),
    );
    expect(seen.map((event) => event.sequence)).toEqual(
      [...seen.map((event) => event.sequence)].sort((left, right) => left - right),
    );
  });
});
