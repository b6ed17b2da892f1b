/**
 * `mvno-gateway/testing` — the conformance kit. An adapter package calls `runCarrierConformance` in a vitest file;
 * the kit runs the plugin inside the real gateway core (use cases, state machine, engine, a PGlite store in memory)
 * against the carrier's simulator, and checks every declared kind from every status it is allowed in, the faults
 * carriers have, polling, callbacks, reads and secrets. Each failure names the kind, the check and what was expected.
 */
import { beforeAll, describe } from 'vitest';
import { migratedSnapshot } from './conformance-gateway.js';
import type { CarrierConformanceOptions } from './conformance-types.js';
import { describeDeclarationChecks } from './declaration-checks.js';
import { describeFaultChecks } from './fault-checks.js';
import { describeKindChecks } from './kind-checks.js';
import { describePollCallbackAndReadChecks } from './poll-callback-read-checks.js';
import { describeUndeclaredKindChecks } from './undeclared-checks.js';

export type {
  CarrierConformanceOptions,
  ConformanceFixtures,
  ConformanceLedgerEntry,
  ConformanceLine,
  ConformanceSimulator,
  ConformanceSimulatorContext,
  KindFixture,
  RequestBody,
} from './conformance-types.js';
export { type ConformanceFault, conformanceFaults } from './fault-layer.js';

export function runCarrierConformance<Config>(options: CarrierConformanceOptions<Config>): void {
  describe(`carrier conformance (spec v1): ${options.plugin.id}`, () => {
    // Migrating the store once takes seconds: in a hook (its own, longer timeout), not in the first check.
    beforeAll(() => migratedSnapshot().then(() => undefined), 120_000);
    describeDeclarationChecks(options);
    describeKindChecks(options);
    describeUndeclaredKindChecks(options);
    describeFaultChecks(options);
    describePollCallbackAndReadChecks(options);
  });
}
