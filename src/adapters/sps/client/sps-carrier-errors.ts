import { CarrierRejectedError, CarrierUnavailableError } from '../../../core/errors.js';

/**
 * The one place that turns what SPS answered into core errors. SPS's error body is inferred
 * (`{status:"Failure", errorCode, errorMessage, errors?}`); anything else is tolerated and reported as text.
 */
export const spsCarrierId = 'sps';

export interface SpsErrorBody {
  errorCode?: string;
  errorMessage?: string;
  errors?: Array<{ field?: string; message?: string }>;
}

function readErrorBody(body: unknown): SpsErrorBody {
  if (typeof body !== 'object' || body === null) return {};
  const candidate = body as Record<string, unknown>;
  return {
    ...(typeof candidate.errorCode === 'string' ? { errorCode: candidate.errorCode } : {}),
    ...(typeof candidate.errorMessage === 'string' ? { errorMessage: candidate.errorMessage } : {}),
    ...(Array.isArray(candidate.errors) ? { errors: candidate.errors as SpsErrorBody['errors'] } : {}),
  };
}

/** A 4xx SPS answered (other than 401 and 429, which the transport handles): the carrier said no. */
export function spsRejection(httpStatus: number, body: unknown, what: string): CarrierRejectedError {
  const parsed = readErrorBody(body);
  const fieldDetails = (parsed.errors ?? [])
    .map((error) => [error.field, error.message].filter(Boolean).join(': '))
    .filter((text) => text !== '');
  const carrierMessage = parsed.errorMessage ?? (typeof body === 'string' && body !== '' ? body : undefined);
  const message = [`SPS refused to ${what} (HTTP ${httpStatus})`, carrierMessage, ...fieldDetails]
    .filter(Boolean)
    .join('; ');
  return new CarrierRejectedError(message, {
    id: spsCarrierId,
    ...(parsed.errorCode ? { code: parsed.errorCode } : {}),
    ...(carrierMessage ? { message: carrierMessage } : {}),
    httpStatus,
  });
}

export function spsUnavailable(
  message: string,
  options: { requestMayHaveArrived: boolean; httpStatus?: number; retryAfterSeconds?: number; cause?: unknown },
): CarrierUnavailableError {
  return new CarrierUnavailableError(
    message,
    { id: spsCarrierId, ...(options.httpStatus ? { httpStatus: options.httpStatus } : {}) },
    {
      requestMayHaveArrived: options.requestMayHaveArrived,
      ...(options.retryAfterSeconds !== undefined ? { retryAfterSeconds: options.retryAfterSeconds } : {}),
      ...(options.cause !== undefined ? { cause: options.cause } : {}),
    },
  );
}

/** Retry-After in seconds, when SPS sent a usable one. */
export function retryAfterSeconds(response: Response): number | undefined {
  const header = response.headers.get('Retry-After');
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}
