import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { bearerSecurity, commonErrorResponses } from '../openapi-schemas.js';

const carrierSchema = z
  .object({
    name: z.string().describe('What `carrier` in requests names'),
    carrierType: z.string().describe('Adapter id'),
    displayName: z.string(),
    isDefault: z.boolean(),
    capabilities: z.object({
      operations: z.array(z.string()),
      esim: z.boolean(),
      scheduling: z.array(z.string()),
      callbacks: z.boolean(),
      batchPolling: z.union([z.object({ maxBatchSize: z.number() }), z.literal(false)]),
      services: z.array(z.string()),
      plans: z.object({ meaning: z.string(), values: z.array(z.string()).optional() }),
      reads: z.array(z.string()),
      stateRestrictions: z.record(z.string(), z.array(z.string())).optional(),
    }),
  })
  .openapi('Carrier');

const listCarriersRoute = createRoute({
  method: 'get',
  path: '/v1/carriers',
  tags: ['Carriers'],
  summary: 'Your carrier connections and what each can do',
  security: bearerSecurity,
  responses: {
    200: {
      description: 'The connections',
      content: { 'application/json': { schema: z.object({ data: z.array(carrierSchema) }) } },
    },
    ...commonErrorResponses,
  },
});

export function carrierRoutes(dependencies: AppDependencies) {
  const app = new OpenAPIHono<AppEnvironment>();
  app.openapi(listCarriersRoute, async (context) => {
    const connections = await dependencies.store.carrierConnections.list(context.get('tenant').id);
    const plugins = new Map(dependencies.carriers.plugins().map((plugin) => [plugin.id, plugin]));
    const data = connections.flatMap((connection) => {
      const plugin = plugins.get(connection.carrier);
      if (!plugin) return [];
      const capabilities = plugin.capabilities;
      return [
        {
          name: connection.name,
          carrierType: plugin.id,
          displayName: plugin.displayName,
          isDefault: connection.isDefault,
          capabilities: {
            operations: [...capabilities.operations],
            esim: capabilities.esim,
            scheduling: [...capabilities.scheduling],
            callbacks: capabilities.callbacks,
            batchPolling: capabilities.batchPolling,
            services: [...capabilities.services],
            plans: {
              meaning: capabilities.plans.meaning,
              ...(capabilities.plans.values ? { values: [...capabilities.plans.values] } : {}),
            },
            reads: [...capabilities.reads],
            ...(capabilities.stateRestrictions
              ? {
                  stateRestrictions: Object.fromEntries(
                    Object.entries(capabilities.stateRestrictions).map(([kind, statuses]) => [
                      kind,
                      [...(statuses ?? [])],
                    ]),
                  ),
                }
              : {}),
          },
        },
      ];
    });
    return context.json({ data }, 200);
  });
  return app;
}
