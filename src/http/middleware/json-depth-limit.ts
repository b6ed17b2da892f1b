import type { MiddlewareHandler } from 'hono';
import { ValidationError } from '../../core/index.js';
import type { AppEnvironment } from '../app-environment.js';
import { nestsDeeperThan } from '../json-depth.js';

const jsonMediaType = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * A JSON body nested deeper than `maxDepth` is refused before anything parses or walks it. It reads a copy of the
 * body (already bounded by the body limit), so routes that read the raw request, such as carrier callbacks, still
 * can.
 */
export function limitJsonDepth(maxDepth: number): MiddlewareHandler<AppEnvironment> {
  return async (context, next) => {
    const contentType = context.req.header('content-type');
    if (context.req.raw.body && contentType && jsonMediaType.test(contentType)) {
      const text = await context.req.raw.clone().text();
      if (nestsDeeperThan(text, maxDepth)) {
        throw new ValidationError(`The request body nests objects and arrays deeper than ${maxDepth} levels.`, [
          { pointer: '', detail: `nested deeper than ${maxDepth} levels` },
        ]);
      }
    }
    await next();
  };
}
