import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { eventTypes } from '../core/index.js';
import { eventActivated, eventOperationSucceeded } from '../openapi-examples/index.js';
import type { AppEnvironment } from './app-environment.js';
import {
  describeEventType,
  operationEventSchema,
  operationEventTypes,
  subscriptionEventSchema,
} from './event-schemas.js';
import {
  headerComponents,
  idempotencyKeyParameterComponent,
  problemResponseComponentsDocument,
} from './openapi-schemas.js';

/**
 * The top of /openapi.json and the components no single route owns. The document is the product: clients are
 * generated from it, so every operation has a stable operationId, tags are declared, bearer auth is the default
 * (public routes say `security: []`), and `servers` is where this gateway is really reached (PUBLIC_URL).
 */
export const openApiTags = [
  {
    name: 'Subscriptions',
    description:
      'Mobile lines. Every change is asynchronous: it answers 202 with an Operation that the engine carries to the carrier.',
  },
  {
    name: 'Operations',
    description: 'The asynchronous work: status, carrier reference, result or error, and every carrier call made.',
  },
  { name: 'Events', description: 'The ordered event log; the same events are delivered as webhooks.' },
  { name: 'Webhooks', description: 'Endpoints that receive signed events (Standard Webhooks), and their deliveries.' },
  { name: 'Carriers', description: 'Your carrier connections and their capabilities, as data.' },
  {
    name: 'Carrier reads',
    description: 'Reads passed through to the carrier while you wait: SIM inventory, usage, CDRs, invoices.',
  },
  {
    name: 'Carrier actions',
    description:
      'What a carrier offers beyond the canonical API, typed by the adapter’s schema: reads answered at once, ' +
      'writes run as operations (kind carrier_action).',
  },
  { name: 'API keys', description: 'Rotate your tenant’s keys.' },
  { name: 'Administration', description: 'Tenants and their carrier connections (admin key).' },
  { name: 'Carrier callbacks', description: 'Where carriers push results; authenticated by the carrier’s scheme.' },
  { name: 'Health', description: 'Liveness and readiness probes.' },
];

export function openApiDocumentConfig(version: string, publicUrl = 'http://127.0.0.1:8080') {
  return {
    openapi: '3.1.0',
    info: {
      title: 'mvno-gateway',
      version,
      summary: 'One REST API for mobile subscriptions over many carriers',
      description:
        'An MVNO platform calls us once — activate this SIM, suspend, port this number in, swap the SIM — and the ' +
        'gateway translates that into the dialect of whichever carrier holds the line (sTN, SPS), carries the ' +
        'asynchronous carrier work to a result, and tells you by status, event log and signed webhook.\n\n' +
        'Authenticate with `Authorization: Bearer <api key>`. Every mutation answers `202 Accepted` with an ' +
        'Operation and takes an `Idempotency-Key`. Errors are RFC 9457 `application/problem+json` with a stable ' +
        '`code`. Lists page with an opaque `cursor`/`nextCursor`.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: publicUrl, description: 'This gateway' }],
    security: [{ bearerAuth: [] }],
    tags: openApiTags,
  };
}

const webhookHeaders = z.object({
  'webhook-id': z.string().openapi({ description: 'The event id; the same on every retry and replay' }),
  'webhook-timestamp': z.string().openapi({ description: 'Unix seconds when this attempt was signed' }),
  'webhook-signature': z.string().openapi({ description: 'Space-separated `v1,<signature>` values' }),
});

/** Components and webhooks that belong to the whole document rather than to one route. */
export function registerDocumentComponents(app: OpenAPIHono<AppEnvironment>): void {
  const registry = app.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A tenant API key (`sk_…`), or the admin key for tenant administration.',
  });
  registry.registerComponent('parameters', 'IdempotencyKey', idempotencyKeyParameterComponent);
  for (const [name, header] of Object.entries(headerComponents)) registry.registerComponent('headers', name, header);
  for (const [name, response] of Object.entries(problemResponseComponentsDocument())) {
    registry.registerComponent('responses', name, response);
  }
  for (const type of eventTypes) {
    const isOperationEvent = (operationEventTypes as readonly string[]).includes(type);
    registry.registerWebhook({
      method: 'post',
      path: type,
      operationId: `on${type
        .split(/[._]/)
        .map((word) => word[0]!.toUpperCase() + word.slice(1))
        .join('')}`,
      tags: ['Webhooks'],
      summary: type,
      description:
        `${describeEventType(type)}\n\nPOSTed to each endpoint that wants it, as the same JSON GET /v1/events ` +
        'lists, with the Standard Webhooks headers `webhook-id` (the event id), `webhook-timestamp` and ' +
        '`webhook-signature` (`v1,<base64 HMAC-SHA256 of id.timestamp.body>`). Answer 2xx; anything else is retried.',
      security: [],
      request: {
        headers: webhookHeaders,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: isOperationEvent ? operationEventSchema : subscriptionEventSchema,
              examples: isOperationEvent
                ? { succeeded: { summary: 'operation.succeeded', value: eventOperationSucceeded } }
                : { activated: { summary: 'subscription.activated', value: eventActivated } },
            },
          },
        },
      },
      // The receiver's answer: it sends none of our headers.
      responses: { 204: { description: 'Any 2xx: received; nothing more is sent for this event' } },
    });
  }
}
