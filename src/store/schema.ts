/**
 * The one drizzle schema behind both drivers (postgres.js and PGlite). drizzle-kit generates the migrations in
 * `drizzle/` from this file (`npm run db:generate`); change the schema here and regenerate, never edit the SQL.
 *
 * Ids are text made by the core (src/core/ids.ts): they sort by creation time, so "newest first" is `order by id
 * desc` and a page cursor is the last id seen.
 */

import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { OperationKind, OperationStatus } from '../core/operation.js';
import type {
  AttemptOutcome,
  AttemptPhase,
  CarrierHistoryEntry,
  ConnectionPacing,
  DriftPolicy,
  WebhookDeliveryStatus,
} from '../core/ports.js';
import type { Problem } from '../core/problem.js';
import type { RoutingRule } from '../core/routing/routing-rules.js';
import type { CanonicalServices } from '../core/services-catalogue.js';
import type { SubscriptionStatus } from '../core/subscription.js';

/** Every timestamp is `timestamp with time zone`, read and written as a Date. */
function timestampColumn(name: string) {
  return timestamp(name, { withTimezone: true, mode: 'date' });
}

export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: timestampColumn('created_at').notNull(),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    keyHash: text('key_hash').notNull(),
    keyPrefix: text('key_prefix').notNull(),
    label: text('label'),
    createdAt: timestampColumn('created_at').notNull(),
    revokedAt: timestampColumn('revoked_at'),
  },
  (table) => [
    uniqueIndex('api_keys_key_hash_unique').on(table.keyHash),
    index('api_keys_tenant_idx').on(table.tenantId),
  ],
);

export const carrierConnections = pgTable(
  'carrier_connections',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    carrier: text('carrier').notNull(),
    config: jsonb('config').$type<Record<string, unknown>>().notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    /** Pacing limits the engine honours for all work on the connection (null: none). */
    pacing: jsonb('pacing').$type<ConnectionPacing>(),
    createdAt: timestampColumn('created_at').notNull(),
  },
  (table) => [uniqueIndex('carrier_connections_tenant_name_unique').on(table.tenantId, table.name)],
);

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    carrierConnectionId: text('carrier_connection_id')
      .notNull()
      .references(() => carrierConnections.id),
    carrier: text('carrier').notNull(),
    carrierSubscriptionId: text('carrier_subscription_id'),
    msisdn: text('msisdn'),
    iccid: text('iccid'),
    esim: boolean('esim').notNull(),
    eid: text('eid'),
    imei: text('imei'),
    plan: text('plan'),
    services: jsonb('services').$type<CanonicalServices>().notNull(),
    status: text('status').$type<SubscriptionStatus>().notNull(),
    version: integer('version').notNull(),
    carrierData: jsonb('carrier_data').$type<Record<string, unknown>>().notNull(),
    externalReference: text('external_reference'),
    /** The connections the line was held at before, newest last: one entry per completed migration. */
    carrierHistory: jsonb('carrier_history').$type<CarrierHistoryEntry[]>().notNull().default([]),
    /** When the line was last read from its carrier (refresh, drift sweep): the sweep takes the stalest first. */
    lastRefreshedAt: timestampColumn('last_refreshed_at'),
    createdAt: timestampColumn('created_at').notNull(),
    updatedAt: timestampColumn('updated_at').notNull(),
  },
  (table) => [
    index('subscriptions_tenant_status_idx').on(table.tenantId, table.status),
    index('subscriptions_tenant_msisdn_idx').on(table.tenantId, table.msisdn),
    index('subscriptions_tenant_iccid_idx').on(table.tenantId, table.iccid),
    index('subscriptions_carrier_connection_idx').on(table.carrierConnectionId),
    index('subscriptions_last_refreshed_idx').on(table.lastRefreshedAt),
  ],
);

export const operations = pgTable(
  'operations',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    subscriptionId: text('subscription_id').notNull(),
    carrierConnectionId: text('carrier_connection_id')
      .notNull()
      .references(() => carrierConnections.id),
    carrier: text('carrier').notNull(),
    kind: text('kind').$type<OperationKind>().notNull(),
    status: text('status').$type<OperationStatus>().notNull(),
    correlationId: text('correlation_id').notNull(),
    targetOperationId: text('target_operation_id'),
    /** The parent operation (a migration) this one is a step of. */
    parentOperationId: text('parent_operation_id'),
    request: jsonb('request').$type<Record<string, unknown>>().notNull(),
    carrierReference: text('carrier_reference'),
    carrierStatus: text('carrier_status'),
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: jsonb('error').$type<Problem>(),
    warnings: jsonb('warnings').$type<string[]>().notNull(),
    attempts: integer('attempts').notNull(),
    /**
     * Carrier calls that failed in a row (submit, poll, lookup); reset by any answer. The retry backoff grows with
     * this, not with `attempts`, which counts every poll of a long-running operation.
     */
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    /** When the carrier accepted it: the poll schedule is counted from here, not from failed attempts before it. */
    submittedAt: timestampColumn('submitted_at'),
    /** Bumped by every write; each write names the version it read, so a write that lost a race changes nothing. */
    version: integer('version').notNull().default(0),
    nextAttemptAt: timestampColumn('next_attempt_at'),
    scheduledFor: timestampColumn('scheduled_for'),
    idempotencyKey: text('idempotency_key'),
    createdAt: timestampColumn('created_at').notNull(),
    updatedAt: timestampColumn('updated_at').notNull(),
    completedAt: timestampColumn('completed_at'),
    leaseExpiresAt: timestampColumn('lease_expires_at'),
    leaseOwner: text('lease_owner'),
  },
  (table) => [
    // The engine's claim query: open operations whose next attempt has come.
    index('operations_status_next_attempt_idx').on(table.status, table.nextAttemptAt),
    index('operations_tenant_idx').on(table.tenantId, table.id),
    index('operations_subscription_idx').on(table.subscriptionId),
    index('operations_parent_idx').on(table.parentOperationId),
    // Not unique: a cancellation carries the reference of the operation it cancels.
    index('operations_carrier_reference_idx').on(table.carrierConnectionId, table.carrierReference),
  ],
);

export const operationAttempts = pgTable(
  'operation_attempts',
  {
    id: text('id').primaryKey(),
    operationId: text('operation_id')
      .notNull()
      .references(() => operations.id),
    phase: text('phase').$type<AttemptPhase>().notNull(),
    outcome: text('outcome').$type<AttemptOutcome>().notNull(),
    request: jsonb('request'),
    response: jsonb('response'),
    httpStatus: integer('http_status'),
    latencyMs: integer('latency_ms'),
    error: jsonb('error').$type<Problem>(),
    startedAt: timestampColumn('started_at').notNull(),
    finishedAt: timestampColumn('finished_at'),
  },
  (table) => [index('operation_attempts_operation_idx').on(table.operationId, table.id)],
);

export const events = pgTable(
  'events',
  {
    /** The global order of the log; assigned by the database, read as a number (safe up to 2^53). */
    sequence: bigint('sequence', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    id: text('id').notNull(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    type: text('type').notNull(),
    subscriptionId: text('subscription_id'),
    operationId: text('operation_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    createdAt: timestampColumn('created_at').notNull(),
  },
  (table) => [
    uniqueIndex('events_id_unique').on(table.id),
    index('events_tenant_sequence_idx').on(table.tenantId, table.sequence),
  ],
);

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    url: text('url').notNull(),
    secret: text('secret').notNull(),
    eventTypes: jsonb('event_types').$type<string[]>().notNull(),
    description: text('description'),
    createdAt: timestampColumn('created_at').notNull(),
    deletedAt: timestampColumn('deleted_at'),
  },
  (table) => [index('webhook_endpoints_tenant_idx').on(table.tenantId)],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id),
    eventId: text('event_id').notNull(),
    eventSequence: bigint('event_sequence', { mode: 'number' }).notNull(),
    orderingKey: text('ordering_key').notNull(),
    status: text('status').$type<WebhookDeliveryStatus>().notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: timestampColumn('next_attempt_at').notNull(),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: timestampColumn('created_at').notNull(),
    deliveredAt: timestampColumn('delivered_at'),
    leaseExpiresAt: timestampColumn('lease_expires_at'),
    leaseOwner: text('lease_owner'),
  },
  (table) => [
    index('webhook_deliveries_status_next_attempt_idx').on(table.status, table.nextAttemptAt),
    // Finds the earliest undelivered delivery of an (endpoint, ordering key) for in-order claiming.
    index('webhook_deliveries_ordering_idx').on(table.endpointId, table.orderingKey, table.eventSequence),
    // One delivery per event and endpoint.
    uniqueIndex('webhook_deliveries_endpoint_event_unique').on(table.endpointId, table.eventId),
    index('webhook_deliveries_tenant_idx').on(table.tenantId, table.id),
  ],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    key: text('key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    /** `in_progress` until the response is stored, then `completed`. */
    state: text('state').$type<'in_progress' | 'completed'>().notNull(),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: timestampColumn('created_at').notNull(),
    completedAt: timestampColumn('completed_at'),
    /**
     * While `in_progress`: until when the claim holds. A request that died mid-way (SIGKILL) leaves its claim, and a
     * retry after this time finds the key free instead of answering 409 for a day.
     */
    lockedUntil: timestampColumn('locked_until'),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.key] }),
    // For a sweeper that deletes expired keys.
    index('idempotency_keys_created_at_idx').on(table.createdAt),
  ],
);

/**
 * Carrier callbacks already accepted, by connection and a carrier-specific replay key (for SPS the signature),
 * kept until the carrier's replay window has passed. In the database so that a replay after a restart, or to
 * another instance, is refused as well.
 */
export const callbackReplays = pgTable(
  'callback_replays',
  {
    connectionId: text('connection_id').notNull(),
    replayKey: text('replay_key').notNull(),
    expiresAt: timestampColumn('expires_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.connectionId, table.replayKey] }),
    index('callback_replays_expires_at_idx').on(table.expiresAt),
  ],
);

/** Per tenant: the ordered rules that choose the connection of a new line (PUT /v1/routing-rules). */
export const routingRules = pgTable('routing_rules', {
  tenantId: text('tenant_id')
    .primaryKey()
    .references(() => tenants.id),
  rules: jsonb('rules').$type<RoutingRule[]>().notNull(),
  /** Bumped by every write; a write names the version it replaces. */
  version: integer('version').notNull(),
  updatedAt: timestampColumn('updated_at').notNull(),
});

/** Per tenant: settings that are data, not configuration (the drift policy). */
export const tenantSettings = pgTable('tenant_settings', {
  tenantId: text('tenant_id')
    .primaryKey()
    .references(() => tenants.id),
  /** What a refresh does when the carrier disagrees with us: `flag` (events only) or `adopt` (our view follows). */
  driftPolicy: text('drift_policy').$type<DriftPolicy>().notNull().default('flag'),
  updatedAt: timestampColumn('updated_at').notNull(),
});
