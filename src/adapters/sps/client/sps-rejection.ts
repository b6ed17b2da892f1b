import { CarrierRejectedError, type CarrierUnavailableError, carrierUnavailable } from '../../../adapter/index.js';

/**
 * What SPS's refusals mean (transient failures are the shared transport's, src/adapter/transport.ts). SPS's error body is inferred
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

/** A CarrierUnavailableError naming SPS, for answers only the adapter can judge (a 2xx without a body). */
export function spsUnavailable(
  message: string,
  options: { requestMayHaveArrived: boolean; httpStatus?: number; retryAfterSeconds?: number; cause?: unknown },
): CarrierUnavailableError {
  return carrierUnavailable(spsCarrierId, message, options);
}
