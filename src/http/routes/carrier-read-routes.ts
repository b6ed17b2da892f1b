import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { NotFoundError, type ReadKind, type ResolvedCarrier, UnsupportedByCarrierError } from '../../core/index.js';
import {
  cdr,
  invoice,
  simCardAvailable,
  simCardCursorConnectionId,
  usageRecord,
} from '../../openapi-examples/index.js';
import { idParam } from '../api-schemas.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { carrierCursorFor, carrierCursorParameter, encodeCarrierCursor } from '../carrier-page-cursor.js';
import { cdrSchema, invoiceSchema, simCardSchema, usageRecordSchema } from '../carrier-read-schemas.js';
import { jsonResponse, problems } from '../openapi-schemas.js';
import { asQueryParameterError } from '../validation-hook.js';

/**
 * Reads passed through to carriers that offer them (usage, CDRs, invoices, SIM inventory). These are the only
 * routes that call a carrier while the caller waits; everything else reads our store.
 */
const period = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM')
  .openapi({ description: 'Month, YYYY-MM', example: '2026-12' });
const passThroughResponses = problems('BadRequest', 'Unauthorised', 'NotFound', 'Unprocessable', 'CarrierUnavailable');
const passThroughProblems =
  '\n\nProblems: `not_found` (no such line or carrier connection), `unsupported_by_carrier` (the carrier offers no ' +
  'such read; see `reads` in GET /v1/carriers), `carrier_unavailable` (the carrier did not answer in time).';
const nextCursor = z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page');

const usageRoute = createRoute({
  method: 'get',
  path: '/v1/subscriptions/{id}/usage',
  operationId: 'getSubscriptionUsage',
  tags: ['Carrier reads'],
  summary: "Get a line's usage for a month",
  description: `Data, voice and SMS totals for one month, read from the carrier while you wait (sTN).${passThroughProblems}`,
  request: { params: idParam, query: z.object({ period }) },
  responses: {
    200: jsonResponse('Usage records', z.object({ data: z.array(usageRecordSchema) }), {
      usage: { summary: 'Data used in December', value: { data: [usageRecord] } },
    }),
    ...passThroughResponses,
  },
});
const cdrsRoute = createRoute({
  method: 'get',
  path: '/v1/subscriptions/{id}/cdrs',
  operationId: 'listSubscriptionCdrs',
  tags: ['Carrier reads'],
  summary: "List a line's call detail records for a month",
  description: `Calls, messages and data sessions of one month, from the carrier, in pages (sTN).${passThroughProblems}`,
  request: {
    params: idParam,
    query: z.object({
      period,
      limit: z.coerce.number().int().min(1).max(500).default(100),
      cursor: carrierCursorParameter('cdrs'),
    }),
  },
  responses: {
    200: jsonResponse('CDRs', z.object({ data: z.array(cdrSchema), nextCursor }), {
      cdrs: { summary: 'A call', value: { data: [cdr], nextCursor: null } },
    }),
    ...passThroughResponses,
  },
});
const invoicesRoute = createRoute({
  method: 'get',
  path: '/v1/invoices',
  operationId: 'listInvoices',
  tags: ['Carrier reads'],
  summary: "List a carrier's invoices to you",
  description: `The invoices a carrier connection has sent you, newest first, in pages (sTN).${passThroughProblems}`,
  request: {
    query: z.object({
      connection: z.string().optional().openapi({ description: 'Carrier connection name; your default when absent' }),
      carrier: z.string().optional().openapi({ description: 'Deprecated name of `connection`', deprecated: true }),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: carrierCursorParameter('invoices'),
    }),
  },
  responses: {
    200: jsonResponse('Invoices', z.object({ data: z.array(invoiceSchema), nextCursor }), {
      invoices: { summary: 'November', value: { data: [invoice], nextCursor: null } },
    }),
    ...passThroughResponses,
  },
});
const simCardsRoute = createRoute({
  method: 'get',
  path: '/v1/sim-cards',
  operationId: 'listSimCards',
  tags: ['Carrier reads'],
  summary: "List a carrier's SIM inventory for you",
  description:
    'The SIM cards a carrier holds for you, with their status; `status=available` lists the free ones you can ' +
    `activate (sTN).${passThroughProblems}`,
  request: {
    query: z.object({
      connection: z.string().optional().openapi({ description: 'Carrier connection name; your default when absent' }),
      carrier: z.string().optional().openapi({ description: 'Deprecated name of `connection`', deprecated: true }),
      status: z.enum(['available', 'in_use', 'disabled', 'reserved', 'unknown']).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: carrierCursorParameter('sim_cards'),
    }),
  },
  responses: {
    200: jsonResponse('SIM cards', z.object({ data: z.array(simCardSchema), nextCursor }), {
      free: {
        summary: 'A free SIM',
        value: {
          data: [simCardAvailable],
          nextCursor: encodeCarrierCursor('sim_cards', simCardCursorConnectionId, '1'),
        },
      },
    }),
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
    return context.json({ data: records }, 200);
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
        data: page.items,
        nextCursor: encodeCarrierCursor('cdrs', carrier.connection.id, page.nextCursor),
      },
      200,
    );
  });
  app.openapi(invoicesRoute, async (context) => {
    const query = context.req.valid('query');
    const carrier = await carrierNamedInQuery(context.get('tenant').id, query.connection ?? query.carrier);
    const listInvoices = requireRead(carrier, 'invoices', carrier.adapter.listInvoices);
    const page = await listInvoices.call(carrier.adapter, {
      limit: query.limit,
      ...carrierCursorFor(query.cursor, carrier.connection.id),
    });
    return context.json(
      {
        data: page.items,
        nextCursor: encodeCarrierCursor('invoices', carrier.connection.id, page.nextCursor),
      },
      200,
    );
  });
  app.openapi(simCardsRoute, async (context) => {
    const query = context.req.valid('query');
    const carrier = await carrierNamedInQuery(context.get('tenant').id, query.connection ?? query.carrier);
    const listSimCards = requireRead(carrier, 'sim_cards', carrier.adapter.listSimCards);
    const page = await listSimCards.call(carrier.adapter, {
      limit: query.limit,
      ...(query.status ? { status: query.status } : {}),
      ...carrierCursorFor(query.cursor, carrier.connection.id),
    });
    return context.json(
      {
        data: page.items,
        nextCursor: encodeCarrierCursor('sim_cards', carrier.connection.id, page.nextCursor),
      },
      200,
    );
  });
  return app;
}
