import { CarrierRejectedError, type FieldError, type OperationKind } from '../../core/index.js';
import { canonicalPointerFor, fieldNamedInMessage } from './stn-field-pointers.js';

/**
 * sTN's error answer (a ServiceStack `responseStatus`) → `CarrierRejectedError`, keeping sTN's code and message
 * unmapped on `carrier` and pointing field errors at our canonical request where we can.
 */
interface ResponseStatusLike {
  errorCode?: unknown;
  message?: unknown;
  errors?: unknown;
}

function responseStatusOf(body: unknown): ResponseStatusLike | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const status = (body as Record<string, unknown>).responseStatus ?? (body as Record<string, unknown>).ResponseStatus;
  return typeof status === 'object' && status !== null ? (status as ResponseStatusLike) : undefined;
}

export function toCarrierRejection(
  operationName: string,
  kind: OperationKind | undefined,
  httpStatus: number,
  body: unknown,
): CarrierRejectedError {
  const responseStatus = responseStatusOf(body);
  const code = typeof responseStatus?.errorCode === 'string' ? responseStatus.errorCode : `HTTP${httpStatus}`;
  const message =
    typeof responseStatus?.message === 'string'
      ? responseStatus.message
      : typeof body === 'string' && body !== ''
        ? body.slice(0, 500)
        : `HTTP ${httpStatus}`;
  const fieldErrors: FieldError[] = [];
  const pointerOf = (fieldName: string) => (kind ? canonicalPointerFor(kind, fieldName) : undefined);
  if (Array.isArray(responseStatus?.errors)) {
    for (const item of responseStatus.errors as Record<string, unknown>[]) {
      const pointer = typeof item.fieldName === 'string' ? pointerOf(item.fieldName) : undefined;
      if (pointer) fieldErrors.push({ pointer, detail: String(item.message ?? message) });
    }
  }
  if (fieldErrors.length === 0) {
    const named = fieldNamedInMessage(message);
    const pointer = named ? pointerOf(named) : undefined;
    if (pointer) fieldErrors.push({ pointer, detail: message });
  }
  return new CarrierRejectedError(
    `sTN rejected ${operationName}: ${message}`,
    { id: 'stn', code, message, httpStatus },
    fieldErrors.length > 0 ? fieldErrors : undefined,
  );
}
