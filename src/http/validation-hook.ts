import type { ZodError } from 'zod';
import { type FieldError, fieldErrorsFrom, ValidationError } from '../core/index.js';
import { findUnstorableText } from './storable-text.js';

const targetWords: Record<string, string> = {
  json: 'request body',
  query: 'query parameters',
  param: 'path parameters',
  header: 'headers',
};

/**
 * One pointer style for the whole API: a JSON pointer into the body (`/sim/iccid`), and for query, path and header
 * parameters the parameter's name (`cursor`; a nested part joined with dots). `jsonPointer` is where the problem
 * is in the validated value, as a JSON pointer.
 */
export function pointerFor(target: string, jsonPointer: string): string {
  if (target === 'json') return jsonPointer;
  return jsonPointer.replace(/^\//, '').replaceAll('/', '.') || target;
}

function escapePointerSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function validationError(target: string, errors: FieldError[]): ValidationError {
  const first = errors[0];
  const summary = first ? `${first.pointer || '/'}: ${first.detail}` : 'invalid input';
  return new ValidationError(`Invalid ${targetWords[target] ?? target}: ${summary}.`, errors);
}

/** A failed request validation as a ValidationError naming each wrong field. */
export function validationErrorFrom(error: ZodError, target: string): ValidationError {
  const errors = fieldErrorsFrom(error).map((fieldError) => ({
    ...fieldError,
    pointer: pointerFor(target, fieldError.pointer),
  }));
  return validationError(target, errors);
}

type ValidationResult = { target: string } & ({ success: true; data: unknown } | { success: false; error: ZodError });

/**
 * The hook every route's validators call, for every input part (path, query, headers, body), valid or not: a
 * schema failure, or text PostgreSQL cannot store anywhere in a valid input (NUL, unpaired surrogates), becomes
 * a 400 naming the field. Doing it here checks every route in one place, before any handler runs.
 */
export function checkValidatedInput(result: ValidationResult): void {
  if (!result.success) throw validationErrorFrom(result.error, result.target);
  const found = findUnstorableText(result.data);
  if (found.length === 0) return;
  const errors = found.map(({ path, detail }) => ({
    pointer: pointerFor(result.target, path.map((segment) => `/${escapePointerSegment(segment)}`).join('')),
    detail,
  }));
  throw validationError(result.target, errors);
}

/**
 * A ValidationError from core names body fields (`/carrier`); where the value came from a query parameter of the
 * same name, it is named as query parameters are.
 */
export function asQueryParameterError(error: unknown): unknown {
  if (!ValidationError.isInstance(error) || !error.errors) return error;
  return new ValidationError(
    error.message,
    error.errors.map((fieldError) => ({ ...fieldError, pointer: pointerFor('query', fieldError.pointer) })),
  );
}
