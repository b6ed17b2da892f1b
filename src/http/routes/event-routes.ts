import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { eventTypes } from '../../core/index.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { bearerSecurity, commonErrorResponses } from '../openapi-schemas.js';

const eventSchema = z
  .object({
    id: z.string(),
    sequence: z.number().int().describe('Position in your ordered log; pass the last one you saw as `after`'),
    type: z.enum(eventTypes),
    subscriptionId: z.string().nullable(),
    operationId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('Event');

const listEventsRoute = createRoute({
  method: 'get',
  path: '/v1/events',
  tags: ['Events'],
  summary: 'The ordered event log, for clients that pull instead of receiving webhooks',
  security: bearerSecurity,
  request: {
    query: z.object({
      after: z.coerce
        .number()
        .int()
        .min(0)
        .default(0)
        .openapi({ description: 'Return events with a sequence above this' }),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: {
      description: 'Events in order; `nextAfter` is the value for the next call',
      content: {
        'application/json': { schema: z.object({ data: z.array(eventSchema), nextAfter: z.number().int() }) },
      },
    },
    ...commonErrorResponses,
  },
});

export function eventRoutes(dependencies: AppDependencies) {
  const app = new OpenAPIHono<AppEnvironment>();
  app.openapi(listEventsRoute, async (context) => {
    const query = context.req.valid('query');
    const events = await dependencies.store.events.listAfter(context.get('tenant').id, query.after, query.limit);
    return context.json(
      {
        data: events.map((event) => ({
          id: event.id,
          sequence: event.sequence,
          type: event.type as (typeof eventTypes)[number],
          subscriptionId: event.subscriptionId,
          operationId: event.operationId,
          data: event.data,
          createdAt: event.createdAt.toISOString(),
        })),
        nextAfter: events.at(-1)?.sequence ?? query.after,
      },
      200,
    );
  });
  return app;
}
