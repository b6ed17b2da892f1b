import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { refreshLine, toSubscriptionView } from '../../core/index.js';
import { idParam, subscriptionView } from '../api-schemas.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { jsonBody, jsonResponse, problems } from '../openapi-schemas.js';

const driftPolicy = z.enum(['flag', 'adopt']).openapi('DriftPolicy');

const refreshRoute = createRoute({
  method: 'post',
  path: '/v1/subscriptions/{id}/refresh',
  operationId: 'refreshSubscription',
  tags: ['Subscriptions'],
  summary: 'Read a line from its carrier and compare',
  description:
    'Reads the line from its carrier (sTN QuerySubscription, SPS subscription details) and compares status, ' +
    'number, SIM, plan and services with our view. Each disagreement is a `subscription.drift_detected` event ' +
    'with both values. With your drift policy `adopt` our view follows the carrier (unless an operation is under ' +
    'way on the line); with `flag` (the default) it only reports. A sweep does the same, paced, for lines not read ' +
    'recently. Problems: `not_found`, `unsupported_by_carrier` (no read), `carrier_unavailable`.',
  request: { params: idParam },
  responses: {
    200: jsonResponse(
      'What the carrier said, and the line now',
      z
        .object({
          subscription: subscriptionView,
          carrierStatus: z.string(),
          adopted: z.boolean(),
          drift: z.array(z.object({ field: z.string(), ours: z.unknown(), carrier: z.unknown() })),
        })
        .openapi('RefreshResult'),
    ),
    ...problems('BadRequest', 'Unauthorised', 'NotFound', 'Unprocessable'),
  },
});

const getPolicyRoute = createRoute({
  method: 'get',
  path: '/v1/drift-policy',
  operationId: 'getDriftPolicy',
  tags: ['Subscriptions'],
  summary: 'What a refresh does when the carrier disagrees',
  description:
    'Your drift policy: `flag` (the default) only reports a disagreement as `subscription.drift_detected`; ' +
    '`adopt` also makes our view of the line follow the carrier.',
  responses: {
    200: jsonResponse('The policy', z.object({ policy: driftPolicy }).openapi('DriftPolicySetting')),
    ...problems('Unauthorised'),
  },
});

const putPolicyRoute = createRoute({
  method: 'put',
  path: '/v1/drift-policy',
  operationId: 'putDriftPolicy',
  tags: ['Subscriptions'],
  summary: 'Choose whether drift is adopted or only flagged',
  description:
    'Sets what POST /v1/subscriptions/{id}/refresh and the drift sweep do when the carrier disagrees with our view: ' +
    '`flag` reports it, `adopt` reports it and makes our view follow (not while an operation is under way).',
  request: {
    body: jsonBody(z.strictObject({ policy: driftPolicy }).openapi('DriftPolicyRequest'), {
      adopt: { summary: 'Follow the carrier', value: { policy: 'adopt' } },
    }),
  },
  responses: {
    200: jsonResponse('Stored', z.object({ policy: driftPolicy })),
    ...problems('BadRequest', 'Unauthorised'),
  },
});

export function driftRoutes(dependencies: AppDependencies) {
  const app = new OpenAPIHono<AppEnvironment>();
  app.openapi(refreshRoute, async (context) => {
    const result = await refreshLine(dependencies, {
      tenantId: context.get('tenant').id,
      subscriptionId: context.req.valid('param').id,
    });
    return context.json(
      {
        subscription: toSubscriptionView(result.subscription, result.connectionName),
        carrierStatus: result.carrierStatus,
        adopted: result.adopted,
        drift: result.drift,
      },
      200,
    );
  });
  app.openapi(getPolicyRoute, async (context) => {
    return context.json(
      { policy: await dependencies.store.tenantSettings.getDriftPolicy(context.get('tenant').id) },
      200,
    );
  });
  app.openapi(putPolicyRoute, async (context) => {
    const { policy } = context.req.valid('json');
    await dependencies.store.tenantSettings.setDriftPolicy(context.get('tenant').id, policy, dependencies.clock.now());
    return context.json({ policy }, 200);
  });
  return app;
}
