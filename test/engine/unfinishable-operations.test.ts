import { afterEach, describe, expect, it } from 'vitest';
import type { CarrierConnectionRepository, CarrierStatusUpdate, StoredOperation } from '../../src/core/index.js';
import { type EngineFixture, startEngineFixture } from './engine-fixture.js';
import { createScriptedCarrier } from './scripted-carrier.js';

/**
 * Operations the gateway can never finish end, saying why, instead of being retried silently forever: no plugin
 * for their carrier, no connection, a connection that now names another carrier, or a carrier that keeps reporting
 * a status word its adapter does not know (after the deadline for unknown statuses).
 */
let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const hour = 3_600_000;

async function submitted(current: EngineFixture): Promise<StoredOperation> {
  current.carrier.script.submit = async () => ({
    carrierReference: 'REF-1',
    update: { carrierReference: 'REF-1', state: 'in_progress', carrierStatus: 'RECEIVED' },
  });
  const operation = await current.activate();
  await current.engine.tick();
  expect(await current.operation(operation.id)).toMatchObject({ status: 'submitted' });
  current.clock.advance(hour);
  return operation;
}

async function eventTypes(current: EngineFixture) {
  return (await current.store.events.listAfter(current.tenantId, 0, 100)).map((event) => event.type);
}

/** The store's connections with one of them gone, as after an operator deleted it. */
function withoutConnection(connections: CarrierConnectionRepository, id: string): CarrierConnectionRepository {
  return {
    ...connections,
    getById: async (candidate) => (candidate === id ? null : connections.getById(candidate)),
  };
}

describe('an operation whose carrier the gateway cannot reach any more', () => {
  it('fails at once when its plugin is not installed, and says nothing was sent', async () => {
    fixture = await startEngineFixture();
    const operation = await fixture.activate();
    const engine = fixture.engineWith({ plugins: [] });
    expect(await engine.tick()).toMatchObject({ claimed: 1, finished: 1 });

    const failed = await fixture.operation(operation.id);
    expect(failed.status).toBe('failed');
    expect(failed.completedAt).toBeInstanceOf(Date);
    expect(failed.error).toMatchObject({
      code: 'carrier_not_configured',
      status: 503,
      type: 'https://mvno-gateway.dev/problems/carrier-not-configured',
    });
    expect(failed.error?.detail).toBe(
      'The carrier plugin "scripted" is not installed on this gateway (connection "scripted"). Nothing was sent to the carrier.',
    );
    expect(fixture.carrier.calls.submit).toBe(0);
    expect(await eventTypes(fixture)).toContain('operation.failed');
    const subscription = await fixture.store.subscriptions.get(fixture.tenantId, operation.subscriptionId);
    expect(subscription?.status).not.toBe('pending');
    // Nothing is left to retry.
    fixture.clock.advance(24 * hour);
    expect(await engine.tick()).toMatchObject({ claimed: 0 });
  });

  it('fails a submitted one too, saying the carrier may have carried it out', async () => {
    fixture = await startEngineFixture();
    const operation = await submitted(fixture);
    expect(await fixture.engineWith({ plugins: [] }).tick()).toMatchObject({ claimed: 1, finished: 1 });
    const failed = await fixture.operation(operation.id);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'carrier_not_configured' } });
    expect(failed.error?.detail).toContain('is not installed on this gateway');
    expect(failed.error?.detail).toContain(
      'The request may have reached the carrier (reference REF-1); whether it was carried out is unknown.',
    );
  });

  it('fails at once when its connection was deleted', async () => {
    fixture = await startEngineFixture();
    const pending = await fixture.activate();
    const engine = fixture.engineWith({
      connections: withoutConnection(fixture.store.carrierConnections, fixture.connectionId),
    });
    await engine.tick();
    const failed = await fixture.operation(pending.id);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'carrier_not_configured' } });
    expect(failed.error?.detail).toBe(
      `The carrier connection ${fixture.connectionId} was deleted. Nothing was sent to the carrier.`,
    );
  });

  it('fails at once when its connection now names another carrier', async () => {
    fixture = await startEngineFixture();
    const operation = await submitted(fixture);
    const other = createScriptedCarrier('other');
    const connection = await fixture.store.carrierConnections.getById(fixture.connectionId);
    await fixture.store.carrierConnections.upsert({ ...connection!, carrier: 'other' });
    await fixture.engineWith({ plugins: [fixture.carrier.plugin, other.plugin] }).tick();
    const failed = await fixture.operation(operation.id);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'carrier_not_configured' } });
    expect(failed.error?.detail).toContain(
      'The carrier connection "scripted" now uses the carrier "other", not "scripted".',
    );
    expect(other.calls.poll).toBe(0);
  });

  it('is retried, not failed, when looking its connection up fails for another reason', async () => {
    fixture = await startEngineFixture();
    const pending = await fixture.activate();
    const engine = fixture.engineWith({
      connections: {
        ...fixture.store.carrierConnections,
        getById: () => Promise.reject(new Error('connection reset by the database')),
      },
    });
    expect(await engine.tick()).toMatchObject({ claimed: 1, finished: 0 });
    expect(await fixture.operation(pending.id)).toMatchObject({ status: 'pending', error: null });
  });
});

describe('a carrier status word the adapter does not know', () => {
  const parked = (operationId: string): CarrierStatusUpdate => ({
    operationId,
    carrierReference: 'REF-1',
    state: 'in_progress',
    carrierStatus: 'Parked',
    unrecognisedStatus: true,
  });

  it('keeps the operation running until the deadline, then fails it quoting the word', async () => {
    fixture = await startEngineFixture();
    const operation = await submitted(fixture);
    fixture.carrier.script.poll = async () => [parked(operation.id)];
    const deadline = operation.createdAt.getTime() + 24 * hour;

    await fixture.engine.tick();
    const waiting = await fixture.operation(operation.id);
    expect(waiting).toMatchObject({ status: 'submitted', carrierStatus: 'Parked', error: null });

    // Just before the deadline it still waits, and its next poll is due no later than the deadline.
    fixture.clock.advance(deadline - fixture.clock.now().getTime() - 10);
    await fixture.engine.tick();
    const lastChance = await fixture.operation(operation.id);
    expect(lastChance.status).toBe('submitted');
    expect(lastChance.nextAttemptAt!.getTime()).toBe(deadline);

    fixture.clock.advance(10);
    expect(await fixture.engine.tick()).toMatchObject({ polled: 1, finished: 1 });
    const failed = await fixture.operation(operation.id);
    expect(failed).toMatchObject({
      status: 'failed',
      carrierStatus: 'Parked',
      error: { code: 'carrier_status_unrecognised', status: 502, carrier: { id: 'scripted', message: 'Parked' } },
    });
    expect(failed.error?.detail).toBe(
      'scripted reported the status "Parked", which its adapter does not know, and no known status followed within 24 h; the gateway stopped waiting. Whether the carrier carried out the request (reference REF-1) is unknown: check with the carrier.',
    );
    expect(await eventTypes(fixture)).toContain('operation.failed');
  });

  it('lets a known status that follows finish the operation normally', async () => {
    fixture = await startEngineFixture();
    const operation = await submitted(fixture);
    fixture.carrier.script.poll = async () => [parked(operation.id)];
    await fixture.engine.tick();
    fixture.carrier.script.poll = async () => [
      { operationId: operation.id, carrierReference: 'REF-1', state: 'succeeded', carrierStatus: 'DONE' },
    ];
    fixture.clock.advance(hour);
    await fixture.engine.tick();
    expect(await fixture.operation(operation.id)).toMatchObject({ status: 'succeeded', error: null });
  });

  it('takes the deadline from the engine option, and applies it to callbacks too', async () => {
    fixture = await startEngineFixture({ unknownStatusDeadlineMs: 2 * hour });
    const operation = await submitted(fixture);
    // One hour after creation: within two hours, the callback's unknown word keeps it running.
    await fixture.engine.applyCallback(fixture.connectionId, [parked(operation.id)]);
    expect(await fixture.operation(operation.id)).toMatchObject({ status: 'submitted', carrierStatus: 'Parked' });
    fixture.clock.advance(hour);
    await fixture.engine.applyCallback(fixture.connectionId, [parked(operation.id)]);
    const failed = await fixture.operation(operation.id);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'carrier_status_unrecognised' } });
    expect(failed.error?.detail).toContain('"Parked"');
    expect(failed.error?.detail).toContain('within 2 h');
  });
});
