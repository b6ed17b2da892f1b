import type { CarrierPluginV1, OperationKind, SubscriptionStatus } from '../core/index.js';

/** One request the simulator received, as its ledger recorded it (the simulator kit's `LedgerEntry` fits). */
export interface ConformanceLedgerEntry {
  method: string;
  path: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

/**
 * The carrier's simulator as the kit drives it. Small on purpose: any simulator built on `mvno-gateway/simulator-kit`
 * has these parts. Faults are injected by the kit itself, between the adapter and `fetch`, so a simulator needs no
 * fault support of its own to be checked against every failure the kit knows.
 */
export interface ConformanceSimulator {
  /** The carrier's API, served in process. The kit calls it for every request the adapter sends. */
  fetch(request: Request): Response | Promise<Response>;
  /** Carry out the work due by the kit's clock (the `now` the factory was given): progress requests, send callbacks. */
  runDue(): Promise<void>;
  /** Every request received, in order. */
  ledger: { entries(): readonly ConformanceLedgerEntry[] };
  /** A connection config for `plugin.connectionConfigSchema` that points the adapter at this simulator. */
  connectionConfig: unknown;
  /**
   * Paths of credential exchanges (an OAuth token request): they change nothing at the carrier, so they are not
   * counted as writes.
   */
  credentialPaths?: readonly string[];
}

export interface ConformanceSimulatorContext {
  /** The kit's clock; the simulator must take its time from it, so the kit decides when work is due. */
  now: () => Date;
  /** Where the simulator sends callbacks, for carriers that push results. */
  callbackUrl: string;
  /** How the simulator must send callbacks: the kit keeps them and hands them to the gateway (or forges them). */
  fetch: typeof globalThis.fetch;
}

/** The line a kind's request is made for, as the gateway knows it at that moment. */
export interface ConformanceLine {
  /** Null for a creating kind (activate, port_in): there is no line yet. */
  subscriptionId: string | null;
  status: SubscriptionStatus;
  msisdn: string | null;
  iccid: string | null;
  carrierSubscriptionId: string | null;
  /** The simulator of this check, for fixtures that must prepare it (take a SIM, change a line out of band). */
  simulator: ConformanceSimulator;
  /** For cancellations and port-in changes: the operation acted on, with the carrier's reference for it. */
  target?: { operationId: string; kind: string; carrierReference: string | null };
}

export type RequestBody = Record<string, unknown>;
type Produce = (line: ConformanceLine) => RequestBody | Promise<RequestBody>;

/** What the kit needs to drive one kind. */
export interface KindFixture {
  /** A request the carrier carries to success on `line` (for creating kinds, `line` is null: there is none yet). */
  valid: Produce;
  /**
   * A request the gateway accepts but the carrier refuses on `line` (an unknown SIM, a wrong donor account), after
   * any preparation of the simulator it needs; or `{ skip: reason }` when this carrier cannot be made to refuse it.
   */
  carrierFailure: Produce | { skip: string };
}

export interface ConformanceFixtures {
  /** One entry per kind the plugin declares; a declared kind without one fails the kit. */
  kinds: Partial<Record<OperationKind, KindFixture>>;
  /**
   * For kinds that act on another operation (cancellations, `change_port_in`): the request of that operation, keyed
   * by the acting kind, where the target kind's own `valid` request will not do — `cancel_cease` needs a cease with a
   * `ceaseAt` in the future; a carrier may cancel only a port-in with a date. Absent: the target kind's `valid`.
   */
  targetRequests?: Partial<Record<OperationKind, Produce>>;
  /** Clock steps to let the target progress at the carrier before it is acted on (default 0: just submitted). */
  targetSteps?: number;
  /** How far the kit moves the clock per step (default 1000 ms), and how many steps an operation may take. */
  stepMs?: number;
  maxSteps?: number;
}

export interface CarrierConformanceOptions<Config = unknown> {
  plugin: CarrierPluginV1<Config>;
  /** A fresh simulator per check, on the kit's clock, so no check can disturb another. */
  simulator: (context: ConformanceSimulatorContext) => ConformanceSimulator | Promise<ConformanceSimulator>;
  fixtures: ConformanceFixtures;
}
