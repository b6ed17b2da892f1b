import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type CarrierConnection, NotFoundError, PolicyRefusalError, ValidationError } from '../../core/index.js';
import { carrierConnectionExamples, carrierConnectionStored } from '../../openapi-examples/index.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { authenticateAdmin } from '../middleware/authenticate.js';
import { jsonBody, jsonResponse, problems } from '../openapi-schemas.js';

const connectionBody = z
  .strictObject({
    carrier: z.string().min(1).describe('Adapter id, e.g. stn or sps'),
    config: z
      .record(z.string(), z.unknown())
      .describe(
        'The adapter\'s connection settings. A secret may be given as {"env": "VARIABLE"} to keep it out of the database.',
      ),
    isDefault: z.boolean().default(false),
    pacing: z
      .strictObject({
        requestsPerSecond: z.number().positive().max(10_000).optional(),
        maxConcurrent: z.number().int().positive().max(10_000).optional(),
      })
      .optional()
      .describe(
        'Limits the engine honours for all work on this connection: carrier requests started per second and in ' +
          'flight at once (per gateway instance). Absent: no limit beyond the engine batch size.',
      ),
  })
  .openapi('CarrierConnectionRequest');

const putConnectionRoute = createRoute({
  method: 'put',
  path: '/v1/tenants/{tenantId}/carrier-connections/{name}',
  tags: ['Administration'],
  operationId: 'putCarrierConnection',
  summary: "Create or replace a tenant's carrier connection",
  description:
    'Admin key required. Points a tenant at a carrier account under a name of your choosing (what `carrier` in ' +
    "requests names). The configuration is checked against the adapter's schema now, not at the first request; " +
    'secrets can be references to environment variables. In sandbox mode, GET /sandbox shows a configuration that ' +
    'points at the simulators. Problems: `validation_failed` (unknown carrier, bad config field), `not_found` ' +
    '(no such tenant), `refused_by_policy` (an {"env": …} reference outside the allowed variables), ' +
    '`unauthorised`/`forbidden` (not the admin key).',
  request: {
    params: z.object({ tenantId: z.string().min(1), name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/) }),
    body: jsonBody(connectionBody, carrierConnectionExamples),
  },
  responses: {
    200: jsonResponse(
      'Stored (secrets are not echoed)',
      z
        .object({ id: z.string(), name: z.string(), carrier: z.string(), isDefault: z.boolean() })
        .openapi('CarrierConnection'),
      { stored: carrierConnectionStored },
    ),
    ...problems('BadRequest', 'Unauthorised', 'Forbidden', 'NotFound', 'Unprocessable'),
  },
});

export function carrierConnectionRoutes(dependencies: AppDependencies) {
  const app = new OpenAPIHono<AppEnvironment>();
  app.use('/v1/tenants/:tenantId/carrier-connections/*', authenticateAdmin(dependencies));
  app.openapi(putConnectionRoute, async (context) => {
    const { tenantId, name } = context.req.valid('param');
    const body = context.req.valid('json');
    if (!(await dependencies.store.tenants.get(tenantId))) throw new NotFoundError('Tenant', tenantId);
    const plugin = dependencies.carriers.plugins().find((candidate) => candidate.id === body.carrier);
    if (!plugin) {
      const known = dependencies.carriers.plugins().map((candidate) => candidate.id);
      throw new ValidationError(`Unknown carrier "${body.carrier}"; installed: ${known.join(', ')}.`, [
        { pointer: '/carrier', detail: `one of ${known.join(', ')}` },
      ]);
    }
    refuseForbiddenEnvReferences(body.config, dependencies);
    const existing = await dependencies.store.carrierConnections.getByName(tenantId, name);
    const connection: CarrierConnection = {
      id: existing?.id ?? dependencies.ids.newId('cc'),
      tenantId,
      name,
      carrier: plugin.id,
      config: body.config,
      isDefault: body.isDefault,
      pacing: body.pacing ?? null,
      createdAt: existing?.createdAt ?? dependencies.clock.now(),
    };
    // Check the configuration now, with env references taken as present, rather than at the first request.
    const probe = plugin.connectionConfigSchema.safeParse(
      Object.fromEntries(
        Object.entries(body.config).map(([key, value]) => [key, isEnvReference(value) ? 'from-env' : value]),
      ),
    );
    if (!probe.success) {
      throw new ValidationError(
        `The ${plugin.id} configuration is not valid.`,
        probe.error.issues.map((issue) => ({
          pointer: `/config/${issue.path.join('/')}`,
          detail: issue.message,
        })),
      );
    }
    await dependencies.store.carrierConnections.upsert(connection);
    return context.json({ id: connection.id, name, carrier: plugin.id, isDefault: connection.isDefault }, 200);
  });
  return app;
}

/**
 * Whoever writes a connection also picks the URL its secrets are sent to, so a reference may only name a carrier
 * credential variable, never one of the gateway's own (ADMIN_API_KEY, DATABASE_URL…).
 */
function refuseForbiddenEnvReferences(config: Record<string, unknown>, dependencies: AppDependencies): void {
  const policy = dependencies.envReferences;
  const errors = Object.entries(config)
    .filter(([, value]) => isEnvReference(value))
    .map(([key, value]) => ({ key, variable: (value as { env: string }).env }))
    .filter(({ variable }) => !policy?.allows(variable))
    .map(({ key, variable }) => ({
      pointer: `/config/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`,
      detail: `environment variable ${variable} may not be referenced`,
    }));
  if (errors.length === 0) return;
  throw new PolicyRefusalError(
    `Carrier connections may reference only ${policy?.description ?? 'no environment variables'}.`,
    errors,
  );
}

function isEnvReference(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { env?: unknown }).env === 'string';
}
