import type { MiddlewareHandler } from 'hono';
import type { AppEnvironment } from '../app-environment.js';
import type { Logger } from '../logger.js';

/** One structured line per request: no headers, no bodies, so no secrets. */
export function accessLog(
  logger: Logger,
  now: () => number = () => performance.now(),
): MiddlewareHandler<AppEnvironment> {
  return async (context, next) => {
    const started = now();
    await next();
    const fields = {
      requestId: context.get('requestId'),
      method: context.req.method,
      path: context.req.path,
      status: context.res.status,
      durationMs: Math.round((now() - started) * 10) / 10,
      tenantId: context.get('tenant')?.id,
    };
    if (context.res.status >= 500) logger.error(fields, 'request failed');
    else logger.info(fields, 'request');
  };
}
