/**
 * The ports the core needs from the outside world: a store (implemented in src/store for Postgres and PGlite),
 * a clock, and ids. Records here are plain data; timestamps are Date objects in the store API and ISO strings in
 * the HTTP API.
 */

import type { Operation, OperationKind, OperationStatus } from './operation.js';
import type { Problem } from './problem.js';
import type { RoutingRule } from './routing/routing-rules.js';
import type { Subscription, SubscriptionStatus } from './subscription.js';

export interface Clock {
  now(): Date;
}

export interface Tenant {
  id: string;
  name: string;
  createdAt: Date;
}

export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  /** SHA-256 of the key, hex. The key itself is shown once and never stored. */
  keyHash: string;
  /** The first characters of the key, so a person can tell keys apart. */
  keyPrefix: string;
  label: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface CarrierConnection {
  id: string;
  tenantId: string;
  /** The tenant's name for it, unique per tenant (often the carrier id, or e.g. `<carrier>-production`); what `carrier` in requests names. */
  name: string;
  /** Adapter/plugin id. */
  carrier: string;
  /** Plugin-specific configuration. Secrets may be references (`{"env": "STN_API_KEY"}`) resolved by the runtime. */
  config: Record<string, unknown>;
  isDefault: boolean;
  createdAt: Date;
  /** How hard the engine may drive this connection (engine/pacing.ts); unlimited when absent. */
  pacing?: ConnectionPacing | null;
}

/** A connection's pacing limits: carrier requests started per second, and carrier requests in flight at once. */
export interface ConnectionPacing {
  requestsPerSecond?: number;
  maxConcurrent?: number;
}

export interface PageRequest {
  limit: number;
  /** The id of the last item of the previous page. */
  cursor?: string;
}
export interface PageResult<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SubscriptionFilter {
  status?: SubscriptionStatus;
  carrier?: string;
  carrierConnectionId?: string;
  msisdn?: string;
  iccid?: string;
}

export interface OperationFilter {
  status?: OperationStatus;
  kind?: OperationKind;
  subscriptionId?: string;
  /** The steps of one parent operation (a migration). */
  parentOperationId?: string;
}

export type AttemptPhase = 'submit' | 'poll' | 'find_submission' | 'callback';
export type AttemptOutcome = 'started' | 'succeeded' | 'failed' | 'unknown';

/** One carrier call made for an operation: the evidence of what was sent and what came back. */
export interface OperationAttempt {
  id: string;
  operationId: string;
  phase: AttemptPhase;
  outcome: AttemptOutcome;
  /** Redacted: no credentials. */
  request: unknown;
  response: unknown;
  httpStatus: number | null;
  latencyMs: number | null;
  error: Problem | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface GatewayEvent {
  /** Position in the tenant-wide ordered log; assigned by the store. */
  sequence: number;
  id: string;
  tenantId: string;
  type: string;
  subscriptionId: string | null;
  operationId: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
}
export type NewGatewayEvent = Omit<GatewayEvent, 'sequence'>;
export interface EventFilter {
  subscriptionId?: string;
  operationId?: string;
  /** Any of these types. */
  types?: readonly string[];
}

export interface WebhookEndpoint {
  id: string;
  tenantId: string;
  url: string;
  /** Standard Webhooks secret (`whsec_…`). */
  secret: string;
  /** Event types to deliver; empty means all. */
  eventTypes: string[];
  description: string | null;
  createdAt: Date;
  deletedAt: Date | null;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';
export interface WebhookDelivery {
  id: string;
  tenantId: string;
  endpointId: string;
  eventId: string;
  eventSequence: number;
  /** Deliveries of one subscription's events go out in order: this orders them. */
  orderingKey: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

export type IdempotencyBegin =
  | { state: 'started' }
  | { state: 'in_progress' }
  | { state: 'mismatch' }
  | { state: 'completed'; responseStatus: number; responseBody: unknown };

export interface StoredSubscription extends Omit<Subscription, 'createdAt' | 'updatedAt'> {
  createdAt: Date;
  updatedAt: Date;
  /** Where the line was held before each migration, oldest first; the store always returns it (empty at first). */
  carrierHistory?: CarrierHistoryEntry[];
  /** When the line was last read from its carrier (refresh, drift sweep); absent: never. */
  lastRefreshedAt?: Date | null;
}

/** What a refresh does when the carrier's view of a line differs from ours. */
export type DriftPolicy = 'flag' | 'adopt';

export interface TenantSettingsRepository {
  getDriftPolicy(tenantId: string): Promise<DriftPolicy>;
  setDriftPolicy(tenantId: string, policy: DriftPolicy, at: Date): Promise<void>;
}

/** One completed move of a line from one connection to another (issue 13). */
export interface CarrierHistoryEntry {
  fromConnectionId: string;
  fromCarrier: string;
  toConnectionId: string;
  toCarrier: string;
  /** The line's carrier id at the source, so what was ceased there can still be found. */
  fromCarrierSubscriptionId: string | null;
  fromIccid: string | null;
  /** When the number had moved (the port-in at the target succeeded). */
  movedAt: string;
  migrationOperationId: string;
  stepOperationIds: string[];
}

/** A tenant's routing rules (PUT /v1/routing-rules), ordered; `version` counts the writes. */
export interface RoutingRuleSet {
  tenantId: string;
  rules: RoutingRule[];
  version: number;
  updatedAt: Date;
}

export interface RoutingRuleRepository {
  get(tenantId: string): Promise<RoutingRuleSet | null>;
  /**
   * Replace the rules if the stored version is `set.version - 1` (0: none stored yet), else null and nothing changed.
   */
  put(set: RoutingRuleSet): Promise<RoutingRuleSet | null>;
}
export interface StoredOperation
  extends Omit<Operation, 'createdAt' | 'updatedAt' | 'completedAt' | 'nextAttemptAt' | 'scheduledFor'> {
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  nextAttemptAt: Date | null;
  scheduledFor: Date | null;
  /** Set while an engine holds the operation; others skip it until it passes. */
  leaseExpiresAt: Date | null;
  leaseOwner: string | null;
  /**
   * Carrier calls (submit, poll, submission lookup) that failed in a row; any answer resets it. Retry backoff grows
   * with this, not with `attempts`, which counts every poll.
   */
  consecutiveFailures: number;
  /** When the carrier accepted the submission (null before): polls are scheduled by the time since. */
  submittedAt: Date | null;
  /** Bumped by the store on every write (claims too); a write names the version it read. New operations start at 0. */
  version: number;
  /** The parent operation (a migration) this one is a step of; null or absent for ordinary operations. */
  parentOperationId?: string | null;
}

export interface TenantRepository {
  create(tenant: Tenant): Promise<Tenant>;
  get(id: string): Promise<Tenant | null>;
}

export interface ApiKeyRepository {
  create(key: ApiKeyRecord): Promise<ApiKeyRecord>;
  /** The active (not revoked) key with this hash. */
  findActiveByHash(keyHash: string): Promise<ApiKeyRecord | null>;
  /** The tenant whose active key has this hash, in one round trip (every authenticated request asks this). */
  findTenantByActiveKeyHash(keyHash: string): Promise<Tenant | null>;
  list(tenantId: string): Promise<ApiKeyRecord[]>;
  /**
   * Revoke, unless it is the tenant's last active key (a tenant without a key is locked out). One statement that
   * locks the tenant's active keys first, so two revocations racing for the last two keys cannot both succeed.
   */
  revoke(tenantId: string, id: string, at: Date): Promise<ApiKeyRevocation>;
}
/** `not_found`: the tenant has no such active key. `last_active_key`: refused, nothing changed. */
export type ApiKeyRevocation = 'revoked' | 'not_found' | 'last_active_key';

export interface CarrierConnectionRepository {
  /** Insert, or replace the one with the same tenant and name. Making one the default clears the others' flag. */
  upsert(connection: CarrierConnection): Promise<CarrierConnection>;
  get(tenantId: string, id: string): Promise<CarrierConnection | null>;
  /** Any tenant's connection by id, for carrier callbacks (they name the connection, not the tenant). */
  getById(id: string): Promise<CarrierConnection | null>;
  getByName(tenantId: string, name: string): Promise<CarrierConnection | null>;
  getDefault(tenantId: string): Promise<CarrierConnection | null>;
  list(tenantId: string): Promise<CarrierConnection[]>;
  listAll(): Promise<CarrierConnection[]>;
}

export interface SubscriptionRepository {
  insert(subscription: StoredSubscription): Promise<StoredSubscription>;
  get(tenantId: string, id: string): Promise<StoredSubscription | null>;
  /** The subscription and its carrier connection's name, in one round trip (the read path shows the name). */
  getWithConnectionName(
    tenantId: string,
    id: string,
  ): Promise<{ subscription: StoredSubscription; connectionName: string | null } | null>;
  /** The subscription and its carrier connection (null if that is gone), in one round trip (mutations need both). */
  getWithConnection(
    tenantId: string,
    id: string,
  ): Promise<{ subscription: StoredSubscription; connection: CarrierConnection | null } | null>;
  /**
   * Write a new version. Succeeds only if the stored version is `subscription.version - 1`; otherwise returns
   * null (someone else wrote first) and changes nothing.
   */
  update(subscription: StoredSubscription): Promise<StoredSubscription | null>;
  /** Newest first. */
  list(tenantId: string, filter: SubscriptionFilter, page: PageRequest): Promise<PageResult<StoredSubscription>>;
  /** Many subscriptions by id, in one round trip (the engine's batch of a tick); those missing are left out. */
  getByIds(ids: readonly string[]): Promise<StoredSubscription[]>;
  /**
   * Any tenant's active or suspended lines not read from their carrier since `before` (never read first), for the
   * drift sweep.
   */
  listStale(before: Date, limit: number): Promise<StoredSubscription[]>;
}

export interface OperationRepository {
  insert(operation: StoredOperation): Promise<StoredOperation>;
  get(tenantId: string, id: string): Promise<StoredOperation | null>;
  getById(id: string): Promise<StoredOperation | null>;
  /**
   * Write the whole record if the stored version is still `operation.version` (the version the caller read), and
   * bump it. Returns the stored record with its new version, or null when someone else wrote first (or it does not
   * exist): then nothing changed, and the caller re-reads or drops its write — never writes blindly over a newer
   * state. Leases are the engine's to set and clear.
   */
  update(operation: StoredOperation): Promise<StoredOperation | null>;
  /**
   * `update`, and in the same statement the finish of the attempt that led to it (the carrier's answer is a fact
   * whether or not the operation's write lands, so the attempt is written either way): one round trip, not two.
   */
  updateFinishingAttempt(
    operation: StoredOperation,
    attempt: { id: string; result: AttemptFinish },
  ): Promise<StoredOperation | null>;
  /** Newest first. */
  list(tenantId: string, filter: OperationFilter, page: PageRequest): Promise<PageResult<StoredOperation>>;
  /** Operations of a subscription not yet finished (pending or submitted), oldest first. */
  listOpen(subscriptionId: string): Promise<StoredOperation[]>;
  /** Which of these operations another operation acts on (a cancellation or port-in change was requested): one query. */
  targetedAmong(ids: readonly string[]): Promise<Set<string>>;
  /**
   * The operation that owns a carrier reference; where a cancellation reuses its target's reference, the target
   * (no targetOperationId) comes first, then the oldest.
   */
  findByCarrierReference(carrierConnectionId: string, carrierReference: string): Promise<StoredOperation | null>;
  /**
   * Claim up to `limit` open operations whose `nextAttemptAt` has come and that no live lease holds, with
   * FOR UPDATE SKIP LOCKED, and lease them to `owner` until `leaseUntil`. Several engines may call this at once
   * on one database; each operation goes to at most one of them. A claim is a write: it bumps `version`, so a write
   * based on what was read before the claim loses.
   */
  claimDue(options: { now: Date; limit: number; owner: string; leaseUntil: Date }): Promise<StoredOperation[]>;
}

/** What is known of a carrier call once it returned. */
export type AttemptFinish = Pick<
  OperationAttempt,
  'outcome' | 'response' | 'httpStatus' | 'latencyMs' | 'error' | 'finishedAt'
>;

export interface AttemptRepository {
  insert(attempt: OperationAttempt): Promise<OperationAttempt>;
  finish(id: string, result: AttemptFinish): Promise<void>;
  listForOperation(operationId: string): Promise<OperationAttempt[]>;
  /** Many in one statement (the engine's batch: attempts written before their carrier calls, one per operation). */
  insertMany(attempts: readonly OperationAttempt[]): Promise<void>;
  /** The attempts of many operations in one round trip, each operation's in the order they were made. */
  listForOperations(operationIds: readonly string[]): Promise<Map<string, OperationAttempt[]>>;
}

export interface EventRepository {
  /** Append in the given order; returns the events with their sequence numbers. */
  append(events: NewGatewayEvent[]): Promise<GatewayEvent[]>;
  /** Events after `afterSequence`, in order; `filter` keeps only those of one subscription, operation or types. */
  listAfter(tenantId: string, afterSequence: number, limit: number, filter?: EventFilter): Promise<GatewayEvent[]>;
  get(id: string): Promise<GatewayEvent | null>;
}

export interface WebhookEndpointRepository {
  create(endpoint: WebhookEndpoint): Promise<WebhookEndpoint>;
  /** Null for a deleted endpoint, as for one that never existed. */
  get(tenantId: string, id: string): Promise<WebhookEndpoint | null>;
  /** Not deleted. */
  list(tenantId: string): Promise<WebhookEndpoint[]>;
  delete(tenantId: string, id: string, at: Date): Promise<boolean>;
}

export interface WebhookDeliveryRepository {
  insertMany(deliveries: WebhookDelivery[]): Promise<void>;
  /**
   * Claim due pending deliveries, at most one per (endpoint, orderingKey) and only the earliest undelivered one of
   * each, so one subscription's events reach an endpoint in order. Leases like OperationRepository.claimDue.
   */
  claimDue(options: { now: Date; limit: number; owner: string; leaseUntil: Date }): Promise<WebhookDelivery[]>;
  /** Write the delivery and release its lease, so a retry comes due at `nextAttemptAt`. */
  update(delivery: WebhookDelivery): Promise<void>;
  list(
    tenantId: string,
    filter: { endpointId?: string; eventId?: string },
    page: PageRequest,
  ): Promise<PageResult<WebhookDelivery>>;
  get(tenantId: string, id: string): Promise<WebhookDelivery | null>;
}

export interface IdempotencyRepository {
  /**
   * Claim (tenant, key) for a request with this fingerprint, or report what is known of it: claimed by another
   * request whose lease still holds, done (with the stored response), or used with another fingerprint. Entries
   * older than `expiredBefore`, and claims whose lease (`lockedUntil`) has passed without a stored response, are
   * treated as absent. Call it inside the transaction that does the work and stores the response: then the claim is
   * never seen without its response, and a concurrent claim of the same key waits for that transaction (PostgreSQL's
   * row lock; PGlite runs one transaction at a time) and then finds the response, or nothing if it rolled back.
   */
  begin(options: {
    tenantId: string;
    key: string;
    fingerprint: string;
    now: Date;
    /** Until when the claim holds, should it ever be committed without a response. */
    lockedUntil: Date;
    expiredBefore: Date;
  }): Promise<IdempotencyBegin>;
  /** Store the response of the request that holds the claim; throws when no such claim is held. */
  complete(options: {
    tenantId: string;
    key: string;
    fingerprint: string;
    responseStatus: number;
    responseBody: unknown;
    now: Date;
  }): Promise<void>;
}

/**
 * Carrier callbacks already accepted, per connection, until the carrier's replay window has passed. In the database
 * so that a replay after a restart, or to another instance, is refused as well.
 */
export interface CallbackReplayRepository {
  /**
   * Record `key` for the connection until `expiresAt`. True when it was new (or its earlier record had expired,
   * which it then replaces); false when a live record exists. Atomic: of concurrent calls with one key, one wins.
   */
  rememberOnce(options: { connectionId: string; key: string; expiresAt: Date; now: Date }): Promise<boolean>;
}

export interface Repositories {
  tenants: TenantRepository;
  apiKeys: ApiKeyRepository;
  carrierConnections: CarrierConnectionRepository;
  subscriptions: SubscriptionRepository;
  operations: OperationRepository;
  attempts: AttemptRepository;
  events: EventRepository;
  webhookEndpoints: WebhookEndpointRepository;
  webhookDeliveries: WebhookDeliveryRepository;
  idempotency: IdempotencyRepository;
  callbackReplays: CallbackReplayRepository;
  routingRules: RoutingRuleRepository;
  tenantSettings: TenantSettingsRepository;
}

/**
 * Repositories and a way to group writes: the Store itself, or the view from inside one of its transactions, where
 * `transaction` opens a savepoint so that the work commits (or rolls back) with the enclosing transaction. Use cases
 * take this, not the Store, so a caller can run them inside its own transaction (Idempotency-Key handling does).
 */
export interface StoreScope extends Repositories {
  /**
   * Run `work` in one database transaction; everything it writes commits together or not at all. Inside, use only
   * the `repositories` handed in: PGlite has one connection, and a query outside the transaction would wait forever.
   * Append events last: the append holds a lock until commit, so that the log's order is its commit order.
   */
  transaction<T>(work: (repositories: StoreScope) => Promise<T>): Promise<T>;
}

export interface Store extends StoreScope {
  /** Throws when the database cannot be reached (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
