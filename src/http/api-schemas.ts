import { z } from '@hono/zod-openapi';
import {
  activateRequestSchema,
  cancelRequestSchema,
  ceaseRequestSchema,
  changeNumberRequestSchema,
  changePlanRequestSchema,
  changePortInRequestSchema,
  changeServicesRequestSchema,
  esimSchema,
  type IdPrefix,
  operationKindSchema,
  operationStatusSchema,
  operationViewSchema,
  physicalSimSchema,
  portInDetailsSchema,
  portOutRequestSchema,
  simpleLifecycleRequestSchema,
  simSwapRequestSchema,
  subscriptionStatusSchema,
  subscriptionViewSchema,
} from '../core/index.js';
import { namedSchema } from './named-schema.js';
import { problemComponent } from './openapi-schemas.js';
import { pageCursorParameter } from './page-cursor.js';

/**
 * Core's schemas under the names they carry in /openapi.json (and so in the generated SDK's types). `.openapi()`
 * names a copy, so a core schema that nests another (Operation.error is a Problem) is extended here with the named
 * copy; otherwise the document would hold an anonymous duplicate.
 */
export const physicalSim = namedSchema(physicalSimSchema, 'PhysicalSim');
export const esim = namedSchema(esimSchema, 'ESim');
export const simChoice = namedSchema(z.discriminatedUnion('type', [physicalSim, esim]), 'Sim');

/** A field kept for compatibility under its old name, marked deprecated in /openapi.json. */
const deprecatedText = (description: string) => z.string().openapi({ description, deprecated: true });

export const subscriptionView = namedSchema(
  subscriptionViewSchema.extend({
    carrier: deprecatedText('Deprecated: the connection name; read `connection`'),
    carrierType: deprecatedText('Deprecated: the carrier (plugin) id; read `carrierId`'),
  }),
  'Subscription',
);
export const operationView = namedSchema(
  operationViewSchema.extend({
    carrierType: deprecatedText('Deprecated: the carrier (plugin) id; read `carrierId`'),
    // A union rather than .nullable(): the generator would otherwise write the null into the Problem component
    // when it meets Problem here first (it generates webhooks, which embed Operation, before everything else).
    error: z.union([problemComponent, z.null()]).describe('Why the operation failed (a Problem), when it did'),
  }),
  'Operation',
);

export const createSubscriptionBody = namedSchema(
  activateRequestSchema.extend({
    carrier: z.string().min(1).max(64).optional().openapi({
      deprecated: true,
      description: 'Deprecated name of `connection` (it names a connection); still accepted',
    }),
    sim: simChoice,
    portIn: portInDetailsSchema
      .optional()
      .describe('Port an existing number in instead of getting a new one (then use portIn.portAt, not activateAt)'),
  }),
  'CreateSubscriptionRequest',
);
export const lifecycleBody = namedSchema(simpleLifecycleRequestSchema, 'LifecycleRequest');
export const ceaseBody = namedSchema(ceaseRequestSchema, 'CeaseRequest');
export const simSwapBody = namedSchema(simSwapRequestSchema.extend({ sim: simChoice }), 'SimSwapRequest');
export const changeServicesBody = namedSchema(changeServicesRequestSchema, 'ChangeServicesRequest');
export const changePlanBody = namedSchema(changePlanRequestSchema, 'ChangePlanRequest');
export const changeNumberBody = namedSchema(changeNumberRequestSchema, 'ChangeNumberRequest');
export const portOutBody = namedSchema(portOutRequestSchema, 'PortOutRequest');
export const changePortInBody = namedSchema(changePortInRequestSchema, 'ChangePortInRequest');
export const cancelBody = namedSchema(cancelRequestSchema, 'CancelRequest');

/** `limit` and `cursor` of a list of `prefix` items; `cursor` arrives at the handler as the last id seen. */
export function pageQuery(prefix: IdPrefix) {
  return {
    limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: 'Page size (1–200)' }),
    cursor: pageCursorParameter(prefix),
  };
}

export const subscriptionListQuery = z.object({
  ...pageQuery('sub'),
  status: subscriptionStatusSchema.optional(),
  connection: z.string().min(1).optional().openapi({ description: 'Carrier connection name' }),
  carrier: z.string().min(1).optional().openapi({ description: 'Deprecated name of `connection`', deprecated: true }),
  msisdn: z.string().min(1).optional().openapi({ description: 'E.164, e.g. +31612345678' }),
  iccid: z.string().min(1).optional(),
});

export const operationListQuery = z.object({
  ...pageQuery('op'),
  status: operationStatusSchema.optional(),
  kind: operationKindSchema.optional(),
  subscriptionId: z.string().min(1).optional(),
  parentOperationId: z.string().min(1).optional().describe('Only the steps of this parent operation (a migration)'),
});

export function listOf<Schema extends z.ZodType>(item: Schema) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

export const idParam = z.object({ id: z.string().min(1) });
