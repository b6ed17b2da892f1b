import { problemSchema } from '../core/index.js';
import { namedSchema } from './named-schema.js';

/** Shapes shared by many routes, registered once as named components of /openapi.json. */
export const problemComponent = namedSchema(problemSchema, 'Problem');

export const problemContent = {
  'application/problem+json': { schema: problemComponent },
} as const;

/** The error responses every authenticated route can give. */
export const commonErrorResponses = {
  400: { description: 'The request is not valid', content: problemContent },
  401: { description: 'Missing or invalid API key', content: problemContent },
} as const;

export const bearerSecurity = [{ bearerAuth: [] }];
