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
interface EventPage {
  data: Array<Json & { id: string; sequence: number; type: string; subscriptionId: string; operationId: string }>;
  nextCursor: string;
  nextAfter: number;
}

async function activate(): Promise<{ operationId: string; subscriptionId: string }> {
  const iccid = stnSimulatorOf(harness.gateway).listFreeSims()[0];
  const activation = await harness.json<{ id: string; subscriptionId: string }>('POST', '/v1/subscriptions', {
    body: { sim: { type: 'physical', iccid } },
  });
  expect(activation.status).toBe(202);
  await harness.awaitOperation(activation.body.id);
  return { operationId: activation.body.id, subscriptionId: activation.body.subscriptionId };
}

describe('one event shape', () => {
  it('delivers as a webhook body exactly the /v1/events item, field for field, signed with webhook-id = id', async () => {
    const endpoint = await harness.json<{ secret: string }>('POST', '/v1/webhook-endpoints', {
      body: { url: 'http://shape.test/hooks' },
    });
    const verifier = new Webhook(endpoint.body.secret);
    const received = new Map<string, Json>();
    harness.external.set('http://shape.test', async (request) => {
      const body = await request.text();
      const event = verifier.verify(body, Object.fromEntries(request.headers)) as Json;
      expect(request.headers.get('webhook-id')).toBe(event.id);
      received.set(event.id as string, event);
      return new Response(null, { status: 204 });
    });
    const { subscriptionId } = await activate();
    const log = await harness.json<EventPage>('GET', `/v1/events?subscriptionId=${subscriptionId}`);
    expect(log.body.data.length).toBeGreaterThanOrEqual(4);
    await harness.settle(async () => log.body.data.every((event) => received.has(event.id)));
    for (const item of log.body.data) {
      expect(Object.keys(item).sort()).toEqual(
        ['createdAt', 'data', 'id', 'operationId', 'sequence', 'subscriptionId', 'type'].sort(),
      );
      expect(received.get(item.id)).toStrictEqual(item);
    }
  });

  it('filters by subscriptionId, operationId and type, keeping log order', async () => {
    const first = await activate();
    const second = await activate();
    const bySubscription = await harness.json<EventPage>('GET', `/v1/events?subscriptionId=${second.subscriptionId}`);
    expect(bySubscription.status).toBe(200);
    expect(bySubscription.body.data.length).toBeGreaterThanOrEqual(4);
    expect(bySubscription.body.data.every((event) => event.subscriptionId === second.subscriptionId)).toBe(true);

    const byOperation = await harness.json<EventPage>('GET', `/v1/events?operationId=${first.operationId}`);
    expect(byOperation.body.data.map((event) => event.type)).toEqual(
      expect.arrayContaining(['operation.created', 'operation.succeeded']),
    );
    expect(byOperation.body.data.every((event) => event.operationId === first.operationId)).toBe(true);

    const byType = await harness.json<EventPage>(
      'GET',
      `/v1/events?type=operation.succeeded,subscription.activated&limit=500`,
    );
    const types = new Set(byType.body.data.map((event) => event.type));
    expect([...types].sort()).toEqual(['operation.succeeded', 'subscription.activated']);
    const sequences = byType.body.data.map((event) => event.sequence);
    expect(sequences).toEqual([...sequences].sort((left, right) => left - right));

    const unknown = await harness.json<{ errors: Array<{ pointer: string }> }>('GET', '/v1/events?type=line.exploded');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]!.pointer).toBe('type');
  });

  it('pages with an opaque cursor that is never null, and still accepts the deprecated after', async () => {
    await activate();
    const all = await harness.json<EventPage>('GET', '/v1/events?limit=500');
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 200; page++) {
      const response = await harness.json<EventPage>('GET', `/v1/events?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.body.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(response.body.nextCursor).not.toMatch(/^\d+$/);
      if (response.body.data.length === 0) {
        // At the end the cursor stays where the log ends, ready for what happens next.
        expect(response.body.nextCursor).toBe(cursor);
        break;
      }
      seen.push(...response.body.data.map((event) => event.id));
      cursor = response.body.nextCursor;
    }
    expect(seen).toEqual(all.body.data.map((event) => event.id));

    const middle = all.body.data[1]!.sequence;
    const legacy = await harness.json<EventPage>('GET', `/v1/events?after=${middle}&limit=2`);
    expect(legacy.body.data.map((event) => event.sequence)).toEqual(
      all.body.data
        .filter((event) => event.sequence > middle)
        .slice(0, 2)
        .map((event) => event.sequence),
    );
    expect(legacy.body.nextAfter).toBe(legacy.body.data.at(-1)!.sequence);

    for (const bad of [
      'zzz',
      '42',
      Buffer.from('e1:-1').toString('base64url'),
      Buffer.from('c1:sub_x').toString('base64url'),
    ]) {
      const refused = await harness.json<{ errors: Array<{ pointer: string }> }>('GET', `/v1/events?cursor=${bad}`);
      expect(refused.status, bad).toBe(400);
      expect(refused.body.errors[0]!.pointer).toBe('cursor');
    }
  });
});
