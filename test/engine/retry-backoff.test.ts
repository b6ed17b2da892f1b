import { afterEach, describe, expect, it } from 'vitest';
import { type CarrierStatusUpdate, CarrierUnavailableError } from '../../src/core/index.js';
import { type EngineFixture, engineDefaults, startEngineFixture } from './engine-fixture.js';

/**
 * Retry delays grow with the carrier calls that failed in a row, not with how often an operation was polled: one
 * transient error late in a long operation's life is retried after about `retryBaseMs`, not minutes later.
 * Jitter is fixed at its midpoint, so n failures in a row wait exactly 0.75 × base × 2^(n-1).
 */
let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const base = engineDefaults.retryBaseMs;
const unavailable = (requestMayHaveArrived: boolean) =>
  new CarrierUnavailableError(
    'the carrier answered 503',
    { id: 'scripted', httpStatus: 503 },
    { requestMayHaveArrived },
  );
const running = (operationId: string): CarrierStatusUpdate[] => [
  { operationId, carrierReference: 'REF-1', state: 'in_progress', carrierStatus: 'RECEIVED' },
];

/** Move the clock to the operation's next attempt, run one tick, and return the operation and its next delay. */
async function step(current: EngineFixture, operationId: string) {
  const before = await current.operation(operationId);
  current.clock.advance(Math.max(0, before.nextAttemptAt!.getTime() - current.clock.now().getTime()));
  const report = await current.engine.tick();
  const after = await current.operation(operationId);
  const delayMs = after.nextAttemptAt ? after.nextAttemptAt.getTime() - current.clock.now().getTime() : null;
  return { report, operation: after, delayMs };
}

describe('retry backoff', () => {
  it('retries a failed poll after about retryBaseMs even after many polls, and grows only while failures repeat', async () => {
    fixture = await startEngineFixture();
    fixture.carrier.script.submit = async () => ({
      carrierReference: 'REF-1',
      update: { carrierReference: 'REF-1', state: 'in_progress', carrierStatus: 'RECEIVED' },
    });
    const { id } = await fixture.activate();
    await step(fixture, id);

    fixture.carrier.script.poll = async () => running(id);
    for (let poll = 0; poll < 25; poll++) await step(fixture, id);
    expect((await fixture.operation(id)).attempts).toBe(26);

    fixture.carrier.script.poll = () => Promise.reject(unavailable(false));
    const first = await step(fixture, id);
    expect(first.report.retried).toBe(1);
    expect(first.operation).toMatchObject({ status: 'submitted', consecutiveFailures: 1 });
    expect(first.delayMs).toBe(0.75 * base);
    const second = await step(fixture, id);
    expect(second.operation.consecutiveFailures).toBe(2);
    expect(second.delayMs).toBe(1.5 * base);

    // An answer ends the run of failures: the next failure starts from the bottom again.
    fixture.carrier.script.poll = async () => running(id);
    expect((await step(fixture, id)).operation.consecutiveFailures).toBe(0);
    fixture.carrier.script.poll = () => Promise.reject(unavailable(false));
    expect((await step(fixture, id)).delayMs).toBe(0.75 * base);
  });

  it('polls a submission the carrier accepted after a run of failures soon, not at the slowest poll interval', async () => {
    fixture = await startEngineFixture();
    fixture.carrier.script.submit = () => Promise.reject(unavailable(false));
    const { id } = await fixture.activate();
    for (let failure = 0; failure < 4; failure++) await step(fixture, id);
    expect((await fixture.operation(id)).attempts).toBe(4);

    fixture.carrier.script.submit = async () => ({
      carrierReference: 'REF-1',
      update: { carrierReference: 'REF-1', state: 'in_progress', carrierStatus: 'RECEIVED' },
    });
    const accepted = await step(fixture, id);
    expect(accepted.operation.status).toBe('submitted');
    // Counted from the carrier's acceptance: the first poll comes after pollBaseMs, however many attempts failed
    // before (with attempts counted, five made it 1.5^4 × base).
    expect(accepted.operation.submittedAt).toEqual(fixture.clock.now());
    expect(accepted.delayMs).toBe(engineDefaults.pollBaseMs);
    fixture.carrier.script.poll = async () => running(id);
    const polled = await step(fixture, id);
    expect(polled.delayMs).toBe(engineDefaults.pollBaseMs);
    expect(accepted.delayMs).toBeLessThan(engineDefaults.pollMaxMs);
  });

  it('counts a failed submission lookup as a failure and its answer as the end of a run', async () => {
    fixture = await startEngineFixture();
    fixture.carrier.script.submit = () => Promise.reject(unavailable(true));
    const { id } = await fixture.activate();
    const submitted = await step(fixture, id);
    expect(submitted.operation).toMatchObject({ status: 'pending', consecutiveFailures: 1 });
    expect(submitted.delayMs).toBe(0.75 * base);

    // The submission may have arrived: the engine asks the carrier first, and that call fails too.
    fixture.carrier.script.findSubmission = () => Promise.reject(unavailable(false));
    const lookup = await step(fixture, id);
    expect(fixture.carrier.calls).toMatchObject({ submit: 1, findSubmission: 1 });
    expect(lookup.operation.consecutiveFailures).toBe(2);
    expect(lookup.delayMs).toBe(1.5 * base);

    // The lookup answers "not found" (an answer: the run is over) and the engine submits again, which fails. The
    // submission backoff still counts every failed submission, so it does not start from the bottom.
    fixture.carrier.script.findSubmission = async () => ({ found: false });
    const again = await step(fixture, id);
    expect(fixture.carrier.calls).toMatchObject({ submit: 2, findSubmission: 2 });
    expect(again.operation.consecutiveFailures).toBe(1);
    expect(again.delayMs).toBe(1.5 * base);

    // A lookup that fails now is the second failure in a row, whatever the number of calls before.
    fixture.carrier.script.findSubmission = () => Promise.reject(unavailable(false));
    const lookupAgain = await step(fixture, id);
    expect(lookupAgain.operation).toMatchObject({ attempts: 5, consecutiveFailures: 2 });
    expect(lookupAgain.delayMs).toBe(1.5 * base);

    // Then the lookup answers "not found", the engine submits again, and the carrier takes it.
    fixture.carrier.script.findSubmission = async () => ({ found: false });
    fixture.carrier.script.submit = async () => ({
      carrierReference: 'REF-1',
      update: { carrierReference: 'REF-1', state: 'in_progress', carrierStatus: 'RECEIVED' },
    });
    const resent = await step(fixture, id);
    expect(fixture.carrier.calls).toMatchObject({ submit: 3, findSubmission: 4 });
    expect(resent.operation).toMatchObject({ status: 'submitted', consecutiveFailures: 0 });
  });

  it('keeps backing off a submission the carrier keeps refusing, and gives up after maxSubmitAttempts', async () => {
    fixture = await startEngineFixture();
    fixture.engine = fixture.engineWith({ maxSubmitAttempts: 4 });
    // A 503 before the request was taken (requestMayHaveArrived false): no lookup, just another submission.
    fixture.carrier.script.submit = () => Promise.reject(unavailable(false));
    const { id } = await fixture.activate();
    const delays: Array<number | null> = [];
    for (let attempt = 0; attempt < 4; attempt++) delays.push((await step(fixture, id)).delayMs);
    expect(delays).toEqual([0.75 * base, 1.5 * base, 3 * base, null]);
    expect(fixture.carrier.calls.submit).toBe(4);
    const failed = await fixture.operation(id);
    expect(failed).toMatchObject({ status: 'failed', consecutiveFailures: 4 });
    expect(failed.error).toMatchObject({ code: 'carrier_unavailable' });
  });
});
