import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  type CarrierActionSpec,
  findCarrierAction,
  GatewayError,
  NotFoundError,
  parseCarrierActionInput,
  UnsupportedByCarrierError,
} from '../../core/index.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { idempotencyKeyParameter, jsonBody, jsonResponse, problems } from '../openapi-schemas.js';
import { operationAcceptedResponses, startOperation } from './operation-responses.js';

/**
 * Carrier actions (src/core/carrier-actions.ts): what a line's carrier offers beyond the canonical API, each with
 * its input's JSON Schema, and a way to run one. A read answers 200 with the carrier's answer; a write is an
 * operation (kind `carrier_action`) answered 202, carried by the engine like any other change.
 */
const lineParam = z.object({ id: z.string().min(1) });
const actionParam = lineParam.extend({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a carrier action name (kebab-case)')
    .openapi({ description: 'The action, as GET …/carrier-actions lists it', example: 'sim-details' }),
});

const carrierActionView = z
  .object({
    name: z.string(),
    summary: z.string(),
    effect: z
      .enum(['read', 'write'])
      .describe('read: answered at once (200); write: changes the line, run as an operation (202)'),
    scope: z
      .enum(['line', 'connection'])
      .describe(
        'line: run on a line (POST /v1/subscriptions/{id}/carrier-actions/{name}); connection: a check that needs ' +
          'no line, run at the connection (POST /v1/carriers/{connection}/carrier-actions/{name}) or on any line',
      ),
    inputSchema: z.record(z.string(), z.unknown()).describe('JSON Schema of the request body'),
  })
  .openapi('CarrierAction');

const listRoute = createRoute({
  method: 'get',
  path: '/v1/subscriptions/{id}/carrier-actions',
  operationId: 'listCarrierActions',
  tags: ['Carrier actions'],
  summary: "List what the line's carrier offers beyond the canonical API",
  description:
    'The carrier-specific actions for this line (sTN: PIN and PUK, fixed IP, CDR months, SIM filters; SPS: SIM ' +
    'check and details, device compatibility, port-in eligibility, bill cycle, block/unblock SIM, change to a ' +
    'ported-in number, device change), each with the JSON Schema of its input. An empty list when the carrier ' +
    'offers none.',
  request: { params: lineParam },
  responses: {
    200: jsonResponse('The actions', z.object({ carrier: z.string(), data: z.array(carrierActionView) })),
    ...problems('BadRequest', 'Unauthorised', 'NotFound'),
  },
});

const runRoute = createRoute({
  method: 'post',
  path: '/v1/subscriptions/{id}/carrier-actions/{name}',
  operationId: 'runCarrierAction',
  tags: ['Carrier actions'],
  summary: 'Run a carrier action on a line',
  description:
    "The body is the action's input, validated by the carrier adapter's schema (a `validation_failed` problem " +
    'names each field). A read answers 200 with `data`, from the carrier while you wait; a write answers 202 with ' +
    'the Operation (kind `carrier_action`), sent to the carrier at most once and idempotent with `Idempotency-Key`. ' +
    'Problems: `not_found` (no such line or action), `conflict_with_state`, `carrier_unavailable`.',
  parameters: [idempotencyKeyParameter],
  request: {
    params: actionParam,
    body: jsonBody(z.record(z.string(), z.unknown()), { empty: { summary: 'No input', value: {} } }, false),
  },
  responses: {
    200: jsonResponse('A read: the carrier’s answer', z.object({ data: z.record(z.string(), z.unknown()) })),
    ...operationAcceptedResponses,
    202: operationAcceptedResponses[202],
    ...problems('CarrierUnavailable'),
  },
});

/** JSON Schema of an input, as a request body: what a client must send. */
function inputSchemaOf(input: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** How GET …/carrier-actions shows an action. */
export function carrierActionViewOf(spec: CarrierActionSpec) {
  return {
    name: spec.name,
    summary: spec.summary,
    effect: spec.effect,
    scope: spec.scope ?? 'line',
    inputSchema: inputSchemaOf(spec.input),
  };
}

export { carrierActionView };

export function carrierActionRoutes(dependencies: AppDependencies) {
  const app = new OpenAPIHono<AppEnvironment>();

  async function lineOf(tenantId: string, id: string) {
    const subscription = await dependencies.store.subscriptions.get(tenantId, id);
    if (!subscription) throw new NotFoundError('Subscription', id);
    const carrier = await dependencies.carriers.byConnectionId(subscription.carrierConnectionId);
    return { subscription, carrier };
  }

  app.openapi(listRoute, async (context) => {
    const { carrier } = await lineOf(context.get('tenant').id, context.req.valid('param').id);
    const specs = carrier.adapter.carrierActions?.specs ?? [];
    const data = specs.map(carrierActionViewOf);
    return context.json({ carrier: carrier.connection.name, data }, 200);
  });

  app.openapi(runRoute, async (context) => {
    const { id, name } = context.req.valid('param');
    const body = context.req.valid('json') ?? {};
    const { subscription, carrier } = await lineOf(context.get('tenant').id, id);
    const actions = carrier.adapter.carrierActions;
    if (!actions) {
      throw new UnsupportedByCarrierError(
        carrier.plugin.id,
        `Carrier ${carrier.connection.name} offers no carrier actions.`,
      );
    }
    const spec = findCarrierAction(carrier.plugin.id, actions, name);
    if (spec.effect === 'write') {
      return startOperation(context, dependencies, {
        kind: 'carrier_action',
        body: { action: name, input: body },
        subscriptionId: id,
      }) as never;
    }
    const input = parseCarrierActionInput(spec, body);
    const line = {
      carrierSubscriptionId: subscription.carrierSubscriptionId,
      msisdn: subscription.msisdn,
      iccid: subscription.iccid,
    };
    const data = await actions.read(name, line, input);
    if (typeof data !== 'object' || data === null) throw new GatewayError('internal', `${name} answered no object`);
    return context.json({ data }, 200);
  });
  return app;
}
