/** Records for store tests: valid by default, each in its own tenant so tests sharing a store never see each other. */
import { createIdGenerator } from '../../src/core/ids.js';
import type {
  CarrierConnection,
  OperationAttempt,
  Store,
  StoredOperation,
  StoredSubscription,
  Tenant,
  WebhookDelivery,
  WebhookEndpoint,
} from '../../src/core/ports.js';

export const ids = createIdGenerator();

export const at = (iso: string) => new Date(iso);
export const baseTime = at('2025-03-01T10:00:00.000Z');

export function minutesAfter(minutes: number, from: Date = baseTime): Date {
  return new Date(from.getTime() + minutes * 60_000);
}

export interface Seeded {
  tenant: Tenant;
  connection: CarrierConnection;
}

/** A tenant with one default carrier connection. */
export async function seedTenant(store: Store): Promise<Seeded> {
  const tenant = await store.tenants.create({ id: ids.newId('ten'), name: 'Test tenant', createdAt: baseTime });
  const connection = await store.carrierConnections.upsert({
    id: ids.newId('cc'),
    tenantId: tenant.id,
    name: 'stn',
    carrier: 'stn',
    config: { baseUrl: 'http://localhost/sandbox/stn', apiKey: { env: 'STN_API_KEY' } },
    isDefault: true,
    createdAt: baseTime,
  });
  return { tenant, connection };
}

export function newSubscription(seeded: Seeded, overrides: Partial<StoredSubscription> = {}): StoredSubscription {
  return {
    id: ids.newId('sub'),
    tenantId: seeded.tenant.id,
    carrierConnectionId: seeded.connection.id,
    carrier: seeded.connection.carrier,
    carrierSubscriptionId: null,
    msisdn: '+31612345678',
    iccid: '8931000000000000001',
    esim: false,
    eid: null,
    imei: null,
    plan: null,
    services: { voicemail: true, dataUsageAlertMb: 1000 },
    status: 'pending',
    version: 0,
    carrierData: {},
    externalReference: null,
    carrierHistory: [],
    createdAt: baseTime,
    updatedAt: baseTime,
    ...overrides,
  };
}

export function newOperation(
  seeded: Seeded,
  subscriptionId: string,
  overrides: Partial<StoredOperation> = {},
): StoredOperation {
  return {
    id: ids.newId('op'),
    tenantId: seeded.tenant.id,
    subscriptionId,
    carrierConnectionId: seeded.connection.id,
    carrier: seeded.connection.carrier,
    kind: 'activate',
    status: 'pending',
    correlationId: ids.newCorrelationId(),
    targetOperationId: null,
    parentOperationId: null,
    request: { sim: { iccid: '8931000000000000001' } },
    carrierReference: null,
    carrierStatus: null,
    result: null,
    error: null,
    warnings: [],
    attempts: 0,
    nextAttemptAt: baseTime,
    scheduledFor: null,
    idempotencyKey: null,
    createdAt: baseTime,
    updatedAt: baseTime,
    completedAt: null,
    leaseExpiresAt: null,
    leaseOwner: null,
    consecutiveFailures: 0,
    submittedAt: null,
    version: 0,
    ...overrides,
  };
}

export function newAttempt(operationId: string, overrides: Partial<OperationAttempt> = {}): OperationAttempt {
  return {
    id: ids.newId('att'),
    operationId,
    phase: 'submit',
    outcome: 'started',
    request: { method: 'POST', path: '/activations' },
    response: null,
    httpStatus: null,
    latencyMs: null,
    error: null,
    startedAt: baseTime,
    finishedAt: null,
    ...overrides,
  };
}

export function newEndpoint(seeded: Seeded, overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return {
    id: ids.newId('whe'),
    tenantId: seeded.tenant.id,
    url: 'https://example.test/hooks',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    eventTypes: [],
    description: null,
    createdAt: baseTime,
    deletedAt: null,
    ...overrides,
  };
}

export function newDelivery(
  endpoint: WebhookEndpoint,
  event: { id: string; sequence: number },
  overrides: Partial<WebhookDelivery> = {},
): WebhookDelivery {
  return {
    id: ids.newId('whd'),
    tenantId: endpoint.tenantId,
    endpointId: endpoint.id,
    eventId: event.id,
    eventSequence: event.sequence,
    orderingKey: 'sub_default',
    status: 'pending',
    attempts: 0,
    nextAttemptAt: baseTime,
    lastStatusCode: null,
    lastError: null,
    createdAt: baseTime,
    deliveredAt: null,
    ...overrides,
  };
}
