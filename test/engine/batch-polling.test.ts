import { afterEach, describe, expect, it } from 'vitest';
import { applyOperationOutcome } from '../../src/core/engine/apply-carrier-update.js';
import { type CarrierCapabilities, createIdGenerator, type PollReference } from '../../src/core/index.js';
import { type EngineFixture, startEngineFixture } from './engine-fixture.js';
import { createScriptedCarrier } from './scripted-carrier.js';

/**
 * Issue 11: the engine honours the carrier's `batchPolling.maxBatchSize` — one `poll()` call per batch of at most that
 * many references, one reference per call for a carrier without batch polling — and the outcomes of a batch land as
 * they would one by one (issue 10 writes them together).
 */
let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

async function pollTen(
  batchPolling: CarrierCapabilities['batchPolling'],
  duringPoll: (fixture: EngineFixture, references: readonly PollReference[]) => Promise<void> = async () => {},
) {
  fixture = await startEngineFixture();
  const carrier = createScriptedCarrier('scripted', { batchPolling });
  const engine = fixture.engineWith({ plugins: [carrier.plugin] });
  const operations = [];
  for (let index = 0; index < 10; index++) operations.push(await fixture.activate());
  let submitted = 0;
  carrier.script.submit = async () => {
    const carrierReference = `ref-${++submitted}`;
    return { carrierReference, update: { carrierReference, state: 'in_progress', carrierStatus: 'INIT' } };
  };
  expect((await engine.tick()).submitted).toBe(10);

  const calls: string[][] = [];
  carrier.script.poll = async (references: readonly PollReference[]) => {
    calls.push(references.map((reference) => reference.carrierReference));
    if (calls.length === 1) await duringPoll(fixture as EngineFixture, references);
    return references.map((reference) => ({
      operationId: reference.operationId,
      carrierReference: reference.carrierReference,
      state: 'succeeded' as const,
      carrierStatus: 'DONE',
      facts: { msisdn: `+3161234${reference.carrierReference.replace('ref-', '').padStart(4, '0')}` },
    }));
  };
  fixture.clock.advance(60_000);
  const report = await engine.tick();
  return { fixture, operations, calls, report, carrier };
}

describe('batch polling', () => {
  it('asks a carrier whose maxBatchSize is 3 about 10 operations in 4 calls of at most 3 references', async () => {
    const { calls, report, operations, fixture: current } = await pollTen({ maxBatchSize: 3 });
    expect(calls).toHaveLength(4);
    expect(calls.map((call) => call.length).sort()).toEqual([1, 3, 3, 3]);
    expect(new Set(calls.flat()).size).toBe(10);
    expect(report).toMatchObject({ polled: 10, finished: 10 });
    // Written together, each as it would be alone: the operation, its line, and the events of both.
    for (const operation of operations) {
      const stored = await current.operation(operation.id);
      expect(stored).toMatchObject({ status: 'succeeded', carrierStatus: 'DONE', leaseOwner: null });
      const line = await current.store.subscriptions.get(current.tenantId, operation.subscriptionId);
      expect(line?.status).toBe('active');
      expect(line?.msisdn).toMatch(/^\+3161234\d{4}$/);
      const events = await current.store.events.listAfter(current.tenantId, 0, 100, { operationId: operation.id });
      expect(events.map((event) => event.type)).toEqual(
        expect.arrayContaining(['operation.succeeded', 'subscription.activated']),
      );
    }
  });

  it('asks a carrier without batch polling about one reference per call', async () => {
    const { calls, report } = await pollTen(false);
    expect(calls).toHaveLength(10);
    expect(calls.every((call) => call.length === 1)).toBe(true);
    expect(report).toMatchObject({ polled: 10, finished: 10 });
  });

  it('falls back to one by one when a write of the batch loses, never over what the other writer wrote', async () => {
    let touched = '';
    const {
      report,
      operations,
      fixture: current,
    } = await pollTen({ maxBatchSize: 5 }, async (running, references) => {
      // A callback finishes one operation of the batch after the claim, before the batch's outcome is written.
      touched = references[1]!.operationId;
      await applyOperationOutcome({
        store: running.store,
        ids: createIdGenerator(running.clock.now),
        now: running.clock.now(),
        operationId: touched,
        outcome: { state: 'succeeded', carrierStatus: 'DONE (callback)' },
      });
    });
    expect(report).toMatchObject({ polled: 10, finished: 9 });
    for (const operation of operations) {
      expect((await current.operation(operation.id)).status).toBe('succeeded');
      const events = await current.store.events.listAfter(current.tenantId, 0, 100, { operationId: operation.id });
      expect(events.filter((event) => event.type === 'operation.succeeded')).toHaveLength(1);
    }
    expect((await current.operation(touched)).carrierStatus).toBe('DONE (callback)');
  });
});
