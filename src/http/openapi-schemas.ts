import type { z } from '@hono/zod-openapi';
import { problemSchema } from '../core/index.js';
import { problemExamples } from '../openapi-examples/index.js';
import { namedSchema } from './named-schema.js';

/**
 * Shapes shared by many routes, registered once as named components of /openapi.json so generated clients get one
 * type for each (`Problem`, `IdempotencyKey`, the problem responses) instead of a copy per operation.
 */

export const problemComponent = namedSchema(problemSchema, 'Problem');

export const problemContent = {
  'application/problem+json': { schema: problemComponent },
} as const;

/** Response headers, declared once under components.headers and referenced where they are sent. */
export const headerComponents = {
  RequestId: {
    description: 'Identifies this request in our logs; quote it when you ask about one. Sent on every response.',
    schema: { type: 'string' },
  },
  IdempotentReplayed: {
    description: '`true` when this is the stored response of an earlier request with the same Idempotency-Key.',
    schema: { type: 'string', enum: ['true'] as string[] },
  },
  Location: {
    description: 'Where the operation this request started can be read (`/v1/operations/{id}`).',
    schema: { type: 'string' },
  },
} as const;

const requestIdHeader = { 'x-request-id': { $ref: '#/components/headers/RequestId' } };

/** Headers of a response to a request that took an Idempotency-Key (it may be a replay). */
export const idempotentResponseHeaders = {
  ...requestIdHeader,
  'Idempotent-Replayed': { $ref: '#/components/headers/IdempotentReplayed' },
};

/** Headers of a response that started an operation (or replays one). */
export const operationResponseHeaders = {
  ...requestIdHeader,
  Location: { $ref: '#/components/headers/Location' },
  'Idempotent-Replayed': { $ref: '#/components/headers/IdempotentReplayed' },
};

/** A JSON response with the request id header and named examples. */
export function jsonResponse<Schema extends z.ZodType>(
  description: string,
  schema: Schema,
  examples?: Record<string, { summary: string; value: unknown }>,
  headers: Record<string, { $ref: string }> = requestIdHeader,
) {
  return {
    description,
    headers,
    content: { 'application/json': { schema, ...(examples ? { examples } : {}) } },
  };
}

/** A response without a body (204). */
export function emptyResponse(description: string) {
  return { description, headers: requestIdHeader };
}

/** A JSON request body with named examples (each is checked against the schema by test/api/openapi.test.ts). */
export function jsonBody<Schema extends z.ZodType>(
  schema: Schema,
  examples: Record<string, { summary: string; value: unknown }>,
  required = true,
) {
  return { required, content: { 'application/json': { schema, examples } } };
}

/** The problem answers, under components.responses; a route refers to the ones it can give. */
const problemResponseComponents = {
  BadRequest: { status: 400, description: 'The request is not valid: `errors` names each wrong field' },
  Unauthorised: { status: 401, description: 'Missing or invalid API key' },
  Forbidden: { status: 403, description: 'The key may not do this (tenant administration needs the admin key)' },
  NotFound: { status: 404, description: 'No such resource in your tenant' },
  PayloadTooLarge: { status: 413, description: 'The request body is larger than this gateway accepts (1 MiB)' },
  UnsupportedMediaType: {
    status: 415,
    description: 'The request body is not JSON: send Content-Type: application/json',
  },
  Conflict: {
    status: 409,
    description: 'Not allowed in the current state, or the same Idempotency-Key is still in progress',
  },
  Unprocessable: {
    status: 422,
    description:
      'Unsupported by the carrier, refused by the security policy, or an Idempotency-Key reused with another request',
  },
  CarrierUnavailable: { status: 503, description: 'The carrier could not be reached; try again later' },
} as const;
type ProblemResponseName = keyof typeof problemResponseComponents;

export function problemResponseComponentsDocument() {
  return Object.fromEntries(
    Object.entries(problemResponseComponents).map(([name, { status, description }]) => [
      name,
      {
        description,
        headers: requestIdHeader,
        content: {
          'application/problem+json': {
            schema: { $ref: '#/components/schemas/Problem' },
            examples: Object.fromEntries(
              Object.entries(problemExamples)
                .filter(([, example]) => example.value.status === status)
                .map(([key, example]) => [key, example]),
            ),
          },
        },
      },
    ]),
  );
}

/** Refer to shared problem responses by name: `problems('BadRequest', 'NotFound')`. */
export function problems(...names: ProblemResponseName[]) {
  return Object.fromEntries(
    names.map((name) => [String(problemResponseComponents[name].status), { $ref: `#/components/responses/${name}` }]),
  ) as Record<string, { $ref: string }>;
}

/** The error responses every authenticated route can give. */
export const commonErrorResponses = problems('BadRequest', 'Unauthorised');

/** The shared Idempotency-Key header parameter (components.parameters.IdempotencyKey). */
export const idempotencyKeyParameter = { $ref: '#/components/parameters/IdempotencyKey' };
export const idempotencyKeyParameterComponent = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Send a unique key to retry safely: the same key and body replay the first response (`Idempotent-Replayed: ' +
    'true`) and nothing is done twice; the same key with another body answers 422; a concurrent duplicate waits ' +
    'for the first and replays its answer; a refused request (400, 404, 409, 422) leaves the key unused, so the ' +
    'corrected retry may reuse it. Keys are kept at least 24 hours.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
  example: 'activate-8931440400000000001-1',
} as const;

/** Public routes: no API key (the callbacks authenticate by the carrier's own scheme). */
export const noSecurity: Array<Record<string, string[]>> = [];
export const bearerSecurity = [{ bearerAuth: [] }];
