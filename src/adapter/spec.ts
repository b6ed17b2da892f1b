/**
 * The carrier adapter spec, version 1 — the one contract a carrier plugin implements. Published as
 * `mvno-gateway/adapter`; this file and its siblings import nothing at run time, so a plugin that imports the spec
 * loads no engine, store or HTTP code.
 *
 * A plugin (`CarrierPluginV1`) describes a carrier: its id, what it can do (capabilities, as data), how a
 * connection to it is configured, and which per-request options it takes. For each configured connection the
 * gateway asks the plugin for an adapter (`CarrierAdapterV1`): pure translation between our canonical model and
 * the carrier's dialect, plus I/O through the injected `fetch`. Adapters never touch our store; the engine is the
 * only caller of `submit`/`poll`/`findSubmission`, and wraps them with attempt records, retries and reconciliation.
 *
 * Errors: adapters throw the errors of ./errors.ts — `CarrierRejectedError` (the carrier said no; final),
 * `CarrierUnavailableError` (network, timeout, 5xx, 429; retryable, with `requestMayHaveArrived`),
 * `ValidationError` / `UnsupportedByCarrierError` (caught before sending). Anything else is treated as a bug.
 * ./transport.ts does that classification for HTTP carriers.
 *
 * A v2 would stand beside this file with an up-converter from v1, so v1 plugins keep working.
 */
import type { z } from 'zod';
import type { CarrierActionsV1 } from './carrier-actions.js';
import type { OperationRequests } from './requests.js';
import type {
  CanonicalServiceName,
  CanonicalServices,
  OperationKind,
  PortingRejectionReason,
  SubscriptionStatus,
} from './vocabulary.js';

export type AdapterSpecVersion = 'v1';

/** What an adapter is given to do I/O; tests inject fakes, runtimes inject the real things. */
export interface AdapterDependencies {
  fetch: typeof globalThis.fetch;
  /** The current time; injected so simulated clocks and tests are deterministic. */
  now: () => Date;
  /** Milliseconds before a carrier call is abandoned (and, for a write, its outcome is unknown). */
  timeoutMs: number;
  /**
   * Remembers the callbacks this connection has accepted, in the gateway's database, so a captured callback cannot
   * be replayed — not after a restart, not to another instance. The gateway always provides it; an adapter built
   * without it (a unit test) may fall back to memory.
   */
  callbackReplays?: CallbackReplayGuard;
}

export interface CallbackReplayGuard {
  /** Record `key` until `expiresAt`; false when it is already recorded and has not expired. */
  rememberOnce(key: string, expiresAt: Date, now: Date): Promise<boolean>;
}

export type ReadKind = 'subscription' | 'sim_cards' | 'usage' | 'cdrs' | 'invoices';

/** Capabilities are data: the core checks them before it stores anything. */
export interface CarrierCapabilities {
  /** Kinds `submit` accepts. A kind missing here is refused with 422 before submission. */
  operations: readonly OperationKind[];
  /** Can activate or swap to an eSIM. */
  esim: boolean;
  /** Operations whose carrier request can carry a date to act at (sTN wishDate). */
  scheduling: readonly OperationKind[];
  /** The carrier pushes results to us (`parseCallback` is implemented). */
  callbacks: boolean;
  /** `poll` takes many references in one carrier call; `maxBatchSize` per call. */
  batchPolling: { maxBatchSize: number } | false;
  /** Canonical services this carrier can set; anything else in a request is refused with 422. */
  services: readonly CanonicalServiceName[];
  /** What `plan` means at this carrier, and its values where they are a closed list. */
  plans: { meaning: string; values?: readonly string[] };
  /** Optional reads this adapter implements. */
  reads: readonly ReadKind[];
  /**
   * Where the carrier is stricter than our state machine (SPS ceases only active lines): kind → the statuses it
   * allows. The core refuses other statuses with 409 before anything is sent.
   */
  stateRestrictions?: Partial<Record<OperationKind, readonly SubscriptionStatus[]>>;
  /**
   * Where the carrier serves, so routing rules and migrations are checked before anything is sent (a Dutch number
   * cannot move to a US carrier). Absent means unknown: then nothing is refused on these grounds.
   */
  coverage?: CarrierCoverage;
}

/** The countries and numbering plans a carrier serves, and what it needs to port a number in. */
export interface CarrierCoverage {
  /** ISO 3166-1 alpha-2 codes (`NL`, `US`). */
  countries: readonly string[];
  /** E.164 prefixes of the numbers it can hold or port in (`+316` for Dutch mobiles, `+1`). */
  numberPrefixes: readonly string[];
  /** Fields of a port-in's details (`portIn.<field>`) this carrier needs, e.g. the donor account number. */
  portInRequiredFields?: readonly string[];
}

/** The operation as `submit` sees it; `request` is the canonical request of its kind, already validated. */
export interface SubmittedOperation<K extends OperationKind = OperationKind> {
  id: string;
  kind: K;
  /** At most 15 characters; send it with the request so `findSubmission` can find it after a lost answer. */
  correlationId: string;
  request: OperationRequests[K];
  /** When the carrier should carry it out (ISO 8601); null means now. */
  scheduledFor: string | null;
  carrierConnectionId: string;
}

/** The line as the gateway knows it. For a creating kind (activate, port_in), the freshly created record. */
export interface SubscriptionSnapshot {
  id: string;
  /** The carrier's own id for the line, once known. */
  carrierSubscriptionId: string | null;
  /** E.164. */
  msisdn: string | null;
  iccid: string | null;
  esim: boolean;
  eid: string | null;
  imei: string | null;
  plan: string | null;
  services: CanonicalServices;
  status: SubscriptionStatus;
  /** Carrier facts kept from earlier answers (`CarrierFacts.carrierData`). */
  carrierData: Record<string, unknown>;
}

/** For cancellations and port-in changes: the operation acted on, with its carrier reference. */
export interface TargetOperation {
  id: string;
  kind: OperationKind;
  carrierReference: string | null;
  correlationId: string;
}

/**
 * What the engine hands `submit`: the operation, the line it acts on, and for cancellations the target. A union
 * over kinds, so `switch (request.operation.kind)` narrows `request.operation.request` without a cast;
 * `SubmitRequest<'activate'>` is the activation case alone.
 */
export type SubmitRequest<K extends OperationKind = OperationKind> = {
  [Kind in K]: { operation: SubmittedOperation<Kind>; subscription: SubscriptionSnapshot; target?: TargetOperation };
}[K];

/** Facts a carrier tells us about the line as an operation progresses or completes. All optional. */
export interface CarrierFacts {
  carrierSubscriptionId?: string;
  msisdn?: string;
  iccid?: string;
  esim?: boolean;
  eid?: string;
  imei?: string;
  plan?: string;
  services?: CanonicalServices;
  /** For eSIM: what the user needs to install the profile. */
  esimProfile?: { activationCode?: string; smdpAddress?: string; matchingId?: string; deliveredTo?: string };
  /** Anything else worth keeping on the subscription's carrierData. */
  carrierData?: Record<string, unknown>;
}

export type CarrierProgress = 'in_progress' | 'succeeded' | 'failed' | 'cancelled';

/** The carrier's view of one request at one moment, in our words. */
export interface CarrierStatusUpdate {
  /**
   * Our operation id, where the adapter knows it (a poll answer, a callback naming partnerTransactionId). Needed
   * when two operations share a carrier reference (an sTN cancellation acts on the original activation id).
   */
  operationId?: string;
  /** The carrier's reference for the request (sTN activation id, SPS partnerTransactionId). */
  carrierReference: string;
  state: CarrierProgress;
  /** The carrier's own status word (INIT, BUSY, DONE, InProgress, Failure, …). */
  carrierStatus: string;
  /**
   * True when the adapter does not know `carrierStatus` (then `state` is `in_progress`): the core keeps asking until
   * the operation's deadline for unknown statuses, then fails it quoting the word, rather than waiting forever or
   * guessing an outcome at the first sight of a word the carrier may have just added.
   */
  unrecognisedStatus?: boolean;
  /** When state is `failed`: the carrier's reason, mapped; `reason` places a refused port-in in the canonical taxonomy. */
  failure?: { code?: string; message: string; reason?: PortingRejectionReason };
  facts?: CarrierFacts;
  /** Soft gaps the carrier reported (a service it ignored). */
  warnings?: string[];
}

export interface SubmitResult {
  carrierReference: string;
  /** The status as the carrier answered the submission (often already in_progress). */
  update: CarrierStatusUpdate;
  /** Soft gaps found while translating (a field this carrier ignores). */
  warnings?: string[];
}

export interface PollReference {
  operationId: string;
  kind: OperationKind;
  carrierReference: string;
  /**
   * True when a cancellation (or port-in change) of this request has been sent: a carrier whose final words do not
   * say whether the request or its cancellation won (sTN) must then look closer — and only then, so a plain request
   * costs no extra read.
   */
  cancellationRequested?: boolean;
}

/** The answer to "did the carrier receive this request?" after an outcome we could not observe. */
export type SubmissionLookup =
  | { found: true; carrierReference: string; update: CarrierStatusUpdate }
  | { found: false };

/** Canonical shapes of the optional reads: what every carrier's answer is mapped to. */
export interface CarrierSubscriptionView {
  carrierSubscriptionId: string;
  msisdn: string | null;
  iccid: string | null;
  status: SubscriptionStatus | 'unknown';
  carrierStatus: string;
  esim: boolean;
  plan: string | null;
  services: CanonicalServices;
  raw: Record<string, unknown>;
  /** What the adapter could not map faithfully (a number in a format it does not know, kept as sent). */
  warnings?: string[];
}
export interface SimCardView {
  iccid: string;
  status: 'available' | 'in_use' | 'disabled' | 'reserved' | 'unknown';
  carrierStatus: string;
  type: string | null;
  msisdn: string | null;
  carrierSubscriptionId: string | null;
  /** What the adapter could not map faithfully (a number in a format it does not know, kept as sent). */
  warnings?: string[];
}
export interface UsageRecordView {
  period: string;
  type: 'data' | 'voice' | 'sms' | 'other';
  quantity: number;
  unit: 'MB' | 'seconds' | 'messages' | 'units';
  raw: Record<string, unknown>;
}
export interface CdrView {
  id: string;
  at: string;
  type: 'data' | 'voice' | 'sms' | 'other';
  destination: string | null;
  quantity: number;
  unit: 'MB' | 'seconds' | 'messages' | 'units';
  raw: Record<string, unknown>;
  warnings?: string[];
}
export interface InvoiceView {
  id: string;
  period: string | null;
  raw: Record<string, unknown>;
}
export interface LineReference {
  carrierSubscriptionId: string | null;
  msisdn: string | null;
  iccid: string | null;
}
export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  nextCursor?: string;
}

export interface CarrierAdapterV1 {
  readonly specVersion: 'v1';
  /** The plugin id (`stn`, `sps`). */
  readonly id: string;
  readonly capabilities: CarrierCapabilities;

  /**
   * Validate a canonical request for this carrier before anything is stored: supported fields, carrier options,
   * and carrier-specific requirements (sTN eSIM needs an e-mail). Throw ValidationError or
   * UnsupportedByCarrierError; return soft-gap warnings.
   */
  validate(kind: OperationKind, request: Record<string, unknown>): { warnings: string[] };

  /** Send one request to the carrier. Called once per operation, never again unless `findSubmission` says not found. */
  submit(request: SubmitRequest): Promise<SubmitResult>;

  /** Ask the carrier about requests under way. Batched where the carrier allows; the result may omit unknowns. */
  poll(references: readonly PollReference[]): Promise<CarrierStatusUpdate[]>;

  /**
   * After a submission whose outcome we could not see (crash, timeout), ask the carrier by our correlation id
   * whether the request arrived. The engine resends only on `{found: false}`.
   */
  findSubmission(request: SubmitRequest): Promise<SubmissionLookup>;

  /**
   * Turn a carrier's push notification into status updates, after authenticating it (signature, timestamp).
   * Throws UnauthorisedError when the request is not provably from the carrier. Only where `capabilities.callbacks`.
   */
  parseCallback?(request: Request): Promise<CarrierStatusUpdate[]>;

  getSubscription?(line: LineReference): Promise<CarrierSubscriptionView>;
  listSimCards?(query: { status?: SimCardView['status']; cursor?: string; limit: number }): Promise<Page<SimCardView>>;
  getUsage?(line: LineReference, query: { period: string }): Promise<UsageRecordView[]>;
  listCdrs?(line: LineReference, query: { period: string; cursor?: string; limit: number }): Promise<Page<CdrView>>;
  listInvoices?(query: { cursor?: string; limit: number }): Promise<Page<InvoiceView>>;

  /** Carrier-specific features, reachable through `/v1/subscriptions/{id}/carrier-actions` (see carrier-actions.ts). */
  carrierActions?: CarrierActionsV1;
}

/**
 * How a line moves between two connections of one carrier account: a plan change at the source (sTN's
 * MoveEnvironmentSubscription moves a line to the account's other provider environment; the line keeps its id at
 * the carrier, its SIM and its number).
 */
export interface SameAccountMoveV1 {
  kind: 'change_plan';
  /** The plan the line is in at the target connection. */
  plan: string;
}

/** A carrier plugin: everything the gateway needs to know about a carrier before it has a connection to it. */
export interface CarrierPluginV1<Config = unknown> {
  readonly specVersion: 'v1';
  readonly id: string;
  readonly displayName: string;
  readonly capabilities: CarrierCapabilities;
  /** Validates a carrier connection's configuration (base URL, credentials, paths). */
  readonly connectionConfigSchema: z.ZodType<Config>;
  /** Names of config fields that are secrets, so they are never logged or returned. */
  readonly secretConfigFields: readonly string[];
  createAdapter(config: Config, dependencies: AdapterDependencies): CarrierAdapterV1;
  /**
   * Whether a line can move from a connection configured `source` to one configured `target` without leaving the
   * carrier (one account's two environments): the operation at the source that moves it, or null. A migration
   * between such connections is then that one step instead of a port-in at the target and a cease at the source.
   * Both configs are parsed (secrets resolved); compare them, never log them.
   */
  sameAccountMove?(source: Config, target: Config): SameAccountMoveV1 | null;
  /** A simulator of this carrier and how to point a connection at it: sandbox mode, the simulator CLI, tests. */
  readonly sandbox?: CarrierSandboxV1<Config>;
}

/** A running simulator of a carrier, served over HTTP by whoever created it. */
export interface SandboxSimulatorV1 {
  /** The simulator's HTTP handler (carrier API plus its /_sim/* controls). */
  fetch(request: Request): Response | Promise<Response>;
  /** Runs the simulator's due work every intervalMs (default its own); returns a stop function. */
  startClock(intervalMs?: number): () => void;
  /** Runs the work due now and waits for it (the test harness steps simulators with it instead of a clock). */
  runDue?(): Promise<void>;
  /** Physical SIMs an activation can use now (the sandbox guide and the simulator CLI list them). */
  freeSims?(): readonly string[];
}

export interface CarrierSandboxV1<Config = unknown, Simulator extends SandboxSimulatorV1 = SandboxSimulatorV1> {
  /** A simulator for sandbox mode, `npm run simulator -- <id>` and the test harness. */
  createSimulator(options: {
    delayMs: number;
    /** Where the simulator pushes results, for carriers with callbacks (the gateway's callback URL). */
    callbackUrl?: string;
    fetch?: typeof globalThis.fetch;
    /** How many physical SIMs to stock (drills and benches want hundreds). */
    physicalSims?: number;
    /** Carrier-specific settings, e.g. from `npm run simulator -- <id> --set key=value`. */
    settings?: Record<string, string>;
    /**
     * A scenario file's content for this carrier (`--seed scenario.json`, `SANDBOX_SCENARIO`): stock, numbers,
     * donors, faults, timing. The simulator validates it and throws an error naming each bad field.
     */
    scenario?: unknown;
  }): Simulator;
  /** The connection config that points an adapter at that simulator served at `baseUrl`. */
  connectionConfig(options: { baseUrl: string }): Config;
  /**
   * What the sandbox guide (GET /sandbox) says about this carrier beyond its free SIMs and connection: plans, a
   * request that works as it stands (`exampleActivation`, for the connection named `connectionName`), notes.
   */
  guide?(simulator: Simulator, options: { connectionName: string }): Record<string, unknown>;
}
