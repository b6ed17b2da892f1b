import { describe, expect, it } from 'vitest';
import { CarrierUnavailableError } from '../../src/core/index.js';
import type { ConformanceFixture } from './conformance-fixture.js';
import {
  errorFrom,
  expectCoreError,
  pollReferenceFor,
  pollUntilSettled,
  submitRequestFor,
  writeMethods,
} from './conformance-helpers.js';

const e164 = /^\+[1-9]\d{6,14}$/;
const progressStates = ['in_progress', 'succeeded', 'failed', 'cancelled'];

/** What the engine relies on when it carries an operation to its result: submit, poll, reconcile, back off. */
export function describeSubmissionChecks<Config>(fixture: ConformanceFixture<Config>): void {
  const { plugin } = fixture;

  describe('submit and poll', () => {
    it('submits a valid activation, then polling reports success with an E.164 number and a carrier subscription id', async () => {
      const carrier = await fixture.setup();
      const submission = submitRequestFor('activate', carrier.validActivation());
      const submitted = await carrier.adapter.submit(submission);
      expect(submitted.carrierReference).toEqual(expect.any(String));
      expect(submitted.carrierReference).not.toBe('');
      expect(submitted.update.carrierReference).toBe(submitted.carrierReference);
      expect(progressStates).toContain(submitted.update.state);
      expect(submitted.update.state).not.toBe('failed');

      const outcome = await pollUntilSettled(carrier, pollReferenceFor(submission, submitted.carrierReference));
      expect(outcome.state, JSON.stringify(outcome)).toBe('succeeded');
      expect(outcome.facts?.msisdn).toMatch(e164);
      expect(outcome.facts?.carrierSubscriptionId).toEqual(expect.any(String));
      expect(outcome.facts?.carrierSubscriptionId).not.toBe('');
    });

    it('ends a failing activation failed with the carrier’s reason, or rejects it with CarrierRejectedError — never a plain Error', async () => {
      const carrier = await fixture.setup();
      const { request, outcome } = carrier.failingActivation();
      const submission = submitRequestFor('activate', request);
      if (outcome === 'rejected_at_submit') {
        const error = expectCoreError(await errorFrom(() => carrier.adapter.submit(submission)), 'carrier_rejected');
        expect(error.carrier?.id).toBe(plugin.id);
        return;
      }
      const submitted = await carrier.adapter.submit(submission);
      const update = await pollUntilSettled(carrier, pollReferenceFor(submission, submitted.carrierReference));
      expect(update.state, JSON.stringify(update)).toBe('failed');
      expect(update.failure?.message).toEqual(expect.any(String));
      expect(update.failure?.message.trim()).not.toBe('');
    });

    it('answers poll([]) with [] without calling the carrier', async () => {
      const carrier = await fixture.setup();
      const before = carrier.ledgerCount();
      await expect(carrier.adapter.poll([])).resolves.toEqual([]);
      expect(carrier.ledgerCount()).toBe(before);
    });

    it('does not throw when polling a reference the carrier does not know (it may omit it)', async () => {
      const carrier = await fixture.setup();
      const reference = {
        operationId: 'op_conformance_unknown',
        kind: 'activate' as const,
        carrierReference: 'UNKNOWN0000000001',
      };
      const updates = await carrier.adapter.poll([reference]);
      expect(Array.isArray(updates)).toBe(true);
      // An answer for an unknown reference, if any, must not claim an outcome the carrier cannot know.
      for (const update of updates) expect(update.state).not.toBe('succeeded');
    });
  });

  describe('reconciliation (findSubmission)', () => {
    it('finds a submitted request, with the same carrier reference, without writing to the carrier', async () => {
      const carrier = await fixture.setup();
      const submission = submitRequestFor('activate', carrier.validActivation());
      const submitted = await carrier.adapter.submit(submission);
      const writesBefore = carrier.ledgerCount(writeMethods);
      const lookup = await carrier.adapter.findSubmission(submission);
      expect(lookup).toMatchObject({ found: true, carrierReference: submitted.carrierReference });
      expect(carrier.ledgerCount(writeMethods)).toBe(writesBefore);
    });

    it('answers {found: false} for a request never sent, without writing to the carrier', async () => {
      const carrier = await fixture.setup();
      const neverSent = submitRequestFor('activate', carrier.validActivation());
      const writesBefore = carrier.ledgerCount(writeMethods);
      await expect(carrier.adapter.findSubmission(neverSent)).resolves.toEqual({ found: false });
      expect(carrier.ledgerCount(writeMethods)).toBe(writesBefore);
    });
  });

  describe('carrier down', () => {
    it('a carrier that cannot be reached is a retryable CarrierUnavailableError from submit and poll', async () => {
      const carrier = await fixture.setup();
      const down = plugin.createAdapter(plugin.connectionConfigSchema.parse(fixture.connectionConfig), {
        fetch: () => Promise.reject(new TypeError('fetch failed')),
        now: () => new Date(),
        timeoutMs: 1000,
      });
      const submission = submitRequestFor('activate', carrier.validActivation());
      const failures = [
        await errorFrom(() => down.submit(submission)),
        await errorFrom(() => down.poll([pollReferenceFor(submission, 'UNREACHABLE0000001')])),
      ];
      for (const failure of failures) {
        expectCoreError(failure, 'carrier_unavailable');
        expect(CarrierUnavailableError.isInstance(failure)).toBe(true);
        expect((failure as CarrierUnavailableError).isRetryable).toBe(true);
      }
    });
  });
}
