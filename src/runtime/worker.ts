/**
 * The Cloudflare Workers composition root (workerd): the same Hono app as on Node, over PostgreSQL (DATABASE_URL or
 * a Hyperdrive binding), with the engine driven by three things instead of an interval loop:
 *  - right after a mutation was accepted (202) or a carrier callback applied, in the request's `waitUntil`, so a
 *    submission does not wait for a cron;
 *  - a Durable Object alarm (EngineScheduler) at the next due time when that comes before the next cron, so a
 *    polled operation completes in seconds;
 *  - the cron (`scheduled`, every minute), which also delivers webhooks and re-arms the alarm: the safety net.
 * wrangler.toml binds it all; see docs/decisions/runtimes.md.
 */
import { GatewayError } from '../core/index.js';
import type { Logger } from '../http/logger.js';
import { ConfigError } from './config.js';
import { createConsoleLogger } from './console-logger.js';
import { driftSweepDue } from './worker/drift-schedule.js';
import { runEngineRound } from './worker/engine-round.js';
import { alarmTimeFor } from './worker/engine-schedule.js';
import { type InvocationGateway, openInvocationGateway } from './worker/invocation-gateway.js';
import { loadWorkerConfig, type WorkerConfig } from './worker/worker-config.js';
import type {
  DurableObjectState,
  ExecutionContext,
  ScheduledController,
  WorkerBindings,
} from './worker/workers-types.js';

/** How long one background round may run: waitUntil work is cut off 30 s after the response. */
const roundBudgetMs = 20_000;
const schedulerName = 'engine';

function problem(status: number, message: string): Response {
  const body = { ...new GatewayError('internal', message).toProblem(), status };
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } });
}

/** Configuration, or the refusal to run, logged and answered once per invocation. */
function setUp(bindings: WorkerBindings): { setup: WorkerConfig; logger: Logger } | { refusal: string } {
  try {
    const setup = loadWorkerConfig(bindings);
    return { setup, logger: createConsoleLogger(setup.config.LOG_LEVEL) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    createConsoleLogger('error').error({}, error.message);
    return { refusal: error.message };
  }
}

/** The database is unreachable or refused us: say so without the driver's details (they may carry parameters). */
function databaseFailure(logger: Logger, error: unknown): Response {
  const name = error instanceof Error ? error.name : 'Error';
  const code = (error as { code?: unknown } | null)?.code;
  logger.error({ error: name, code: typeof code === 'string' ? code : undefined }, 'database unavailable');
  return problem(503, 'The database (DATABASE_URL or HYPERDRIVE) could not be reached; see the worker logs.');
}

/** Ask the scheduler object to run the engine at `at` (it keeps the earliest time it was asked for). */
async function requestAlarm(bindings: WorkerBindings, at: number): Promise<void> {
  const namespace = bindings.ENGINE_SCHEDULER!;
  const stub = namespace.get(namespace.idFromName(schedulerName));
  const response = await stub.fetch('https://engine-scheduler/alarm', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ at }),
  });
  if (!response.ok) throw new Error(`engine scheduler answered ${response.status}`);
}

/** A round of engine and webhook work, then an alarm for what falls due before the next cron. */
async function backgroundRound(
  invocation: InvocationGateway,
  logger: Logger,
  why: string,
  scheduleAlarm: (at: number) => Promise<void>,
): Promise<void> {
  try {
    const report = await runEngineRound(invocation.gateway, roundBudgetMs);
    if (report.claimed > 0 || report.webhooks.delivered + report.webhooks.failed + report.webhooks.retried > 0) {
      logger.info({ why, ...report }, 'engine round');
    }
  } catch (error) {
    logger.error({ why, err: error instanceof Error ? error.stack : String(error) }, 'engine round failed');
  }
  const at = alarmTimeFor(await invocation.nextDueAt(), Date.now());
  if (at !== null) await scheduleAlarm(at);
}

/** The drift sweep of issue 13, on the cron (a worker has no interval loop): failures are logged, not thrown. */
async function sweepDriftOnCron(invocation: InvocationGateway, logger: Logger): Promise<void> {
  try {
    const report = await invocation.gateway.sweepDrift();
    logger.info({ ...report }, 'drift sweep');
  } catch (error) {
    logger.error({ err: error instanceof Error ? error.stack : String(error) }, 'drift sweep failed');
  }
}

const isMutation = (request: Request) => request.method !== 'GET' && request.method !== 'HEAD';

export default {
  async fetch(request: Request, bindings: WorkerBindings, context: ExecutionContext): Promise<Response> {
    const ready = setUp(bindings);
    if ('refusal' in ready) return problem(500, ready.refusal);
    const { setup, logger } = ready;
    let callbackApplied = false;
    let invocation: InvocationGateway;
    try {
      invocation = await openInvocationGateway(setup, logger, { onCallbackReceived: () => (callbackApplied = true) });
    } catch (error) {
      return databaseFailure(logger, error);
    }
    let response: Response;
    try {
      response = await invocation.gateway.fetch(request);
    } catch (error) {
      context.waitUntil(invocation.close());
      throw error;
    }
    // Accepted work (every mutation answers 202 with an Operation) or a callback: run the engine now, not at a cron.
    const wake = callbackApplied || (isMutation(request) && response.status === 202);
    context.waitUntil(
      (async () => {
        try {
          if (wake) await backgroundRound(invocation, logger, 'request', (at) => requestAlarm(bindings, at));
        } catch (error) {
          logger.error({ err: error instanceof Error ? error.stack : String(error) }, 'waking the engine failed');
        } finally {
          await invocation.close();
        }
      })(),
    );
    return response;
  },

  async scheduled(controller: ScheduledController, bindings: WorkerBindings, context: ExecutionContext) {
    const ready = setUp(bindings);
    if ('refusal' in ready) return;
    const { setup, logger } = ready;
    const invocation = await openInvocationGateway(setup, logger);
    const work = (async () => {
      try {
        logger.info({ cron: controller.cron, scheduledTime: controller.scheduledTime }, 'cron');
        await backgroundRound(invocation, logger, 'cron', (at) => requestAlarm(bindings, at));
        if (driftSweepDue(controller.scheduledTime, setup.config.DRIFT_SWEEP_INTERVAL_MS)) {
          await sweepDriftOnCron(invocation, logger);
        }
      } finally {
        await invocation.close();
      }
    })();
    context.waitUntil(work);
    await work;
  },
};

/**
 * One object (named "engine") that owns the engine's alarm: workers ask it for a time, it keeps the earliest, and
 * when the alarm fires it runs a round itself and sets the next alarm. Runs of it and of requests may overlap; the
 * engine's leases keep each operation with one of them.
 */
export class EngineScheduler {
  constructor(
    private readonly state: DurableObjectState,
    private readonly bindings: WorkerBindings,
  ) {}

  async fetch(request: Request): Promise<Response> {
    const body = (await request.json().catch(() => null)) as { at?: unknown } | null;
    if (request.method !== 'POST' || typeof body?.at !== 'number' || !Number.isFinite(body.at)) {
      return problem(400, 'POST {"at": <epoch milliseconds>}');
    }
    const current = await this.state.storage.getAlarm();
    if (current === null || body.at < current) await this.state.storage.setAlarm(body.at);
    return new Response(null, { status: 204 });
  }

  async alarm(): Promise<void> {
    const ready = setUp(this.bindings);
    if ('refusal' in ready) return;
    const { setup, logger } = ready;
    const invocation = await openInvocationGateway(setup, logger);
    try {
      await backgroundRound(invocation, logger, 'alarm', async (at) => {
        const current = await this.state.storage.getAlarm();
        if (current === null || at < current) await this.state.storage.setAlarm(at);
      });
    } finally {
      await invocation.close();
    }
  }
}
