import { Hono } from 'hono';
import type { SpsPortInEligibility } from '../../sps-api-types.js';
import { parseJsonBody, spsError } from '../sps-error-responses.js';
import { eligibilityRequestSchema, portInActivateRequestSchema } from '../sps-request-schemas.js';
import type { SpsSimulatorState } from '../sps-simulator-state.js';
import {
  acceptTransaction,
  rejectDuplicate,
  type SpsSimulatorEnv,
  type SpsSimulatorWorld,
} from '../sps-simulator-world.js';
import { runActivation } from '../sps-transaction-rules.js';
import { planNotFound, simNotUsable } from './sps-route-checks.js';

/** SPS - Port-In Management: eligibility and PortIn Activate Subscription. */
function eligibility(state: SpsSimulatorState, gpsi: string, now: Date): SpsPortInEligibility {
  const checkedDate = now.toISOString();
  // Reason code 8A and "NumberalreadyActive" are the documented sample; 8C is ours.
  if (state.isGpsiInUse(gpsi)) {
    return { eligibilityStatus: 'Reject', checkedDate, reasonCode: '8A', reasonDesc: 'NumberalreadyActive' };
  }
  if (!state.seed.portableNumbers.some((number) => number.gpsi === gpsi)) {
    return { eligibilityStatus: 'Reject', checkedDate, reasonCode: '8C', reasonDesc: 'NumberNotPortable' };
  }
  return { eligibilityStatus: 'Eligible', checkedDate };
}

export function portInRoutes(world: SpsSimulatorWorld): Hono<SpsSimulatorEnv> {
  const app = new Hono<SpsSimulatorEnv>();

  app.post('/eligibility', async (context) => {
    const body = await parseJsonBody(context, eligibilityRequestSchema);
    if (body instanceof Response) return body;
    return context.json(eligibility(world.state, body.gpsi, world.now()), 200);
  });

  app.post('/activate', async (context) => {
    const body = await parseJsonBody(context, portInActivateRequestSchema);
    if (body instanceof Response) return body;
    const refusal =
      rejectDuplicate(context, world, body.partnerTransactionId) ??
      planNotFound(context, world, body.wholesalePlanId) ??
      simNotUsable(context, world, body.iccid);
    if (refusal) return refusal;
    const check = eligibility(world.state, body.gpsi, world.now());
    if (check.eligibilityStatus === 'Reject') {
      return spsError(
        context,
        409,
        'SPS-409-NOT-ELIGIBLE',
        `Number ${body.gpsi} cannot be ported in: ${check.reasonDesc}`,
        {
          partnerTransactionId: body.partnerTransactionId,
        },
      );
    }
    // Inferred (sps.md §7.6 lists "port-in number not eligible" under 409): one port of a number at a time.
    if (world.state.portsUnderWay.has(body.gpsi)) {
      return spsError(context, 409, 'SPS-409-PORT-PENDING', `A port-in of ${body.gpsi} is already under way`, {
        partnerTransactionId: body.partnerTransactionId,
      });
    }
    world.state.portsUnderWay.add(body.gpsi);
    return acceptTransaction(context, world, {
      partnerTransactionId: body.partnerTransactionId,
      transactionType: 'PortInActivateSubscription',
      subject: {
        subscriberId: body.subscriberId,
        wholesalePlanId: body.wholesalePlanId,
        gpsi: body.gpsi,
        ...(body.iccid ? { iccid: body.iccid } : {}),
        ...(body.eid ? { eid: body.eid } : {}),
      },
      // The donor checks account number and PIN while the port runs, so a mismatch is a failed transaction.
      run: () => {
        world.state.portsUnderWay.delete(body.gpsi);
        return runActivation(world, body, true);
      },
    });
  });

  return app;
}
