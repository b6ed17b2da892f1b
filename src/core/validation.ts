import type { z } from 'zod';
import { type FieldError, ValidationError } from './errors.js';

/** zod issues as field errors: a JSON pointer into the input, or for `unrecognized_keys` the unknown field. */
export function fieldErrorsFrom(error: z.ZodError, pointerPrefix = ''): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((segment) => String(segment).replaceAll('~', '~0').replaceAll('/', '~1'));
    if (issue.code === 'unrecognized_keys') {
      return {
        pointer: `${pointerPrefix}/${[...path, issue.keys[0]].join('/')}`,
        detail: `unknown field(s): ${issue.keys.join(', ')}`,
      };
    }
    return { pointer: `${pointerPrefix}/${path.join('/')}`, detail: issue.message };
  });
}

/** Parse or throw a ValidationError that names every wrong field; `what` starts the message ("Invalid request body"). */
export function parseOrThrow<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors = fieldErrorsFrom(parsed.error);
  const first = errors[0];
  throw new ValidationError(first ? `${what}: ${first.pointer || '/'}: ${first.detail}.` : `${what}.`, errors);
}
