import type { MiddlewareHandler } from 'hono';
import { ValidationError } from '../../core/index.js';
import type { AppEnvironment } from '../app-environment.js';
import { nestsDeeperThan } from '../json-depth.js';

const jsonMediaType = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * A JSON body is looked at once, before anything parses or walks it:
 * - nested deeper than `maxDepth`, it is refused (400), so no recursion downstream meets it;
 * - empty, it is no body: `Content-Type: application/json` with nothing after it (curl does this) then works where
 *   a body is optional, and where one is required the schema names the missing fields instead of "malformed JSON".
 * It reads a copy of the body (already bounded by the body limit), so routes that read the raw request, such as
 * carrier callbacks, still can.
 */
export function checkJsonBody(maxDepth: number): MiddlewareHandler<AppEnvironment> {
  return async (context, next) => {
    const contentType = context.req.header('content-type');
    // The header first: `raw.body` makes @hono/node-server build the full Request, which a GET never needs.
    if (contentType && jsonMediaType.test(contentType) && context.req.raw.body) {
      const text = await context.req.raw.clone().text();
      if (text.trim() === '') {
        const headers = new Headers(context.req.raw.headers);
        headers.delete('content-type');
        headers.delete('content-length');
        context.req.raw = new Request(context.req.url, { method: context.req.method, headers });
      } else if (nestsDeeperThan(text, maxDepth)) {
        throw new ValidationError(`The request body nests objects and arrays deeper than ${maxDepth} levels.`, [
          { pointer: '', detail: `nested deeper than ${maxDepth} levels` },
        ]);
      }
    }
    await next();
  };
}
