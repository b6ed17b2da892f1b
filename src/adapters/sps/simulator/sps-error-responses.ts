import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { SpsErrorResponse } from '../sps-api-types.js';

/**
 * The simulator's one error shape (inferred, sps.md §7.6): `{status:"Failure", errorCode, errorMessage, errors?}`.
 * Codes name the HTTP status and the reason, so a log line says what happened without the body.
 */
export type SpsFieldError = { field: string; message: string };

export function spsErrorBody(
  errorCode: string,
  errorMessage: string,
  extras: { partnerTransactionId?: string; errors?: SpsFieldError[] } = {},
): SpsErrorResponse {
  return { status: 'Failure', errorCode, errorMessage, ...extras };
}

export function spsError(
  context: Context,
  status: ContentfulStatusCode,
  errorCode: string,
  errorMessage: string,
  extras: { partnerTransactionId?: string; errors?: SpsFieldError[] } = {},
): Response {
  return context.json(spsErrorBody(errorCode, errorMessage, extras), status);
}

export function validationFailed(context: Context, errors: SpsFieldError[]): Response {
  return spsError(context, 400, 'SPS-400-VALIDATION', 'The request is not valid.', { errors });
}

export function zodFieldErrors(error: z.ZodError): SpsFieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)',
    message: issue.message,
  }));
}

/** Parses a JSON body against `schema`; a Response (400) when it is not JSON or not valid. */
export async function parseJsonBody<Schema extends z.ZodType>(
  context: Context,
  schema: Schema,
): Promise<z.infer<Schema> | Response> {
  let json: unknown;
  try {
    json = await context.req.json();
  } catch {
    return validationFailed(context, [{ field: '(body)', message: 'must be a JSON object' }]);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return validationFailed(context, zodFieldErrors(parsed.error));
  return parsed.data;
}

export function parseQuery<Schema extends z.ZodType>(context: Context, schema: Schema): z.infer<Schema> | Response {
  const parsed = schema.safeParse(context.req.query());
  if (!parsed.success) return validationFailed(context, zodFieldErrors(parsed.error));
  return parsed.data;
}
