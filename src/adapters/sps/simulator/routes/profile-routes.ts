import { Hono } from 'hono';
import { parseJsonBody, spsError } from '../sps-error-responses.js';
import { updateBillCycleRequestSchema } from '../sps-request-schemas.js';
import type { SpsSimulatorEnv, SpsSimulatorWorld } from '../sps-simulator-world.js';
import { lineOrNotFound } from './sps-route-checks.js';

/** SPS - Subscription Profile Management: bill cycle (applied at once; it carries no partnerTransactionId). */
export function profileRoutes(world: SpsSimulatorWorld): Hono<SpsSimulatorEnv> {
  const app = new Hono<SpsSimulatorEnv>();

  app.post('/billCycle', async (context) => {
    const body = await parseJsonBody(context, updateBillCycleRequestSchema);
    if (body instanceof Response) return body;
    const line = lineOrNotFound(context, world, { gpsi: body.gpsi });
    if (line instanceof Response) return line;
    if (line.status !== 'Active') {
      return spsError(context, 409, 'SPS-409-STATE', 'The bill cycle can be changed only on an active subscription');
    }
    line.billCycleFrequency = body.billCycleFrequency;
    line.billCycleStartDay = body.billCycleStartDay;
    return context.json({ status: 'Success' as const }, 200);
  });

  return app;
}
