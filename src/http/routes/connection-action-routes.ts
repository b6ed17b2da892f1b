import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  findCarrierAction,
  GatewayError,
  NotFoundError,
  parseCarrierActionInput,
  UnsupportedByCarrierError,
  ValidationError,
} from '../../core/index.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { jsonBody, jsonResponse, problems } from '../openapi-schemas.js';
import { carrierActionView, carrierActionViewOf } from './carrier-action-routes.js';

/**
 * Carrier actions that need no line (`scope: 'connection'`): the checks a caller makes before a line exists — is
 * this SIM usable, does this device work, can this number be ported in — run at one of the tenant's connections.
 * Reads only: anything that changes a line is an operation on that line.
 */
const connectionParam = z.object({
  connection: z
    .string()
    .min(1)
    .max(64)
    .openapi({ description: 'The connection, by name', example: 'my-us-connection' }),
});
const actionParam = connectionParam.extend({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a carrier action name (kebab-case)')
    .openapi({ description: 'The action, as GET …/carrier-actions lists it', example: 'port-in-eligibility' }),
});

const listRoute = createRoute({
  method: 'get',
  path: '/v1/carriers/{connection}/carrier-actions',
  operationId: 'listConnectionCarrierActions',
  tags: ['Carrier actions'],
  summary: 'List the carrier actions a connection runs without a line',
  description:
    "The connection's carrier actions of scope `connection`: checks made before a line exists (SPS: SIM check, " +
    'device compatibility, port-in eligibility), each with the JSON Schema of its input.',
  request: { params: connectionParam },
  responses: {
    200: jsonResponse('The actions', z.object({ connection: z.string(), data: z.array(carrierActionView) })),
    ...problems('BadRequest', 'Unauthorised', 'NotFound'),
  },
});

const runRoute = createRoute({
  method: 'post',
  path: '/v1/carriers/{connection}/carrier-actions/{name}',
  operationId: 'runConnectionCarrierAction',
  tags: ['Carrier actions'],
  summary: 'Run a carrier check that needs no line',
  description:
    "The body is the action's input, validated by the adapter's schema (a `validation_failed` problem names each " +
    'field); the answer is the carrier’s, read while you wait. An action of scope `line` is refused here with 422 ' +
    '(`unsupported_by_carrier`): run it on the line.',
  request: {
    params: actionParam,
    body: jsonBody(
      z.record(z.string(), z.unknown()),
      { eligibility: { summary: 'Can this number be ported in?', value: { msisdn: '+12025550143' } } },
      false,
    ),
  },
  responses: {
    200: jsonResponse('The carrier’s answer', z.object({ data: z.record(z.string(), z.unknown()) })),
    ...problems('BadRequest', 'Unauthorised', 'NotFound', 'Unprocessable', 'CarrierUnavailable'),
  },
});

export function connectionActionRoutes(dependencies: AppDependencies) {
  const app = new OpenAPIHono<AppEnvironment>();

  /** The connection by name; an unknown one is a 404 here (it is the path, not a field of a body). */
  async function connectionNamed(tenantId: string, name: string) {
    try {
      return await dependencies.carriers.resolve(tenantId, name);
    } catch (error) {
      if (ValidationError.isInstance(error)) throw new NotFoundError('Carrier connection', name);
      throw error;
    }
  }

  app.openapi(listRoute, async (context) => {
    const { connection } = context.req.valid('param');
    const carrier = await connectionNamed(context.get('tenant').id, connection);
    const specs = (carrier.adapter.carrierActions?.specs ?? []).filter((spec) => spec.scope === 'connection');
    return context.json({ connection: carrier.connection.name, data: specs.map(carrierActionViewOf) }, 200);
  });

  app.openapi(runRoute, async (context) => {
    const { connection, name } = context.req.valid('param');
    const carrier = await connectionNamed(context.get('tenant').id, connection);
    const actions = carrier.adapter.carrierActions;
    if (!actions) {
      throw new UnsupportedByCarrierError(
        carrier.plugin.id,
        `Carrier ${carrier.connection.name} offers no carrier actions.`,
      );
    }
    const spec = findCarrierAction(carrier.plugin.id, actions, name);
    if (spec.scope !== 'connection' || spec.effect !== 'read') {
      throw new UnsupportedByCarrierError(
        carrier.plugin.id,
        `${name} acts on a line: run it with POST /v1/subscriptions/{id}/carrier-actions/${name}.`,
      );
    }
    const input = parseCarrierActionInput(spec, context.req.valid('json') ?? {});
    const data = await actions.read(name, { carrierSubscriptionId: null, msisdn: null, iccid: null }, input);
    if (typeof data !== 'object' || data === null) throw new GatewayError('internal', `${name} answered no object`);
    return context.json({ data }, 200);
  });
  return app;
}
