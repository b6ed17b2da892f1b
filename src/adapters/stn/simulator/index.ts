import { Hono } from 'hono';
import { createSimulatorClock, type SimulatorClock } from '../../simulator-kit/clock.js';
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
import type { ActivationType, SimulatorState } from './simulator-state.js';
import { createStnIdentifiers } from './stn-identifiers.js';
import { renderActivation, renderSimcard, renderSubscription } from './stn-rendering.js';
import { errorBody, forbiddenBody, rateLimitedBody, serverErrorBody, unauthorisedBody } from './stn-response-status.js';
import { registerSubscriptionRoutes } from './subscription-routes.js';

export type { StnSeedOptions } from './seed-data.js';
export type { SimulatorState as StnSimulatorState } from './simulator-state.js';
export { stnScenarioOptions, stnScenarioSchema } from './stn-scenario.js';

const minute = 60_000;
const day = 86_400_000;

/**
 * How long each step (INIT → BUSY, BUSY → DONE) takes on a real network. Documented: the Suspend example "reached
 * DONE about 3 minutes later" (stn.md §3.6), so 90 s a step. A Dutch port-in takes days (inferred: the donor's
 * first possible date is some working days out), and the rest a few minutes (inferred).
 */
export const stnRealisticStepDelays: Record<ActivationType, number> = {
  ACTIVATENEW: 2 * minute,
  SUSPEND: 1.5 * minute,
  RESUME: 1.5 * minute,
  SIMSWAP: 5 * minute,
  SETSERVICES: 2 * minute,
  MOVEENVIRONMENT: 10 * minute,
  INPORT: 1.5 * day,
  OUTPORT: 1.5 * day,
  TERMINATE: 2 * minute,
};

export interface StnSimulatorOptions {
  /** The `stn-api-key` the simulator accepts; anything else gets 401. */
  apiKey: string;
  /**
   * A key that may read but not change anything: its POSTs get 403 (documented: "403 Forbidden | caller lacks
   * permission"; which permissions sTN has is not documented, so this is the one the simulator models).
   */
  readOnlyApiKey?: string;
  /** Time for each step of an activation (INIT → BUSY, BUSY → DONE). Default 1000. */
  delayMs?: number;
  /**
   * Step times per activation type, overriding `delayMs`: `'realistic'` for the durations of a real network
   * (stnRealisticStepDelays), or your own. Move the clock with POST /_sim/clock/advance to skip the wait.
   */
  stepDelays?: 'realistic' | Partial<Record<ActivationType, number>>;
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
  /**
   * The status a cancelled activation ends in. Not documented ("Statuses BUSY/DONE/ERROR. activatedDate = when the
   * cancellation was completed"): `DONE` (the default) or `ERROR`; the adapter must read either correctly.
   */
  cancellationFinalStatus?: 'DONE' | 'ERROR';
  /**
   * Refuse a change to a line while another change to it is INIT or BUSY (inferred; the docs state no rule). Off
   * by default: the gateway already sends one change per line at a time, and tests drive races through it.
   */
  oneChangePerLine?: boolean;
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
  // With no injected clock, real time the user can move forward (POST /_sim/clock/advance).
  const clock = options.now ? undefined : createSimulatorClock();
  const now = options.now ?? (() => (clock as SimulatorClock).now());
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
      ...(options.stepDelays
        ? { stepDelays: options.stepDelays === 'realistic' ? stnRealisticStepDelays : options.stepDelays }
        : {}),
      identifiers,
      random,
      cancellationFinalStatus: options.cancellationFinalStatus ?? 'DONE',
    }),
    stateRuleViolations: options.stateRuleViolations ?? 'badRequest',
    oneChangePerLine: options.oneChangePerLine ?? false,
  };

  const app = new Hono();
  app.use('*', ledgerMiddleware(ledger, now));
  app.use(
    '*',
    faultMiddleware(
      faults,
      (status) => (status === 429 ? rateLimitedBody : status === 403 ? forbiddenBody : serverErrorBody),
      random,
    ),
  );
  app.route('/_sim', simulatorControlRoutes({ ledger, faults, scheduler, ...(clock ? { clock } : {}) }));
  app.get('/_sim/free-sims', (context) => context.json({ simCardNumbers: listFreeSims() }));
  // What a partner can use right now: free SIMs by type, eSIM profiles left, and the donors' numbers.
  app.get('/_sim/stock', (context) => {
    const free = [...state.simcards.values()].filter((sim) => sim.status === 'FREE' && !sim.isEsim);
    return context.json({
      freeSims: free.map((sim) => ({ simCardNumber: sim.simCardNumber, simCardType: sim.simCardType })),
      esimCapacity: state.esimCapacity,
      donors: [...state.donors.entries()].map(([phoneNumber, donorCustomerNumber]) => ({
        phoneNumber,
        donorCustomerNumber,
      })),
    });
  });
  app.use('/api/*', async (context, next) => {
    // State must be current for the injected clock before anything is read or changed.
    await scheduler.runDue();
    const key = context.req.header('stn-api-key');
    const readOnly = options.readOnlyApiKey !== undefined && key === options.readOnlyApiKey;
    if (key !== options.apiKey && !readOnly) return context.json(unauthorisedBody, 401);
    if (readOnly && context.req.method !== 'GET') return context.json(forbiddenBody, 403);
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
