import { Hono } from 'hono';
import type { SpsSubscriptionDetails } from '../../sps-api-types.js';
import { parseJsonBody, parseQuery, spsError } from '../sps-error-responses.js';
import {
  activateRequestSchema,
  lineQuerySchema,
  macdRequestSchema,
  partnerTransactionIdSchema,
  updateStatusRequestSchema,
} from '../sps-request-schemas.js';
import {
  acceptTransaction,
  rejectDuplicate,
  type SpsContext,
  type SpsSimulatorEnv,
  type SpsSimulatorWorld,
} from '../sps-simulator-world.js';
import { lineKeyOf, runActivation, runMacd, runStatusUpdate } from '../sps-transaction-rules.js';
import { transactionStatusBody } from '../sps-transactions.js';
import { gpsiTaken, lineOrNotFound, planNotFound, simNotUsable } from './sps-route-checks.js';

/** SPS - Subscriptions: activate, update status, transaction status, details and MACD. */
export function subscriptionRoutes(world: SpsSimulatorWorld): Hono<SpsSimulatorEnv> {
  const app = new Hono<SpsSimulatorEnv>();

  app.post('/activate', async (context) => {
    const body = await parseJsonBody(context, activateRequestSchema);
    if (body instanceof Response) return body;
    const refusal =
      rejectDuplicate(context, world, body.partnerTransactionId) ??
      planNotFound(context, world, body.wholesalePlanId) ??
      simNotUsable(context, world, body.iccid) ??
      gpsiTaken(context, world, body.gpsi);
    if (refusal) return refusal;
    return acceptTransaction(context, world, {
      partnerTransactionId: body.partnerTransactionId,
      transactionType: 'ActivateSubscription',
      subject: {
        subscriberId: body.subscriberId,
        wholesalePlanId: body.wholesalePlanId,
        ...(body.gpsi ? { gpsi: body.gpsi } : {}),
        ...(body.iccid ? { iccid: body.iccid } : {}),
        ...(body.eid ? { eid: body.eid } : {}),
      },
      run: () => runActivation(world, body, false),
    });
  });

  const updateStatus = async (context: SpsContext) => {
    const body = await parseJsonBody(context, updateStatusRequestSchema);
    if (body instanceof Response) return body;
    const duplicate = rejectDuplicate(context, world, body.partnerTransactionId);
    if (duplicate) return duplicate;
    const line = lineOrNotFound(context, world, lineKeyOf(body));
    if (line instanceof Response) return line;
    return acceptTransaction(context, world, {
      partnerTransactionId: body.partnerTransactionId,
      transactionType: 'UpdateSubscriptionStatus',
      action: body.action,
      subject: { subscriberId: line.subscriberId, gpsi: line.gpsi, iccid: line.iccid },
      // The documented conditions (Suspend only active, …) are checked when the transaction runs.
      run: () => runStatusUpdate(world, body),
    });
  };
  app.patch('/status', updateStatus);
  app.post('/status', updateStatus);

  app.get('/transaction/status/:partnerTransactionId', (context) => {
    const partnerTransactionId = context.req.param('partnerTransactionId');
    if (!partnerTransactionIdSchema.safeParse(partnerTransactionId).success) {
      return spsError(context, 400, 'SPS-400-VALIDATION', 'The request is not valid.', {
        errors: [{ field: 'partnerTransactionId', message: 'must be 1 to 36 characters' }],
      });
    }
    const transaction = world.transactions.get(partnerTransactionId);
    if (!transaction) {
      return spsError(context, 404, 'SPS-404-TRANSACTION', `Unknown partnerTransactionId ${partnerTransactionId}`);
    }
    return context.json(transactionStatusBody(transaction), 200);
  });

  app.get('/details', (context) => {
    const query = parseQuery(context, lineQuerySchema);
    if (query instanceof Response) return query;
    const line = lineOrNotFound(context, world, lineKeyOf(query));
    if (line instanceof Response) return line;
    const details: SpsSubscriptionDetails = {
      subscriberId: line.subscriberId,
      gpsi: line.gpsi,
      iccid: line.iccid,
      ...(line.eid ? { eid: line.eid } : {}),
      ...(line.pei ? { pei: line.pei } : {}),
      status: line.status,
      simBlocked: world.state.sims.get(line.iccid)?.blocked ?? false,
      wholesalePlanId: line.wholesalePlanId,
      bucketRefId: line.bucketRefId,
      billCycleFrequency: line.billCycleFrequency,
      billCycleStartDay: line.billCycleStartDay,
      activationDate: line.activationDate,
      products: line.products,
    };
    return context.json(details, 200);
  });

  app.post('/macd', async (context) => {
    const body = await parseJsonBody(context, macdRequestSchema);
    if (body instanceof Response) return body;
    const duplicate = rejectDuplicate(context, world, body.partnerTransactionId);
    if (duplicate) return duplicate;
    const line = lineOrNotFound(context, world, lineKeyOf(body));
    if (line instanceof Response) return line;
    const unknownPlan = planNotFound(context, world, body.wholesalePlanId);
    if (unknownPlan) return unknownPlan;
    return acceptTransaction(context, world, {
      partnerTransactionId: body.partnerTransactionId,
      transactionType: 'SubscriptionMacd',
      subject: { subscriberId: line.subscriberId, gpsi: line.gpsi, iccid: line.iccid },
      run: () => runMacd(world, body),
    });
  });

  return app;
}
