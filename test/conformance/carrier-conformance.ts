import { describe } from 'vitest';
import { describeCallbackChecks } from './callback-checks.js';
import type { ConformanceFixture } from './conformance-fixture.js';
import { describeDeclarationChecks } from './declaration-checks.js';
import { describeSubmissionChecks } from './submission-checks.js';
import { describeValidationChecks } from './validation-checks.js';

export type { CarrierUnderTest, ConformanceFixture, FailingActivationOutcome } from './conformance-fixture.js';

/**
 * The shared carrier-adapter conformance suite (spec v1): every carrier runs it against its own simulator, and a
 * new carrier is done when it passes. A check that cannot apply to a carrier skips itself and says why.
 */
export function describeCarrierConformance<Config>(fixture: ConformanceFixture<Config>): void {
  describe(`carrier conformance (spec v1): ${fixture.plugin.id}`, () => {
    describeDeclarationChecks(fixture);
    describeValidationChecks(fixture);
    describeSubmissionChecks(fixture);
    describeCallbackChecks(fixture);
  });
}
