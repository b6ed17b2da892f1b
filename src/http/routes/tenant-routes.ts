import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { issueApiKey, NotFoundError } from '../../core/index.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { authenticateAdmin } from '../middleware/authenticate.js';
import { bearerSecurity, commonErrorResponses, problemContent } from '../openapi-schemas.js';
import { createdApiKeySchema, toApiKeyView } from './api-key-views.js';

const tenantSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string() }).openapi('Tenant');

const createTenantRoute = createRoute({
  method: 'post',
  path: '/v1/tenants',
  tags: ['Administration'],
  summary: 'Create a tenant and its first API key (admin key required)',
  description: 'The API key in the response is shown this once; only its hash is stored.',
  security: bearerSecurity,
  request: {
    body: {
      required: true,
      content: {
        'application/json': { schema: z.strictObject({ name: z.string().trim().min(1).max(200) }) },
      },
    },
  },
  responses: {
    201: {
      description: 'Created',
      content: {
        'application/json': { schema: z.object({ tenant: tenantSchema, apiKey: createdApiKeySchema }) },
      },
    },
    ...commonErrorResponses,
  },
});

const issueTenantKeyRoute = createRoute({
  method: 'post',
  path: '/v1/tenants/{tenantId}/api-keys',
  tags: ['Administration'],
  summary: 'Issue an API key for an existing tenant (admin key required)',
  description: 'For a tenant that lost its keys. The key in the response is shown this once; only its hash is stored.',
  security: bearerSecurity,
  request: {
    params: z.object({ tenantId: z.string().min(1) }),
    body: {
      required: false,
      content: { 'application/json': { schema: z.strictObject({ label: z.string().max(100).optional() }) } },
    },
  },
  responses: {
    201: {
      description: 'Created; the key is shown this once',
      content: { 'application/json': { schema: createdApiKeySchema } },
    },
    404: { description: 'No such tenant', content: problemContent },
    ...commonErrorResponses,
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
