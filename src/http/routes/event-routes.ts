import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type EventType, eventTypes, toEventView, ValidationError } from '../../core/index.js';
import { eventActivated, eventOperationSucceeded } from '../../openapi-examples/index.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { decodeEventCursor, encodeEventCursor } from '../event-cursor.js';
import { eventSchema } from '../event-schemas.js';
import { jsonResponse, problems } from '../openapi-schemas.js';

const listEventsQuery = z.object({
  cursor: z
    .string()
    .min(1)
    .optional()
    .openapi({ description: '`nextCursor` of the previous call (opaque); absent: from the start of the log' }),
  after: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({
      deprecated: true,
      description: 'Deprecated alias kept for existing clients: a sequence number; use `cursor` instead.',
      param: { deprecated: true },
    }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  subscriptionId: z.string().min(1).optional().openapi({ description: "Only this line's events" }),
  operationId: z.string().min(1).optional().openapi({ description: "Only this operation's events" }),
  type: z
    .string()
    .min(1)
    .optional()
    .openapi({
      description: `Only these types, comma-separated (${eventTypes.join(', ')})`,
      example: 'operation.succeeded,operation.failed',
    }),
});

const listEventsRoute = createRoute({
  method: 'get',
  path: '/v1/events',
  operationId: 'listEvents',
  tags: ['Events'],
  summary: 'Read the ordered event log',
  description:
    'For clients that pull instead of receiving webhooks: every change to your operations and lines, oldest first, ' +
    'each item exactly the body its webhook delivers. Pass `nextCursor` back as `cursor` to continue; at the end ' +
    'of the log it is where to ask again later, so it is never null. Filters keep the log order. `after` (a ' +
    'sequence number) still works but is deprecated.',
  request: { query: listEventsQuery },
  responses: {
    200: jsonResponse(
      'Events in order, and where to continue',
      z.object({
        data: z.array(eventSchema),
        nextCursor: z.string().describe('Pass as `cursor` next time; never null'),
        nextAfter: z.number().int().openapi({ deprecated: true, description: 'Deprecated: use nextCursor' }),
      }),
      {
        page: {
          summary: 'An activation succeeding',
          value: { data: [eventActivated, eventOperationSucceeded], nextCursor: 'ZTE6NQ', nextAfter: 5 },
        },
      },
    ),
    ...problems('BadRequest', 'Unauthorised'),
  },
});

/** `type=a,b`: each must be an event type, or the 400 names `type`. */
function parseTypes(value: string | undefined): EventType[] | undefined {
  if (value === undefined) return undefined;
  const types = value.split(',').map((type) => type.trim());
  const unknown = types.filter((type) => !(eventTypes as readonly string[]).includes(type));
  if (unknown.length > 0) {
    throw new ValidationError(`Unknown event type ${unknown.map((type) => `"${type}"`).join(', ')}.`, [
      { pointer: 'type', detail: `each must be one of ${eventTypes.join(', ')}` },
    ]);
  }
  return types as EventType[];
}

function startSequence(query: { cursor?: string | undefined; after?: number | undefined }): number {
  if (query.cursor === undefined) return query.after ?? 0;
  const sequence = decodeEventCursor(query.cursor);
  if (sequence === null) {
    throw new ValidationError('The cursor is not one this list issued.', [
      { pointer: 'cursor', detail: 'not a cursor of this list: pass the nextCursor of the previous page unchanged' },
    ]);
  }
  return sequence;
}

export function eventRoutes(dependencies: AppDependencies) {
  const app = new OpenAPIHono<AppEnvironment>();
  app.openapi(listEventsRoute, async (context) => {
    const query = context.req.valid('query');
    const after = startSequence(query);
    const types = parseTypes(query.type);
    const events = await dependencies.store.events.listAfter(context.get('tenant').id, after, query.limit, {
      ...(query.subscriptionId ? { subscriptionId: query.subscriptionId } : {}),
      ...(query.operationId ? { operationId: query.operationId } : {}),
      ...(types ? { types } : {}),
    });
    const last = events.at(-1)?.sequence ?? after;
    return context.json(
      {
        data: events.map(toEventView) as z.infer<typeof eventSchema>[],
        nextCursor: encodeEventCursor(last),
        nextAfter: last,
      },
      200,
    );
  });
  return app;
}
