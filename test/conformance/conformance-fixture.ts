import type { CarrierAdapterV1, CarrierPluginV1 } from '../../src/core/index.js';

/**
 * What a carrier supplies to run the shared conformance suite: its plugin, and a way to get a fresh simulator with
 * an adapter wired to it. Everything else (building SubmitRequests, polling, tampering, the checks) is the suite's.
 */
export interface ConformanceFixture<Config = unknown> {
  plugin: CarrierPluginV1<Config>;
  /** A connection config the plugin's schema accepts; the suite builds an adapter from it over a carrier that is down. */
  connectionConfig: unknown;
  /** A fresh simulator and adapter per check, so no check can disturb another. */
  setup(): CarrierUnderTest | Promise<CarrierUnderTest>;
}

/** How the failing activation fails: refused when submitted, or accepted and later reported failed. */
export type FailingActivationOutcome = 'rejected_at_submit' | 'fails_later';

export interface CarrierUnderTest {
  /** Built with `plugin.createAdapter`, over the simulator in process (injected fetch, manual clock). */
  adapter: CarrierAdapterV1;
  /** Moves the simulator's clock one step and runs its due work (and callback deliveries), so requests progress. */
  advance(): Promise<void>;
  /** A canonical activate request this carrier accepts and carries to success; each call names a fresh SIM. */
  validActivation(): Record<string, unknown>;
  /** A canonical activate request that passes `validate` but that the carrier refuses; says how it fails. */
  failingActivation(): { request: Record<string, unknown>; outcome: FailingActivationOutcome };
  /**
   * How many requests the simulator has received; with `methods`, only those methods. Credential exchanges (an
   * OAuth token request) are left out: they change nothing at the carrier.
   */
  ledgerCount(methods?: readonly string[]): number;
  /**
   * Only for carriers that push results: the callback Requests the simulator has sent since the last call, as it
   * sent them (signed, unread), for the suite to hand to `adapter.parseCallback`.
   */
  takeSentCallbacks?(): Request[];
}
