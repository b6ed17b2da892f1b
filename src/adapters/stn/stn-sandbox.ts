import type { CarrierSandboxV1, SandboxSimulatorV1 } from '../../adapter/index.js';
import { createStnSimulator, type StnSimulator } from './simulator/index.js';
import { stnCapabilities } from './stn-capabilities.js';
import type { StnConnectionConfig } from './stn-connection-config.js';

/**
 * sTN's sandbox contribution: the simulator for sandbox mode, `npm run simulator -- stn` and the test harness, and
 * the connection that points at it. The API key protects nothing (the simulator runs beside the gateway); it exists
 * so the adapter's authentication is exercised. `--api-key` / `settings.apiKey` overrides it.
 */
export const stnSandboxApiKey = 'sandbox-stn-api-key';

export type StnSandboxSimulator = StnSimulator & SandboxSimulatorV1;

export const stnSandbox: CarrierSandboxV1<StnConnectionConfig, StnSandboxSimulator> = {
  createSimulator({ delayMs, physicalSims, settings }) {
    const simulator = createStnSimulator({
      apiKey: settings?.apiKey ?? stnSandboxApiKey,
      delayMs,
      ...(physicalSims ? { seed: { physicalSims } } : {}),
    });
    return Object.assign(simulator, {
      fetch: (request: Request) => simulator.app.fetch(request),
      runDue: () => simulator.scheduler.runDue(),
      freeSims: () => simulator.listFreeSims(),
    });
  },
  connectionConfig: ({ baseUrl }) => ({ baseUrl, apiKey: stnSandboxApiKey }),
  guide(simulator, { connectionName }) {
    return {
      esimProfilesAvailable: simulator.esimCapacity(),
      plans: [...(stnCapabilities.plans.values ?? [])],
      exampleActivation: {
        carrier: connectionName,
        sim: { type: 'physical', iccid: simulator.listFreeSims()[0] ?? null },
      },
    };
  },
};
