import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { carrierListSandbox } from '../../openapi-examples/index.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { jsonResponse, problems } from '../openapi-schemas.js';
import { routingRule } from './routing-rule-routes.js';

const carrierSchema = z
  .object({
    connection: z.string().describe('The connection name: what `connection` in requests names'),
    carrierId: z.string().describe('The carrier (plugin) id'),
    name: z.string().describe('The connection name (as `connection`)'),
    carrierType: z
      .string()
      .openapi({ description: 'Deprecated: the carrier (plugin) id; read `carrierId`', deprecated: true }),
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
      coverage: z
        .object({
          countries: z.array(z.string()),
          numberPrefixes: z.array(z.string()),
          portInRequiredFields: z.array(z.string()).optional(),
        })
        .optional()
        .describe('Where the carrier serves (ISO countries, E.164 prefixes) and the port-in details it needs'),
    }),
  })
  .openapi('Carrier');

const listCarriersRoute = createRoute({
  method: 'get',
  path: '/v1/carriers',
  tags: ['Carriers'],
  operationId: 'listCarriers',
  summary: 'List your carrier connections and what each can do',
  description:
    'Each connection by the name requests use, with its capabilities as data: operations, eSIM, scheduling, ' +
    'services, plans, reads and the states each operation needs. Check here before offering a feature.',
  responses: {
    200: jsonResponse(
      'The connections, and the routing rules that choose among them (PUT /v1/routing-rules)',
      z.object({ data: z.array(carrierSchema), routingRules: z.array(routingRule) }),
      { sandbox: carrierListSandbox },
    ),
    ...problems('Unauthorised'),
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
          connection: connection.name,
          carrierId: plugin.id,
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
            ...(capabilities.coverage
              ? {
                  coverage: {
                    countries: [...capabilities.coverage.countries],
                    numberPrefixes: [...capabilities.coverage.numberPrefixes],
                    ...(capabilities.coverage.portInRequiredFields
                      ? { portInRequiredFields: [...capabilities.coverage.portInRequiredFields] }
                      : {}),
                  },
                }
              : {}),
          },
        },
      ];
    });
    const routing = await dependencies.store.routingRules.get(context.get('tenant').id);
    return context.json({ data, routingRules: routing?.rules ?? [] }, 200);
  });
  return app;
}
