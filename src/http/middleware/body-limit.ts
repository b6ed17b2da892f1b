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
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new GatewayError(
        'payload_too_large',
        `The request body is larger than ${maxBytes} bytes, the most this gateway accepts.`,
      );
    },
  });
}
