import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { checkRoutingRules, routingRuleSchema, StateConflictError } from '../../core/index.js';
import { routingRulesExample } from '../../openapi-examples/index.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { namedSchema } from '../named-schema.js';
import { jsonBody, jsonResponse, problems } from '../openapi-schemas.js';

export const routingRule = namedSchema(routingRuleSchema, 'RoutingRule');
const routingRulesBody = z.strictObject({ rules: z.array(routingRule).max(100) }).openapi('RoutingRulesRequest');
const routingRulesView = z
  .object({
    rules: z.array(routingRule),
    version: z.number().int().describe('Counts the writes; 0 before the first'),
    updatedAt: z.string().nullable(),
  })
  .openapi('RoutingRules');

const getRoute = createRoute({
  method: 'get',
  path: '/v1/routing-rules',
  tags: ['Carriers'],
  operationId: 'getRoutingRules',
  summary: 'Your routing rules',
  description:
    'The ordered rules that choose the connection of a new line when the request names none. Also shown by ' +
    'GET /v1/carriers.',
  responses: {
    200: jsonResponse('The rules', routingRulesView, {
      rules: {
        summary: 'Three rules',
        value: { ...routingRulesExample, version: 1, updatedAt: '2026-01-01T00:00:00.000Z' },
      },
    }),
    ...problems('Unauthorised'),
  },
});

const putRoute = createRoute({
  method: 'put',
  path: '/v1/routing-rules',
  tags: ['Carriers'],
  operationId: 'putRoutingRules',
  summary: 'Replace your routing rules',
  description:
    'Replaces all rules. When POST /v1/subscriptions names no `carrier`, the first rule whose every `match` field ' +
    'holds chooses the connection (`plan`, `sim`, the `routing` tag of the request, and for port-ins `numberPrefix` ' +
    'or `country` of the number); when none holds, your default connection does. The subscription says which in ' +
    '`routedBy`. Each rule is checked now against its connection: a connection that cannot do what the rule sends ' +
    'it (port-in, eSIM, a number or country it does not serve, a plan it lacks) is refused with ' +
    '`unsupported_by_carrier` (422) naming the rule (`/rules/<index>/…`); an unknown connection with ' +
    '`validation_failed` (400). `conflict_with_state` when another write replaced the rules meanwhile.',
  request: {
    body: jsonBody(routingRulesBody, { rules: { summary: 'By number, country, tag', value: routingRulesExample } }),
  },
  responses: {
    200: jsonResponse('Stored', routingRulesView),
    ...problems('BadRequest', 'Unauthorised', 'Conflict', 'Unprocessable'),
  },
});

function view(set: { rules: unknown[]; version: number; updatedAt: Date } | null) {
  return set
    ? {
        rules: set.rules as z.infer<typeof routingRule>[],
        version: set.version,
        updatedAt: set.updatedAt.toISOString(),
      }
    : { rules: [], version: 0, updatedAt: null };
}

export function routingRuleRoutes(dependencies: AppDependencies) {
  const app = new OpenAPIHono<AppEnvironment>();
  app.openapi(getRoute, async (context) => {
    return context.json(view(await dependencies.store.routingRules.get(context.get('tenant').id)), 200);
  });
  app.openapi(putRoute, async (context) => {
    const tenantId = context.get('tenant').id;
    const { rules } = context.req.valid('json');
    const connections = await dependencies.store.carrierConnections.list(tenantId);
    const plugins = new Map(dependencies.carriers.plugins().map((plugin) => [plugin.id, plugin]));
    checkRoutingRules(rules, connections, (carrier) => plugins.get(carrier)?.capabilities);
    const current = await dependencies.store.routingRules.get(tenantId);
    const written = await dependencies.store.routingRules.put({
      tenantId,
      rules,
      version: (current?.version ?? 0) + 1,
      updatedAt: dependencies.clock.now(),
    });
    if (!written) throw new StateConflictError('The routing rules were replaced meanwhile; read them and try again.');
    return context.json(view(written), 200);
  });
  return app;
}
