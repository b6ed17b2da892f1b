import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { jsonResponse, noSecurity, problemContent } from '../openapi-schemas.js';

const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['Health'],
  operationId: 'getHealth',
  summary: 'Liveness: the process is up',
  description: 'Answers 200 while the process runs; it checks nothing else. For a container liveness probe.',
  security: noSecurity,
  responses: {
    200: jsonResponse('Up', z.object({ status: z.literal('ok') }), { up: { summary: 'Up', value: { status: 'ok' } } }),
  },
});

const readyRoute = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['Health'],
  operationId: 'getReadiness',
  summary: 'Readiness: the database answers',
  description: 'Answers 200 when the database answers, 503 (`not_ready`) when not. For a load balancer.',
  security: noSecurity,
  responses: {
    200: jsonResponse('Ready', z.object({ status: z.literal('ready'), version: z.string() }), {
      ready: { summary: 'Ready', value: { status: 'ready', version: '0.1.0' } },
    }),
    503: {
      description: 'The database cannot be reached',
      headers: { 'x-request-id': { $ref: '#/components/headers/RequestId' } },
      content: problemContent,
    },
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
          code: 'not_ready' as const,
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
