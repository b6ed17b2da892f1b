import type { Context } from 'hono';
import { type OperationKind, requestOperation, toOperationView } from '../../core/index.js';
import { operationPending } from '../../openapi-examples/index.js';
import { operationView } from '../api-schemas.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { withIdempotency } from '../idempotency.js';
import { jsonResponse, operationResponseHeaders, problems } from '../openapi-schemas.js';

/** The responses every mutation that starts an operation can give. */
export const operationAcceptedResponses = {
  202: jsonResponse(
    'Accepted: the operation is stored and the engine will carry it to the carrier. Follow it with ' +
      'GET /v1/operations/{id} (`Location`), webhooks or GET /v1/events.',
    operationView,
    { accepted: { summary: 'Accepted, not yet sent to the carrier', value: operationPending } },
    operationResponseHeaders,
  ),
  ...problems(
    'BadRequest',
    'Unauthorised',
    'NotFound',
    'Conflict',
    'PayloadTooLarge',
    'UnsupportedMediaType',
    'Unprocessable',
  ),
} as const;

/** Start an operation from an HTTP request: idempotent, answered 202 with the Operation. */
export function startOperation(
  context: Context<AppEnvironment>,
  dependencies: AppDependencies,
  options: { kind: OperationKind; body: unknown; subscriptionId?: string; targetOperationId?: string },
): Promise<Response> {
  return withIdempotency(context, dependencies, options, async (scope) => {
    // The scope's store and carriers: inside the transaction that holds the Idempotency-Key's claim.
    const inScope = { ...dependencies, ...scope };
    const result = await requestOperation(inScope, {
      tenantId: context.get('tenant').id,
      kind: options.kind,
      body: options.body,
      subscriptionId: options.subscriptionId,
      targetOperationId: options.targetOperationId,
      idempotencyKey: context.req.header('idempotency-key') ?? null,
    });
    return { status: 202, body: toOperationView(result.operation) };
  });
}
