import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { NotFoundError, type OperationKind, StateConflictError, toOperationView } from '../../core/index.js';
import {
  cancelBody,
  changePortInBody,
  idempotencyKeyHeaders,
  idParam,
  listOf,
  operationListQuery,
  operationView,
} from '../api-schemas.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { bearerSecurity, commonErrorResponses, problemContent } from '../openapi-schemas.js';
import { encodePageCursor } from '../page-cursor.js';
import { operationAcceptedResponses, startOperation } from './operation-responses.js';

const listOperationsRoute = createRoute({
  method: 'get',
  path: '/v1/operations',
  tags: ['Operations'],
  summary: 'The asynchronous work, newest first',
  security: bearerSecurity,
  request: { query: operationListQuery },
  responses: {
    200: { description: 'A page of operations', content: { 'application/json': { schema: listOf(operationView) } } },
    ...commonErrorResponses,
  },
});

const getOperationRoute = createRoute({
  method: 'get',
  path: '/v1/operations/{id}',
  tags: ['Operations'],
  summary: 'One operation: its status, the carrier reference and status, the result or the error',
  security: bearerSecurity,
  request: { params: idParam },
  responses: {
    200: { description: 'The operation', content: { 'application/json': { schema: operationView } } },
    404: { description: 'No such operation in your tenant', content: problemContent },
    ...commonErrorResponses,
  },
});

const attemptSchema = z
  .object({
    id: z.string(),
    phase: z.enum(['submit', 'poll', 'find_submission', 'callback']),
    outcome: z.enum(['started', 'succeeded', 'failed', 'unknown']),
    request: z.unknown(),
    response: z.unknown(),
    httpStatus: z.number().nullable(),
    latencyMs: z.number().nullable(),
    error: z.unknown(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('OperationAttempt');

const listAttemptsRoute = createRoute({
  method: 'get',
  path: '/v1/operations/{id}/attempts',
  tags: ['Operations'],
  summary: 'Every carrier call made for an operation (redacted), oldest first',
  security: bearerSecurity,
  request: { params: idParam },
  responses: {
    200: {
      description: 'The attempts',
      content: { 'application/json': { schema: z.object({ data: z.array(attemptSchema) }) } },
    },
    404: { description: 'No such operation in your tenant', content: problemContent },
    ...commonErrorResponses,
  },
});

const changePortInRoute = createRoute({
  method: 'patch',
  path: '/v1/operations/{id}',
  tags: ['Operations'],
  summary: 'Change a pending port-in (its date or donor account)',
  security: bearerSecurity,
  request: {
    params: idParam,
    headers: idempotencyKeyHeaders,
    body: { required: true, content: { 'application/json': { schema: changePortInBody } } },
  },
  responses: operationAcceptedResponses,
});

const cancelRoute = createRoute({
  method: 'post',
  path: '/v1/operations/{id}/cancel',
  tags: ['Operations'],
  summary: 'Cancel a pending activation, port-in, port-out or scheduled cease',
  description:
    'Starts a cancellation operation at the carrier; the original operation ends `cancelled` once the carrier confirms.',
  security: bearerSecurity,
  request: {
    params: idParam,
    headers: idempotencyKeyHeaders,
    body: { required: false, content: { 'application/json': { schema: cancelBody } } },
  },
  responses: operationAcceptedResponses,
});

const cancellationOf: Partial<Record<OperationKind, OperationKind>> = {
  activate: 'cancel_activation',
  port_in: 'cancel_port_in',
  port_out: 'cancel_port_out',
  cease: 'cancel_cease',
};

export function operationRoutes(dependencies: AppDependencies) {
  const app = new OpenAPIHono<AppEnvironment>();

  app.openapi(listOperationsRoute, async (context) => {
    const query = context.req.valid('query');
    const page = await dependencies.store.operations.list(
      context.get('tenant').id,
      {
        ...(query.status ? { status: query.status } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.subscriptionId ? { subscriptionId: query.subscriptionId } : {}),
      },
      { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) },
    );
    return context.json({ data: page.items.map(toOperationView), nextCursor: encodePageCursor(page.nextCursor) }, 200);
  });

  app.openapi(getOperationRoute, async (context) => {
    const { id } = context.req.valid('param');
    const operation = await dependencies.store.operations.get(context.get('tenant').id, id);
    if (!operation) throw new NotFoundError('Operation', id);
    return context.json(toOperationView(operation), 200);
  });

  app.openapi(listAttemptsRoute, async (context) => {
    const { id } = context.req.valid('param');
    const operation = await dependencies.store.operations.get(context.get('tenant').id, id);
    if (!operation) throw new NotFoundError('Operation', id);
    const attempts = await dependencies.store.attempts.listForOperation(id);
    return context.json(
      {
        data: attempts.map((attempt) => ({
          id: attempt.id,
          phase: attempt.phase,
          outcome: attempt.outcome,
          request: attempt.request,
          response: attempt.response,
          httpStatus: attempt.httpStatus,
          latencyMs: attempt.latencyMs,
          error: attempt.error,
          startedAt: attempt.startedAt.toISOString(),
          finishedAt: attempt.finishedAt?.toISOString() ?? null,
        })),
      },
      200,
    );
  });

  app.openapi(changePortInRoute, (context) => {
    const { id } = context.req.valid('param');
    return startOperation(context, dependencies, {
      kind: 'change_port_in',
      body: context.req.valid('json'),
      targetOperationId: id,
    }) as never;
  });

  app.openapi(cancelRoute, async (context) => {
    const { id } = context.req.valid('param');
    const target = await dependencies.store.operations.get(context.get('tenant').id, id);
    if (!target) throw new NotFoundError('Operation', id);
    const kind = cancellationOf[target.kind];
    if (!kind) {
      throw new StateConflictError(
        `A ${target.kind.replaceAll('_', ' ')} cannot be cancelled; only activations, port-ins, port-outs and scheduled ceases can.`,
      );
    }
    return startOperation(context, dependencies, {
      kind,
      body: context.req.valid('json') ?? {},
      targetOperationId: id,
    }) as never;
  });
  return app;
}
