import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdempotencyRepository, StoreScope } from '../../src/core/index.js';
import { requestFingerprint } from '../../src/http/idempotency.js';
import { sandboxTenantId } from '../../src/runtime/sandbox-tenant.js';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';
import { spsSimulatorOf, stnSimulatorOf } from '../helpers/sandbox-simulators.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

type Json = Record<string, unknown>;
const used = new Set<string>();
/** Free SIMs no earlier test in this file has asked for (their activations may still be running). */
const sims = () => {
  const free = stnSimulatorOf(harness.gateway)
    .listFreeSims()
    .filter((iccid) => !used.has(iccid));
  for (const iccid of free.slice(0, 2)) used.add(iccid);
  return free;
};
const newSubscriptionPosts = () => stnSimulatorOf(harness.gateway).ledger.count('POST', '/api/NewSubscription');

describe('Idempotency-Key', () => {
  it('turns 50 concurrent identical POSTs into one operation and one carrier request', async () => {
    const body = { sim: { type: 'physical', iccid: sims()[0] } };
    const before = newSubscriptionPosts();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        harness.json<Json>('POST', '/v1/subscriptions', { body, headers: { 'Idempotency-Key': 'burst-1' } }),
      ),
    );
    // Each waits for the first one's transaction and replays its answer (docs/decisions/http-idempotency.md).
    const accepted = responses.filter((response) => response.status === 202);
    expect(accepted).toHaveLength(50);
    expect(new Set(accepted.map((response) => response.body.id)).size).toBe(1);
    expect(responses.filter((response) => response.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    const operationId = accepted[0]!.body.id as string;
    await harness.awaitOperation(operationId);
    const operations = await harness.json<{ data: Json[] }>(
      'GET',
      `/v1/operations?subscriptionId=${accepted[0]!.body.subscriptionId}`,
    );
    expect(operations.body.data).toHaveLength(1);
    expect(newSubscriptionPosts() - before).toBe(1);
  });

  it('replays the stored response for the same key and body, marked as a replay', async () => {
    const body = { sim: { type: 'physical', iccid: sims()[0] } };
    const first = await harness.json<Json>('POST', '/v1/subscriptions', {
      body,
      headers: { 'Idempotency-Key': 'replay-1' },
    });
    const again = await harness.json<Json>('POST', '/v1/subscriptions', {
      body,
      headers: { 'Idempotency-Key': 'replay-1' },
    });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
  });

  it('refuses the same key with another body (422), and stores nothing new', async () => {
    const first = await harness.json<Json>('POST', '/v1/subscriptions', {
      body: { sim: { type: 'physical', iccid: sims()[0] } },
      headers: { 'Idempotency-Key': 'mismatch-1' },
    });
    expect(first.status).toBe(202);
    const other = await harness.json<Json>('POST', '/v1/subscriptions', {
      body: { sim: { type: 'physical', iccid: sims()[1] } },
      headers: { 'Idempotency-Key': 'mismatch-1' },
    });
    expect(other).toMatchObject({ status: 422, body: { code: 'idempotency_mismatch' } });
  });

  it('scopes keys to the tenant', async () => {
    const created = await harness.json<{ apiKey: { key: string } }>('POST', '/v1/tenants', {
      key: 'admin-key-for-tests-0123456789',
      body: { name: 'Other' },
    });
    const response = await harness.json<Json>('GET', '/v1/subscriptions', { key: created.body.apiKey.key });
    expect(response.status).toBe(200);
    const refused = await harness.json<Json>('POST', '/v1/subscriptions', {
      key: created.body.apiKey.key,
      body: { sim: { type: 'physical', iccid: sims()[0] } },
      headers: { 'Idempotency-Key': 'replay-1' },
    });
    // Not a replay of the sandbox tenant's response: this tenant has no carrier, which it is told.
    expect(refused).toMatchObject({
      status: 400,
      body: { errors: [expect.objectContaining({ pointer: '/carrier' })] },
    });
  });

  it('lets only one of two racing mutations on a line pass the state machine', async () => {
    const activation = await harness.json<Json>('POST', '/v1/subscriptions', {
      body: { sim: { type: 'physical', iccid: sims()[0] } },
    });
    await harness.awaitOperation(activation.body.id as string);
    const id = activation.body.subscriptionId as string;
    const [suspend, cease] = await Promise.all([
      harness.json<Json>('POST', `/v1/subscriptions/${id}/suspend`, { body: {} }),
      harness.json<Json>('POST', `/v1/subscriptions/${id}/cease`, { body: {} }),
    ]);
    expect([suspend.status, cease.status].sort(), JSON.stringify([suspend.body, cease.body])).toEqual([202, 409]);
  });
});

const keyed = (key: string, body: unknown) => ({ body, headers: { 'Idempotency-Key': key } });
const linesWithIccid = async (iccid: string) =>
  (await harness.json<{ data: Json[] }>('GET', `/v1/subscriptions?iccid=${iccid}`)).body.data;

/** An active sTN line, activated without a key. */
async function activeLine(): Promise<string> {
  const activation = await harness.json<Json>('POST', '/v1/subscriptions', {
    body: { sim: { type: 'physical', iccid: sims()[0] } },
  });
  await harness.awaitOperation(activation.body.id as string);
  return activation.body.subscriptionId as string;
}

/** Make the store fail in one way for the duration of `run`, as a lost connection would. */
async function withFaultyStore(
  fault: (original: StoreScope['transaction']) => StoreScope['transaction'],
  run: () => Promise<void>,
): Promise<void> {
  const store = harness.store;
  const original = store.transaction;
  store.transaction = fault(original);
  try {
    await run();
  } finally {
    store.transaction = original;
  }
}

/**
 * Replace the idempotency repository for the duration of `run`, outside transactions and inside them (where the
 * request uses the transaction's own repositories).
 */
async function withIdempotencyRepository(
  replace: (original: IdempotencyRepository) => IdempotencyRepository,
  run: () => Promise<void>,
): Promise<void> {
  const store = harness.store;
  const { idempotency } = store;
  store.idempotency = replace(idempotency);
  try {
    await withFaultyStore(
      (original) => (work) => original((scope) => work({ ...scope, idempotency: replace(scope.idempotency) })),
      run,
    );
  } finally {
    store.idempotency = idempotency;
  }
}

describe('Idempotency-Key after crashes and errors', () => {
  it('frees a key whose claim was committed without a response (a crash) once its lease has passed', async () => {
    const iccid = sims()[0]!;
    const body = { sim: { type: 'physical', iccid } };
    // What the route fingerprints for POST /v1/subscriptions: the kind and the validated body.
    const fingerprint = await requestFingerprint('POST', '/v1/subscriptions', { kind: 'activate', body });
    const now = Date.now();
    const crashedClaim = (key: string, claimedAt: number) =>
      harness.store.idempotency.begin({
        tenantId: sandboxTenantId,
        key,
        fingerprint,
        now: new Date(claimedAt),
        lockedUntil: new Date(claimedAt + 30_000),
        expiredBefore: new Date(claimedAt - 24 * 3600_000),
      });

    expect(await crashedClaim('crash-fresh', now)).toEqual({ state: 'started' });
    const whileLeased = await harness.json<Json>('POST', '/v1/subscriptions', keyed('crash-fresh', body));
    expect(whileLeased).toMatchObject({ status: 409, body: { code: 'request_in_progress' } });

    expect(await crashedClaim('crash-old', now - 60_000)).toEqual({ state: 'started' });
    const afterLease = await harness.json<Json>('POST', '/v1/subscriptions', keyed('crash-old', body));
    expect(afterLease.status, JSON.stringify(afterLease.body)).toBe(202);
    expect(afterLease.headers.get('idempotent-replayed')).toBeNull();
    const replay = await harness.json<Json>('POST', '/v1/subscriptions', keyed('crash-old', body));
    expect(replay).toMatchObject({ status: 202, body: { id: afterLease.body.id } });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await linesWithIccid(iccid)).toHaveLength(1);
  });

  it('replays the committed result when an error came after the commit', async () => {
    const iccid = sims()[0]!;
    const body = { sim: { type: 'physical', iccid } };
    let failed = 0;
    await withFaultyStore(
      (original) => async (work) => {
        await original(work);
        failed++;
        throw new Error('connection reset after COMMIT');
      },
      async () => {
        const first = await harness.json<Json>('POST', '/v1/subscriptions', keyed('after-commit', body));
        expect(first.status).toBe(500);
      },
    );
    expect(failed).toBe(1);
    const retry = await harness.json<Json>('POST', '/v1/subscriptions', keyed('after-commit', body));
    expect(retry.status, JSON.stringify(retry.body)).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const lines = await linesWithIccid(iccid);
    expect(lines).toHaveLength(1);
    expect(retry.body.subscriptionId).toBe(lines[0]!.id);
  });

  it('leaves neither a stuck key nor a side effect when storing the response fails', async () => {
    const iccid = sims()[0]!;
    const body = { sim: { type: 'physical', iccid } };
    await withIdempotencyRepository(
      (original) => ({
        ...original,
        async complete() {
          throw new Error('connection reset while storing the response');
        },
      }),
      async () => {
        const first = await harness.json<Json>('POST', '/v1/subscriptions', keyed('store-fails', body));
        expect(first.status).toBe(500);
      },
    );
    // Nothing of the failed request was kept, so the retry runs (and is not a replay).
    expect(await linesWithIccid(iccid)).toHaveLength(0);
    const retry = await harness.json<Json>('POST', '/v1/subscriptions', keyed('store-fails', body));
    expect(retry.status, JSON.stringify(retry.body)).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(await linesWithIccid(iccid)).toHaveLength(1);
  });

  it('gives 10 concurrent identical keyed mutations one execution, and the same answer to all', async () => {
    const id = await activeLine();
    let responses: Array<{ status: number; body: Json; headers: Headers }> = [];
    // A slow step after the claim widens the race: requests in process otherwise rarely overlap at all on PGlite.
    await withIdempotencyRepository(
      (original) => ({
        ...original,
        async begin(options) {
          const begun = await original.begin(options);
          await new Promise((resolve) => setTimeout(resolve, 20));
          return begun;
        },
      }),
      async () => {
        responses = await Promise.all(
          Array.from({ length: 10 }, () =>
            harness.json<Json>('POST', `/v1/subscriptions/${id}/suspend`, keyed('suspend-burst', {})),
          ),
        );
      },
    );
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(202));
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    expect(responses.filter((response) => response.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    const operations = await harness.json<{ data: Json[] }>('GET', `/v1/operations?subscriptionId=${id}&kind=suspend`);
    expect(operations.body.data).toHaveLength(1);
  });
});

describe('Idempotency-Key and refused requests (the key stays unused)', () => {
  const location = { addressLine1: '9601 S Meridian Blvd', city: 'Englewood', state: 'CO', zipCode: '80112' };

  it('runs the corrected retry of a request the carrier adapter refused', async () => {
    const iccid = spsSimulatorOf(harness.gateway).listAvailableSims()[0]!;
    const withoutLocation = { carrier: 'sps', sim: { type: 'physical', iccid }, plan: 'Plan001' };
    const refused = await harness.json<Json>('POST', '/v1/subscriptions', keyed('sps-location', withoutLocation));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('/carrierOptions/sps');
    const corrected = await harness.json<Json>(
      'POST',
      '/v1/subscriptions',
      keyed('sps-location', { ...withoutLocation, carrierOptions: { sps: { location } } }),
    );
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(202);
    expect(corrected.headers.get('idempotent-replayed')).toBeNull();
    await harness.awaitOperation(corrected.body.id as string);
  });

  it('runs the corrected retry of a request naming an unknown carrier, or failing the schema', async () => {
    const body = { sim: { type: 'physical', iccid: sims()[0] } };
    const unknown = await harness.json<Json>(
      'POST',
      '/v1/subscriptions',
      keyed('fix-me', { ...body, carrier: 'nope' }),
    );
    expect(unknown).toMatchObject({
      status: 400,
      body: { errors: [expect.objectContaining({ pointer: '/carrier' })] },
    });
    const invalid = await harness.json<Json>('POST', '/v1/subscriptions', keyed('fix-me', { sim: { type: 'floppy' } }));
    expect(invalid).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const corrected = await harness.json<Json>('POST', '/v1/subscriptions', keyed('fix-me', body));
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(202);
    expect(corrected.headers.get('idempotent-replayed')).toBeNull();
  });

  it('runs the retry of a request the state machine refused once the state allows it', async () => {
    const id = await activeLine();
    const early = await harness.json<Json>('POST', `/v1/subscriptions/${id}/resume`, keyed('resume-later', {}));
    expect(early).toMatchObject({ status: 409, body: { code: 'conflict_with_state' } });
    const suspend = await harness.json<Json>('POST', `/v1/subscriptions/${id}/suspend`, { body: {} });
    await harness.awaitOperation(suspend.body.id as string);
    const resumed = await harness.json<Json>('POST', `/v1/subscriptions/${id}/resume`, keyed('resume-later', {}));
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(202);
    expect(resumed.headers.get('idempotent-replayed')).toBeNull();
  });

  it('does not store a 404: the retry is looked up again, not replayed', async () => {
    const path = '/v1/subscriptions/sub_doesnotexist/suspend';
    const first = await harness.json<Json>('POST', path, keyed('missing-line', {}));
    const again = await harness.json<Json>('POST', path, keyed('missing-line', {}));
    expect(first.status).toBe(404);
    expect(again.status).toBe(404);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
  });

  it('refuses a keyed body nested too deep to fingerprint with a 400 naming the body, not a 500', async () => {
    const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const iccid = sims()[0];
    for (const depth of [70, 10_000]) {
      const response = await harness.json<Json>('POST', '/v1/subscriptions', {
        body: `{"sim":{"type":"physical","iccid":"${iccid}"},"carrierOptions":{"stn":{"deep":${nested(depth)}}}}`,
        headers: { 'Idempotency-Key': `deep-${depth}` },
      });
      expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(400);
      expect(response.body).toMatchObject({
        code: 'validation_failed',
        errors: [{ pointer: '', detail: expect.stringContaining('nested deeper than 32 levels') }],
      });
    }
  });
});
