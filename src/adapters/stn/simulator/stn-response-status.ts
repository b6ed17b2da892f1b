/**
 * sTN's error bodies (ServiceStack `ResponseStatus`), with the documented wording. The three documented
 * shapes are copied exactly: FluentValidation `MaximumLength` with string `meta`, `BadRequest` with a message and
 * no field errors, and System.Text.Json's `SerializationException` for a missing required property — including
 * the unbalanced quote after the DTO name and the newline.
 */
export interface StnFieldError {
  errorCode: string;
  fieldName: string;
  message: string;
  meta?: Record<string, string>;
}

export interface StnErrorBody {
  responseStatus: { errorCode: string; message: string; errors: StnFieldError[] };
}

const dtoNamespace = 'STNPartnerAPIServiceStack.ServiceModel';

/** FluentValidation's display name for a camelCase property: split before capitals (`referenceNumber` → `reference Number`). */
export function displayName(fieldName: string): string {
  return fieldName.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
}

export function errorBody(errorCode: string, message: string, errors: StnFieldError[] = []): StnErrorBody {
  return { responseStatus: { errorCode, message, errors } };
}

/** The first field error is repeated at the top, as ServiceStack does. */
export function validationErrorBody(errors: StnFieldError[]): StnErrorBody {
  const [first] = errors;
  if (!first) throw new Error('validationErrorBody needs at least one error');
  return errorBody(first.errorCode, first.message, errors);
}

export function maximumLengthError(fieldName: string, maxLength: number, value: string): StnFieldError {
  const name = displayName(fieldName);
  const message = `The length of '${name}' must be ${maxLength} characters or fewer. You entered ${value.length} characters.`;
  return {
    errorCode: 'MaximumLength',
    fieldName,
    message,
    meta: {
      MinLength: '0',
      MaxLength: String(maxLength),
      TotalLength: String(value.length),
      PropertyName: name,
      PropertyValue: value,
    },
  };
}

/** FluentValidation `NotEmpty` (inferred wording: FluentValidation's default message and sTN's display names). */
export function notEmptyError(fieldName: string): StnFieldError {
  const name = displayName(fieldName);
  return { errorCode: 'NotEmpty', fieldName, message: `'${name}' must not be empty.`, meta: { PropertyName: name } };
}

export function badRequest(message: string): StnErrorBody {
  return errorBody('BadRequest', message);
}

function serializationException(dtoName: string, error: string): StnErrorBody {
  return errorBody(
    'SerializationException',
    `Could not deserialize 'application/json' request using ${dtoNamespace}.${dtoName}'\nError: ${error}`,
  );
}

export function missingRequiredPropertyError(dtoName: string, propertyNames: readonly string[]): StnErrorBody {
  return serializationException(
    dtoName,
    `JSON deserialization for type '${dtoNamespace}.${dtoName}' was missing required properties, including the following: ${propertyNames.join(', ')}`,
  );
}

/** System.Text.Json's wording for a value of the wrong type (inferred from the same template). */
export function conversionError(dtoName: string, dotNetType: string, path: string): StnErrorBody {
  return serializationException(dtoName, `The JSON value could not be converted to ${dotNetType}. Path: $.${path}`);
}

/** A body that is not JSON at all (System.Text.Json's reader wording; inferred). */
export function malformedJsonError(dtoName: string, text: string): StnErrorBody {
  const first = text.trim()[0] ?? '0x00';
  return serializationException(
    dtoName,
    `'${first}' is an invalid start of a value. Path: $ | LineNumber: 0 | BytePositionInLine: 0.`,
  );
}

export const unauthorisedBody = errorBody('Unauthorized', 'Invalid or missing stn-api-key');
export const rateLimitedBody = errorBody('TooManyRequests', 'Too Many Requests');
/** 403 is documented ("caller lacks permission"); its body is not, so it has the shape of every other error. */
export const forbiddenBody = errorBody('Forbidden', 'The caller lacks permission for this operation');
export const serverErrorBody = errorBody('InternalServerError', 'An internal server error occurred');
