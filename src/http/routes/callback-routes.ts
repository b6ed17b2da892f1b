import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { NotFoundError } from '../../core/index.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { jsonResponse, noSecurity, problems } from '../openapi-schemas.js';

const callbackRoute = createRoute({
  method: 'post',
  path: '/v1/callbacks/{carrier}/{connection}',
  tags: ['Carrier callbacks'],
  operationId: 'receiveCarrierCallback',
  summary: 'Receive a carrier notification',
  description:
    'Where carriers that push results (SPS) send them: the carrier adapter authenticates each callback by the ' +
    "carrier's own scheme (an HMAC signature, a replay window), not by our API key, and applies the result to the " +
    'operation it names. Not for tenants to call. Problems: `unauthorised` (not provably from the carrier; ' +
    'nothing changed), `not_found` (no such connection).',
  security: noSecurity,
  request: { params: z.object({ carrier: z.string().min(1), connection: z.string().min(1) }) },
  // Documented, not validated here: the adapter reads the raw body, since its signature covers the exact bytes.
  requestBody: {
    required: true,
    description: "The carrier's own notification, in its own format",
    content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } },
  },
  responses: {
    200: jsonResponse('Received', z.object({ applied: z.number().int() }), {
      applied: { summary: 'One operation updated', value: { applied: 1 } },
    }),
    ...problems('BadRequest', 'Unauthorised', 'NotFound'),
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
    const applied = await dependencies.engine.receiveCallback(connection, carrier, context.req.raw, target);
    dependencies.onCallbackReceived?.();
    return context.json({ applied }, 200);
  });
  return app;
}
