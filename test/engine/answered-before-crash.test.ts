import { afterEach, describe, expect, it } from 'vitest';
import { CarrierUnavailableError, type Store } from '../../src/core/index.js';
import { type EngineFixture, engineDefaults, startEngineFixture } from './engine-fixture.js';

/**
 * The carrier answered a submission, its attempt was recorded, and the process died before the operation's own
 * write (found by the crash drill: 1 in 500 on PGlite, 11 in 500 on PostgreSQL were sent twice). The next engine
 * must carry on from the recorded answer and never send the request again.
 */
let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

/**
 * The store as a process sees it that dies at its next write of an operation (in a transaction or on its own):
 * everything before it — the attempt with the carrier's answer — was written.
 */
function dyingAtNextTransaction(store: Store): Store {
  const dying = Object.create(store) as Store;
  const killed = () => Promise.reject(new Error('SIGKILL'));
  dying.transaction = killed;
  const operations = Object.create(store.operations) as Store['operations'];
  operations.update = killed;
  Object.defineProperty(dying, 'operations', { value: operations });
  return dying;
}

describe('a submission the carrier answered just before the gateway died', () => {
  it('is carried on from the recorded answer, not sent again', async () => {
    fixture = await startEngineFixture();
    // Finished at once: the attempt's answer and the outcome (a transaction with the line and events) are two writes.
    fixture.carrier.script.submit = async () => ({
      carrierReference: 'REF-7',
      update: { carrierReference: 'REF-7', state: 'succeeded', carrierStatus: 'DONE' },
    });
    const operation = await fixture.activate();

    const dyingEngine = fixture.engineWith({ store: dyingAtNextTransaction(fixture.store) });
    await dyingEngine.tick();
    expect(fixture.carrier.calls.submit).toBe(1);
    expect(await fixture.operation(operation.id)).toMatchObject({ status: 'pending', carrierReference: null });

    fixture.clock.advance(engineDefaults.leaseMs + 1);
    await fixture.engine.tick();

    expect(fixture.carrier.calls.submit).toBe(1);
    expect(fixture.carrier.calls.findSubmission).toBe(0);
    expect(await fixture.operation(operation.id)).toMatchObject({
      status: 'succeeded',
      carrierReference: 'REF-7',
      carrierStatus: 'DONE',
    });
  });

  it('leaves no such window when the answer is progress: the answer and the operation are one statement', async () => {
    fixture = await startEngineFixture();
    fixture.carrier.script.submit = async () => ({
      carrierReference: 'REF-9',
      update: { carrierReference: 'REF-9', state: 'in_progress', carrierStatus: 'RECEIVED' },
    });
    const operation = await fixture.activate();
    // Dies at any other write of an operation: only the one statement that writes both can have landed.
    await fixture.engineWith({ store: dyingAtNextTransaction(fixture.store) }).tick();
    expect(await fixture.operation(operation.id)).toMatchObject({ status: 'submitted', carrierReference: 'REF-9' });
    const attempts = await fixture.store.attempts.listForOperation(operation.id);
    expect(attempts.map((attempt) => [attempt.phase, attempt.outcome])).toEqual([['submit', 'succeeded']]);
  });

  it('is carried on after a reconciliation whose outcome was lost the same way', async () => {
    fixture = await startEngineFixture();
    fixture.carrier.script.submit = async () => {
      throw new CarrierUnavailableError(
        'timed out',
        { id: 'scripted', message: 'timed out' },
        {
          requestMayHaveArrived: true,
        },
      );
    };
    const operation = await fixture.activate();
    await fixture.engine.tick();
    expect(fixture.carrier.calls.submit).toBe(1);

    fixture.carrier.script.findSubmission = async () => ({
      found: true,
      carrierReference: 'REF-8',
      update: { carrierReference: 'REF-8', state: 'in_progress', carrierStatus: 'RECEIVED' },
    });
    fixture.clock.advance(engineDefaults.retryMaxMs);
    await fixture.engineWith({ store: dyingAtNextTransaction(fixture.store) }).tick();
    expect(fixture.carrier.calls.findSubmission).toBe(1);

    fixture.clock.advance(engineDefaults.leaseMs + 1);
    await fixture.engine.tick();
    expect(fixture.carrier.calls.submit).toBe(1);
    expect(await fixture.operation(operation.id)).toMatchObject({ status: 'submitted', carrierReference: 'REF-8' });
  });
});
