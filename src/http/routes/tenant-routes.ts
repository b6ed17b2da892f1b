import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { issueApiKey } from '../../core/index.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { authenticateAdmin } from '../middleware/authenticate.js';
import { bearerSecurity, commonErrorResponses } from '../openapi-schemas.js';
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

export function tenantRoutes(dependencies: AppDependencies) {
  const app = new OpenAPIHono<AppEnvironment>();
  app.use('/v1/tenants', authenticateAdmin(dependencies));
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
  return app;
}
