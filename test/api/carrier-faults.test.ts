import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';
import { stnSimulatorOf } from '../helpers/sandbox-simulators.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ environment: { CARRIER_TIMEOUT_MS: '150' } });
});
afterEach(() => {
  stnSimulatorOf(harness.gateway).faults.set({ rateLimitRate: 0, errorRate: 0, timeoutRate: 0, malformedRate: 0 });
});
afterAll(async () => {
  await harness?.close();
});

type Json = Record<string, unknown>;
interface Attempt {
  phase: string;
  outcome: string;
  httpStatus: number | null;
}

const stn = () => stnSimulatorOf(harness.gateway);
const used = new Set<string>();
function freeSim(): string {
  const iccid = stn()
    .listFreeSims()
    .find((candidate) => !used.has(candidate));
  if (!iccid) throw new Error('no free SIM');
  used.add(iccid);
  return iccid;
}

async function activate(): Promise<Json> {
  const response = await harness.json<Json>('POST', '/v1/subscriptions', {
    body: { sim: { type: 'physical', iccid: freeSim() } },
  });
  expect(response.status).toBe(202);
  return response.body;
}

async function attempts(operationId: unknown): Promise<Attempt[]> {
  return (await harness.json<{ data: Attempt[] }>('GET', `/v1/operations/${operationId}/attempts`)).body.data;
}

describe('when the carrier misbehaves', () => {
  it('retries a rate-limited submission with backoff, then succeeds', async () => {
    stn().faults.set({ rateLimitRate: 1 });
    const operation = await activate();
    await harness.settle(
      async () => (await attempts(operation.id)).filter((attempt) => attempt.phase === 'submit').length >= 2,
    );
    stn().faults.set({ rateLimitRate: 0 });
    expect(await harness.awaitOperation(operation.id as string)).toMatchObject({ status: 'succeeded' });
    const submits = (await attempts(operation.id)).filter((attempt) => attempt.phase === 'submit');
    expect(submits.slice(0, -1).every((attempt) => attempt.outcome === 'failed' && attempt.httpStatus === 429)).toBe(
      true,
    );
    expect(submits.at(-1)).toMatchObject({ outcome: 'succeeded' });
  });

  it('after a 5xx, asks the carrier before sending again, and sends again only because it had nothing', async () => {
    stn().faults.set({ errorRate: 1 });
    const operation = await activate();
    await harness.settle(async () => (await attempts(operation.id)).some((attempt) => attempt.outcome === 'unknown'));
    stn().faults.set({ errorRate: 0 });
    const finished = await harness.awaitOperation(operation.id as string);
    expect(finished).toMatchObject({ status: 'succeeded' });
    const phases = (await attempts(operation.id)).map((attempt) => attempt.phase);
    expect(phases.indexOf('find_submission')).toBeGreaterThan(phases.indexOf('submit'));
    // The 500 came before sTN looked at the request; the lookup found nothing, so exactly one request took effect.
    const sent = stn()
      .ledger.find('POST', '/api/NewSubscription')
      .filter((entry) => (entry.body as { referenceNumber?: string }).referenceNumber === finished.correlationId);
    expect(sent.map((entry) => entry.responseStatus)).toEqual([500, 200]);
  });

  it('after a timeout on a request the carrier did act on, finds it instead of sending it twice', async () => {
    stn().faults.set({ timeoutRate: 1, timeoutHoldMs: 1000 });
    const before = stn().ledger.count('POST', '/api/NewSubscription');
    const operation = await activate();
    await harness.settle(async () => (await attempts(operation.id)).some((attempt) => attempt.outcome === 'unknown'));
    stn().faults.set({ timeoutRate: 0 });
    expect(await harness.awaitOperation(operation.id as string)).toMatchObject({ status: 'succeeded' });
    expect(stn().ledger.count('POST', '/api/NewSubscription') - before).toBe(1);
    const phases = (await attempts(operation.id)).map((attempt) => attempt.phase);
    expect(phases).toEqual(expect.arrayContaining(['submit', 'find_submission']));
    expect(phases.filter((phase) => phase === 'submit')).toHaveLength(1);
  });

  it('treats a malformed answer as unknown and reconciles it', async () => {
    stn().faults.set({ malformedRate: 1 });
    const before = stn().ledger.count('POST', '/api/NewSubscription');
    const operation = await activate();
    await harness.settle(async () => (await attempts(operation.id)).some((attempt) => attempt.outcome === 'unknown'));
    stn().faults.set({ malformedRate: 0 });
    expect(await harness.awaitOperation(operation.id as string)).toMatchObject({ status: 'succeeded' });
    expect(stn().ledger.count('POST', '/api/NewSubscription') - before).toBe(1);
  });
});
