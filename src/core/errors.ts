import type { PortingRejectionReason } from './porting-rejections.js';
import type { Problem } from './problem.js';

/**
 * One error hierarchy for the whole gateway. Each error has a stable `code`, a problem-type URI and an HTTP status;
 * src/http turns any of them into problem+json with one function. `isRetryable` tells the engine whether trying
 * the same carrier call again later can succeed.
 */
export const problemTypeBase = 'https://mvno-gateway.dev/problems/';

export const errorCodes = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  unauthorised: { status: 401, title: 'Missing or invalid credentials' },
  forbidden: { status: 403, title: 'Not allowed' },
  not_found: { status: 404, title: 'Not found' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'The request body is not of a type this route takes' },
  conflict_with_state: { status: 409, title: 'Not allowed in the current state' },
  request_in_progress: { status: 409, title: 'A request with this Idempotency-Key is still in progress' },
  idempotency_mismatch: { status: 422, title: 'Idempotency-Key reused with another request' },
  unsupported_by_carrier: { status: 422, title: 'The carrier does not support this' },
  carrier_rejected: { status: 422, title: 'The carrier rejected the request' },
  carrier_unavailable: { status: 503, title: 'The carrier could not be reached' },
  carrier_not_configured: { status: 503, title: 'This gateway is not set up for the carrier' },
  carrier_status_unrecognised: { status: 502, title: 'The carrier reported a status the gateway does not know' },
  refused_by_policy: { status: 422, title: "Refused by this gateway's security policy" },
  internal: { status: 500, title: 'Internal error' },
} as const;
export type ErrorCode = keyof typeof errorCodes;

export interface FieldError {
  /** JSON pointer into the request body (`/sim/iccid`), or a query/header name. */
  pointer: string;
  detail: string;
}

export interface CarrierErrorDetail {
  /** Adapter id. */
  id: string;
  /** The carrier's own error code, if it gave one. */
  code?: string;
  /** The carrier's own message, unmapped. */
  message?: string;
  httpStatus?: number;
  /** For a refused port-in: the canonical reason, mapped from `code` by the adapter. */
  reason?: PortingRejectionReason;
}

interface GatewayErrorOptions {
  detail?: string;
  errors?: FieldError[];
  carrier?: CarrierErrorDetail;
  cause?: unknown;
  retryable?: boolean;
}

const gatewayErrorMarker = Symbol.for('mvno-gateway.error');

export class GatewayError extends Error {
  readonly [gatewayErrorMarker] = true;
  readonly code: ErrorCode;
  readonly errors: FieldError[] | undefined;
  readonly carrier: CarrierErrorDetail | undefined;
  readonly isRetryable: boolean;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.errors = options.errors;
    this.carrier = options.carrier;
    this.isRetryable = options.retryable ?? false;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }

  /**
   * Works across duplicate copies of this module (plugins bundling their own core), unlike `instanceof`.
   * Called on a subclass (`ValidationError.isInstance(x)`) it also checks the error's name, which each subclass sets.
   */
  static isInstance<T extends abstract new (...args: never[]) => GatewayError>(
    this: T,
    value: unknown,
  ): value is InstanceType<T> {
    if (typeof value !== 'object' || value === null || !(gatewayErrorMarker in value)) return false;
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass it was called on, which is the point.
    const calledOn = this as unknown as { name: string };
    return (calledOn as unknown) === GatewayError || (value as { name?: unknown }).name === calledOn.name;
  }

  toProblem(instance?: string): Problem {
    return {
      type: problemTypeBase + this.code.replaceAll('_', '-'),
      title: errorCodes[this.code].title,
      status: this.status,
      detail: this.message,
      code: this.code,
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
      ...(this.carrier ? { carrier: this.carrier } : {}),
    };
  }
}

export class ValidationError extends GatewayError {
  constructor(message: string, errors: FieldError[] = []) {
    super('validation_failed', message, { errors });
    this.name = 'ValidationError';
  }
}

export class UnauthorisedError extends GatewayError {
  constructor(message = 'Send an API key as "Authorization: Bearer <key>".') {
    super('unauthorised', message);
    this.name = 'UnauthorisedError';
  }
}

export class NotFoundError extends GatewayError {
  constructor(what: string, id: string) {
    super('not_found', `${what} ${id} was not found.`);
    this.name = 'NotFoundError';
  }
}

export class StateConflictError extends GatewayError {
  constructor(message: string) {
    super('conflict_with_state', message);
    this.name = 'StateConflictError';
  }
}

export class UnsupportedByCarrierError extends GatewayError {
  constructor(carrierId: string, message: string, errors?: FieldError[]) {
    super('unsupported_by_carrier', message, { carrier: { id: carrierId }, ...(errors ? { errors } : {}) });
    this.name = 'UnsupportedByCarrierError';
  }
}

/** The carrier understood the request and said no. Sending it again will not help. */
export class CarrierRejectedError extends GatewayError {
  constructor(message: string, carrier: CarrierErrorDetail, errors?: FieldError[]) {
    super('carrier_rejected', message, { carrier, ...(errors ? { errors } : {}) });
    this.name = 'CarrierRejectedError';
  }
}

/**
 * The carrier could not be reached or answered with a transient failure (network, timeout, 5xx, 429).
 * `requestMayHaveArrived` is true when the request left us and we do not know whether the carrier acted on it
 * (a timeout, a dropped connection, a 5xx): the engine then reconciles before it sends anything again.
 */
export class CarrierUnavailableError extends GatewayError {
  readonly requestMayHaveArrived: boolean;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    message: string,
    carrier: CarrierErrorDetail,
    options: { requestMayHaveArrived: boolean; retryAfterSeconds?: number; cause?: unknown },
  ) {
    super('carrier_unavailable', message, { carrier, retryable: true, cause: options.cause });
    this.name = 'CarrierUnavailableError';
    this.requestMayHaveArrived = options.requestMayHaveArrived;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/**
 * The gateway cannot talk to the carrier an operation or line is for: its plugin is not installed in this process,
 * or its connection was deleted or now names another carrier. Not retryable — waiting does not install a plugin —
 * so the engine fails such an operation at once rather than retrying it forever.
 */
export class CarrierNotConfiguredError extends GatewayError {
  constructor(message: string) {
    super('carrier_not_configured', message);
    this.name = 'CarrierNotConfiguredError';
  }
}

/**
 * The carrier kept reporting a status word its adapter does not know until the operation's deadline passed. We
 * cannot tell whether the carrier did the work; the detail quotes the word so a person can find out.
 */
export class CarrierStatusUnrecognisedError extends GatewayError {
  constructor(message: string, carrier: CarrierErrorDetail) {
    super('carrier_status_unrecognised', message, { carrier });
    this.name = 'CarrierStatusUnrecognisedError';
  }
}

/**
 * A well-formed value this gateway will not accept for safety: a webhook URL on a private network, an environment
 * variable outside the carrier prefix. `errors` names the field.
 */
export class PolicyRefusalError extends GatewayError {
  constructor(message: string, errors: FieldError[]) {
    super('refused_by_policy', message, { errors });
    this.name = 'PolicyRefusalError';
  }
}

export class IdempotencyMismatchError extends GatewayError {
  constructor() {
    super(
      'idempotency_mismatch',
      'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
    );
    this.name = 'IdempotencyMismatchError';
  }
}

export class RequestInProgressError extends GatewayError {
  constructor() {
    super(
      'request_in_progress',
      'The first request with this Idempotency-Key has not finished yet; retry after it has.',
    );
    this.name = 'RequestInProgressError';
  }
}

/** Any thrown value as a GatewayError; an unknown error becomes `internal` without leaking its message. */
export function toGatewayError(error: unknown): GatewayError {
  if (GatewayError.isInstance(error)) return error;
  return new GatewayError('internal', 'An unexpected error occurred; it has been logged.', { cause: error });
}
