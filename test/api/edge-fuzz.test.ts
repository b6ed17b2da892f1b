import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, sandboxKey, startHarness } from '../helpers/gateway-harness.js';
import { stnSimulatorOf } from '../helpers/sandbox-simulators.js';

/**
 * Arbitrary text in paths, queries and bodies of a few routes: whatever arrives, the answer is never a 5xx, and
 * every refusal is problem+json with the request's id. Bounded to a few hundred requests so it stays fast.
 */
let harness: Harness;
let subscriptionId: string;
beforeAll(async () => {
  harness = await startHarness({ environment: { BODY_LIMIT_BYTES: '16384' } });
  const iccid = stnSimulatorOf(harness.gateway).listFreeSims()[0];
  const activation = await harness.json('POST', '/v1/subscriptions', { body: { sim: { type: 'physical', iccid } } });
  await harness.awaitOperation(activation.body.id as string);
  subscriptionId = activation.body.subscriptionId as string;
});
afterAll(async () => {
  await harness?.close();
});

/** Any UTF-16 code unit, with the ones PostgreSQL refuses (NUL, lone surrogates) made likely. */
const awkwardText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\u0000', '\ud800', '\udfff', '"', '\\', '[', '{', '%'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 40,
});

const percentEncoded = (bytes: Uint8Array) =>
  Array.from(bytes, (byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
/** Percent-encoded bytes for a path or query: UTF-8 of awkward text (NUL included), or bytes that are not UTF-8. */
const encodedBytes = fc.oneof(
  awkwardText.filter((text) => text.length > 0).map((text) => percentEncoded(new TextEncoder().encode(text))),
  fc.uint8Array({ minLength: 1, maxLength: 20 }).map(percentEncoded),
);
const pathSegment = fc.oneof(encodedBytes, fc.stringMatching(/^[A-Za-z0-9_.~-]{1,20}$/));

async function expectNoServerError(response: Response): Promise<void> {
  const text = await response.text();
  expect(response.status, text).toBeLessThan(500);
  expect(response.headers.get('x-request-id')).toBeTruthy();
  if (response.status >= 400) {
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = JSON.parse(text) as { status: number; instance?: string };
    expect(problem.status).toBe(response.status);
    expect(problem.instance).toBe(`urn:request:${response.headers.get('x-request-id')}`);
  }
}

const runs = { numRuns: 120 };

describe('no 5xx for arbitrary input', () => {
  it('in path parameters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/v1/subscriptions/{}',
          '/v1/operations/{}',
          '/v1/operations/{}/attempts',
          '/v1/webhook-endpoints/{}/deliveries',
        ),
        pathSegment,
        async (template, segment) => {
          await expectNoServerError(await harness.request('GET', template.replace('{}', segment)));
        },
      ),
      runs,
    );
  });

  it('in query parameters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/subscriptions', '/v1/operations', '/v1/events', '/v1/sim-cards', '/v1/invoices'),
        fc.constantFrom('cursor', 'iccid', 'msisdn', 'carrier', 'status', 'limit', 'after', 'subscriptionId'),
        encodedBytes,
        async (path, name, value) => {
          await expectNoServerError(await harness.request('GET', `${path}?${name}=${value}`));
        },
      ),
      runs,
    );
  });

  it('in JSON bodies (well-formed or not) and content types', async () => {
    const body = fc.oneof(
      awkwardText,
      fc.record({ reason: awkwardText }).map((value) => JSON.stringify(value)),
      fc.record({ url: awkwardText, description: awkwardText }).map((value) => JSON.stringify(value)),
      fc.jsonValue({ maxDepth: 40 }).map((value) => JSON.stringify(value)),
      fc.integer({ min: 1, max: 5000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
    );
    const contentType = fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      null,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(`/v1/subscriptions/${'{id}'}/suspend`, '/v1/webhook-endpoints', '/v1/subscriptions'),
        body,
        contentType,
        fc.boolean(),
        async (path, text, type, keyed) => {
          const headers = new Headers({ authorization: `Bearer ${sandboxKey}` });
          if (type) headers.set('content-type', type);
          if (keyed) headers.set('idempotency-key', crypto.randomUUID());
          const request = new Request(`http://gateway.test${path.replace('{id}', subscriptionId)}`, {
            method: 'POST',
            headers,
            body: new TextEncoder().encode(text),
          });
          await expectNoServerError(await harness.gateway.fetch(request));
        },
      ),
      runs,
    );
  });

  it('in carrier callbacks', async () => {
    await fc.assert(
      fc.asyncProperty(pathSegment, pathSegment, awkwardText, async (carrier, connection, text) => {
        await expectNoServerError(
          await harness.request('POST', `/v1/callbacks/${carrier}/${connection}`, { key: null, body: text }),
        );
      }),
      runs,
    );
  });
});
