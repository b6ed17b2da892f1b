import type { ZodError } from 'zod';
import { fieldErrorsFrom, ValidationError } from '../core/index.js';

const targetWords: Record<string, string> = {
  json: 'request body',
  query: 'query parameters',
  param: 'path parameters',
  header: 'headers',
};

/**
 * A failed request validation as a ValidationError: JSON pointers into the body, or for query, path and header
 * parameters the parameter's name.
 */
export function validationErrorFrom(error: ZodError, target: string): ValidationError {
  const errors = fieldErrorsFrom(error).map((fieldError) =>
    target === 'json'
      ? fieldError
      : { ...fieldError, pointer: fieldError.pointer.replace(/^\//, '').replaceAll('/', '.') || target },
  );
  const first = errors[0];
  const summary = first ? `${first.pointer || '/'}: ${first.detail}` : 'invalid input';
  return new ValidationError(`Invalid ${targetWords[target] ?? target}: ${summary}.`, errors);
}
