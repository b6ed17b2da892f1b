import { Hono } from 'hono';
import type { SpsSimDetails } from '../../sps-api-types.js';
import { parseJsonBody, parseQuery, spsError } from '../sps-error-responses.js';
import { blockSimRequestSchema, lineQuerySchema, simCheckQuerySchema } from '../sps-request-schemas.js';
import type { SimulatedSim } from '../sps-simulator-state.js';
import {
  acceptTransaction,
  rejectDuplicate,
  type SpsSimulatorEnv,
  type SpsSimulatorWorld,
} from '../sps-simulator-world.js';
import { lineKeyOf, runSimBlock } from '../sps-transaction-rules.js';
import { lineOrNotFound } from './sps-route-checks.js';

/** SPS - Subscription SIM Management: simCheck, simDetails, Block/Unblock SIM. */
export function simRoutes(world: SpsSimulatorWorld): Hono<SpsSimulatorEnv> {
  const app = new Hono<SpsSimulatorEnv>();

  app.get('/simCheck', (context) => {
    const query = parseQuery(context, simCheckQuerySchema);
    if (query instanceof Response) return query;
    // sps.md §4.4: the answer is `{"validationStatus": true}` ("Valid SIM") with an "Invalid SIM" alternative: a SIM
    // we do not hold is simply not valid for activation, so it is `false`, not a 404.
    const sim = world.state.sims.get(query.iccid);
    return context.json({ validationStatus: sim !== undefined && sim.status === 'Available' && !sim.blocked }, 200);
  });

  app.get('/simDetails', (context) => {
    const query = parseQuery(context, lineQuerySchema);
    if (query instanceof Response) return query;
    const line = query.gpsi !== undefined ? world.state.findLine({ gpsi: query.gpsi }) : undefined;
    const iccid = line?.iccid ?? query.iccid;
    const sim: SimulatedSim | undefined = iccid !== undefined ? world.state.sims.get(iccid) : undefined;
    if (!sim) return spsError(context, 404, 'SPS-404-SIM', 'No SIM for the given gpsi/iccid');
    const holder = line ?? world.state.findLine({ iccid: sim.iccid });
    const details: SpsSimDetails = {
      iccid: sim.iccid,
      simType: sim.type,
      simStatus: sim.blocked ? 'Blocked' : sim.status,
      ...(holder && holder.iccid === sim.iccid ? { gpsi: holder.gpsi } : {}),
      ...(sim.eid ? { eid: sim.eid } : {}),
    };
    return context.json(details, 200);
  });

  app.post('/block', async (context) => {
    const body = await parseJsonBody(context, blockSimRequestSchema);
    if (body instanceof Response) return body;
    const duplicate = rejectDuplicate(context, world, body.partnerTransactionId);
    if (duplicate) return duplicate;
    const line = lineOrNotFound(context, world, lineKeyOf(body));
    if (line instanceof Response) return line;
    return acceptTransaction(context, world, {
      partnerTransactionId: body.partnerTransactionId,
      transactionType: 'BlockUnblockSim',
      action: body.action,
      subject: { subscriberId: line.subscriberId, gpsi: line.gpsi, iccid: line.iccid },
      run: () => runSimBlock(world, body),
    });
  });

  return app;
}
