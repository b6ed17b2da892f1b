import { Hono } from 'hono';
import {
  createFaultControl,
  type FaultConfig,
  faultMiddleware,
  ledgerMiddleware,
  RequestLedger,
  simulatorControlRoutes,
  TaskScheduler,
} from 'mvno-gateway/simulator-kit';
import { checkOrder, DutchTelRefusal, parseOrderRequest } from './dutchtel-order-rules.js';
import { cancelOrder, createOrderProgress } from './dutchtel-progress.js';
import {
  type DonorRecord,
  type DutchTelState,
  type Line,
  type Order,
  publicOrder,
  seedState,
} from './dutchtel-state.js';

export interface DutchTelSimulatorOptions {
  apiToken: string;
  delayMs?: number;
  now?: () => Date;
  /** Where order changes are pushed, and the secret they are signed with. */
  webhookUrl?: string;
  webhookSecret?: string;
  /** How webhooks are sent; the global fetch by default. */
  fetch?: typeof globalThis.fetch;
  physicalSims?: number;
  /**
   * Numbers other operators hold beyond the seeded 0687… ones (national form, `06…`), with the customer number the
   * donor checks: a line at another carrier that is to be ported in here (a migration from sTN).
   */
  donors?: readonly DonorRecord[];
  faults?: Partial<FaultConfig>;
}

export interface DutchTelSimulator {
  app: Hono;
  ledger: RequestLedger;
  scheduler: TaskScheduler;
  faults: ReturnType<typeof createFaultControl>;
  /** ICCIDs of physical SIMs still AVAILABLE, in stock order. */
  availableSims(): string[];
  /** Numbers other operators hold that can be ported in, with the donor's customer number. */
  portableNumbers(): DonorRecord[];
  /** Another operator now holds `number` (national, `06…`) for its customer `donorCustomerNumber`. */
  addDonor(donor: DonorRecord): void;
  /** What DutchTel's customer care does by hand: set a line's state at once, behind the partner's back. */
  customerCare(lineId: string, state: Line['state']): void;
  startClock(intervalMs?: number): () => void;
  readonly state: DutchTelState;
}

const maxBatch = 25;

/**
 * The DutchTel wholesale API (openapi/dutchtel.yaml) in memory: it checks every order as DutchTel would, keeps SIMs,
 * lines and orders, carries orders out on its own clock and pushes each change, signed, to the partner's webhook.
 */
export function createDutchTelSimulator(options: DutchTelSimulatorOptions): DutchTelSimulator {
  const now = options.now ?? (() => new Date());
  const state = seedState({
    physicalSims: options.physicalSims ?? 200,
    ...(options.donors ? { donors: options.donors } : {}),
  });
  const ledger = new RequestLedger();
  const scheduler = new TaskScheduler(now);
  const faults = createFaultControl(options.faults);
  const progress = createOrderProgress({
    state,
    scheduler,
    now,
    delayMs: options.delayMs ?? 1000,
    ...(options.webhookUrl && options.webhookSecret
      ? { webhook: { url: options.webhookUrl, secret: options.webhookSecret, fetch: options.fetch ?? fetch } }
      : {}),
  });

  const app = new Hono();
  app.use('*', ledgerMiddleware(ledger, now));
  app.route('/_sim', simulatorControlRoutes({ ledger, faults, scheduler }));
  app.use(
    '*',
    faultMiddleware(faults, (status) => ({
      code: status === 429 ? 'RATE_LIMITED' : 'INTERNAL',
      message: 'injected fault',
    })),
  );
  app.use('*', async (context, next) => {
    if (new URL(context.req.url).pathname.startsWith('/_sim')) return next();
    if (context.req.header('authorization') !== `Bearer ${options.apiToken}`) {
      return context.json({ code: 'UNAUTHORISED', message: 'Send Authorization: Bearer <api token>.' }, 401);
    }
    // Work due by now is done before any answer, so what a request sees is current for the clock.
    await scheduler.runDue();
    return next();
  });
  app.onError((error, context) => {
    if (error instanceof DutchTelRefusal) {
      return context.json(
        { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) },
        error.status,
      );
    }
    return context.json({ code: 'INTERNAL', message: 'unexpected error' }, 500);
  });

  app.post('/orders', async (context) => {
    const body = await context.req.json().catch(() => {
      throw new DutchTelRefusal(400, 'INVALID_REQUEST', 'The body is not JSON.');
    });
    const request = parseOrderRequest(body);
    const line = checkOrder(state, request);
    const order: Order = {
      orderId: `ORD-${String(state.nextOrder++).padStart(6, '0')}`,
      type: request.type,
      status: 'RECEIVED',
      clientReference: request.clientReference,
      createdAt: now().toISOString(),
      request,
      ...(line ? { lineId: line.lineId } : {}),
    };
    if (request.sim && 'iccid' in request.sim) {
      const sim = state.sims.get(request.sim.iccid);
      if (sim) sim.state = 'IN_USE';
      order.heldIccid = request.sim.iccid;
    }
    state.orders.set(order.orderId, order);
    progress.accepted(order);
    return context.json(publicOrder(order), 202);
  });

  app.get('/orders', (context) => {
    const ids = context.req.query('orderIds');
    const reference = context.req.query('clientReference');
    if (!ids && !reference) throw new DutchTelRefusal(400, 'INVALID_REQUEST', 'Give orderIds or clientReference.');
    let orders = [...state.orders.values()];
    if (ids) {
      const wanted = ids.split(',').filter((id) => id !== '');
      if (wanted.length > maxBatch) {
        throw new DutchTelRefusal(400, 'BATCH_TOO_LARGE', `At most ${maxBatch} order ids per request.`, 'orderIds');
      }
      orders = wanted.map((id) => state.orders.get(id)).filter((order): order is Order => order !== undefined);
    }
    if (reference) orders = orders.filter((order) => order.clientReference === reference);
    return context.json({ orders: orders.map(publicOrder) });
  });

  app.get('/orders/:orderId', (context) => {
    const order = state.orders.get(context.req.param('orderId'));
    if (!order)
      throw new DutchTelRefusal(404, 'ORDER_NOT_FOUND', `Order ${context.req.param('orderId')} does not exist.`);
    return context.json(publicOrder(order));
  });

  app.post('/orders/:orderId/cancel', (context) => {
    const order = state.orders.get(context.req.param('orderId'));
    if (!order)
      throw new DutchTelRefusal(404, 'ORDER_NOT_FOUND', `Order ${context.req.param('orderId')} does not exist.`);
    if (order.status === 'CANCELLED') return context.json(publicOrder(order));
    if (order.type !== 'NUMBER_PORT_IN' || order.status === 'COMPLETED' || order.status === 'REJECTED') {
      throw new DutchTelRefusal(
        409,
        'ORDER_NOT_CANCELLABLE',
        `Order ${order.orderId} (${order.type}) is ${order.status}; only a port-in that has not completed can be cancelled.`,
      );
    }
    cancelOrder(state, order);
    progress.pushLater(order);
    return context.json(publicOrder(order));
  });

  app.get('/lines/:lineId', (context) => {
    const line = state.lines.get(context.req.param('lineId'));
    if (!line) throw new DutchTelRefusal(404, 'LINE_NOT_FOUND', `Line ${context.req.param('lineId')} does not exist.`);
    return context.json(line);
  });

  app.get('/sims', (context) => {
    const wantedState = context.req.query('state');
    const pageSize = Math.min(Number(context.req.query('pageSize') ?? 50) || 50, 100);
    const start = Number(context.req.query('pageToken') ?? 0) || 0;
    const sims = [...state.sims.values()].filter((sim) => !wantedState || sim.state === wantedState);
    const page = sims.slice(start, start + pageSize);
    return context.json({
      sims: page.map((sim) => ({ iccid: sim.iccid, state: sim.state, ...(sim.lineId ? { lineId: sim.lineId } : {}) })),
      ...(start + pageSize < sims.length ? { nextPageToken: String(start + pageSize) } : {}),
    });
  });

  const customerCare = (lineId: string, lineState: Line['state']) => {
    const line = state.lines.get(lineId);
    if (!line) throw new DutchTelRefusal(404, 'LINE_NOT_FOUND', `Line ${lineId} does not exist.`);
    line.state = lineState;
  };
  const addDonor = (donor: DonorRecord) => {
    state.donors.set(donor.number, { ...donor });
  };
  // The same by HTTP, for a sandbox user: PUT /_sim/donors/0612345678 {"donorOperator": "sTN", "donorCustomerNumber": "C1"}.
  // The number may also be given as the gateway shows it (+31612345678), so a client needs no DutchTel format.
  app.put('/_sim/donors/:number', async (context) => {
    const given = context.req.param('number');
    const number = given.startsWith('+31') ? `0${given.slice(3)}` : given;
    const body = (await context.req.json().catch(() => ({}))) as {
      donorOperator?: unknown;
      donorCustomerNumber?: unknown;
    };
    if (!/^06[0-9]{8}$/.test(number)) {
      throw new DutchTelRefusal(400, 'INVALID_REQUEST', 'The number must be a national Dutch mobile (06…).', 'number');
    }
    if (typeof body.donorCustomerNumber !== 'string' || body.donorCustomerNumber === '') {
      throw new DutchTelRefusal(400, 'INVALID_REQUEST', 'donorCustomerNumber is required.', 'donorCustomerNumber');
    }
    const donor = {
      number,
      donorOperator: typeof body.donorOperator === 'string' ? body.donorOperator : 'another operator',
      donorCustomerNumber: body.donorCustomerNumber,
    };
    addDonor(donor);
    return context.json(donor);
  });
  // The same by HTTP, for a sandbox user: PUT /_sim/lines/LN-000001 {"state": "BARRED"}.
  app.put('/_sim/lines/:lineId', async (context) => {
    const body = (await context.req.json().catch(() => ({}))) as { state?: string };
    if (!['ACTIVE', 'BARRED', 'TERMINATED', 'PORTED_OUT'].includes(body.state ?? '')) {
      throw new DutchTelRefusal(
        400,
        'INVALID_REQUEST',
        'state must be ACTIVE, BARRED, TERMINATED or PORTED_OUT.',
        'state',
      );
    }
    customerCare(context.req.param('lineId'), body.state as Line['state']);
    return context.json(state.lines.get(context.req.param('lineId')));
  });

  return {
    app,
    ledger,
    customerCare,
    addDonor,
    scheduler,
    faults,
    state,
    availableSims: () =>
      [...state.sims.values()].filter((sim) => sim.state === 'AVAILABLE' && !sim.esim).map((sim) => sim.iccid),
    portableNumbers: () => [...state.donors.values()],
    startClock: (intervalMs = 250) => scheduler.startTimer(intervalMs),
  };
}
