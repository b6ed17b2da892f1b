import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  createWebhookTargetPolicy,
  eventTypes,
  NotFoundError,
  newWebhookSecret,
  PolicyRefusalError,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '../../core/index.js';
import { requestExamples } from '../../openapi-examples/index.js';
import { idParam, listOf, pageQuery } from '../api-schemas.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { withIdempotency } from '../idempotency.js';
import {
  emptyResponse,
  idempotencyKeyParameter,
  idempotentResponseHeaders,
  jsonBody,
  jsonResponse,
  problems,
} from '../openapi-schemas.js';
import { encodePageCursor } from '../page-cursor.js';

const endpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()).describe('Empty: every event type'),
    description: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('WebhookEndpoint');
const createdEndpointSchema = endpointSchema
  .extend({ secret: z.string().describe('Standard Webhooks signing secret (whsec_…). Shown once.') })
  .openapi('CreatedWebhookEndpoint');
const deliverySchema = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    eventId: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number(),
    nextAttemptAt: z.string(),
    lastStatusCode: z.number().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .openapi('WebhookDelivery');

const createBody = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/ })
      .describe(
        'Where events are POSTed; loopback, link-local and private addresses are refused unless the operator allows them',
      ),
    eventTypes: z.array(z.enum(eventTypes)).default([]).describe('Only these types; empty or absent means all'),
    description: z.string().max(200).optional(),
  })
  .openapi('CreateWebhookEndpointRequest');

const endpointParams = z.object({ id: z.string().min(1), deliveryId: z.string().min(1) });

const routes = {
  create: createRoute({
    method: 'post',
    path: '/v1/webhook-endpoints',
    tags: ['Webhooks'],
    operationId: 'createWebhookEndpoint',
    summary: 'Register a webhook endpoint',
    description:
      'Registers a URL to receive events, each POSTed as the same JSON GET /v1/events lists, signed by the ' +
      'Standard Webhooks scheme (`webhook-id`, `webhook-timestamp`, `webhook-signature`) with the secret in the ' +
      "response (shown this once). A receiver answers 2xx; anything else is retried for about 27 hours, one line's " +
      'events in order. The event types are under `webhooks` in this document. Problems: `validation_failed`, ' +
      '`refused_by_policy` (the URL points at a loopback, link-local or private address).',
    parameters: [idempotencyKeyParameter],
    request: { body: jsonBody(createBody, { all: requestExamples.webhookEndpoint }) },
    responses: {
      201: jsonResponse(
        'Registered; the secret is shown this once',
        createdEndpointSchema,
        {
          created: {
            summary: 'Registered',
            value: {
              id: 'whe_01m8s9f0h1000m2n3p4q5r6s7t',
              url: 'https://mvno.example.com/hooks/gateway',
              eventTypes: [],
              description: 'production',
              createdAt: '2026-12-01T17:03:00.000Z',
              secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
            },
          },
        },
        idempotentResponseHeaders,
      ),
      ...problems('BadRequest', 'Unauthorised', 'Conflict', 'Unprocessable'),
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/v1/webhook-endpoints',
    tags: ['Webhooks'],
    operationId: 'listWebhookEndpoints',
    summary: 'List webhook endpoints',
    description: 'Your registered endpoints (without their secrets).',
    responses: {
      200: jsonResponse('The endpoints', z.object({ data: z.array(endpointSchema) })),
      ...problems('Unauthorised'),
    },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/v1/webhook-endpoints/{id}',
    tags: ['Webhooks'],
    operationId: 'deleteWebhookEndpoint',
    summary: 'Delete a webhook endpoint',
    description: 'Stops sending events to the endpoint; deliveries not yet sent are dropped.',
    request: { params: idParam },
    responses: {
      204: emptyResponse('Deleted'),
      ...problems('BadRequest', 'Unauthorised', 'NotFound'),
    },
  }),
  deliveries: createRoute({
    method: 'get',
    path: '/v1/webhook-endpoints/{id}/deliveries',
    tags: ['Webhooks'],
    operationId: 'listWebhookDeliveries',
    summary: "List an endpoint's deliveries",
    description:
      'Each event sent to the endpoint and how it went (attempts, last status code and error), newest first, in ' +
      'pages: pass `nextCursor` back as `cursor` until it is null.',
    request: { params: idParam, query: z.object(pageQuery('whd')) },
    responses: {
      200: jsonResponse('Deliveries', listOf(deliverySchema)),
      ...problems('BadRequest', 'Unauthorised', 'NotFound'),
    },
  }),
  replay: createRoute({
    method: 'post',
    path: '/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/replay',
    tags: ['Webhooks'],
    operationId: 'replayWebhookDelivery',
    summary: 'Replay a webhook delivery',
    description:
      'Sends a delivered or failed event to the endpoint again, with the same `webhook-id` (so receivers that ' +
      "de-duplicate stay correct) and in its place in the line's order.",
    request: { params: endpointParams },
    responses: {
      202: jsonResponse('The delivery is queued again', deliverySchema),
      ...problems('BadRequest', 'Unauthorised', 'NotFound'),
    },
  }),
};

function endpointView(endpoint: WebhookEndpoint) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    eventTypes: endpoint.eventTypes,
    description: endpoint.description,
    createdAt: endpoint.createdAt.toISOString(),
  };
}

function deliveryView(delivery: WebhookDelivery) {
  return {
    id: delivery.id,
    endpointId: delivery.endpointId,
    eventId: delivery.eventId,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.nextAttemptAt.toISOString(),
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt.toISOString(),
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
  };
}

/** The part of the SSRF check that needs no DNS; delivery checks the resolved addresses again. */
function refuseUnreachableTarget(url: string, dependencies: AppDependencies): void {
  const policy = dependencies.webhookTargets ?? strictTargets;
  const reason = policy.refusalForUrl(new URL(url));
  if (reason === null) return;
  throw new PolicyRefusalError(
    `Webhook URLs may not point at ${reason} addresses on this gateway; use a publicly reachable URL.`,
    [{ pointer: '/url', detail: `${reason} address not allowed` }],
  );
}
const strictTargets = createWebhookTargetPolicy({ allowPrivate: false, allowedCidrs: [] });

export function webhookRoutes(dependencies: AppDependencies) {
  const app = new OpenAPIHono<AppEnvironment>();
  const { store } = dependencies;

  app.openapi(routes.create, (context) => {
    const body = context.req.valid('json');
    // Before the idempotency layer: a refusal leaves the key unused.
    refuseUnreachableTarget(body.url, dependencies);
    return withIdempotency(context, dependencies, body, async (scope) => {
      const endpoint: WebhookEndpoint = {
        id: dependencies.ids.newId('whe'),
        tenantId: context.get('tenant').id,
        url: body.url,
        secret: newWebhookSecret(),
        eventTypes: body.eventTypes,
        description: body.description ?? null,
        createdAt: dependencies.clock.now(),
        deletedAt: null,
      };
      await scope.store.webhookEndpoints.create(endpoint);
      return { status: 201, body: { ...endpointView(endpoint), secret: endpoint.secret } };
    }) as never;
  });

  app.openapi(routes.list, async (context) => {
    const endpoints = await store.webhookEndpoints.list(context.get('tenant').id);
    return context.json({ data: endpoints.map(endpointView) }, 200);
  });

  app.openapi(routes.remove, async (context) => {
    const { id } = context.req.valid('param');
    if (!(await store.webhookEndpoints.delete(context.get('tenant').id, id, dependencies.clock.now()))) {
      throw new NotFoundError('Webhook endpoint', id);
    }
    return context.body(null, 204);
  });

  app.openapi(routes.deliveries, async (context) => {
    const { id } = context.req.valid('param');
    const tenantId = context.get('tenant').id;
    if (!(await store.webhookEndpoints.get(tenantId, id))) throw new NotFoundError('Webhook endpoint', id);
    const query = context.req.valid('query');
    const page = await store.webhookDeliveries.list(
      tenantId,
      { endpointId: id },
      {
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      },
    );
    return context.json({ data: page.items.map(deliveryView), nextCursor: encodePageCursor(page.nextCursor) }, 200);
  });

  app.openapi(routes.replay, async (context) => {
    const { id, deliveryId } = context.req.valid('param');
    const tenantId = context.get('tenant').id;
    const original = await store.webhookDeliveries.get(tenantId, deliveryId);
    if (!original || original.endpointId !== id) throw new NotFoundError('Webhook delivery', deliveryId);
    // Queued again as the same delivery (one per event and endpoint): same webhook-id, so receivers that
    // de-duplicate stay correct, and in its place in the subscription's order.
    const replay: WebhookDelivery = {
      ...original,
      status: 'pending',
      nextAttemptAt: dependencies.clock.now(),
      lastError: null,
    };
    await store.webhookDeliveries.update(replay);
    return context.json(deliveryView(replay), 202);
  });
  return app;
}
