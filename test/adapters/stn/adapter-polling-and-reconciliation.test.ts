import { describe, expect, it } from 'vitest';
import { CarrierUnavailableError, type PollReference } from '../../../src/core/index.js';
import { activeLine, createHarness, submitRequest } from './stn-test-harness.js';

describe('sTN adapter: batched polling', () => {
  it('polls 200 pending activations with at most 2 QueryActivation requests', async () => {
    const harness = createHarness({ seed: { activeSubscriptions: 1 } });
    const line = activeLine(harness);
    const references: PollReference[] = [];
    for (let index = 0; index < 200; index++) {
      const request = submitRequest(
        'change_services',
        { services: { voicemail: index % 2 === 0 } },
        { carrierSubscriptionId: line.carrierSubscriptionId },
      );
      const submitted = await harness.adapter.submit(request);
      references.push({
        operationId: request.operation.id,
        kind: 'change_services',
        carrierReference: submitted.carrierReference,
      });
    }
    harness.simulator.ledger.clear();
    const updates = await harness.adapter.poll(references);
    expect(harness.simulator.ledger.count()).toBeLessThanOrEqual(2);
    expect(harness.simulator.ledger.all().every((entry) => entry.path === '/api/QueryActivation')).toBe(true);
    expect(updates).toHaveLength(200);
    expect(new Set(updates.map((update) => update.operationId)).size).toBe(200);
    expect(updates.every((update) => update.state === 'in_progress')).toBe(true);

    await harness.advance(2000);
    harness.simulator.ledger.clear();
    const settled = await harness.adapter.poll(references);
    expect(harness.simulator.ledger.count()).toBe(2);
    expect(settled.every((update) => update.state === 'succeeded')).toBe(true);
  });

  it('leaves out references sTN does not know', async () => {
    const harness = createHarness();
    const updates = await harness.adapter.poll([
      { operationId: 'op_x', kind: 'suspend', carrierReference: 'AAAAAAAAAAAAAAAAA' },
    ]);
    expect(updates).toEqual([]);
  });
});

describe('sTN adapter: reconciling a submission whose answer was lost', () => {
  it('a write that timed out is found by its correlation id, so it is not sent twice', async () => {
    const harness = createHarness({ faults: { timeoutRate: 1, timeoutHoldMs: 200 } }, { timeoutMs: 20 });
    const line = activeLine(harness);
    const request = submitRequest('suspend', {}, { carrierSubscriptionId: line.carrierSubscriptionId });
    const error = await harness.adapter.submit(request).catch((caught: unknown) => caught);
    expect(CarrierUnavailableError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ requestMayHaveArrived: true });
    harness.simulator.faults.set({ timeoutRate: 0 });
    const lookup = await harness.adapter.findSubmission(request);
    expect(lookup).toMatchObject({ found: true, update: { state: 'in_progress', operationId: request.operation.id } });
    expect(harness.simulator.ledger.count('POST', '/api/SuspendSubscription')).toBe(1);
    expect(harness.simulator.ledger.find('GET', '/api/QueryActivation')[0]?.query).toEqual({
      referenceNumber: request.operation.correlationId,
      take: '10',
    });
  });

  it('a write refused with 429 did not arrive: it is not found, and the engine may send it again', async () => {
    const harness = createHarness({ faults: { rateLimitRate: 1, retryAfterSeconds: 1 } });
    const line = activeLine(harness);
    const request = submitRequest('suspend', {}, { carrierSubscriptionId: line.carrierSubscriptionId });
    const error = await harness.adapter.submit(request).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'carrier_unavailable', requestMayHaveArrived: false, retryAfterSeconds: 1 });
    harness.simulator.faults.set({ rateLimitRate: 0 });
    expect(await harness.adapter.findSubmission(request)).toEqual({ found: false });
    expect(harness.simulator.state.activations.size).toBe(0);
  });

  it('a cancellation is found on the activation it acts on once sTN shows it being cancelled', async () => {
    const harness = createHarness();
    const [iccid] = harness.simulator.listFreeSims();
    const activate = submitRequest('activate', {
      sim: { type: 'physical', iccid },
      activateAt: '2025-03-01T12:00:00+01:00',
    });
    const submitted = await harness.adapter.submit(activate);
    const target = {
      id: activate.operation.id,
      kind: 'activate' as const,
      carrierReference: submitted.carrierReference,
      correlationId: activate.operation.correlationId,
    };
    const cancel = submitRequest('cancel_activation', {}, {}, target);
    expect(await harness.adapter.findSubmission(cancel)).toEqual({ found: false });
    await harness.adapter.submit(cancel);
    expect(await harness.adapter.findSubmission(cancel)).toMatchObject({
      found: true,
      carrierReference: submitted.carrierReference,
    });
  });
});
