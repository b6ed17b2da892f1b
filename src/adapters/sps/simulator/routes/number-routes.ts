import { Hono } from 'hono';
import { parseJsonBody } from '../sps-error-responses.js';
import { changeGpsiPortInRequestSchema, changeGpsiRequestSchema } from '../sps-request-schemas.js';
import {
  acceptTransaction,
  rejectDuplicate,
  type SpsSimulatorEnv,
  type SpsSimulatorWorld,
} from '../sps-simulator-world.js';
import { lineKeyOf, runGpsiChange, runGpsiPortInChange } from '../sps-transaction-rules.js';
import { lineOrNotFound } from './sps-route-checks.js';

/** SPS - Subscription Number Management: Change GPSI and Change GPSI to a ported-in GPSI. */
export function numberRoutes(world: SpsSimulatorWorld): Hono<SpsSimulatorEnv> {
  const app = new Hono<SpsSimulatorEnv>();

  app.post('/change', async (context) => {
    const body = await parseJsonBody(context, changeGpsiRequestSchema);
    if (body instanceof Response) return body;
    const duplicate = rejectDuplicate(context, world, body.partnerTransactionId);
    if (duplicate) return duplicate;
    const line = lineOrNotFound(context, world, lineKeyOf(body));
    if (line instanceof Response) return line;
    return acceptTransaction(context, world, {
      partnerTransactionId: body.partnerTransactionId,
      transactionType: 'ChangeGpsi',
      subject: { subscriberId: line.subscriberId, gpsi: line.gpsi, iccid: line.iccid },
      run: () => runGpsiChange(world, body),
    });
  });

  app.post('/changePortIn', async (context) => {
    const body = await parseJsonBody(context, changeGpsiPortInRequestSchema);
    if (body instanceof Response) return body;
    const duplicate = rejectDuplicate(context, world, body.partnerTransactionId);
    if (duplicate) return duplicate;
    const line = lineOrNotFound(context, world, { gpsi: body.gpsi });
    if (line instanceof Response) return line;
    return acceptTransaction(context, world, {
      partnerTransactionId: body.partnerTransactionId,
      transactionType: 'ChangeGpsiPortIn',
      subject: { subscriberId: line.subscriberId, gpsi: line.gpsi, iccid: line.iccid },
      run: () => runGpsiPortInChange(world, body),
    });
  });

  return app;
}
