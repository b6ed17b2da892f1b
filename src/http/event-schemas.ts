import { z } from '@hono/zod-openapi';
import { eventTypes } from '../core/index.js';
import { operationView, subscriptionView } from './api-schemas.js';

/**
 * The event as GET /v1/events lists it and as a webhook delivers it (the same JSON): one named schema per family,
 * so a client switching on `type` gets `data.operation` or `data.subscription` typed.
 */
export const operationEventTypes = eventTypes.filter((type) => type.startsWith('operation.'));
export const subscriptionEventTypes = eventTypes.filter((type) => type.startsWith('subscription.'));

const eventFields = {
  id: z.string().describe('Unique; also the `webhook-id` header of its webhook, so receivers can de-duplicate'),
  sequence: z.number().int().describe("Position in your tenant's ordered log"),
  subscriptionId: z.string().nullable(),
  operationId: z.string().nullable(),
  createdAt: z.string().describe('When it happened (ISO 8601)'),
};

export const operationEventSchema = z
  .object({
    ...eventFields,
    type: z.enum(operationEventTypes as [string, ...string[]]),
    data: z.object({ operation: operationView }),
  })
  .openapi('OperationEvent', { description: 'An operation was created or finished; `data.operation` is its state.' });

export const subscriptionEventSchema = z
  .object({
    ...eventFields,
    type: z.enum(subscriptionEventTypes as [string, ...string[]]),
    data: z.object({ subscription: subscriptionView }),
  })
  .openapi('SubscriptionEvent', {
    description: 'A line changed state or settings; `data.subscription` is the line as GET answers it.',
  });

export const eventSchema = z.union([operationEventSchema, subscriptionEventSchema]).openapi('Event', {
  description: 'One entry of the event log; `type` says which of the two it is.',
  discriminator: {
    propertyName: 'type',
    mapping: Object.fromEntries(
      eventTypes.map((type) => [
        type,
        `#/components/schemas/${type.startsWith('operation.') ? 'OperationEvent' : 'SubscriptionEvent'}`,
      ]),
    ),
  },
});

const eventTypeDescriptions: Record<(typeof eventTypes)[number], string> = {
  'operation.created': 'An operation was accepted and stored; the engine will carry it to the carrier.',
  'operation.succeeded': 'The carrier confirmed the operation; `data.operation.result` holds what it reported.',
  'operation.failed':
    'The carrier refused the operation or it could not be completed; `data.operation.error` says why.',
  'operation.cancelled': 'The operation was cancelled at the carrier before it took effect.',
  'operation.progressed':
    'A parent operation (a migration) moved to its next step; `data.operation.progress` says which.',
  'operation.requires_action':
    'A parent operation stopped where a person must act (the number moved, the old line did not cease); `error` says what.',
  'subscription.created': 'A new line exists (pending until its activation or port-in succeeds).',
  'subscription.activated': 'The line is live at the carrier; it has its number (`msisdn`).',
  'subscription.suspended': 'All traffic on the line is blocked.',
  'subscription.resumed': 'A suspended line carries traffic again.',
  'subscription.ceased': 'The line was terminated at the carrier.',
  'subscription.reactivated': 'A ceased line is live again.',
  'subscription.porting_out': 'The number is being ported out to another operator.',
  'subscription.ported_out': 'The number has left to another operator; the line is gone.',
  'subscription.failed': 'The activation or port-in failed; the line will not go live.',
  'subscription.cancelled': 'A pending activation or port-in was cancelled.',
  'subscription.updated': 'The line changed in place (services, plan, SIM, number) without changing status.',
  'subscription.migrated':
    'The number moved: the line is now held at another connection (`data.from`, `data.to`, `carrierHistory`).',
  'subscription.migration_compensated':
    'A migration stopped before the number moved (failed or cancelled); the line is as before, at its source.',
  'subscription.drift_detected':
    "The carrier's view of the line differs from ours on `data.field` (`data.ours`, `data.carrier`); `data.adopted` says whether ours now follows.",
};

export function describeEventType(type: (typeof eventTypes)[number]): string {
  return eventTypeDescriptions[type];
}
