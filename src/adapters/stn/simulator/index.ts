import { Hono } from 'hono';
import { simulatorControlRoutes } from '../../simulator-kit/control-routes.js';
import {
  createFaultControl,
  type FaultConfig,
  type FaultControl,
  faultMiddleware,
} from '../../simulator-kit/faults.js';
import { ledgerMiddleware, RequestLedger } from '../../simulator-kit/ledger.js';
import { TaskScheduler } from '../../simulator-kit/scheduler.js';
import { createActivationProgress } from './activation-progress.js';
import { AutoQueryError } from './auto-query.js';
import { registerPortingAndTerminationRoutes } from './porting-and-termination-routes.js';
import { registerQueryRoutes } from './query-routes.js';
import { type StnSeedOptions, seedState } from './seed-data.js';
import { type SimulatorContext, StnRejection } from './simulator-context.js';
import type { SimulatorState } from './simulator-state.js';
import { createStnIdentifiers } from './stn-identifiers.js';
import { renderActivation, renderSimcard, renderSubscription } from './stn-rendering.js';
import { errorBody, rateLimitedBody, serverErrorBody, unauthorisedBody } from './stn-response-status.js';
import { registerSubscriptionRoutes } from './subscription-routes.js';

export type { StnSeedOptions } from './seed-data.js';
export type { SimulatorState as StnSimulatorState } from './simulator-state.js';

export interface StnSimulatorOptions {
  /** The `stn-api-key` the simulator accepts; anything else gets 401. */
  apiKey: string;
  /** Time for each step of an activation (INIT → BUSY, BUSY → DONE). Default 1000. */
  delayMs?: number;
  now?: () => Date;
  /** Source of randomness for ids and fault draws. Default: a fixed-seed generator, so runs repeat. */
  random?: () => number;
  faults?: Partial<FaultConfig>;
  seed?: StnSeedOptions;
  /**
   * A broken business rule answers 400 at once (`badRequest`, the default) or is accepted with INIT and ends in
   * ERROR (`asyncError`). The docs do not say which sTN does for most rules.
   */
  stateRuleViolations?: 'badRequest' | 'asyncError';
}

export interface StnSimulator {
  app: Hono;
  ledger: RequestLedger;
  faults: FaultControl;
  scheduler: TaskScheduler;
  /** Drives activations from a real-time timer (sandbox); returns a stop function. Tests use `scheduler.runDue()`. */
  startClock(intervalMs?: number): () => void;
  /** ICCIDs of physical SIM cards still FREE, in stock order. */
  listFreeSims(): string[];
  /** eSIM profiles still available. */
  esimCapacity(): number;
  /** The activation as sTN would answer it on QueryActivation, or undefined. */
  activation(id: string): Record<string, unknown> | undefined;
  subscription(id: string): Record<string, unknown> | undefined;
  simcard(simCardNumber: string): Record<string, unknown> | undefined;
  /** Live state, for tests that need to look deeper; do not mutate. */
  readonly state: SimulatorState;
}

/** Mulberry32: a small seeded generator, so a simulator started twice hands out the same ids. */
function seededRandom(seed: number): () => number {
  let current = seed >>> 0;
  return () => {
    current = (current + 0x6d2b79f5) >>> 0;
    let value = current;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export function createStnSimulator(options: StnSimulatorOptions): StnSimulator {
  const now = options.now ?? (() => new Date());
  const random = options.random ?? seededRandom(0x5714);
  const ledger = new RequestLedger({ headers: ['stn-api-key'] });
  const faults = createFaultControl(options.faults);
  const scheduler = new TaskScheduler(now);
  const identifiers = createStnIdentifiers(random);
  const state = seedState(options.seed ?? {}, identifiers, now(), random);
  const simulator: SimulatorContext = {
    state,
    now,
    identifiers,
    progress: createActivationProgress({
      state,
      scheduler,
      now,
      delayMs: options.delayMs ?? 1000,
      identifiers,
      random,
    }),
    stateRuleViolations: options.stateRuleViolations ?? 'badRequest',
  };

  const app = new Hono();
  app.use('*', ledgerMiddleware(ledger, now));
  app.use(
    '*',
    faultMiddleware(faults, (status) => (status === 429 ? rateLimitedBody : serverErrorBody), random),
  );
  app.route('/_sim', simulatorControlRoutes({ ledger, faults, scheduler }));
  app.get('/_sim/free-sims', (context) => context.json({ simCardNumbers: listFreeSims() }));
  app.use('/api/*', async (context, next) => {
    // State must be current for the injected clock before anything is read or changed.
    await scheduler.runDue();
    if (context.req.header('stn-api-key') !== options.apiKey) return context.json(unauthorisedBody, 401);
    await next();
  });
  registerQueryRoutes(app, simulator);
  registerSubscriptionRoutes(app, simulator);
  registerPortingAndTerminationRoutes(app, simulator);
  app.notFound((context) =>
    context.json(errorBody('NotFound', `Handler for Request not found: ${context.req.path}`), 404),
  );
  app.onError((error, context) => {
    if (error instanceof StnRejection || error instanceof AutoQueryError) return context.json(error.body, 400);
    return context.json(serverErrorBody, 500);
  });

  function listFreeSims(): string[] {
    return [...state.simcards.values()]
      .filter((sim) => sim.status === 'FREE' && !sim.isEsim)
      .map((sim) => sim.simCardNumber);
  }

  return {
    app,
    ledger,
    faults,
    scheduler,
    state,
    startClock: (intervalMs = 250) => scheduler.startTimer(intervalMs),
    listFreeSims,
    esimCapacity: () => state.esimCapacity,
    activation: (id) => {
      const record = state.activations.get(id);
      return record ? renderActivation(record) : undefined;
    },
    subscription: (id) => {
      const record = state.subscriptions.get(id);
      return record ? renderSubscription(record) : undefined;
    },
    simcard: (simCardNumber) => {
      const record = [...state.simcards.values()].find((sim) => sim.simCardNumber === simCardNumber);
      return record ? renderSimcard(record) : undefined;
    },
  };
}
