import type { MiddlewareHandler } from 'hono';
import type { AppEnvironment } from '../app-environment.js';
import { problemInstance } from '../problem-response.js';

/**
 * Runs after everything else (handlers, `onError`, not-found), so every answer carries `x-request-id` and every
 * problem an `instance`, however the response was built: `c.json`, our problem mapper, or a `new Response` such
 * as the Idempotency-Key layer's stored answers and replays.
 */
export function requestIdOnEveryResponse(): MiddlewareHandler<AppEnvironment> {
  return async (context, next) => {
    await next();
    const requestId = context.get('requestId');
    if (!requestId) return;
    // Most answers already carry it (hono's requestId middleware prepares the header before the handler runs);
    // setting a header on a finished response copies the whole Response, so only those that lack it pay for that.
    if (context.res.headers.get('x-request-id') !== requestId) context.header('x-request-id', requestId);
    const response = context.res;
    // The content type first: asking a Node response for its `body` builds the full Response it otherwise avoids.
    if (!response.headers.get('content-type')?.startsWith('application/problem+json') || !response.body) return;
    // Problems are small; one a replay or another layer built without an instance gets this request's.
    const text = await response.text();
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    context.res = undefined;
    context.res = new Response(withInstance(text, problemInstance(requestId)), {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
}

function withInstance(text: string, instance: string): string {
  try {
    const problem: unknown = JSON.parse(text);
    if (typeof problem !== 'object' || problem === null || Array.isArray(problem) || 'instance' in problem) {
      return text;
    }
    return JSON.stringify({ ...problem, instance });
  } catch {
    return text;
  }
}
