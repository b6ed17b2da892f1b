import { spsPlugin } from '../adapters/sps/index.js';
import { stnPlugin } from '../adapters/stn/index.js';
import type { CarrierPluginV1 } from '../core/index.js';

/** The carrier plugins this build ships. A new carrier is one more entry here (see README, "Adding a carrier"). */
export const carrierPlugins: readonly CarrierPluginV1[] = [stnPlugin as CarrierPluginV1, spsPlugin as CarrierPluginV1];
