import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { NotFoundError, type ReadKind, type ResolvedCarrier, UnsupportedByCarrierError } from '../../core/index.js';
import { idParam } from '../api-schemas.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { carrierCursorFor, carrierCursorParameter, encodeCarrierCursor } from '../carrier-page-cursor.js';
import { bearerSecurity, commonErrorResponses, problemContent } from '../openapi-schemas.js';
import { asQueryParameterError } from '../validation-hook.js';

/**
 * Reads passed through to carriers that offer them (usage, CDRs, invoices, SIM inventory). These are the only
 * routes that call a carrier while the caller waits; everything else reads our store.
 */
const period = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM')
  .openapi({ description: 'Month, YYYY-MM', example: '2026-10' });
const passThroughResponses = {
  ...commonErrorResponses,
  404: { description: 'No such subscription or carrier', content: problemContent },
  422: { description: 'The carrier does not offer this read', content: problemContent },
  503: { description: 'The carrier could not be reached', content: problemContent },
} as const;
const rows = z.object({
  data: z.array(z.record(z.string(), z.unknown())),
  nextCursor: z.string().nullable().optional(),
});

const usageRoute = createRoute({
  method: 'get',
  path: '/v1/subscriptions/{id}/usage',
  tags: ['Carrier reads'],
  summary: "A line's usage for a month, from the carrier",
  security: bearerSecurity,
  request: { params: idParam, query: z.object({ period }) },
  responses: {
    200: { description: 'Usage records', content: { 'application/json': { schema: rows } } },
    ...passThroughResponses,
  },
});
const cdrsRoute = createRoute({
  method: 'get',
  path: '/v1/subscriptions/{id}/cdrs',
  tags: ['Carrier reads'],
  summary: "A line's call detail records for a month, from the carrier",
  security: bearerSecurity,
  request: {
    params: idParam,
    query: z.object({
      period,
      limit: z.coerce.number().int().min(1).max(500).default(100),
      cursor: carrierCursorParameter('cdrs'),
    }),
  },
  responses: {
    200: { description: 'CDRs', content: { 'application/json': { schema: rows } } },
    ...passThroughResponses,
  },
});
const invoicesRoute = createRoute({
  method: 'get',
  path: '/v1/invoices',
  tags: ['Carrier reads'],
  summary: "A carrier's invoices to you",
  security: bearerSecurity,
  request: {
    query: z.object({
      carrier: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: carrierCursorParameter('invoices'),
    }),
  },
  responses: {
    200: { description: 'Invoices', content: { 'application/json': { schema: rows } } },
    ...passThroughResponses,
  },
});
const simCardsRoute = createRoute({
  method: 'get',
  path: '/v1/sim-cards',
  tags: ['Carrier reads'],
  summary: "A carrier's SIM inventory for you",
  security: bearerSecurity,
  request: {
    query: z.object({
      carrier: z.string().optional(),
      status: z.enum(['available', 'in_use', 'disabled', 'reserved', 'unknown']).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: carrierCursorParameter('sim_cards'),
    }),
  },
  responses: {
    200: { description: 'SIM cards', content: { 'application/json': { schema: rows } } },
    ...passThroughResponses,
  },
});

function requireRead<Method>(carrier: ResolvedCarrier, read: ReadKind, method: Method | undefined): Method {
  if (!method || !carrier.adapter.capabilities.reads.includes(read)) {
    throw new UnsupportedByCarrierError(
      carrier.plugin.id,
      `Carrier ${carrier.connection.name} does not offer ${read.replaceAll('_', ' ')}.`,
    );
  }
  return method;
}

export function carrierReadRoutes(dependencies: AppDependencies) {
  const app = new OpenAPIHono<AppEnvironment>();

  async function lineOf(tenantId: string, id: string) {
    const subscription = await dependencies.store.subscriptions.get(tenantId, id);
    if (!subscription) throw new NotFoundError('Subscription', id);
    const carrier = await dependencies.carriers.byConnectionId(subscription.carrierConnectionId);
    const line = {
      carrierSubscriptionId: subscription.carrierSubscriptionId,
      msisdn: subscription.msisdn,
      iccid: subscription.iccid,
    };
    return { carrier, line };
  }

  /** The connection `?carrier=` names (or the default); a wrong name is reported as the query parameter. */
  async function carrierNamedInQuery(tenantId: string, name: string | undefined) {
    try {
      return await dependencies.carriers.resolve(tenantId, name);
    } catch (error) {
      throw asQueryParameterError(error);
    }
  }

  app.openapi(usageRoute, async (context) => {
    const { carrier, line } = await lineOf(context.get('tenant').id, context.req.valid('param').id);
    const getUsage = requireRead(carrier, 'usage', carrier.adapter.getUsage);
    const records = await getUsage.call(carrier.adapter, line, { period: context.req.valid('query').period });
    return context.json({ data: records as unknown as Record<string, unknown>[] }, 200);
  });
  app.openapi(cdrsRoute, async (context) => {
    const { carrier, line } = await lineOf(context.get('tenant').id, context.req.valid('param').id);
    const query = context.req.valid('query');
    const listCdrs = requireRead(carrier, 'cdrs', carrier.adapter.listCdrs);
    const page = await listCdrs.call(carrier.adapter, line, {
      period: query.period,
      limit: query.limit,
      ...carrierCursorFor(query.cursor, carrier.connection.id),
    });
    return context.json(
      {
        data: page.items as unknown as Record<string, unknown>[],
        nextCursor: encodeCarrierCursor('cdrs', carrier.connection.id, page.nextCursor),
      },
      200,
    );
  });
  app.openapi(invoicesRoute, async (context) => {
    const query = context.req.valid('query');
    const carrier = await carrierNamedInQuery(context.get('tenant').id, query.carrier);
    const listInvoices = requireRead(carrier, 'invoices', carrier.adapter.listInvoices);
    const page = await listInvoices.call(carrier.adapter, {
      limit: query.limit,
      ...carrierCursorFor(query.cursor, carrier.connection.id),
    });
    return context.json(
      {
        data: page.items as unknown as Record<string, unknown>[],
        nextCursor: encodeCarrierCursor('invoices', carrier.connection.id, page.nextCursor),
      },
      200,
    );
  });
  app.openapi(simCardsRoute, async (context) => {
    const query = context.req.valid('query');
    const carrier = await carrierNamedInQuery(context.get('tenant').id, query.carrier);
    const listSimCards = requireRead(carrier, 'sim_cards', carrier.adapter.listSimCards);
    const page = await listSimCards.call(carrier.adapter, {
      limit: query.limit,
      ...(query.status ? { status: query.status } : {}),
      ...carrierCursorFor(query.cursor, carrier.connection.id),
    });
    return context.json(
      {
        data: page.items as unknown as Record<string, unknown>[],
        nextCursor: encodeCarrierCursor('sim_cards', carrier.connection.id, page.nextCursor),
      },
      200,
    );
  });
  return app;
}
