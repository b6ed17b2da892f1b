import type { CarrierPluginV1 } from '../../core/adapter.js';
import { createSpsAdapter } from './adapter.js';
import { spsCapabilities } from './sps-capabilities.js';
import { type SpsConnectionConfig, spsConnectionConfigSchema } from './sps-connection-config.js';
import { spsSandbox } from './sps-sandbox.js';

/**
 * The SPS (DISH Wireless "SPS - Subscriptions v5") carrier plugin. Much of SPS's contract is inferred; see
 * openapi/sps.yaml (`x-inferred`) and docs/decisions/sps-inferences.md.
 */
export const spsPlugin: CarrierPluginV1<SpsConnectionConfig> = {
  specVersion: 'v1',
  id: 'sps',
  displayName: 'SPS Subscriptions v5',
  capabilities: spsCapabilities,
  connectionConfigSchema: spsConnectionConfigSchema,
  secretConfigFields: ['clientSecret', 'callbackSecret'],
  createAdapter: (config, dependencies) => createSpsAdapter(config, dependencies),
  sandbox: spsSandbox,
};

export { createSpsAdapter, type SpsAdapterExtras } from './adapter.js';
export { signSpsCallback, spsSignatureHeader, spsTimestampHeader } from './callback-signature.js';
export { createSpsSimulator, type SpsSimulator, type SpsSimulatorOptions } from './simulator/index.js';
export { spsCapabilities } from './sps-capabilities.js';
export {
  type SpsApiPrefixes,
  type SpsConnectionConfig,
  type SpsConnectionConfigInput,
  spsConnectionConfigSchema,
} from './sps-connection-config.js';
export { gpsiToMsisdn, msisdnToGpsi } from './sps-gpsi.js';
export { createMemoryReplayStore, type SpsReplayStore } from './sps-replay-guard.js';
export { type SpsSandboxSimulator, sandboxSpsLocation, spsSandbox, spsSandboxCredentials } from './sps-sandbox.js';
