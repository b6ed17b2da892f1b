import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { issueApiKey, NotFoundError, StateConflictError } from '../../core/index.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { bearerSecurity, commonErrorResponses, problemContent } from '../openapi-schemas.js';
import { apiKeySchema, createdApiKeySchema, toApiKeyView } from './api-key-views.js';

const createKeyRoute = createRoute({
  method: 'post',
  path: '/v1/api-keys',
  tags: ['API keys'],
  summary: 'Create another API key for your tenant (to rotate keys)',
  security: bearerSecurity,
  request: {
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
    ...commonErrorResponses,
  },
});

const listKeysRoute = createRoute({
  method: 'get',
  path: '/v1/api-keys',
  tags: ['API keys'],
  summary: "Your tenant's API keys (without the keys themselves)",
  security: bearerSecurity,
  responses: {
    200: {
      description: 'The keys',
      content: { 'application/json': { schema: z.object({ data: z.array(apiKeySchema) }) } },
    },
    ...commonErrorResponses,
  },
});

const revokeKeyRoute = createRoute({
  method: 'delete',
  path: '/v1/api-keys/{id}',
  tags: ['API keys'],
  summary: 'Revoke an API key; it stops working at once',
  security: bearerSecurity,
  request: { params: z.object({ id: z.string().min(1) }) },
  responses: {
    204: { description: 'Revoked' },
    404: { description: 'No such active key in your tenant', content: problemContent },
    409: {
      description: 'It is your last active key: create another first (code `conflict_with_state`)',
      content: problemContent,
    },
    ...commonErrorResponses,
  },
});

export function apiKeyRoutes(dependencies: AppDependencies) {
  const app = new OpenAPIHono<AppEnvironment>();
  app.openapi(createKeyRoute, async (context) => {
    const body = context.req.valid('json') ?? {};
    const tenant = context.get('tenant');
    const issued = await issueApiKey({
      tenantId: tenant.id,
      label: body.label ?? null,
      ids: dependencies.ids,
      now: dependencies.clock.now(),
    });
    await dependencies.store.apiKeys.create(issued.record);
    return context.json({ ...toApiKeyView(issued.record), key: issued.key }, 201);
  });
  app.openapi(listKeysRoute, async (context) => {
    const keys = await dependencies.store.apiKeys.list(context.get('tenant').id);
    return context.json({ data: keys.map(toApiKeyView) }, 200);
  });
  app.openapi(revokeKeyRoute, async (context) => {
    const { id } = context.req.valid('param');
    const outcome = await dependencies.store.apiKeys.revoke(context.get('tenant').id, id, dependencies.clock.now());
    if (outcome === 'not_found') throw new NotFoundError('API key', id);
    if (outcome === 'last_active_key') {
      // Without a key the tenant could not even create a new one; only the admin could help it.
      throw new StateConflictError(
        `API key ${id} is your last active key; create another one (POST /v1/api-keys) before revoking it.`,
      );
    }
    return context.body(null, 204);
  });
  return app;
}
