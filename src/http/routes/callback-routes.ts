import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { NotFoundError } from '../../core/index.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { problemContent } from '../openapi-schemas.js';

const callbackRoute = createRoute({
  method: 'post',
  path: '/v1/callbacks/{carrier}/{connection}',
  tags: ['Carrier callbacks'],
  summary: 'Carrier notifications in (authenticated by the carrier adapter, e.g. an HMAC signature)',
  request: { params: z.object({ carrier: z.string().min(1), connection: z.string().min(1) }) },
  responses: {
    200: {
      description: 'Received',
      content: { 'application/json': { schema: z.object({ applied: z.number().int() }) } },
    },
    401: { description: 'Not provably from the carrier; nothing was changed', content: problemContent },
    404: { description: 'No such carrier connection', content: problemContent },
  },
});

export function callbackRoutes(dependencies: AppDependencies) {
  const app = new OpenAPIHono<AppEnvironment>();
  app.openapi(callbackRoute, async (context) => {
    const { carrier, connection } = context.req.valid('param');
    // A connection of another carrier (or one that takes no callbacks) is not a callback target: 404, the same
    // answer as for an id that does not exist, so the path says nothing about which connections exist.
    const target = await dependencies.carriers.byConnectionId(connection);
    if (target.connection.carrier !== carrier || !target.adapter.parseCallback) {
      throw new NotFoundError('Carrier connection', connection);
    }
    const applied = await dependencies.engine.receiveCallback(connection, carrier, context.req.raw);
    dependencies.onCallbackReceived?.();
    return context.json({ applied }, 200);
  });
  return app;
}
