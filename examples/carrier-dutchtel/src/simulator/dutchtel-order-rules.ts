import type { DutchTelState, Line, OrderRequestBody } from './dutchtel-state.js';
import { tariffs } from './dutchtel-state.js';

/** A refusal DutchTel answers at once, in its own error shape. */
export class DutchTelRefusal extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 422,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const orderTypes = ['NEW_LINE', 'NUMBER_PORT_IN', 'BAR', 'UNBAR', 'TERMINATE', 'SIM_CHANGE', 'NUMBER_PORT_OUT'];
const allowedFields = new Set(['type', 'clientReference', 'lineId', 'sim', 'tariff', 'portIn', 'portOut']);

function invalid(field: string, message: string): never {
  throw new DutchTelRefusal(400, 'INVALID_REQUEST', message, field);
}

/** The body's shape, as DutchTel's API checks it (the published schema). */
export function parseOrderRequest(body: unknown): OrderRequestBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) invalid('', 'The body must be a JSON object.');
  const record = body as Record<string, unknown>;
  for (const name of Object.keys(record)) if (!allowedFields.has(name)) invalid(name, `Unknown field ${name}.`);
  if (typeof record.type !== 'string' || !orderTypes.includes(record.type))
    invalid('type', 'type is not an order type.');
  const reference = record.clientReference;
  if (typeof reference !== 'string' || reference.length < 1 || reference.length > 40) {
    invalid('clientReference', 'clientReference must be 1 to 40 characters.');
  }
  if (record.lineId !== undefined && typeof record.lineId !== 'string') invalid('lineId', 'lineId must be a string.');
  if (record.tariff !== undefined && !tariffs.includes(record.tariff as (typeof tariffs)[number])) {
    invalid('tariff', `tariff must be one of ${tariffs.join(', ')}.`);
  }
  if (record.sim !== undefined) {
    const sim = record.sim as Record<string, unknown>;
    const physical =
      typeof sim?.iccid === 'string' && /^89[0-9]{16,20}$/.test(sim.iccid) && Object.keys(sim).length === 1;
    const esim = sim?.esim === true && Object.keys(sim).length === 1;
    if (!physical && !esim) invalid('sim', 'sim must be {"iccid": "89…"} or {"esim": true}.');
  }
  if (record.portIn !== undefined) {
    const portIn = record.portIn as Record<string, unknown>;
    if (typeof portIn?.number !== 'string' || !/^06[0-9]{8}$/.test(portIn.number)) {
      invalid('portIn.number', 'portIn.number must be a Dutch mobile number written 06xxxxxxxx.');
    }
    if (
      typeof portIn.donorCustomerNumber !== 'string' ||
      portIn.donorCustomerNumber.length < 1 ||
      portIn.donorCustomerNumber.length > 20
    ) {
      invalid('portIn.donorCustomerNumber', 'portIn.donorCustomerNumber must be 1 to 20 characters.');
    }
  }
  if (record.portOut !== undefined) {
    const portOut = record.portOut as Record<string, unknown>;
    if (typeof portOut?.recipientOperator !== 'string' || portOut.recipientOperator.length < 1) {
      invalid('portOut.recipientOperator', 'portOut.recipientOperator is required.');
    }
  }
  return record as unknown as OrderRequestBody;
}

function lineFor(state: DutchTelState, request: OrderRequestBody): Line {
  if (!request.lineId) invalid('lineId', `lineId is required for ${request.type}.`);
  const line = state.lines.get(request.lineId);
  if (!line) throw new DutchTelRefusal(404, 'LINE_NOT_FOUND', `Line ${request.lineId} does not exist.`, 'lineId');
  const open = [...state.orders.values()].find(
    (order) => order.lineId === line.lineId && (order.status === 'RECEIVED' || order.status === 'PROCESSING'),
  );
  if (open)
    throw new DutchTelRefusal(
      409,
      'ORDER_IN_PROGRESS',
      `Order ${open.orderId} is still running on line ${line.lineId}.`,
    );
  return line;
}

function requireLineState(line: Line, allowed: readonly Line['state'][], type: string): void {
  if (!allowed.includes(line.state)) {
    throw new DutchTelRefusal(
      409,
      'LINE_STATE',
      `${type} is not possible on line ${line.lineId}: it is ${line.state}.`,
    );
  }
}

/** A physical SIM that exists and is free; an eSIM is always available. */
function checkSim(state: DutchTelState, request: OrderRequestBody): void {
  if (!request.sim) invalid('sim', `sim is required for ${request.type}.`);
  if ('esim' in request.sim) return;
  const sim = state.sims.get(request.sim.iccid);
  if (!sim)
    throw new DutchTelRefusal(422, 'SIM_UNKNOWN', `SIM ${request.sim.iccid} is not a DutchTel SIM.`, 'sim.iccid');
  if (sim.state !== 'AVAILABLE') {
    throw new DutchTelRefusal(409, 'SIM_IN_USE', `SIM ${sim.iccid} is ${sim.state}.`, 'sim.iccid');
  }
}

/**
 * What DutchTel refuses when the order arrives. The donor's check of a port-in is not among them: the donor answers
 * later, so a wrong customer number ends the order REJECTED, not the request.
 */
export function checkOrder(state: DutchTelState, request: OrderRequestBody): Line | null {
  if ([...state.orders.values()].some((order) => order.clientReference === request.clientReference)) {
    throw new DutchTelRefusal(
      409,
      'DUPLICATE_CLIENT_REFERENCE',
      `An order with clientReference ${request.clientReference} exists.`,
    );
  }
  switch (request.type) {
    case 'NEW_LINE':
      checkSim(state, request);
      return null;
    case 'NUMBER_PORT_IN': {
      if (!request.portIn) invalid('portIn', 'portIn is required for NUMBER_PORT_IN.');
      checkSim(state, request);
      const taken = [...state.lines.values()].find(
        (line) => line.number === request.portIn?.number && line.state !== 'PORTED_OUT' && line.state !== 'TERMINATED',
      );
      if (taken)
        throw new DutchTelRefusal(409, 'NUMBER_IN_USE', `${request.portIn.number} is already a DutchTel line.`);
      return null;
    }
    case 'BAR': {
      const line = lineFor(state, request);
      requireLineState(line, ['ACTIVE'], 'BAR');
      return line;
    }
    case 'UNBAR': {
      const line = lineFor(state, request);
      requireLineState(line, ['BARRED'], 'UNBAR');
      return line;
    }
    case 'TERMINATE': {
      const line = lineFor(state, request);
      requireLineState(line, ['ACTIVE', 'BARRED'], 'TERMINATE');
      return line;
    }
    case 'SIM_CHANGE': {
      const line = lineFor(state, request);
      requireLineState(line, ['ACTIVE', 'BARRED'], 'SIM_CHANGE');
      checkSim(state, request);
      return line;
    }
    case 'NUMBER_PORT_OUT': {
      const line = lineFor(state, request);
      if (!request.portOut) invalid('portOut', 'portOut is required for NUMBER_PORT_OUT.');
      requireLineState(line, ['ACTIVE'], 'NUMBER_PORT_OUT');
      return line;
    }
  }
}
