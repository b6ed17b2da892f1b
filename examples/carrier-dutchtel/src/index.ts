/**
 * mvno-carrier-dutchtel — the DutchTel carrier for mvno-gateway, built only from `mvno-gateway/adapter` and
 * `mvno-gateway/simulator-kit`. Load it with `CARRIER_PLUGINS=stn,sps,mvno-carrier-dutchtel`.
 */
import type { CarrierPluginV1 } from 'mvno-gateway/adapter';
import { createDutchTelAdapter } from './adapter.js';
import { dutchtelCapabilities } from './dutchtel-capabilities.js';
import { type DutchTelConnectionConfig, dutchtelConnectionConfigSchema, dutchtelSecretFields } from './dutchtel-config.js';
import { createDutchTelSimulator } from './simulator/index.js';

/** The sandbox's credentials: the simulator is local, so they protect nothing; they exercise the auth code. */
const sandboxToken = 'sandbox-dutchtel-token';
const sandboxWebhookSecret = 'sandbox-dutchtel-webhook-secret';

export const dutchtelPlugin: CarrierPluginV1<DutchTelConnectionConfig> = {
  specVersion: 'v1',
  id: 'dutchtel',
  displayName: 'DutchTel (example carrier)',
  capabilities: dutchtelCapabilities,
  connectionConfigSchema: dutchtelConnectionConfigSchema,
  secretConfigFields: dutchtelSecretFields,
  createAdapter: createDutchTelAdapter,
  sandbox: {
    createSimulator(options) {
      const simulator = createDutchTelSimulator({
        apiToken: sandboxToken,
        delayMs: options.delayMs,
        ...(options.physicalSims !== undefined ? { physicalSims: options.physicalSims } : {}),
        ...(options.callbackUrl ? { webhookUrl: options.callbackUrl, webhookSecret: sandboxWebhookSecret } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      return {
        fetch: (request) => simulator.app.fetch(request),
        startClock: (intervalMs) => simulator.startClock(intervalMs),
        freeSims: () => simulator.availableSims(),
      };
    },
    connectionConfig: ({ baseUrl }) => ({ baseUrl, apiToken: sandboxToken, webhookSecret: sandboxWebhookSecret }),
    guide:
      'DutchTel: activate a free SIM (GET /v1/sim-cards?carrier=dutchtel&status=available) or an eSIM (the result ' +
      'carries an LPA activation code for a QR code); port in one of the numbers 0687000001–0687000200 with donor ' +
      'customer number DC100001–DC100200 (same last digits); port out with carrierOptions.dutchtel.recipientOperator.',
  },
};

export default dutchtelPlugin;
export { createDutchTelAdapter } from './adapter.js';
export { dutchtelCapabilities } from './dutchtel-capabilities.js';
export { dutchtelConnectionConfigSchema } from './dutchtel-config.js';
export { createDutchTelSimulator, type DutchTelSimulator } from './simulator/index.js';
