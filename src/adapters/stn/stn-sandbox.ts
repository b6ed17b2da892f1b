import type { CarrierSandboxV1, SandboxSimulatorV1 } from '../../adapter/index.js';
import { createStnSimulator, type StnSimulator } from './simulator/index.js';
import { stnScenarioOptions } from './simulator/stn-scenario.js';
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
  createSimulator({ delayMs, physicalSims, settings, scenario }) {
    const fromScenario = scenario === undefined ? {} : stnScenarioOptions(scenario);
    const simulator = createStnSimulator({
      apiKey: settings?.apiKey ?? stnSandboxApiKey,
      delayMs,
      ...fromScenario,
      seed: { ...(physicalSims ? { physicalSims } : {}), ...fromScenario.seed },
    });
    return Object.assign(simulator, {
      fetch: (request: Request) => simulator.app.fetch(request),
      runDue: () => simulator.scheduler.runDue(),
      freeSims: () => simulator.listFreeSims(),
    });
  },
  connectionConfig: ({ baseUrl }) => ({ baseUrl, apiKey: stnSandboxApiKey }),
  guide(simulator, { connectionName }) {
    const [first, second] = simulator.listFreeSims();
    return {
      esimProfilesAvailable: simulator.esimCapacity(),
      plans: [...(stnCapabilities.plans.values ?? [])],
      exampleActivation: {
        connection: connectionName,
        sim: { type: 'physical', iccid: first ?? null },
        services: { voicemail: true },
      },
      exampleServices: { services: { internationalCalls: true } },
      exampleSimSwap: { sim: { type: 'physical', iccid: second ?? null } },
    };
  },
};
