import { Hono } from 'hono';
import type { FaultControl } from './faults.js';
import type { RequestLedger } from './ledger.js';
import type { TaskScheduler } from './scheduler.js';

/**
 * `/_sim/*`: the simulator's own controls, not part of any carrier's API. Tests and the sandbox use them to read the
 * request ledger, set faults and run due work. They need no carrier credentials, as they are not the carrier.
 */
export function simulatorControlRoutes(parts: {
  ledger: RequestLedger;
  faults: FaultControl;
  scheduler: TaskScheduler;
}): Hono {
  const app = new Hono();
  app.get('/ledger', (context) => context.json({ entries: parts.ledger.all() }));
  app.delete('/ledger', (context) => {
    parts.ledger.clear();
    return context.body(null, 204);
  });
  app.get('/faults', (context) => context.json(parts.faults.get()));
  app.put('/faults', async (context) => {
    const body = await context.req.json().catch(() => null);
    try {
      return context.json(parts.faults.set(body ?? {}));
    } catch (error) {
      return context.json({ error: String(error) }, 400);
    }
  });
  app.post('/run-due', async (context) => {
    await parts.scheduler.runDue();
    return context.json({ pending: parts.scheduler.pending });
  });
  return app;
}
