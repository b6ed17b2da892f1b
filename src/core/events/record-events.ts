import type { IdGenerator } from '../ids.js';
import type { GatewayEvent, Repositories, WebhookDelivery } from '../ports.js';
import type { EventType } from './event-types.js';

export interface EventDraft {
  type: EventType;
  subscriptionId: string | null;
  operationId: string | null;
  data: Record<string, unknown>;
}

/**
 * Append events to the ordered log and queue one webhook delivery per interested endpoint — in the caller's
 * transaction, so an event exists exactly when the change it describes does (a transactional outbox).
 */
export async function recordEvents(
  repositories: Repositories,
  options: { tenantId: string; drafts: EventDraft[]; ids: IdGenerator; now: Date },
): Promise<GatewayEvent[]> {
  if (options.drafts.length === 0) return [];
  // Read before the append: the append takes the event-order lock, held until commit, and every round trip after it
  // is one that every other appending transaction waits for (docs/decisions/store-event-ordering.md).
  const endpoints = await repositories.webhookEndpoints.list(options.tenantId);
  const events = await repositories.events.append(
    options.drafts.map((draft) => ({
      id: options.ids.newId('evt'),
      tenantId: options.tenantId,
      type: draft.type,
      subscriptionId: draft.subscriptionId,
      operationId: draft.operationId,
      data: draft.data,
      createdAt: options.now,
    })),
  );
  const deliveries: WebhookDelivery[] = [];
  for (const event of events) {
    for (const endpoint of endpoints) {
      if (endpoint.eventTypes.length > 0 && !endpoint.eventTypes.includes(event.type)) continue;
      deliveries.push({
        id: options.ids.newId('whd'),
        tenantId: options.tenantId,
        endpointId: endpoint.id,
        eventId: event.id,
        eventSequence: event.sequence,
        // One subscription's events reach an endpoint in order; unrelated events need not wait for each other.
        orderingKey: event.subscriptionId ?? event.id,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: options.now,
        lastStatusCode: null,
        lastError: null,
        createdAt: options.now,
        deliveredAt: null,
      });
    }
  }
  if (deliveries.length > 0) await repositories.webhookDeliveries.insertMany(deliveries);
  return events;
}
