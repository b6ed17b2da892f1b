import { Hono } from 'hono';
import { clockAdvanceSchema, type SimulatorClock } from './clock.js';
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
  clock?: SimulatorClock;
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
  app.post('/clock/advance', async (context) => {
    const clock = parts.clock;
    if (!clock) return context.json({ error: 'this simulator runs on an injected clock' }, 409);
    const parsed = clockAdvanceSchema.safeParse(await context.req.json().catch(() => null));
    if (!parsed.success) {
      return context.json(
        { error: 'send {"ms": <milliseconds>} or {"to": "<ISO 8601 with offset>"}', issues: parsed.error.issues },
        400,
      );
    }
    try {
      const now = clock.advance(parsed.data);
      await parts.scheduler.runDue();
      return context.json({ now: now.toISOString(), offsetMs: clock.offsetMs, pending: parts.scheduler.pending });
    } catch (error) {
      return context.json({ error: error instanceof Error ? error.message : String(error) }, 409);
    }
  });
  app.post('/run-due', async (context) => {
    await parts.scheduler.runDue();
    return context.json({ pending: parts.scheduler.pending });
  });
  return app;
}
