/**
 * mvno-carrier-dutchtel — the DutchTel carrier for mvno-gateway, built only from `mvno-gateway/adapter` and
 * `mvno-gateway/simulator-kit`. Load it with `CARRIER_PLUGINS=stn,sps,mvno-carrier-dutchtel`.
 */
import type { CarrierPluginV1, CarrierSandboxV1, SandboxSimulatorV1 } from 'mvno-gateway/adapter';
import { createDutchTelAdapter } from './adapter.js';
import { dutchtelCapabilities } from './dutchtel-capabilities.js';
import {
  type DutchTelConnectionConfig,
  dutchtelConnectionConfigSchema,
  dutchtelSecretFields,
} from './dutchtel-config.js';
import { createDutchTelSimulator, type DutchTelSimulator } from './simulator/index.js';

/** The sandbox's credentials: the simulator is local, so they protect nothing; they exercise the auth code. */
const sandboxToken = 'sandbox-dutchtel-token';
const sandboxWebhookSecret = 'sandbox-dutchtel-webhook-secret';

/** The sandbox's DutchTel: the simulator with the handles the guide uses. */
type DutchTelSandboxSimulator = SandboxSimulatorV1 & { simulator: DutchTelSimulator };

const dutchtelSandbox: CarrierSandboxV1<DutchTelConnectionConfig, DutchTelSandboxSimulator> = {
  createSimulator(options) {
    const simulator = createDutchTelSimulator({
      apiToken: sandboxToken,
      delayMs: options.delayMs,
      ...(options.physicalSims !== undefined ? { physicalSims: options.physicalSims } : {}),
      ...(options.callbackUrl ? { webhookUrl: options.callbackUrl, webhookSecret: sandboxWebhookSecret } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    return {
      simulator,
      fetch: (request: Request) => simulator.app.fetch(request),
      startClock: (intervalMs?: number) => simulator.startClock(intervalMs),
      runDue: () => simulator.scheduler.runDue(),
      freeSims: () => simulator.availableSims(),
    };
  },
  connectionConfig: ({ baseUrl }) => ({ baseUrl, apiToken: sandboxToken, webhookSecret: sandboxWebhookSecret }),
  guide: ({ simulator }, { connectionName }) => {
    const donor = simulator.portableNumbers()[0];
    return {
      plans: [...(dutchtelCapabilities.plans.values ?? [])],
      exampleActivation: {
        carrier: connectionName,
        sim: { type: 'physical', iccid: simulator.availableSims()[0] ?? null },
      },
      exampleEsimActivation: { carrier: connectionName, sim: { type: 'esim' } },
      examplePortIn: donor
        ? {
            carrier: connectionName,
            sim: { type: 'physical', iccid: simulator.availableSims()[1] ?? null },
            portIn: { msisdn: `+31${donor.number.slice(1)}`, donorAccountNumber: donor.donorCustomerNumber },
          }
        : null,
      // How a number another carrier holds becomes portable here: DutchTel's donor check asks the donor, which in
      // the sandbox is this registry. A client fills the placeholders from the line and the port-in it will send.
      portInDonors: {
        note:
          'A port-in is checked against the donor: register the number first with the customer number the donor ' +
          'knows it by, and send that as portIn.donorAccountNumber.',
        register: {
          method: 'PUT',
          path: '/sandbox/dutchtel/_sim/donors/{msisdn}',
          body: { donorOperator: '{donorOperator}', donorCustomerNumber: '{donorAccountNumber}' },
        },
      },
      notes:
        'The eSIM result carries an LPA activation code for a QR code. A port-out needs ' +
        'carrierOptions.dutchtel.recipientOperator. PUT /sandbox/dutchtel/_sim/lines/{lineId} {"state": "BARRED"} ' +
        "changes a line as DutchTel's customer care would.",
    };
  },
};

export const dutchtelPlugin: CarrierPluginV1<DutchTelConnectionConfig> = {
  specVersion: 'v1',
  id: 'dutchtel',
  displayName: 'DutchTel (example carrier)',
  capabilities: dutchtelCapabilities,
  connectionConfigSchema: dutchtelConnectionConfigSchema,
  secretConfigFields: dutchtelSecretFields,
  createAdapter: createDutchTelAdapter,
  sandbox: dutchtelSandbox as CarrierSandboxV1<DutchTelConnectionConfig>,
};

export default dutchtelPlugin;
export { createDutchTelAdapter } from './adapter.js';
export { dutchtelCapabilities } from './dutchtel-capabilities.js';
export { dutchtelConnectionConfigSchema } from './dutchtel-config.js';
export { createDutchTelSimulator, type DutchTelSimulator } from './simulator/index.js';
