import { Hono, type MiddlewareHandler } from 'hono';
import { createSimulatorClock, type SimulatorClock } from '../../simulator-kit/clock.js';
import { simulatorControlRoutes } from '../../simulator-kit/control-routes.js';
import { createFaultControl, type FaultControl, faultMiddleware } from '../../simulator-kit/faults.js';
import { ledgerMiddleware, RequestLedger } from '../../simulator-kit/ledger.js';
import { TaskScheduler } from '../../simulator-kit/scheduler.js';
import { adminRoutes } from './routes/admin-routes.js';
import { deviceRoutes } from './routes/device-routes.js';
import { numberRoutes } from './routes/number-routes.js';
import { portInRoutes } from './routes/portin-routes.js';
import { profileRoutes } from './routes/profile-routes.js';
import { simRoutes } from './routes/sim-routes.js';
import { subscriptionRoutes } from './routes/subscription-routes.js';
import { tokenRoutes } from './routes/token-routes.js';
import { SpsAccessTokens } from './sps-access-tokens.js';
import { type CallbackAttempt, SpsCallbackDelivery } from './sps-callback-delivery.js';
import { spsError, spsErrorBody } from './sps-error-responses.js';
import { createEsimAllocator, createNumberAllocator } from './sps-number-allocation.js';
import { correlationIdSchema, wholesaleCustomerIdSchema } from './sps-request-schemas.js';
import type { SpsSimulatorOptions } from './sps-simulator-options.js';
import { resolveSeed } from './sps-simulator-options.js';
import { type SimulatedLine, SpsSimulatorState } from './sps-simulator-state.js';
import type { SpsSimulatorEnv, SpsSimulatorWorld } from './sps-simulator-world.js';
import { type SimulatedTransaction, SpsTransactionBook } from './sps-transactions.js';

export type { CallbackAttempt } from './sps-callback-delivery.js';
export { spsScenarioOptions, spsScenarioSchema } from './sps-scenario.js';
export type { SpsSimulatorOptions, SpsSimulatorSeed } from './sps-simulator-options.js';

/**
 * The SPS simulator: the SPS APIs at the pinned default paths (served at the app's root), an OAuth token endpoint,
 * the developer hub's callback registration, asynchronous transactions on an injectable clock, signed callbacks
 * with retries, fault injection and a request ledger. `/_sim/*` holds the simulator's own controls.
 */
export interface SpsSimulator {
  app: Hono;
  ledger: RequestLedger;
  faults: FaultControl;
  scheduler: TaskScheduler;
  /** Drives the scheduler from a real-time timer; returns a stop function. */
  startClock(intervalMs?: number): () => void;
  /** Physical SIMs in stock that an activation can use. */
  listAvailableSims(): string[];
  /** Every callback delivery attempt, in order. */
  callbackAttempts(): readonly CallbackAttempt[];
  /** Callbacks a receiver accepted. */
  deliveredCallbacks(): readonly unknown[];
  /** Runs the due work and waits for the callback deliveries it started. */
  settle(): Promise<void>;
  transaction(partnerTransactionId: string): SimulatedTransaction | undefined;
  /** The subscription holding `gpsi` or `iccid`, as SPS sees it. */
  line(key: { gpsi: string } | { iccid: string }): SimulatedLine | undefined;
  /** Revoke every access token issued so far (as a key rotation would). */
  revokeTokens(): void;
  tokensIssued(): number;
}

export function createSpsSimulator(options: SpsSimulatorOptions): SpsSimulator {
  // With no injected clock, real time the user can move forward (POST /_sim/clock/advance).
  const clock = options.now ? undefined : createSimulatorClock();
  const now = options.now ?? (() => (clock as SimulatorClock).now());
  const random = options.random ?? Math.random;
  const ledger = new RequestLedger();
  const faults = createFaultControl(options.faults);
  const scheduler = new TaskScheduler(now);
  const state = new SpsSimulatorState(resolveSeed(options.seed));
  const tokens = new SpsAccessTokens(now, options.tokenTtlSeconds ?? 3600);
  const callbacks = new SpsCallbackDelivery({
    scheduler,
    now,
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
  });
  if (options.callbackUrl && options.callbackSecret) callbacks.register(options.callbackUrl, options.callbackSecret);
  const transactions = new SpsTransactionBook({
    scheduler,
    now,
    delayMs: options.delayMs ?? 1000,
    onCompleted: (transaction) => callbacks.notify(transaction),
  });
  const world: SpsSimulatorWorld = {
    state,
    transactions,
    callbacks,
    tokens,
    now,
    numbers: createNumberAllocator(state),
    esims: createEsimAllocator(state, random),
  };

  const app = new Hono<SpsSimulatorEnv>();
  app.use('*', ledgerMiddleware(ledger, now));
  app.use(
    '*',
    faultMiddleware(
      faults,
      (status) =>
        status === 429
          ? spsErrorBody('SPS-429-RATE-LIMIT', 'Too many requests')
          : status === 403
            ? spsErrorBody('SPS-403-FORBIDDEN', 'Forbidden')
            : spsErrorBody('SPS-500-INTERNAL', 'Internal error'),
      random,
    ),
  );
  app.use('*', async (_context, next) => {
    // State must be current for the injected clock before anything is read or changed.
    await scheduler.runDue();
    await next();
  });
  app.route('/_sim', simulatorControlRoutes({ ledger, faults, scheduler, ...(clock ? { clock } : {}) }));
  // Like sTN's /_sim/free-sims: a standalone simulator's stock, for drills that run it as a separate process.
  app.get('/_sim/available-sims', (context) => context.json({ iccids: state.availableSims() }));
  // What a partner can use right now: SIMs, plans, numbers that can be ported in (with their donor accounts).
  app.get('/_sim/stock', (context) =>
    context.json({
      iccids: state.availableSims(),
      plans: [...state.plans],
      portableNumbers: state.seed.portableNumbers
        .filter((number) => !state.isGpsiInUse(number.gpsi))
        .map(({ gpsi, ...account }) => ({ msisdn: `+${gpsi}`, ...account })),
      noCoverageZipCodes: state.seed.noCoverageZipCodes,
    }),
  );
  app.route('/oauth2', tokenRoutes(options, tokens));

  const apiRoutes = {
    '/subscription': subscriptionRoutes(world),
    '/portin': portInRoutes(world),
    '/device': deviceRoutes(world),
    '/number': numberRoutes(world),
    '/sim': simRoutes(world),
    '/profile': profileRoutes(world),
    '/admin': adminRoutes(world),
  };
  const authenticateAndReadHeaders: MiddlewareHandler<SpsSimulatorEnv> = async (context, next) => {
    const bearer = /^Bearer (.+)$/.exec(context.req.header('Authorization') ?? '')?.[1];
    if (!bearer || !tokens.isValid(bearer)) {
      return spsError(context, 401, 'SPS-401-UNAUTHORISED', 'Missing, expired or invalid access token');
    }
    const correlationHeader = context.req.header('X-Correlation-Id');
    const customerHeader = context.req.header('wholesaleCustomerId');
    const errors = [
      ...(correlationHeader !== undefined && !correlationIdSchema.safeParse(correlationHeader).success
        ? [{ field: 'X-Correlation-Id', message: 'must be 1 to 128 characters' }]
        : []),
      ...(customerHeader !== undefined && !wholesaleCustomerIdSchema.safeParse(customerHeader).success
        ? [{ field: 'wholesaleCustomerId', message: 'must be 1 to 12 characters' }]
        : []),
    ];
    if (errors.length > 0) return spsError(context, 400, 'SPS-400-VALIDATION', 'The request is not valid.', { errors });
    const correlationId = correlationHeader ?? crypto.randomUUID();
    context.set('correlationId', correlationId);
    context.set('wholesaleCustomerId', customerHeader);
    context.header('X-Correlation-Id', correlationId);
    await next();
  };
  for (const [prefix, routes] of Object.entries(apiRoutes)) {
    app.use(`${prefix}/*`, authenticateAndReadHeaders);
    app.route(prefix, routes);
  }
  app.notFound((context) => spsError(context, 404, 'SPS-404-PATH', `No SPS operation at ${context.req.path}`));

  return {
    app: app as unknown as Hono,
    ledger,
    faults,
    scheduler,
    startClock: (intervalMs = 250) => scheduler.startTimer(intervalMs),
    listAvailableSims: () => state.availableSims(),
    callbackAttempts: () => callbacks.attempts,
    deliveredCallbacks: () => callbacks.delivered,
    async settle() {
      await scheduler.runDue();
      await callbacks.settle();
    },
    transaction: (partnerTransactionId) => transactions.get(partnerTransactionId),
    line: (key) => state.findLine(key),
    revokeTokens: () => tokens.revokeAll(),
    tokensIssued: () => tokens.issuedCount,
  };
}
