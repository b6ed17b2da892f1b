import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import { NotFoundError, type OperationKind, toSubscriptionView } from '../../core/index.js';
import { activateExamples, requestExamples, subscriptionActive } from '../../openapi-examples/index.js';
import {
  ceaseBody,
  changeNumberBody,
  changePlanBody,
  changeServicesBody,
  createSubscriptionBody,
  idParam,
  lifecycleBody,
  listOf,
  portOutBody,
  simSwapBody,
  subscriptionListQuery,
  subscriptionView,
} from '../api-schemas.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { idempotencyKeyParameter, jsonBody, jsonResponse, problems } from '../openapi-schemas.js';
import { encodePageCursor } from '../page-cursor.js';
import { operationAcceptedResponses, startOperation } from './operation-responses.js';

type Examples = Record<string, { summary: string; value: unknown }>;

const createSubscriptionRoute = createRoute({
  method: 'post',
  path: '/v1/subscriptions',
  operationId: 'createSubscription',
  tags: ['Subscriptions'],
  summary: 'Activate a new line, or port a number in',
  description:
    'Activates a physical SIM (by ICCID) or an eSIM, or — with `portIn` — ports an existing number in. `carrier` ' +
    'names the carrier connection; without it your default carrier is used. The request is checked against the ' +
    "carrier's capabilities before anything is stored, then answered 202 with the Operation; the engine submits it " +
    '(sTN: `ActivateSubscription` or a port-in order; SPS: a subscription create with the SIM or EID, plan and ' +
    'service location) and follows it to a result. Watch it with GET /v1/operations/{id}, webhooks or ' +
    'GET /v1/events; on success the subscription is `active` and has its `msisdn`.\n\n' +
    'Problems: `validation_failed` (a field, named in `errors`), `unsupported_by_carrier` (e.g. eSIM fields the ' +
    'carrier lacks), `not_found` (unknown `carrier`), `idempotency_mismatch`, `request_in_progress`. A carrier ' +
    "refusal arrives later, as the failed operation's `error`.",
  parameters: [idempotencyKeyParameter],
  request: {
    body: jsonBody(createSubscriptionBody, activateExamples),
  },
  responses: operationAcceptedResponses,
});

const listSubscriptionsRoute = createRoute({
  method: 'get',
  path: '/v1/subscriptions',
  operationId: 'listSubscriptions',
  tags: ['Subscriptions'],
  summary: 'List your lines',
  description:
    'Your lines from our store (no carrier call), newest first, filtered by status, carrier connection, number or ' +
    'ICCID, in pages: pass `nextCursor` back as `cursor` until it is null.',
  request: { query: subscriptionListQuery },
  responses: {
    200: jsonResponse('A page of subscriptions', listOf(subscriptionView), {
      page: { summary: 'One active line', value: { data: [subscriptionActive], nextCursor: null } },
    }),
    ...problems('BadRequest', 'Unauthorised'),
  },
});

const getSubscriptionRoute = createRoute({
  method: 'get',
  path: '/v1/subscriptions/{id}',
  operationId: 'getSubscription',
  tags: ['Subscriptions'],
  summary: 'Get one line',
  description:
    'One line as we know it (no carrier call): status, number, SIM, plan and services as of the last operation ' +
    'that changed it.',
  request: { params: idParam },
  responses: {
    200: jsonResponse('The subscription', subscriptionView, {
      active: { summary: 'An active sTN line', value: subscriptionActive },
    }),
    ...problems('BadRequest', 'Unauthorised', 'NotFound'),
  },
});

/** The lifecycle actions on one line: path, operationId, body schema, words for the docs. */
function lifecycleRoute<Body extends z.ZodType>(options: {
  method: 'post' | 'patch';
  path: string;
  operationId: string;
  summary: string;
  description: string;
  body: Body;
  examples: Examples;
  required?: boolean;
}) {
  return createRoute({
    method: options.method,
    path: `/v1/subscriptions/{id}/${options.path}`,
    operationId: options.operationId,
    tags: ['Subscriptions'],
    summary: options.summary,
    description:
      `${options.description}\n\nAnswers 202 with the Operation. Problems: \`validation_failed\`, ` +
      "`not_found` (no such line), `conflict_with_state` (not allowed in the line's status), " +
      '`unsupported_by_carrier`, `idempotency_mismatch`, `request_in_progress`; a carrier refusal arrives as the ' +
      "failed operation's `error`.",
    parameters: [idempotencyKeyParameter],
    request: {
      params: idParam,
      body: jsonBody(options.body, options.examples, options.required ?? false),
    },
    responses: operationAcceptedResponses,
  });
}

const lifecycleRoutes: Array<{ kind: OperationKind; route: ReturnType<typeof lifecycleRoute> }> = [
  {
    kind: 'suspend',
    route: lifecycleRoute({
      method: 'post',
      path: 'suspend',
      operationId: 'suspendSubscription',
      summary: 'Suspend a line',
      description:
        'Blocks all traffic on an active line (a lost phone, unpaid bills); the number and SIM stay. sTN: ' +
        '`BlockSubscription`; SPS: a suspend transaction.',
      body: lifecycleBody,
      examples: { suspend: requestExamples.suspend },
    }),
  },
  {
    kind: 'resume',
    route: lifecycleRoute({
      method: 'post',
      path: 'resume',
      operationId: 'resumeSubscription',
      summary: 'Resume a suspended line',
      description: 'Lets a suspended line carry traffic again.',
      body: lifecycleBody,
      examples: { resume: requestExamples.resume },
    }),
  },
  {
    kind: 'cease',
    route: lifecycleRoute({
      method: 'post',
      path: 'cease',
      operationId: 'ceaseSubscription',
      summary: 'Cease (terminate) a line',
      description:
        'Terminates the line at the carrier, now or at `ceaseAt` (sTN can schedule it, and a scheduled cease can be ' +
        'cancelled until then with POST /v1/operations/{id}/cancel). SPS ceases only active lines.',
      body: ceaseBody,
      examples: { now: requestExamples.ceaseNow, dated: requestExamples.ceaseDated },
    }),
  },
  {
    kind: 'reactivate',
    route: lifecycleRoute({
      method: 'post',
      path: 'reactivate',
      operationId: 'reactivateSubscription',
      summary: 'Reactivate a ceased line',
      description: 'Brings a ceased line back with its number, where the carrier can (SPS).',
      body: lifecycleBody,
      examples: { reactivate: requestExamples.reactivate },
    }),
  },
  {
    kind: 'sim_swap',
    route: lifecycleRoute({
      method: 'post',
      path: 'sim-swap',
      operationId: 'swapSim',
      summary: 'Move a line to another SIM',
      description:
        'Moves the line, number and services to a new physical SIM (by ICCID) or an eSIM; the old SIM stops working ' +
        'when the carrier confirms.',
      body: simSwapBody,
      examples: { physical: requestExamples.simSwapPhysical, esim: requestExamples.simSwapEsim },
      required: true,
    }),
  },
  {
    kind: 'change_services',
    route: lifecycleRoute({
      method: 'patch',
      path: 'services',
      operationId: 'changeServices',
      summary: 'Change services',
      description:
        'Switches canonical services on or off; only the services you send change. Each carrier supports a part of ' +
        'the catalogue (GET /v1/carriers); another service answers `unsupported_by_carrier`.',
      body: changeServicesBody,
      examples: { services: requestExamples.services },
      required: true,
    }),
  },
  {
    kind: 'change_plan',
    route: lifecycleRoute({
      method: 'post',
      path: 'plan',
      operationId: 'changePlan',
      summary: 'Change plan',
      description:
        "Moves the line to another plan: sTN's provider environment (`SP16001`, `SP16002`), SPS's wholesale plan id.",
      body: changePlanBody,
      examples: { plan: requestExamples.plan },
      required: true,
    }),
  },
  {
    kind: 'change_number',
    route: lifecycleRoute({
      method: 'post',
      path: 'number',
      operationId: 'changeNumber',
      summary: 'Give a line a new number',
      description: 'Gives the line a new MSISDN, chosen by you or by the carrier, where the carrier can (SPS).',
      body: changeNumberBody,
      examples: { carrierPicks: requestExamples.number },
    }),
  },
  {
    kind: 'port_out',
    route: lifecycleRoute({
      method: 'post',
      path: 'port-out',
      operationId: 'portOutSubscription',
      summary: 'Port a number out',
      description:
        'Releases the number to another operator, where the carrier has an explicit port-out (sTN); the line ends ' +
        '`ported_out`.',
      body: portOutBody,
      examples: { dated: requestExamples.portOut },
    }),
  },
];

export function subscriptionRoutes(dependencies: AppDependencies) {
  const app = new OpenAPIHono<AppEnvironment>();

  app.openapi(createSubscriptionRoute, (context) => {
    const body = context.req.valid('json');
    return startOperation(context, dependencies, { kind: body.portIn ? 'port_in' : 'activate', body }) as never;
  });

  app.openapi(listSubscriptionsRoute, async (context) => {
    const query = context.req.valid('query');
    const tenantId = context.get('tenant').id;
    const connections = await dependencies.store.carrierConnections.list(tenantId);
    const names = new Map(connections.map((connection) => [connection.id, connection.name]));
    const connectionName = query.connection ?? query.carrier;
    const connectionId = connectionName
      ? connections.find((connection) => connection.name === connectionName)?.id
      : undefined;
    if (connectionName && !connectionId) return context.json({ data: [], nextCursor: null }, 200);
    const page = await dependencies.store.subscriptions.list(
      tenantId,
      {
        ...(query.status ? { status: query.status } : {}),
        ...(connectionId ? { carrierConnectionId: connectionId } : {}),
        ...(query.msisdn ? { msisdn: query.msisdn } : {}),
        ...(query.iccid ? { iccid: query.iccid } : {}),
      },
      { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) },
    );
    return context.json(
      {
        data: page.items.map((item) => toSubscriptionView(item, names.get(item.carrierConnectionId) ?? item.carrier)),
        nextCursor: encodePageCursor(page.nextCursor),
      },
      200,
    );
  });

  app.openapi(getSubscriptionRoute, async (context) => {
    const { id } = context.req.valid('param');
    const tenantId = context.get('tenant').id;
    const found = await dependencies.store.subscriptions.getWithConnectionName(tenantId, id);
    if (!found) throw new NotFoundError('Subscription', id);
    return context.json(
      toSubscriptionView(found.subscription, found.connectionName ?? found.subscription.carrier),
      200,
    );
  });

  for (const { kind, route } of lifecycleRoutes) {
    app.openapi(route, (context) => {
      const { id } = context.req.valid('param');
      const body = context.req.valid('json') ?? {};
      return startOperation(context, dependencies, { kind, body, subscriptionId: id }) as never;
    });
  }
  return app;
}
