import type { OperationKind } from '../operation.js';
import type { SubscriptionStatus } from '../subscription.js';

/**
 * The event types a tenant can receive (webhooks) or read (GET /v1/events). Names are `<object>.<what happened>`,
 * past tense, stable: clients switch on them.
 */
export const eventTypes = [
  'operation.created',
  'operation.succeeded',
  'operation.failed',
  'operation.cancelled',
  /** A parent operation (a migration) moved to its next step: `progress` says which. */
  'operation.progressed',
  /** A parent operation ended where a person must act; its `error` says what. */
  'operation.requires_action',
  'subscription.created',
  'subscription.activated',
  'subscription.suspended',
  'subscription.resumed',
  'subscription.ceased',
  'subscription.reactivated',
  'subscription.porting_out',
  'subscription.ported_out',
  'subscription.failed',
  'subscription.cancelled',
  'subscription.updated',
  /** The number moved: the line is now held at another connection (`carrierHistory` has the entry). */
  'subscription.migrated',
  /** A migration failed or was cancelled before the number moved; the line is as it was, at its source. */
  'subscription.migration_compensated',
  /** A refresh found the carrier disagreeing with us on one field (`data.field`, `data.ours`, `data.carrier`). */
  'subscription.drift_detected',
] as const;
export type EventType = (typeof eventTypes)[number];

/** The event that says a subscription reached `to` from `from`, or that it changed in place. */
export function subscriptionEventType(
  from: SubscriptionStatus,
  to: SubscriptionStatus,
  kind: OperationKind,
): EventType {
  if (from === to) return 'subscription.updated';
  switch (to) {
    case 'active':
      if (from === 'suspended') return 'subscription.resumed';
      if (from === 'ceased') return 'subscription.reactivated';
      if (from === 'porting_out') return 'subscription.updated';
      return 'subscription.activated';
    case 'suspended':
      return 'subscription.suspended';
    case 'ceased':
      return 'subscription.ceased';
    case 'porting_out':
      return 'subscription.porting_out';
    case 'ported_out':
      return 'subscription.ported_out';
    case 'failed':
      return 'subscription.failed';
    case 'cancelled':
      return 'subscription.cancelled';
    default:
      return kind === 'activate' || kind === 'port_in' ? 'subscription.created' : 'subscription.updated';
  }
}
