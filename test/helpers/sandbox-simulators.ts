import type { SpsSandboxSimulator } from '../../src/adapters/sps/index.js';
import type { StnSandboxSimulator } from '../../src/adapters/stn/index.js';
import type { Gateway } from '../../src/runtime/compose-gateway.js';

/**
 * The sandbox's sTN and SPS simulators with their own types, for tests about those carriers (the harness itself
 * names no carrier: it steps whatever simulators the loaded plugins contributed).
 */
function simulatorOf(gateway: Gateway, pluginId: string) {
  const carrier = gateway.sandbox?.carriers.get(pluginId);
  if (!carrier)
    throw new Error(`the gateway runs no ${pluginId} simulator (sandbox mode off, or the plugin not loaded)`);
  return carrier.simulator;
}

export const stnSimulatorOf = (gateway: Gateway) => simulatorOf(gateway, 'stn') as StnSandboxSimulator;
export const spsSimulatorOf = (gateway: Gateway) => simulatorOf(gateway, 'sps') as SpsSandboxSimulator;
