import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { issueApiKey, NotFoundError, StateConflictError } from '../../core/index.js';
import { requestExamples } from '../../openapi-examples/index.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { emptyResponse, jsonBody, jsonResponse, problems } from '../openapi-schemas.js';
import { apiKeySchema, createdApiKeySchema, toApiKeyView } from './api-key-views.js';

const createKeyRoute = createRoute({
  method: 'post',
  path: '/v1/api-keys',
  tags: ['API keys'],
  operationId: 'createApiKey',
  summary: 'Create an API key',
  description:
    'Issues another key for your tenant, to rotate keys without downtime: create the new one, deploy it, then ' +
    'revoke the old one. The key is in the response this once; we store only its hash.',
  request: {
    body: jsonBody(
      z.strictObject({ label: z.string().max(100).optional() }).openapi('CreateApiKeyRequest'),
      { billing: requestExamples.apiKey },
      false,
    ),
  },
  responses: {
    201: jsonResponse('Created; the key is shown this once', createdApiKeySchema, {
      created: {
        summary: 'A new key',
        value: {
          id: 'key_01m8s9c1a2000k3m4n5p6q7r8s',
          prefix: 'sk_7Hq2xvJ',
          label: 'billing',
          createdAt: '2026-12-01T17:02:11.000Z',
          revokedAt: null,
          key: 'sk_7Hq2xvJ3LwP9mN4bR8tY6uZ1aC5dE0fGh',
        },
      },
    }),
    ...problems('BadRequest', 'Unauthorised'),
  },
});

const listKeysRoute = createRoute({
  method: 'get',
  path: '/v1/api-keys',
  tags: ['API keys'],
  operationId: 'listApiKeys',
  summary: 'List API keys',
  description: "Your tenant's keys, active and revoked, by prefix and label (never the keys themselves).",
  responses: {
    200: jsonResponse('The keys', z.object({ data: z.array(apiKeySchema) })),
    ...problems('Unauthorised'),
  },
});

const revokeKeyRoute = createRoute({
  method: 'delete',
  path: '/v1/api-keys/{id}',
  tags: ['API keys'],
  operationId: 'revokeApiKey',
  summary: 'Revoke an API key',
  description:
    'The key stops working at once, for every request after this one. Problems: `not_found`, ' +
    '`conflict_with_state` (it is your last active key: create another first).',
  request: { params: z.object({ id: z.string().min(1) }) },
  responses: {
    204: emptyResponse('Revoked'),
    ...problems('BadRequest', 'Unauthorised', 'NotFound', 'Conflict'),
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
