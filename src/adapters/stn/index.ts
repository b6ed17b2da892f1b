import type { CarrierPluginV1 } from '../../core/index.js';
import { createStnAdapter } from './adapter.js';
import { stnCapabilities } from './stn-capabilities.js';
import { type StnConnectionConfig, stnConnectionConfigSchema, stnSecretConfigFields } from './stn-connection-config.js';
import { stnSameAccountMove } from './stn-same-account-move.js';
import { stnSandbox } from './stn-sandbox.js';

export { createStnAdapter } from './adapter.js';
export {
  createStnSimulator,
  type StnSeedOptions,
  type StnSimulator,
  type StnSimulatorOptions,
  stnScenarioOptions,
} from './simulator/index.js';
export { stnCapabilities, stnPollBatchSize } from './stn-capabilities.js';
export { type StnCarrierOptions, stnCarrierOptionsSchema } from './stn-carrier-options.js';
export { type StnConnectionConfig, stnConnectionConfigSchema } from './stn-connection-config.js';
export { e164ToStnPhoneNumber, stnPhoneNumberToE164 } from './stn-phone-number.js';
export { type StnSandboxSimulator, stnSandbox, stnSandboxApiKey } from './stn-sandbox.js';
export { fromStnServices, toStnServices } from './stn-services-mapping.js';

/** sTN as a gateway plugin: capabilities, how a connection is configured, and the adapter per connection. */
export const stnPlugin: CarrierPluginV1<StnConnectionConfig> = {
  specVersion: 'v1',
  id: 'stn',
  displayName: 'sTN Partner API',
  capabilities: stnCapabilities,
  connectionConfigSchema: stnConnectionConfigSchema,
  secretConfigFields: stnSecretConfigFields,
  createAdapter: (config, dependencies) => createStnAdapter(config, dependencies),
  sameAccountMove: stnSameAccountMove,
  sandbox: stnSandbox,
};
