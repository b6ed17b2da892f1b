import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { GatewayError } from '../../core/index.js';
import type { AppEnvironment } from '../app-environment.js';

/**
 * No body over `maxBytes` is read: a declared length over it is refused at once, and a body sent without one is
 * counted as it arrives and refused as soon as it passes the limit. This runs before authentication and before a
 * carrier callback's signature is checked, so nobody makes the gateway read more than this.
 */
export function limitBodySize(maxBytes: number): MiddlewareHandler<AppEnvironment> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new GatewayError(
        'payload_too_large',
        `The request body is larger than ${maxBytes} bytes, the most this gateway accepts.`,
      );
    },
  });
  // A GET or HEAD has no body (the Fetch standard forbids one). Asking for `raw.body` anyway costs a read on Node:
  // @hono/node-server then builds the full Request it otherwise avoids (≈ 10% of an authenticated GET's CPU).
  return (context, next) =>
    context.req.method === 'GET' || context.req.method === 'HEAD' ? next() : limit(context, next);
}
