import type { Context } from 'hono';
import {
  IdempotencyMismatchError,
  RequestInProgressError,
  sha256Hex,
  toGatewayError,
  ValidationError,
} from '../core/index.js';
import type { AppDependencies, AppEnvironment } from './app-environment.js';

export const idempotencyHeader = 'Idempotency-Key';
const dayMs = 24 * 60 * 60 * 1000;

export interface JsonResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Key order must not make two equal bodies look different. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : 1));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${stableJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Idempotency-Key handling, after the IETF draft and Stripe's practice: the first request with a key runs and its
 * response is stored; the same key with the same method, path and body replays that response
 * (`Idempotent-Replayed: true`); the same key while the first is still running answers 409; the same key with
 * another request answers 422. Keys are per tenant and kept at least 24 hours. A request that failed with a 5xx
 * did nothing durable, so its key is released for a retry.
 */
export async function withIdempotency(
  context: Context<AppEnvironment>,
  dependencies: AppDependencies,
  body: unknown,
  handler: () => Promise<JsonResult>,
): Promise<Response> {
  const key = context.req.header(idempotencyHeader);
  if (key === undefined) return respond(await handler());
  if (key.length < 1 || key.length > 255) {
    throw new ValidationError('The Idempotency-Key header must be 1 to 255 characters.', [
      { pointer: idempotencyHeader, detail: 'must be 1 to 255 characters' },
    ]);
  }
  const tenantId = context.get('tenant').id;
  const url = new URL(context.req.url);
  const fingerprint = await sha256Hex(`${context.req.method} ${url.pathname}\n${stableJson(body ?? null)}`);
  const now = dependencies.clock.now();
  const retention = Math.max(dayMs, dependencies.idempotencyRetentionMs ?? dayMs);
  const begun = await dependencies.store.idempotency.begin({
    tenantId,
    key,
    fingerprint,
    now,
    expiredBefore: new Date(now.getTime() - retention),
  });
  if (begun.state === 'in_progress') throw new RequestInProgressError();
  if (begun.state === 'mismatch') throw new IdempotencyMismatchError();
  if (begun.state === 'completed') {
    return respond({ status: begun.responseStatus, body: begun.responseBody }, { 'Idempotent-Replayed': 'true' });
  }
  let result: JsonResult;
  try {
    result = await handler();
  } catch (error) {
    const gatewayError = toGatewayError(error);
    if (gatewayError.status >= 500) {
      await dependencies.store.idempotency.release({ tenantId, key });
      throw error;
    }
    const problem = gatewayError.toProblem();
    result = { status: problem.status, body: problem };
  }
  await dependencies.store.idempotency.complete({
    tenantId,
    key,
    responseStatus: result.status,
    responseBody: result.body,
    now: dependencies.clock.now(),
  });
  return respond(result);
}

function respond(result: JsonResult, extra: Record<string, string> = {}): Response {
  const isProblem = result.status >= 400;
  const headers: Record<string, string> = {
    'content-type': isProblem ? 'application/problem+json' : 'application/json',
    ...result.headers,
    ...extra,
  };
  const operationId =
    (result.body as { object?: string; id?: string } | null)?.object === 'operation'
      ? (result.body as { id: string }).id
      : null;
  if (operationId && !headers.location) headers.location = `/v1/operations/${operationId}`;
  return new Response(JSON.stringify(result.body), { status: result.status, headers });
}
