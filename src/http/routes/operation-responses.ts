import type { Context } from 'hono';
import { type OperationKind, requestOperation, toOperationView } from '../../core/index.js';
import { operationView } from '../api-schemas.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { withIdempotency } from '../idempotency.js';
import { commonErrorResponses, problemContent } from '../openapi-schemas.js';

/** The responses every mutation that starts an operation can give. */
export const operationAcceptedResponses = {
  202: {
    description: 'Accepted: the operation is stored and the engine will carry it to the carrier',
    content: { 'application/json': { schema: operationView } },
    headers: { Location: { description: 'The operation', schema: { type: 'string' as const } } },
  },
  ...commonErrorResponses,
  404: { description: 'No such subscription or operation in your tenant', content: problemContent },
  409: {
    description: 'Not allowed in the current state, or the same Idempotency-Key is still in progress',
    content: problemContent,
  },
  422: {
    description: 'Unsupported by the carrier, or Idempotency-Key reused with another request',
    content: problemContent,
  },
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
