import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import { NotFoundError, type OperationKind, toSubscriptionView } from '../../core/index.js';
import {
  ceaseBody,
  changeNumberBody,
  changePlanBody,
  changeServicesBody,
  createSubscriptionBody,
  idempotencyKeyHeaders,
  idParam,
  lifecycleBody,
  listOf,
  portOutBody,
  simSwapBody,
  subscriptionListQuery,
  subscriptionView,
} from '../api-schemas.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { bearerSecurity, commonErrorResponses, problemContent } from '../openapi-schemas.js';
import { encodePageCursor } from '../page-cursor.js';
import { operationAcceptedResponses, startOperation } from './operation-responses.js';

const createSubscriptionRoute = createRoute({
  method: 'post',
  path: '/v1/subscriptions',
  tags: ['Subscriptions'],
  summary: 'Activate a new line, or port a number in',
  description:
    'Activates a physical SIM (by ICCID) or an eSIM, or — with `portIn` — ports an existing number in. `carrier` names ' +
    'the carrier connection; without it your default carrier is used. Answers 202 with the Operation; watch it with ' +
    'GET /v1/operations/{id}, webhooks or GET /v1/events.',
  security: bearerSecurity,
  request: {
    headers: idempotencyKeyHeaders,
    body: { required: true, content: { 'application/json': { schema: createSubscriptionBody } } },
  },
  responses: operationAcceptedResponses,
});

const listSubscriptionsRoute = createRoute({
  method: 'get',
  path: '/v1/subscriptions',
  tags: ['Subscriptions'],
  summary: 'Your lines, newest first, filtered and paged by cursor',
  security: bearerSecurity,
  request: { query: subscriptionListQuery },
  responses: {
    200: {
      description: 'A page of subscriptions',
      content: { 'application/json': { schema: listOf(subscriptionView) } },
    },
    ...commonErrorResponses,
  },
});

const getSubscriptionRoute = createRoute({
  method: 'get',
  path: '/v1/subscriptions/{id}',
  tags: ['Subscriptions'],
  summary: 'One line, from our store (no carrier call)',
  security: bearerSecurity,
  request: { params: idParam },
  responses: {
    200: { description: 'The subscription', content: { 'application/json': { schema: subscriptionView } } },
    404: { description: 'No such subscription in your tenant', content: problemContent },
    ...commonErrorResponses,
  },
});

/** The lifecycle actions on one line: path, kind, body schema, words for the docs. */
function lifecycleRoute<Body extends z.ZodType>(options: {
  method: 'post' | 'patch';
  path: string;
  summary: string;
  body: Body;
  required?: boolean;
}) {
  return createRoute({
    method: options.method,
    path: `/v1/subscriptions/{id}/${options.path}`,
    tags: ['Subscriptions'],
    summary: options.summary,
    security: bearerSecurity,
    request: {
      params: idParam,
      headers: idempotencyKeyHeaders,
      body: { required: options.required ?? false, content: { 'application/json': { schema: options.body } } },
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
      summary: 'Suspend: block all traffic',
      body: lifecycleBody,
    }),
  },
  {
    kind: 'resume',
    route: lifecycleRoute({ method: 'post', path: 'resume', summary: 'Resume a suspended line', body: lifecycleBody }),
  },
  {
    kind: 'cease',
    route: lifecycleRoute({
      method: 'post',
      path: 'cease',
      summary: 'Cease (terminate) the line, now or at ceaseAt',
      body: ceaseBody,
    }),
  },
  {
    kind: 'reactivate',
    route: lifecycleRoute({
      method: 'post',
      path: 'reactivate',
      summary: 'Reactivate a ceased line, where the carrier can',
      body: lifecycleBody,
    }),
  },
  {
    kind: 'sim_swap',
    route: lifecycleRoute({
      method: 'post',
      path: 'sim-swap',
      summary: 'Move the line to a new physical SIM or an eSIM',
      body: simSwapBody,
      required: true,
    }),
  },
  {
    kind: 'change_services',
    route: lifecycleRoute({
      method: 'patch',
      path: 'services',
      summary: 'Change canonical services (only those you send)',
      body: changeServicesBody,
      required: true,
    }),
  },
  {
    kind: 'change_plan',
    route: lifecycleRoute({
      method: 'post',
      path: 'plan',
      summary: 'Change plan (sTN environment, SPS wholesale plan)',
      body: changePlanBody,
      required: true,
    }),
  },
  {
    kind: 'change_number',
    route: lifecycleRoute({
      method: 'post',
      path: 'number',
      summary: 'Give the line a new number, where the carrier can',
      body: changeNumberBody,
    }),
  },
  {
    kind: 'port_out',
    route: lifecycleRoute({
      method: 'post',
      path: 'port-out',
      summary: 'Port the number out, where the carrier has an explicit port-out',
      body: portOutBody,
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
    const connectionId = query.carrier
      ? connections.find((connection) => connection.name === query.carrier)?.id
      : undefined;
    if (query.carrier && !connectionId) return context.json({ data: [], nextCursor: null }, 200);
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
