import type { Repositories } from '../core/ports.js';
import { createApiKeyRepository } from './api-key-repository.js';
import { createAttemptRepository } from './attempt-repository.js';
import { createCallbackReplayRepository } from './callback-replay-repository.js';
import { createCarrierConnectionRepository } from './carrier-connection-repository.js';
import type { StoreDatabase } from './database.js';
import { createEventRepository } from './event-repository.js';
import { createIdempotencyRepository } from './idempotency-repository.js';
import { createOperationRepository } from './operation-repository.js';
import { createRoutingRuleRepository } from './routing-rule-repository.js';
import { createSubscriptionRepository } from './subscription-repository.js';
import { createTenantRepository } from './tenant-repository.js';
import { createTenantSettingsRepository } from './tenant-settings-repository.js';
import { createWebhookDeliveryRepository } from './webhook-delivery-repository.js';
import { createWebhookEndpointRepository } from './webhook-endpoint-repository.js';

/** Every repository bound to one database handle: the pool, or a transaction. */
export function createRepositories(db: StoreDatabase): Repositories {
  return {
    tenants: createTenantRepository(db),
    apiKeys: createApiKeyRepository(db),
    carrierConnections: createCarrierConnectionRepository(db),
    subscriptions: createSubscriptionRepository(db),
    operations: createOperationRepository(db),
    attempts: createAttemptRepository(db),
    events: createEventRepository(db),
    webhookEndpoints: createWebhookEndpointRepository(db),
    webhookDeliveries: createWebhookDeliveryRepository(db),
    idempotency: createIdempotencyRepository(db),
    callbackReplays: createCallbackReplayRepository(db),
    routingRules: createRoutingRuleRepository(db),
    tenantSettings: createTenantSettingsRepository(db),
  };
}
