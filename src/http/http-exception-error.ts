import type { HTTPException } from 'hono/http-exception';
import { type ErrorCode, errorCodes, GatewayError, toGatewayError, ValidationError } from '../core/index.js';

/**
 * Hono and its validators signal some refusals by throwing HTTPException (a body that is not JSON at all, a media
 * type the route does not take). Each keeps its status as one of our errors, so it reaches the client as
 * problem+json like every other refusal instead of falling through to a 500.
 */
export function gatewayErrorFromHttpException(error: HTTPException): GatewayError {
  switch (error.status) {
    case 400:
      // The only 400 Hono's validator throws: the body claimed to be JSON and did not parse.
      return new ValidationError(`The request body is not valid JSON: ${error.message}`, [
        { pointer: '', detail: 'malformed JSON' },
      ]);
    case 415:
      // @hono/zod-openapi's media-type gate: a body sent as text/plain, a form, or with no content type at all.
      return new GatewayError(
        'unsupported_media_type',
        'The request body must be JSON: expected application/json (send "Content-Type: application/json").',
      );
    default: {
      // Any other status keeps its meaning where we have a code for it; one we have none for is our bug (500).
      const code = (Object.keys(errorCodes) as ErrorCode[]).find(
        (candidate) => errorCodes[candidate].status === error.status && candidate !== 'internal',
      );
      return code ? new GatewayError(code, error.message || errorCodes[code].title) : toGatewayError(error);
    }
  }
}
