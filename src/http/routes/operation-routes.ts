import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  cancelMigration,
  NotFoundError,
  type OperationKind,
  StateConflictError,
  toOperationView,
} from '../../core/index.js';
import { operationFailed, operationSucceeded, requestExamples } from '../../openapi-examples/index.js';
import { cancelBody, changePortInBody, idParam, listOf, operationListQuery, operationView } from '../api-schemas.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { withIdempotency } from '../idempotency.js';
import { idempotencyKeyParameter, jsonBody, jsonResponse, problems } from '../openapi-schemas.js';
import { encodePageCursor } from '../page-cursor.js';
import { operationAcceptedResponses, startOperation } from './operation-responses.js';

const listOperationsRoute = createRoute({
  method: 'get',
  path: '/v1/operations',
  operationId: 'listOperations',
  tags: ['Operations'],
  summary: 'List operations',
  description:
    'The asynchronous work, newest first, filtered by status, kind or subscription, in pages: pass `nextCursor` back ' +
    'as `cursor` until it is null.',
  request: { query: operationListQuery },
  responses: {
    200: jsonResponse('A page of operations', listOf(operationView), {
      page: { summary: 'One finished activation', value: { data: [operationSucceeded], nextCursor: null } },
    }),
    ...problems('BadRequest', 'Unauthorised'),
  },
});

const getOperationRoute = createRoute({
  method: 'get',
  path: '/v1/operations/{id}',
  operationId: 'getOperation',
  tags: ['Operations'],
  summary: 'Get one operation',
  description:
    "Its status (`pending`, `in_progress`, then `succeeded`, `failed` or `cancelled`), the carrier's reference and " +
    'status word, the result (what the carrier reported: number, ICCID, eSIM profile) or the error (a Problem with ' +
    "the carrier's own words). Poll it, or use webhooks or GET /v1/events instead.",
  request: { params: idParam },
  responses: {
    200: jsonResponse('The operation', operationView, {
      succeeded: { summary: 'An activation the carrier confirmed', value: operationSucceeded },
      failed: { summary: 'An activation the carrier refused', value: operationFailed },
    }),
    ...problems('BadRequest', 'Unauthorised', 'NotFound'),
  },
});

const attemptSchema = z
  .object({
    id: z.string(),
    phase: z.enum(['submit', 'poll', 'find_submission', 'callback']),
    outcome: z.enum(['started', 'succeeded', 'failed', 'unknown']),
    request: z.unknown().describe('What was sent (secrets redacted)'),
    response: z.unknown().describe('What came back (secrets redacted)'),
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
  operationId: 'listOperationAttempts',
  tags: ['Operations'],
  summary: "List an operation's carrier calls",
  description:
    'Every call made to the carrier for an operation — submission, polls, lookups, callbacks — oldest first, with ' +
    'request and response (redacted), HTTP status and latency: what to look at when a carrier disagrees.',
  request: { params: idParam },
  responses: {
    200: jsonResponse('The attempts', z.object({ data: z.array(attemptSchema) }), {
      attempts: {
        summary: 'A submission',
        value: {
          data: [
            {
              id: 'att_01m8s824zh000877xf0f952kcz',
              phase: 'submit',
              outcome: 'succeeded',
              request: { kind: 'activate', correlationId: 'g3K69YAGM6QTCJG' },
              response: { carrierReference: 'fHESERZCxuCTZA4WX' },
              httpStatus: 200,
              latencyMs: 66,
              error: null,
              startedAt: '2026-12-01T16:47:29.777Z',
              finishedAt: '2026-12-01T16:47:29.843Z',
            },
          ],
        },
      },
    }),
    ...problems('BadRequest', 'Unauthorised', 'NotFound'),
  },
});

const changePortInRoute = createRoute({
  method: 'patch',
  path: '/v1/operations/{id}',
  operationId: 'changePortIn',
  tags: ['Operations'],
  summary: 'Change a pending port-in',
  description:
    'Moves a port-in that has not happened yet to another moment, or corrects the donor account number (sTN ' +
    '`ChangePortIn`). Answers 202 with a new Operation. Problems: `not_found`, `conflict_with_state` (the port-in ' +
    'is no longer pending), `unsupported_by_carrier`.',
  parameters: [idempotencyKeyParameter],
  request: {
    params: idParam,
    body: jsonBody(changePortInBody, { portAt: requestExamples.changePortIn }),
  },
  responses: operationAcceptedResponses,
});

const cancelRoute = createRoute({
  method: 'post',
  path: '/v1/operations/{id}/cancel',
  operationId: 'cancelOperation',
  tags: ['Operations'],
  summary: 'Cancel a pending operation',
  description:
    'Cancels a pending activation, port-in, port-out or scheduled cease at the carrier (sTN). Answers 202 with a ' +
    'new cancellation Operation; the original ends `cancelled` once the carrier confirms. Problems: `not_found`, ' +
    '`conflict_with_state` (this kind cannot be cancelled, or it already took effect), `unsupported_by_carrier`.',
  parameters: [idempotencyKeyParameter],
  request: {
    params: idParam,
    body: jsonBody(cancelBody, { cancel: requestExamples.cancel }, false),
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
        ...(query.parentOperationId ? { parentOperationId: query.parentOperationId } : {}),
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
    if (target.kind === 'migrate') {
      // A migration is cancelled by cancelling its pending port-in at the target, as one of its steps.
      return withIdempotency(context, dependencies, context.req.valid('json') ?? {}, async (scope) => {
        const cancel = await cancelMigration(
          { ...dependencies, ...scope },
          { tenantId: context.get('tenant').id, operationId: id, body: context.req.valid('json') ?? {} },
        );
        return { status: 202, body: toOperationView(cancel) };
      }) as never;
    }
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
