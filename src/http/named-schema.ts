import { z } from '@hono/zod-openapi';

type OpenApiMethod = (this: z.ZodType, refId: string) => z.ZodType;

/**
 * Give a schema made in src/core a component name in /openapi.json. Core builds its schemas with plain zod, and
 * zod 4 copies methods onto each schema when it is made, so schemas made before @hono/zod-openapi loaded lack
 * `.openapi()`; calling the method from the prototype works on them all the same.
 */
export function namedSchema<Schema extends z.ZodType>(schema: Schema, refId: string): Schema {
  const openapi = (z.ZodType.prototype as unknown as { openapi: OpenApiMethod }).openapi;
  return openapi.call(schema, refId) as Schema;
}
