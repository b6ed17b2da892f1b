import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { problemContent } from '../openapi-schemas.js';

const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['Health'],
  summary: 'Liveness: the process is up',
  responses: {
    200: { description: 'Up', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } },
  },
});

const readyRoute = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['Health'],
  summary: 'Readiness: the database answers',
  responses: {
    200: {
      description: 'Ready',
      content: { 'application/json': { schema: z.object({ status: z.literal('ready'), version: z.string() }) } },
    },
    503: { description: 'The database cannot be reached', content: problemContent },
  },
});

export function healthRoutes(dependencies: AppDependencies) {
  const app = new OpenAPIHono<AppEnvironment>();
  app.openapi(healthRoute, (context) => context.json({ status: 'ok' as const }, 200));
  app.openapi(readyRoute, async (context) => {
    try {
      await dependencies.store.ping();
    } catch (error) {
      dependencies.logger.warn({ err: String(error) }, 'readiness check failed');
      return context.json(
        {
          type: 'https://mvno-gateway.dev/problems/not-ready',
          title: 'Not ready',
          status: 503,
          code: 'not_ready',
          detail: 'The database cannot be reached.',
        },
        503,
        { 'content-type': 'application/problem+json' },
      );
    }
    return context.json({ status: 'ready' as const, version: dependencies.version }, 200);
  });
  return app;
}
