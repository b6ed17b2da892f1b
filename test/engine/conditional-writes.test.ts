import { afterEach, describe, expect, it } from 'vitest';
import {
  applyOperationOutcome,
  type CarrierStatusUpdate,
  CarrierUnavailableError,
  createIdGenerator,
  type Store,
  type StoredOperation,
} from '../../src/core/index.js';
import { createStore } from '../../src/store/create-store.js';
import { testDriver } from '../helpers/test-store.js';
import { type EngineFixture, startEngineFixture } from './engine-fixture.js';
import { gate } from './scripted-carrier.js';

/**
 * Every write of an operation names the version it read; one that lost a race changes nothing. These tests put the
 * competing write exactly between the loser's read and its write, on PGlite and on PostgreSQL (DATABASE_URL).
 */
let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const inProgress = (reference: string): CarrierStatusUpdate => ({
  carrierReference: reference,
  state: 'in_progress',
  carrierStatus: 'RECEIVED',
});

async function submittedOperation(current: EngineFixture) {
  current.carrier.script.submit = async () => ({ carrierReference: 'REF-1', update: inProgress('REF-1') });
  const operation = await current.activate();
  await current.engine.tick();
  expect(await current.operation(operation.id)).toMatchObject({ status: 'submitted', carrierReference: 'REF-1' });
  return operation;
}

async function eventTypes(current: EngineFixture) {
  return (await current.store.events.listAfter(current.tenantId, 0, 1000)).map((event) => event.type);
}

describe('an operation finished by a callback while the engine polled it', () => {
  it('stays finished when the poll then fails (the reschedule loses and is dropped)', async () => {
    fixture = await startEngineFixture();
    const operation = await submittedOperation(fixture);

    const pollStarted = gate<void>();
    const pollAnswer = gate<CarrierStatusUpdate[]>();
    fixture.carrier.script.poll = () => {
      pollStarted.resolve();
      return pollAnswer.promise;
    };
    fixture.clock.advance(60_000);
    const tick = fixture.engine.tick();
    await pollStarted.promise;

    // The carrier's callback lands while the poll is out: the line is active, the operation succeeded.
    const applied = await fixture.engine.applyCallback(fixture.connectionId, [
      { operationId: operation.id, carrierReference: 'REF-1', state: 'succeeded', carrierStatus: 'DONE' },
    ]);
    expect(applied).toBe(1);

    pollAnswer.reject(
      new CarrierUnavailableError('the carrier timed out', { id: 'scripted' }, { requestMayHaveArrived: false }),
    );
    expect(await tick).toMatchObject({ claimed: 1, retried: 1 });

    const stored = await fixture.operation(operation.id);
    expect(stored).toMatchObject({ status: 'succeeded', carrierStatus: 'DONE', nextAttemptAt: null });
    expect(stored.completedAt).toBeInstanceOf(Date);
    const subscription = await fixture.store.subscriptions.get(fixture.tenantId, operation.subscriptionId);
    expect(subscription?.status).toBe('active');
    expect((await eventTypes(fixture)).filter((type) => type === 'operation.succeeded')).toHaveLength(1);

    // Nothing is left for the engine to do with it.
    fixture.clock.advance(600_000);
    expect(await fixture.engine.tick()).toMatchObject({ claimed: 0 });
  });

  it('stays finished when the poll answers "still in progress" (the progress write is re-read and dropped)', async () => {
    fixture = await startEngineFixture();
    const operation = await submittedOperation(fixture);
    const pollStarted = gate<void>();
    const pollAnswer = gate<CarrierStatusUpdate[]>();
    fixture.carrier.script.poll = () => {
      pollStarted.resolve();
      return pollAnswer.promise;
    };
    fixture.clock.advance(60_000);
    const tick = fixture.engine.tick();
    await pollStarted.promise;
    await fixture.engine.applyCallback(fixture.connectionId, [
      { operationId: operation.id, carrierReference: 'REF-1', state: 'succeeded', carrierStatus: 'DONE' },
    ]);
    pollAnswer.resolve([{ ...inProgress('REF-1'), operationId: operation.id }]);
    await tick;
    expect(await fixture.operation(operation.id)).toMatchObject({ status: 'succeeded', carrierStatus: 'DONE' });
  });
});

/**
 * A store whose first read of an operation inside a transaction returns `stale`: what a writer sees when it read
 * just before another writer committed — the interleaving two PostgreSQL connections produce, made deterministic
 * (and possible on PGlite, whose one connection runs transactions one at a time).
 */
function storeWhoseFirstReadIs(store: Store, stale: StoredOperation): Store {
  let served = false;
  return {
    ...store,
    transaction: (work) =>
      store.transaction((repositories) =>
        work({
          ...repositories,
          operations: {
            ...repositories.operations,
            async getById(id) {
              if (!served && id === stale.id) {
                served = true;
                return stale;
              }
              return repositories.operations.getById(id);
            },
          },
        }),
      ),
  };
}

describe('applyOperationOutcome', () => {
  it('does not write "in progress" over an outcome committed after it read the operation', async () => {
    fixture = await startEngineFixture();
    const operation = await submittedOperation(fixture);
    const read = await fixture.operation(operation.id);
    const finishedAt = fixture.clock.now();
    // The other writer commits after our read.
    const committed = await fixture.store.operations.update({
      ...read,
      status: 'cancelled',
      carrierStatus: 'CANCELLED',
      nextAttemptAt: null,
      completedAt: finishedAt,
      updatedAt: finishedAt,
    });
    expect(committed).not.toBeNull();
    const result = await applyOperationOutcome({
      store: storeWhoseFirstReadIs(fixture.store, read),
      ids: createIdGenerator(fixture.clock.now),
      now: fixture.clock.now(),
      operationId: operation.id,
      outcome: { state: 'in_progress', carrierStatus: 'RECEIVED', nextAttemptAt: fixture.clock.now() },
    });
    expect(result).toBeNull();
    expect(await fixture.operation(operation.id)).toEqual(committed);
  });

  it('re-reads and applies its outcome on top of a write committed after it read the operation', async () => {
    fixture = await startEngineFixture();
    const operation = await submittedOperation(fixture);
    const read = await fixture.operation(operation.id);
    await fixture.store.operations.update({ ...read, warnings: ['written by someone else'] });
    const result = await applyOperationOutcome({
      store: storeWhoseFirstReadIs(fixture.store, read),
      ids: createIdGenerator(fixture.clock.now),
      now: fixture.clock.now(),
      operationId: operation.id,
      outcome: { state: 'succeeded', carrierStatus: 'DONE' },
    });
    expect(result).toMatchObject({ status: 'succeeded', warnings: ['written by someone else'] });
    expect(await fixture.operation(operation.id)).toEqual(result);
    expect((await eventTypes(fixture)).filter((type) => type === 'operation.succeeded')).toHaveLength(1);
  });
});

describe.skipIf(testDriver() === 'pglite')(
  'callbacks in another process racing failed polls (needs PostgreSQL: PGlite is one connection in one process)',
  () => {
    it('leaves every operation the callbacks finished finished', async () => {
      fixture = await startEngineFixture();
      const current = fixture;
      const count = 30;
      current.carrier.script.submit = async (request) => ({
        carrierReference: `REF-${request.operation.id}`,
        update: inProgress(`REF-${request.operation.id}`),
      });
      const operations: StoredOperation[] = [];
      for (let index = 0; index < count; index++) operations.push(await current.activate());
      await current.engine.tick();

      const otherProcess = await createStore({ databaseUrl: current.databaseUrl!, maxConnections: 5 });
      try {
        const callbackEngine = current.engineWith({ store: otherProcess, owner: 'callbacks' });
        // The poll fails once the callbacks are under way, so its reschedules land among their writes.
        current.carrier.script.poll = async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          throw new CarrierUnavailableError(
            'the carrier timed out',
            { id: 'scripted' },
            { requestMayHaveArrived: false },
          );
        };
        current.clock.advance(60_000);
        const callbacks = operations.map(async (operation, index) => {
          await new Promise((resolve) => setTimeout(resolve, index % 10));
          return callbackEngine.applyCallback(current.connectionId, [
            {
              operationId: operation.id,
              carrierReference: `REF-${operation.id}`,
              state: 'succeeded',
              carrierStatus: 'DONE',
            },
          ]);
        });
        const [report, ...applied] = await Promise.all([current.engine.tick(), ...callbacks]);
        expect(report.claimed).toBe(count);
        expect(applied.every((value) => value === 1)).toBe(true);
      } finally {
        await otherProcess.close();
      }
      for (const operation of operations) {
        const stored = await current.operation(operation.id);
        expect(stored).toMatchObject({ status: 'succeeded', nextAttemptAt: null });
        expect(stored.completedAt).toBeInstanceOf(Date);
        const subscription = await current.store.subscriptions.get(current.tenantId, operation.subscriptionId);
        expect(subscription?.status).toBe('active');
      }
      expect((await eventTypes(current)).filter((type) => type === 'operation.succeeded')).toHaveLength(count);
    });
  },
);
