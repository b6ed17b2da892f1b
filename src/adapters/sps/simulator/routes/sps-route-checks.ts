import { spsError } from '../sps-error-responses.js';
import type { LineKey, SimulatedLine } from '../sps-simulator-state.js';
import type { SpsContext, SpsSimulatorWorld } from '../sps-simulator-world.js';

/**
 * Checks made when a request arrives (existence, not lifecycle): an unknown subscription, SIM or plan is a 404,
 * a SIM or number already taken a 409 (sps.md §7.6). Each returns the error Response, or null when all is well.
 */
export function lineOrNotFound(context: SpsContext, world: SpsSimulatorWorld, key: LineKey): SimulatedLine | Response {
  const line = world.state.findLine(key);
  if (line) return line;
  const described = 'gpsi' in key ? `gpsi ${key.gpsi}` : `iccid ${key.iccid}`;
  return spsError(context, 404, 'SPS-404-SUBSCRIPTION', `No subscription for ${described}`);
}

export function planNotFound(
  context: SpsContext,
  world: SpsSimulatorWorld,
  planId: string | undefined,
): Response | null {
  if (planId === undefined || world.state.plans.has(planId)) return null;
  return spsError(context, 404, 'SPS-404-PLAN', `Unknown wholesale plan ${planId}`);
}

export function simNotUsable(
  context: SpsContext,
  world: SpsSimulatorWorld,
  iccid: string | undefined,
): Response | null {
  if (iccid === undefined) return null;
  const sim = world.state.sims.get(iccid);
  if (!sim) return spsError(context, 404, 'SPS-404-SIM', `Unknown SIM ${iccid}`);
  if (sim.status !== 'Available') return spsError(context, 409, 'SPS-409-SIM-IN-USE', `SIM ${iccid} is not available`);
  return null;
}

export function gpsiTaken(context: SpsContext, world: SpsSimulatorWorld, gpsi: string | undefined): Response | null {
  if (gpsi === undefined || !world.state.isGpsiInUse(gpsi)) return null;
  return spsError(context, 409, 'SPS-409-GPSI-IN-USE', `Number ${gpsi} is already active`);
}
