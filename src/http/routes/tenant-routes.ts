import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { issueApiKey, NotFoundError } from '../../core/index.js';
import { requestExamples } from '../../openapi-examples/index.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { authenticateAdmin } from '../middleware/authenticate.js';
import { jsonBody, jsonResponse, problems } from '../openapi-schemas.js';
import { createdApiKeySchema, toApiKeyView } from './api-key-views.js';

const tenantSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string() }).openapi('Tenant');

const createTenantRoute = createRoute({
  method: 'post',
  path: '/v1/tenants',
  tags: ['Administration'],
  operationId: 'createTenant',
  summary: 'Create a tenant and its first API key',
  description:
    'Admin key required (ADMIN_API_KEY; tenant creation is off without it). The API key in the response is shown ' +
    'this once; only its hash is stored. Connect the tenant to a carrier next with ' +
    'PUT /v1/tenants/{tenantId}/carrier-connections/{name}.',
  request: {
    body: jsonBody(z.strictObject({ name: z.string().trim().min(1).max(200) }).openapi('CreateTenantRequest'), {
      acme: requestExamples.tenant,
    }),
  },
  responses: {
    201: jsonResponse('Created', z.object({ tenant: tenantSchema, apiKey: createdApiKeySchema }), {
      created: {
        summary: 'A tenant and its key',
        value: {
          tenant: { id: 'ten_01m8s9b7q1000c9d8e7f6g5h4j', name: 'Acme Mobile', createdAt: '2026-12-01T17:01:40.000Z' },
          apiKey: {
            id: 'key_01m8s9b7q2000z1y2x3w4v5u6t',
            prefix: 'sk_Q8e1mT5',
            label: 'first key',
            createdAt: '2026-12-01T17:01:40.000Z',
            revokedAt: null,
            key: 'sk_Q8e1mT5wK2pL9vB3nX7cR4sD6fH0jA1gk',
          },
        },
      },
    }),
    ...problems('BadRequest', 'Unauthorised', 'Forbidden'),
  },
});

const issueTenantKeyRoute = createRoute({
  method: 'post',
  path: '/v1/tenants/{tenantId}/api-keys',
  operationId: 'issueTenantApiKey',
  tags: ['Administration'],
  summary: 'Issue an API key for an existing tenant',
  description:
    'Admin key required. For a tenant that lost its keys. The key in the response is shown this once; only its ' +
    'hash is stored. Problems: `not_found` (no such tenant), `unauthorised`/`forbidden` (not the admin key).',
  request: {
    params: z.object({ tenantId: z.string().min(1) }),
    body: jsonBody(
      z.strictObject({ label: z.string().max(100).optional() }).openapi('IssueTenantApiKeyRequest'),
      { recovery: { summary: 'A replacement key', value: { label: 'recovered' } } },
      false,
    ),
  },
  responses: {
    201: jsonResponse('Created; the key is shown this once', createdApiKeySchema),
    ...problems('BadRequest', 'Unauthorised', 'Forbidden', 'NotFound'),
  },
});

export function tenantRoutes(dependencies: AppDependencies) {
  const app = new OpenAPIHono<AppEnvironment>();
  app.use('/v1/tenants', authenticateAdmin(dependencies));
  app.use('/v1/tenants/:tenantId/api-keys', authenticateAdmin(dependencies));
  app.openapi(createTenantRoute, async (context) => {
    const { name } = context.req.valid('json');
    const now = dependencies.clock.now();
    const tenant = { id: dependencies.ids.newId('ten'), name, createdAt: now };
    const issued = await issueApiKey({ tenantId: tenant.id, label: 'first key', ids: dependencies.ids, now });
    await dependencies.store.transaction(async (repositories) => {
      await repositories.tenants.create(tenant);
      await repositories.apiKeys.create(issued.record);
    });
    dependencies.logger.info({ tenantId: tenant.id }, 'tenant created');
    return context.json(
      {
        tenant: { id: tenant.id, name: tenant.name, createdAt: now.toISOString() },
        apiKey: { ...toApiKeyView(issued.record), key: issued.key },
      },
      201,
    );
  });
  app.openapi(issueTenantKeyRoute, async (context) => {
    const { tenantId } = context.req.valid('param');
    const body = context.req.valid('json') ?? {};
    if (!(await dependencies.store.tenants.get(tenantId))) throw new NotFoundError('Tenant', tenantId);
    const issued = await issueApiKey({
      tenantId,
      label: body.label ?? 'issued by admin',
      ids: dependencies.ids,
      now: dependencies.clock.now(),
    });
    await dependencies.store.apiKeys.create(issued.record);
    dependencies.logger.info({ tenantId, apiKeyId: issued.record.id }, 'api key issued by admin');
    return context.json({ ...toApiKeyView(issued.record), key: issued.key }, 201);
  });
  return app;
}
