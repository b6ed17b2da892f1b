import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/index.js';
import { type Harness, sandboxKey, startHarness } from '../helpers/gateway-harness.js';
import { spsSimulatorOf, stnSimulatorOf } from '../helpers/sandbox-simulators.js';

/**
 * What reaches the gateway's edge that is not a well-formed request: the wrong media type, text PostgreSQL cannot
 * store, bodies too large or too deep, cursors we never issued. Each is a 4xx problem+json naming the field, and
 * nothing is stored.
 */
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ environment: { BODY_LIMIT_BYTES: '65536' } });
});
afterAll(async () => {
  await harness?.close();
});

type Problem = { status: number; code: string; detail: string; instance?: string; errors?: { pointer: string }[] };

async function problemOf(response: Response): Promise<Problem> {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as Problem;
  expect(problem.status).toBe(response.status);
  return problem;
}

async function activeSubscriptionId(): Promise<string> {
  const iccid = stnSimulatorOf(harness.gateway).listFreeSims()[0];
  const activation = await harness.json('POST', '/v1/subscriptions', { body: { sim: { type: 'physical', iccid } } });
  expect(activation.status).toBe(202);
  await harness.awaitOperation(activation.body.id as string);
  return activation.body.subscriptionId as string;
}

async function webhookEndpointCount(): Promise<number> {
  return (await harness.json<{ data: unknown[] }>('GET', '/v1/webhook-endpoints')).body.data.length;
}

describe('a body that is not JSON', () => {
  it.each([
    ['text/plain', 'text/plain;charset=UTF-8'],
    ['form encoding', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
  ])('is refused as %s with 415, naming the expected type', async (_name, contentType) => {
    const response = await harness.request('POST', '/v1/webhook-endpoints', {
      body: JSON.stringify({ url: 'https://example.com/hook' }),
      headers: { 'content-type': contentType },
    });
    expect(response.status).toBe(415);
    const problem = await problemOf(response);
    expect(problem.code).toBe('unsupported_media_type');
    expect(problem.detail).toContain('expected application/json');
  });

  it('is refused without a content type when it has a body (fetch with a string body sends text/plain)', async () => {
    const response = await harness.gateway.fetch(
      new Request('http://gateway.test/v1/webhook-endpoints', {
        method: 'POST',
        headers: { authorization: `Bearer ${sandboxKey}` },
        body: new TextEncoder().encode(JSON.stringify({ url: 'https://example.com/hook' })),
      }),
    );
    expect(response.status).toBe(415);
    expect((await problemOf(response)).detail).toContain('expected application/json');
    const plain = await harness.gateway.fetch(
      new Request('http://gateway.test/v1/webhook-endpoints', {
        method: 'POST',
        headers: { authorization: `Bearer ${sandboxKey}` },
        body: JSON.stringify({ url: 'https://example.com/hook' }),
      }),
    );
    expect(plain.status).toBe(415);
  });

  it('is not needed where the body is optional: no body at all is fine', async () => {
    const id = await activeSubscriptionId();
    const response = await harness.gateway.fetch(
      new Request(`http://gateway.test/v1/subscriptions/${id}/suspend`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sandboxKey}` },
      }),
    );
    expect(response.status).toBe(202);
  });

  it('takes an empty body sent as application/json as no body: fine where optional, named fields where required', async () => {
    const id = await activeSubscriptionId();
    const empty = (path: string) =>
      harness.gateway.fetch(
        new Request(`http://gateway.test${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${sandboxKey}`, 'content-type': 'application/json' },
          body: '',
        }),
      );
    expect((await empty(`/v1/subscriptions/${id}/suspend`)).status).toBe(202);
    const required = await empty('/v1/webhook-endpoints');
    expect(required.status).toBe(400);
    expect((await problemOf(required)).errors).toEqual([expect.objectContaining({ pointer: '/url' })]);
  });

  it('keeps a malformed JSON body a 400 with the root pointer', async () => {
    const response = await harness.request('POST', '/v1/webhook-endpoints', { body: '{"url":' });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ pointer: '' })]);
  });
});

describe('text PostgreSQL cannot store is refused at the edge, naming the field', () => {
  it.each([
    ['a NUL in a path parameter', 'GET', '/v1/subscriptions/sub_%00', undefined, 'id'],
    ['a NUL in a query parameter', 'GET', '/v1/subscriptions?iccid=%00', undefined, 'iccid'],
    ['a NUL in the cursor', 'GET', '/v1/operations?cursor=%00', undefined, 'cursor'],
    ['a NUL in the callback path', 'POST', '/v1/callbacks/sps/cc_%00', '{}', 'connection'],
    ['a NUL in the callback carrier', 'POST', '/v1/callbacks/%00/cc_x', '{}', 'carrier'],
  ])('%s', async (_name, method, path, body, pointer) => {
    const response = await harness.request(method, path, body === undefined ? {} : { body });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors).toEqual([expect.objectContaining({ pointer })]);
  });

  it.each([
    ['a NUL', '{"reason":"a\\u0000b"}'],
    ['a lone high surrogate', '{"reason":"\\ud800"}'],
    ['a lone low surrogate', '{"reason":"x\\udc00y"}'],
  ])('%s in a body field', async (_name, body) => {
    const id = await activeSubscriptionId();
    const response = await harness.request('POST', `/v1/subscriptions/${id}/suspend`, { body });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ pointer: '/reason' })]);
    const subscription = await harness.json('GET', `/v1/subscriptions/${id}`);
    expect(subscription.body.status).toBe('active');
  });

  it('a NUL in a nested field, with a JSON pointer to it, before anything is stored', async () => {
    const location = { addressLine1: '1 Main St\u0000', city: 'Denver', state: 'CO', zipCode: '80202' };
    const iccid = spsSimulatorOf(harness.gateway).listAvailableSims()[0];
    const body = {
      carrier: 'sps',
      sim: { type: 'physical', iccid },
      plan: 'Plan001',
      carrierOptions: { sps: { location } },
    };
    const before = (await harness.json<{ data: unknown[] }>('GET', '/v1/operations?limit=200')).body.data.length;
    const response = await harness.request('POST', '/v1/subscriptions', { body });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([
      expect.objectContaining({ pointer: '/carrierOptions/sps/location/addressLine1' }),
    ]);
    expect((await harness.json<{ data: unknown[] }>('GET', '/v1/operations?limit=200')).body.data.length).toBe(before);
  });

  it('a NUL in an object key, pointing at the key', async () => {
    const iccid = stnSimulatorOf(harness.gateway).listFreeSims()[0];
    const body = { sim: { type: 'physical', iccid }, carrierOptions: { 'x\u0000y': {} } };
    const response = await harness.request('POST', '/v1/subscriptions', { body });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([
      expect.objectContaining({ pointer: '/carrierOptions/x\u0000y' }),
    ]);
  });

  it('a keyed webhook endpoint with a NUL in its description is refused and not created', async () => {
    const before = await webhookEndpointCount();
    const response = await harness.request('POST', '/v1/webhook-endpoints', {
      body: '{"url":"https://example.com/hook","description":"a\\u0000b"}',
      headers: { 'idempotency-key': 'nul-description' },
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ pointer: '/description' })]);
    expect(await webhookEndpointCount()).toBe(before);
  });

  it('leaves well-formed text alone: a surrogate pair (emoji) is stored and read back', async () => {
    const response = await harness.json('POST', '/v1/webhook-endpoints', {
      body: { url: 'https://example.com/hook', description: 'café 📱' },
    });
    expect(response.status).toBe(201);
    expect(response.body.description).toBe('café 📱');
  });
});

describe('body size and depth', () => {
  const large = (bytes: number) => JSON.stringify({ url: 'https://example.com/hook', description: 'x'.repeat(bytes) });

  it('refuses a body over BODY_LIMIT_BYTES with 413 before it is parsed', async () => {
    const response = await harness.request('POST', '/v1/webhook-endpoints', { body: large(70_000) });
    expect(response.status).toBe(413);
    const problem = await problemOf(response);
    expect(problem.code).toBe('payload_too_large');
    expect(problem.detail).toContain('65536 bytes');
  });

  it('counts a body sent without a length (chunked) as it arrives', async () => {
    const bytes = new TextEncoder().encode(large(70_000));
    const stream = new ReadableStream({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 8192)
          controller.enqueue(bytes.slice(offset, offset + 8192));
        controller.close();
      },
    });
    const response = await harness.gateway.fetch(
      new Request('http://gateway.test/v1/webhook-endpoints', {
        method: 'POST',
        headers: { authorization: `Bearer ${sandboxKey}`, 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(413);
  });

  it('refuses an oversized carrier callback with 413, before its signature is looked at', async () => {
    const connectionId = await sandboxConnectionId('sps');
    const response = await harness.request('POST', `/v1/callbacks/sps/${connectionId}`, {
      key: null,
      body: JSON.stringify({ padding: 'x'.repeat(70_000) }),
    });
    expect(response.status).toBe(413);
    // The same callback small enough reaches the signature check (and fails it: it is unsigned).
    const small = await harness.request('POST', `/v1/callbacks/sps/${connectionId}`, { key: null, body: '{}' });
    expect(small.status).toBe(401);
  });

  it('accepts a body just under the limit', async () => {
    const response = await harness.request('POST', '/v1/webhook-endpoints', {
      body: JSON.stringify({ url: `https://example.com/${'p'.repeat(60_000)}` }),
    });
    expect(response.status).toBe(201);
  });

  it('refuses JSON nested deeper than 32 levels with 400, also with an Idempotency-Key', async () => {
    const deep = (depth: number) => `{"reason":"x","extra":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const id = await activeSubscriptionId();
    for (const depth of [33, 10_000]) {
      const response = await harness.request('POST', `/v1/subscriptions/${id}/suspend`, {
        body: deep(depth),
        headers: { 'idempotency-key': `deep-${depth}` },
      });
      expect(response.status).toBe(400);
      const problem = await problemOf(response);
      expect(problem.detail).toContain('32 levels');
      expect(problem.errors).toEqual([expect.objectContaining({ pointer: '' })]);
    }
    // 32 levels (31 arrays inside the object) pass the depth check and meet the schema: `extra` is unknown.
    const response = await harness.request('POST', `/v1/subscriptions/${id}/suspend`, { body: deep(31) });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ pointer: '/extra' })]);
  });

  it('does not count brackets inside strings', async () => {
    const response = await harness.json('POST', '/v1/webhook-endpoints', {
      body: { url: 'https://example.com/hook', description: `"${'['.repeat(100)}\\"{{{` },
    });
    expect(response.status).toBe(201);
  });
});

async function sandboxTenantId(): Promise<string> {
  const key = await harness.store.apiKeys.findActiveByHash(await sha256Hex(sandboxKey));
  return key!.tenantId;
}

async function sandboxConnectionId(carrier: string): Promise<string> {
  const connections = await harness.store.carrierConnections.list(await sandboxTenantId());
  return connections.find((connection) => connection.carrier === carrier)!.id;
}

describe('cursors', () => {
  it('pages with cursors we issued, which are opaque', async () => {
    for (let index = 0; index < 3; index++)
      await harness.json('POST', '/v1/webhook-endpoints', {
        body: { url: `https://example.com/page-${index}` },
      });
    await activeSubscriptionId();
    await activeSubscriptionId();
    const first = await harness.json<{ data: { id: string }[]; nextCursor: string }>(
      'GET',
      '/v1/subscriptions?limit=1',
    );
    expect(first.status).toBe(200);
    expect(first.body.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(first.body.nextCursor).not.toContain(first.body.data[0]!.id);
    const second = await harness.json<{ data: { id: string }[] }>(
      'GET',
      `/v1/subscriptions?limit=1&cursor=${first.body.nextCursor}`,
    );
    expect(second.status).toBe(200);
    expect(second.body.data[0]!.id < first.body.data[0]!.id).toBe(true);
    const operations = await harness.json<{ nextCursor: string }>('GET', '/v1/operations?limit=1');
    const next = await harness.json('GET', `/v1/operations?limit=1&cursor=${operations.body.nextCursor}`);
    expect(next.status).toBe(200);
  });

  it.each([
    ['one we never issued', 'zzz'],
    ['a raw id', 'sub_01aaaaaaaaaaaaaaaaaaaaaaaa'],
    ['base64 of something else', btoa('hello').replaceAll('=', '')],
  ])('refuses %s with 400 naming the cursor', async (_name, cursor) => {
    for (const path of ['/v1/subscriptions', '/v1/operations']) {
      const response = await harness.request('GET', `${path}?cursor=${encodeURIComponent(cursor)}`);
      expect(response.status).toBe(400);
      expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ pointer: 'cursor' })]);
    }
  });

  it("refuses one list's cursor on another list", async () => {
    await activeSubscriptionId();
    await activeSubscriptionId();
    const operations = await harness.json<{ nextCursor: string }>('GET', '/v1/operations?limit=1');
    const response = await harness.request('GET', `/v1/subscriptions?cursor=${operations.body.nextCursor}`);
    expect(response.status).toBe(400);
  });

  it('refuses a cursor we never issued on webhook deliveries', async () => {
    const endpoint = await harness.json('POST', '/v1/webhook-endpoints', { body: { url: 'https://example.com/d' } });
    const response = await harness.request('GET', `/v1/webhook-endpoints/${endpoint.body.id}/deliveries?cursor=zzz`);
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ pointer: 'cursor' })]);
  });
});

describe('cursors of carrier reads', () => {
  it("wraps the carrier's cursor in ours, and pages with it", async () => {
    const first = await harness.json<{ data: { iccid: string }[]; nextCursor: string }>(
      'GET',
      '/v1/sim-cards?carrier=stn&limit=1',
    );
    expect(first.status).toBe(200);
    expect(first.body.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    // sTN's own cursor is an offset ("1"); what we hand out is not the carrier's.
    expect(first.body.nextCursor).not.toBe('1');
    const second = await harness.json<{ data: { iccid: string }[] }>(
      'GET',
      `/v1/sim-cards?carrier=stn&limit=1&cursor=${first.body.nextCursor}`,
    );
    expect(second.status).toBe(200);
    expect(second.body.data[0]!.iccid).not.toBe(first.body.data[0]!.iccid);
  });

  it.each([
    ['one we never issued', 'zzz'],
    ["the carrier's own cursor", '1'],
    ['base64 of something else', btoa('c1:sim_cards').replaceAll('=', '')],
  ])('refuses %s with 400 naming the cursor on every carrier read', async (_name, cursor) => {
    const id = await activeSubscriptionId();
    for (const path of [
      '/v1/sim-cards?carrier=stn&',
      '/v1/invoices?carrier=stn&',
      `/v1/subscriptions/${id}/cdrs?period=2026-10&`,
    ]) {
      const response = await harness.request('GET', `${path}cursor=${encodeURIComponent(cursor)}`);
      expect(response.status, path).toBe(400);
      expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ pointer: 'cursor' })]);
    }
  });

  it("refuses one carrier read's cursor on another, and one of our lists' cursors", async () => {
    const sims = await harness.json<{ nextCursor: string }>('GET', '/v1/sim-cards?carrier=stn&limit=1');
    const invoices = await harness.request('GET', `/v1/invoices?carrier=stn&cursor=${sims.body.nextCursor}`);
    expect(invoices.status).toBe(400);
    expect((await problemOf(invoices)).errors).toEqual([expect.objectContaining({ pointer: 'cursor' })]);
    await activeSubscriptionId();
    await activeSubscriptionId();
    const operations = await harness.json<{ nextCursor: string }>('GET', '/v1/operations?limit=1');
    const response = await harness.request('GET', `/v1/sim-cards?carrier=stn&cursor=${operations.body.nextCursor}`);
    expect(response.status).toBe(400);
  });
});

describe('one pointer style for query parameters', () => {
  it('names an unknown carrier in the query by its parameter name, as every query error does', async () => {
    for (const path of ['/v1/invoices?carrier=nope', '/v1/sim-cards?carrier=nope']) {
      const response = await harness.request('GET', path);
      expect(response.status).toBe(400);
      expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ pointer: 'carrier' })]);
    }
    const limit = await harness.request('GET', '/v1/sim-cards?limit=0');
    expect((await problemOf(limit)).errors).toEqual([expect.objectContaining({ pointer: 'limit' })]);
  });
});

describe('callbacks', () => {
  it('answers 404 for a connection of another carrier, as for one that does not exist, and changes nothing', async () => {
    const stnConnection = await sandboxConnectionId('stn');
    const response = await harness.request('POST', `/v1/callbacks/sps/${stnConnection}`, { key: null, body: '{}' });
    expect(response.status).toBe(404);
    const missing = await harness.request('POST', '/v1/callbacks/sps/cc_missing', { key: null, body: '{}' });
    expect(missing.status).toBe(404);
    expect((await problemOf(response)).detail).toBe(
      (await problemOf(missing)).detail.replace('cc_missing', stnConnection),
    );
  });
});

describe('every response carries x-request-id, every problem an instance', () => {
  it('on keyed answers, their replays and their problems', async () => {
    const created = await harness.request('POST', '/v1/webhook-endpoints', {
      body: { url: 'https://example.com/keyed' },
      headers: { 'idempotency-key': 'request-id-keyed' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toBeTruthy();
    const replay = await harness.request('POST', '/v1/webhook-endpoints', {
      body: { url: 'https://example.com/keyed' },
      headers: { 'idempotency-key': 'request-id-keyed' },
    });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('x-request-id')).toBeTruthy();
    expect(replay.headers.get('x-request-id')).not.toBe(created.headers.get('x-request-id'));

    const mismatch = await harness.request('POST', '/v1/webhook-endpoints', {
      body: { url: 'https://example.com/other' },
      headers: { 'idempotency-key': 'request-id-keyed' },
    });
    expect(mismatch.status).toBe(422);
    const requestId = mismatch.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    expect((await problemOf(mismatch)).instance).toBe(`urn:request:${requestId}`);

    const id = await activeSubscriptionId();
    const conflict = await harness.request('POST', `/v1/subscriptions/${id}/resume`, {
      body: {},
      headers: { 'idempotency-key': 'request-id-conflict' },
    });
    expect(conflict.status).toBe(409);
    const conflictId = conflict.headers.get('x-request-id');
    expect(conflictId).toBeTruthy();
    expect((await problemOf(conflict)).instance).toBe(`urn:request:${conflictId}`);
  });

  it('on 202 answers, and keeps a request id the caller sent', async () => {
    const iccid = stnSimulatorOf(harness.gateway).listFreeSims()[0];
    const response = await harness.request('POST', '/v1/subscriptions', {
      body: { sim: { type: 'physical', iccid } },
      headers: { 'idempotency-key': 'request-id-202', 'x-request-id': 'caller-chosen-id' },
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-request-id')).toBe('caller-chosen-id');
  });

  it.each([
    [
      '415',
      () => harness.request('POST', '/v1/webhook-endpoints', { body: 'x', headers: { 'content-type': 'text/plain' } }),
    ],
    ['413', () => harness.request('POST', '/v1/webhook-endpoints', { body: 'x'.repeat(70_000) })],
    ['404 route', () => harness.request('GET', '/v1/nothing-here')],
    ['401', () => harness.request('GET', '/v1/subscriptions', { key: null })],
  ])('on a %s problem', async (_name, send) => {
    const response = await send();
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    expect((await problemOf(response)).instance).toBe(`urn:request:${requestId}`);
  });
});
