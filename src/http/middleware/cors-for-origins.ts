import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/**
 * CORS for the browser origins the operator listed (CORS_ORIGINS), answered before authentication so a preflight
 * needs no key. A request from any other origin passes through untouched: hono's cors() would still add its
 * Allow-Methods and Allow-Headers to a preflight, and we want other origins to see no CORS headers at all.
 */
export function corsForOrigins(origins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(origins);
  const handler = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
    exposeHeaders: ['x-request-id', 'Location', 'Idempotent-Replayed'],
    maxAge: 600,
  });
  return async (context, next) => {
    const origin = context.req.header('origin');
    if (origin === undefined || !allowed.has(origin)) return next();
    return handler(context, next);
  };
}
