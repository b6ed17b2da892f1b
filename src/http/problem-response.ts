import type { Context } from 'hono';
import { toGatewayError } from '../core/index.js';
import type { Logger } from './logger.js';

/** Where a problem happened, as RFC 9457's `instance`: the request, by the id it is logged under. */
export function problemInstance(requestId: string): string {
  return `urn:request:${requestId}`;
}

/**
 * The one place where errors become HTTP responses: RFC 9457 problem+json, with our stable `code`, field errors and
 * the carrier's own words where a carrier said no. Unexpected errors are logged with their cause and answered 500
 * without internals.
 */
export function problemResponse(context: Context, error: unknown, logger: Logger): Response {
  const gatewayError = toGatewayError(error);
  const requestId = context.get('requestId') as string | undefined;
  if (gatewayError.code === 'internal') {
    logger.error(
      { requestId, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) },
      'unexpected error',
    );
  }
  const problem = gatewayError.toProblem(requestId ? problemInstance(requestId) : undefined);
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (requestId) headers['x-request-id'] = requestId;
  if (gatewayError.code === 'unauthorised') headers['www-authenticate'] = 'Bearer realm="mvno-gateway"';
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}
