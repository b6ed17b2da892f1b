import { Hono } from 'hono';
import type { SpsDeviceCompatibility } from '../../sps-api-types.js';
import { parseJsonBody, parseQuery, spsError } from '../sps-error-responses.js';
import { changeDeviceSimRequestSchema, compatibilityQuerySchema } from '../sps-request-schemas.js';
import {
  acceptTransaction,
  rejectDuplicate,
  type SpsSimulatorEnv,
  type SpsSimulatorWorld,
} from '../sps-simulator-world.js';
import { lineKeyOf, runDeviceChange } from '../sps-transaction-rules.js';
import { lineOrNotFound } from './sps-route-checks.js';

/** SPS - Subscription Device Management: compatibility and Change Device/SIM. */
export function deviceRoutes(world: SpsSimulatorWorld): Hono<SpsSimulatorEnv> {
  const app = new Hono<SpsSimulatorEnv>();

  app.get('/compatibility', (context) => {
    const query = parseQuery(context, compatibilityQuerySchema);
    if (query instanceof Response) return query;
    const tac = (query.pei ?? query.tac ?? '').slice(0, 8);
    const compatible = !world.state.seed.incompatibleTacs.includes(tac);
    const answer: SpsDeviceCompatibility = {
      manufacturer: { name: 'Simulated Devices Inc.', model: `TAC ${tac}` },
      equipmentType: 'PHONE',
      networkCompatibilityList: [
        { network: '5G-SA', compatible },
        { network: 'LTE', compatible },
      ],
      blockStatus: { blocked: false },
    };
    return context.json(answer, 200);
  });

  app.post('/change', async (context) => {
    const body = await parseJsonBody(context, changeDeviceSimRequestSchema);
    if (body instanceof Response) return body;
    const duplicate = rejectDuplicate(context, world, body.partnerTransactionId);
    if (duplicate) return duplicate;
    const line = lineOrNotFound(context, world, lineKeyOf(body));
    if (line instanceof Response) return line;
    if (body.newIccid !== undefined && !world.state.sims.has(body.newIccid)) {
      return spsError(context, 404, 'SPS-404-SIM', `Unknown SIM ${body.newIccid}`);
    }
    return acceptTransaction(context, world, {
      partnerTransactionId: body.partnerTransactionId,
      transactionType: 'ChangeDeviceSim',
      subject: { subscriberId: line.subscriberId, gpsi: line.gpsi, iccid: line.iccid },
      run: () => runDeviceChange(world, body),
    });
  });

  return app;
}
