import type { TaskScheduler } from 'mvno-gateway/simulator-kit';
import { signatureHeader, signWebhook } from '../dutchtel-signature.js';
import { type DutchTelState, esimIccid, type Order, publicOrder } from './dutchtel-state.js';

export interface ProgressOptions {
  state: DutchTelState;
  scheduler: TaskScheduler;
  now: () => Date;
  delayMs: number;
  webhook?: { url: string; secret: string; fetch: typeof globalThis.fetch };
}

/** Free numbers DutchTel hands to new lines: 0612xxxxxx, in order. */
function nextNumber(state: DutchTelState): string {
  for (;;) {
    const number = `0612${String(state.nextNumber++).padStart(6, '0')}`;
    if (![...state.lines.values()].some((line) => line.number === number)) return number;
  }
}

function releaseHeldSim(state: DutchTelState, order: Order): void {
  const held = order.heldIccid ? state.sims.get(order.heldIccid) : undefined;
  if (held && held.state === 'IN_USE' && !held.lineId) held.state = 'AVAILABLE';
}

/** The partner withdrew a port-in before it completed: its SIM goes back to stock, the donor keeps the number. */
export function cancelOrder(state: DutchTelState, order: Order): void {
  releaseHeldSim(state, order);
  order.status = 'CANCELLED';
}

function reject(state: DutchTelState, order: Order, code: string, reason: string): void {
  releaseHeldSim(state, order);
  order.status = 'REJECTED';
  order.rejection = { code, reason };
}

/** A SIM for the order: the physical one it holds, or a fresh eSIM profile with its LPA activation code. */
function simFor(state: DutchTelState, order: Order): { iccid: string; esim: boolean; activationCode?: string } {
  if (order.heldIccid) return { iccid: order.heldIccid, esim: false };
  const iccid = esimIccid(state.nextEsim++);
  state.sims.set(iccid, { iccid, state: 'IN_USE', esim: true });
  return { iccid, esim: true, activationCode: `LPA:1$smdp.dutchtel.example$DT-${iccid.slice(-10)}` };
}

function bindSim(state: DutchTelState, iccid: string, lineId: string): void {
  const sim = state.sims.get(iccid);
  if (sim) {
    sim.state = 'IN_USE';
    sim.lineId = lineId;
  }
}

/** Carries out a COMPLETED order on the lines and SIMs; the line's state is checked again, as it may have changed. */
function complete(state: DutchTelState, order: Order): void {
  const request = order.request;
  if (request.type === 'NEW_LINE' || request.type === 'NUMBER_PORT_IN') {
    if (request.type === 'NUMBER_PORT_IN' && request.portIn) {
      const donor = state.donors.get(request.portIn.number);
      if (!donor) {
        reject(state, order, 'NUMBER_NOT_AT_DONOR', `No operator holds ${request.portIn.number}.`);
        return;
      }
      if (donor.donorCustomerNumber !== request.portIn.donorCustomerNumber) {
        reject(
          state,
          order,
          'DONOR_CUSTOMER_MISMATCH',
          `${donor.donorOperator} does not know customer ${request.portIn.donorCustomerNumber} for ${request.portIn.number}.`,
        );
        return;
      }
      state.donors.delete(request.portIn.number);
    }
    const lineId = `LN-${String(state.nextLine++).padStart(6, '0')}`;
    const sim = simFor(state, order);
    const number = request.type === 'NUMBER_PORT_IN' && request.portIn ? request.portIn.number : nextNumber(state);
    state.lines.set(lineId, {
      lineId,
      number,
      iccid: sim.iccid,
      esim: sim.esim,
      tariff: request.tariff ?? 'DT-BASIS',
      state: 'ACTIVE',
    });
    bindSim(state, sim.iccid, lineId);
    order.lineId = lineId;
    order.status = 'COMPLETED';
    order.result = {
      lineId,
      number,
      iccid: sim.iccid,
      ...(sim.activationCode ? { activationCode: sim.activationCode } : {}),
    };
    return;
  }
  const line = order.lineId ? state.lines.get(order.lineId) : undefined;
  if (!line) {
    reject(state, order, 'LINE_NOT_FOUND', `Line ${order.lineId} no longer exists.`);
    return;
  }
  const done = () => {
    order.status = 'COMPLETED';
    order.result = { lineId: line.lineId, number: line.number, iccid: line.iccid };
  };
  switch (request.type) {
    case 'BAR':
      line.state = 'BARRED';
      done();
      return;
    case 'UNBAR':
      line.state = 'ACTIVE';
      done();
      return;
    case 'TERMINATE': {
      line.state = 'TERMINATED';
      const sim = state.sims.get(line.iccid);
      if (sim) sim.state = 'BLOCKED';
      done();
      return;
    }
    case 'NUMBER_PORT_OUT':
      line.state = 'PORTED_OUT';
      done();
      return;
    case 'SIM_CHANGE': {
      const old = state.sims.get(line.iccid);
      if (old) old.state = 'BLOCKED';
      const sim = simFor(state, order);
      line.iccid = sim.iccid;
      line.esim = sim.esim;
      bindSim(state, sim.iccid, line.lineId);
      done();
      if (sim.activationCode && order.result) order.result.activationCode = sim.activationCode;
      return;
    }
  }
}

/**
 * RECEIVED → PROCESSING after `delayMs`, → COMPLETED or REJECTED after another `delayMs`; each change is pushed to
 * the webhook (retried twice, a `delayMs` apart, when the partner does not answer 2xx).
 */
export function createOrderProgress(options: ProgressOptions) {
  const { state, scheduler, delayMs } = options;

  async function push(order: Order, attempt = 1): Promise<void> {
    const webhook = options.webhook;
    if (!webhook) return;
    const body = JSON.stringify({
      eventId: `EV-${String(state.nextEvent++).padStart(8, '0')}`,
      occurredAt: options.now().toISOString(),
      order: publicOrder(order),
    });
    const signature = await signWebhook(webhook.secret, body, options.now());
    const delivered = await webhook
      .fetch(webhook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [signatureHeader]: signature },
        body,
      })
      .then((response) => response.ok)
      .catch(() => false);
    if (!delivered && attempt < 3) scheduler.after(delayMs, () => push(order, attempt + 1));
  }

  return {
    /** Tell the partner about a change made outside the order's own progress (a cancellation). */
    pushLater(order: Order): void {
      scheduler.after(0, () => push(order));
    },
    accepted(order: Order): void {
      // Not from inside the request: the partner learns the order id from the answer first.
      scheduler.after(0, () => push(order));
      scheduler.after(delayMs, async () => {
        // A cancelled order stops where it is (its cancellation was answered, and pushed, by the cancel route).
        if (order.status === 'CANCELLED') return;
        order.status = 'PROCESSING';
        await push(order);
        scheduler.after(delayMs, async () => {
          if (order.status === 'CANCELLED') return;
          complete(state, order);
          await push(order);
        });
      });
    },
  };
}
