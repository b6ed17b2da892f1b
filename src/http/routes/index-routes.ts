import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { jsonResponse, noSecurity } from '../openapi-schemas.js';

/** GET /: where a newcomer (or a crawler of the API) finds everything else. */
const indexSchema = z
  .object({
    name: z.string(),
    version: z.string(),
    docs: z.string().describe('The API reference'),
    openapi: z.string().describe('This API as OpenAPI 3.1'),
    health: z.object({ live: z.string(), ready: z.string() }),
    sandbox: z.string().optional().describe('Sandbox mode only: the simulated carriers and how to use them'),
  })
  .openapi('ApiIndex');

const indexRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getApiIndex',
  tags: ['Health'],
  summary: 'Links to the docs, the OpenAPI document and the health checks',
  description: 'A small index of this gateway, public like the documents it links to.',
  security: noSecurity,
  responses: {
    200: jsonResponse('The index', indexSchema, {
      sandbox: {
        summary: 'A gateway in sandbox mode',
        value: {
          name: 'mvno-gateway',
          version: '0.1.0',
          docs: '/docs',
          openapi: '/openapi.json',
          health: { live: '/healthz', ready: '/readyz' },
          sandbox: '/sandbox',
        },
      },
    }),
  },
});

export function indexRoutes(dependencies: AppDependencies) {
  const app = new OpenAPIHono<AppEnvironment>();
  app.openapi(indexRoute, (context) =>
    context.json(
      {
        name: 'mvno-gateway',
        version: dependencies.version,
        docs: '/docs',
        openapi: '/openapi.json',
        health: { live: '/healthz', ready: '/readyz' },
        ...(dependencies.sandbox ? { sandbox: '/sandbox' } : {}),
      },
      200,
    ),
  );
  return app;
}
