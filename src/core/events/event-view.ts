import type { GatewayEvent } from '../ports.js';
import type { EventType } from './event-types.js';

/**
 * The one public shape of an event: what GET /v1/events lists and, byte for byte, what a webhook delivers (inside
 * the Standard Webhooks envelope: `webhook-id` is `id`, the signature covers this JSON). One shape means a client
 * can switch between pulling the log and receiving webhooks, or do both and de-duplicate by `id`.
 */
export interface EventView {
  id: string;
  /** Position in the tenant's ordered log. */
  sequence: number;
  type: EventType;
  subscriptionId: string | null;
  operationId: string | null;
  /** `{ operation }` for operation.* events, `{ subscription }` for subscription.* events, as GET answers them. */
  data: Record<string, unknown>;
  createdAt: string;
}

export function toEventView(event: GatewayEvent): EventView {
  return {
    id: event.id,
    sequence: event.sequence,
    type: event.type as EventType,
    subscriptionId: event.subscriptionId,
    operationId: event.operationId,
    data: event.data,
    createdAt: event.createdAt.toISOString(),
  };
}
