import type { CarrierPluginV1 } from '../adapter/index.js';
import { spsPlugin } from '../adapters/sps/index.js';
import { stnPlugin } from '../adapters/stn/index.js';

/**
 * The carrier plugins this package ships, by id, and the default of CARRIER_PLUGINS. This is the one place in the
 * runtime that names carriers: everything else iterates over the plugins that were loaded (see
 * carrier-plugin-loader.ts for other plugins, loaded by module name).
 */
export const builtInCarrierPlugins: Readonly<Record<string, CarrierPluginV1>> = {
  stn: stnPlugin as CarrierPluginV1,
  sps: spsPlugin as CarrierPluginV1,
};

/** CARRIER_PLUGINS when it is not set. */
export const defaultCarrierPluginList = 'stn,sps';
