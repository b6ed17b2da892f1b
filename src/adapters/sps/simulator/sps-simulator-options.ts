import type { FaultConfig } from '../../simulator-kit/faults.js';

/** What a simulator starts with. Every list has a default, so `createSpsSimulator({clientId, clientSecret})` works. */
export interface SpsSimulatorSeed {
  /** Physical SIMs in stock (ICCIDs of 19–20 digits). */
  availableIccids?: string[];
  /** Wholesale plan ids SPS knows; anything else is answered 404. */
  wholesalePlanIds?: string[];
  /** ZIP codes without coverage: an activation there fails when it runs. */
  noCoverageZipCodes?: string[];
  /** Numbers held at other carriers that may be ported in, with the donor account that releases them. */
  portableNumbers?: Array<{ gpsi: string; accountNumber: string; pin: string; accountName?: string }>;
  /** Device TACs the network does not support. */
  incompatibleTacs?: string[];
  /** First number handed out when SPS assigns one (US, 11 digits starting with 1). */
  firstDynamicGpsi?: string;
  /** The partner's product catalogue; a transaction naming any other product id fails. */
  productIds?: string[];
}

export interface SpsSimulatorOptions {
  clientId: string;
  clientSecret: string;
  /** The partner's callback registration at start (what the developer hub would hold). */
  callbackUrl?: string;
  callbackSecret?: string;
  /** How long a transaction takes from Received to Success/Failure (InProgress at half of it). Default 1000. */
  delayMs?: number;
  now?: () => Date;
  random?: () => number;
  /** Delivers callbacks; called with one Request. Default globalThis.fetch. */
  fetch?: typeof fetch;
  faults?: Partial<FaultConfig>;
  /** Lifetime of issued access tokens. Default 3600. */
  tokenTtlSeconds?: number;
  seed?: SpsSimulatorSeed;
}

export interface ResolvedSpsSimulatorSeed {
  availableIccids: string[];
  wholesalePlanIds: string[];
  noCoverageZipCodes: string[];
  portableNumbers: Array<{ gpsi: string; accountNumber: string; pin: string; accountName?: string }>;
  incompatibleTacs: string[];
  firstDynamicGpsi: string;
  productIds: string[];
}

export const defaultSpsSeed: ResolvedSpsSimulatorSeed = {
  availableIccids: Array.from({ length: 20 }, (_, index) => `8901260000000${String(index + 1).padStart(6, '0')}`),
  wholesalePlanIds: ['Plan001', 'Plan002', 'PlanUnlimited'],
  noCoverageZipCodes: ['00000'],
  portableNumbers: [
    { gpsi: '13035550100', accountNumber: 'ACC1001', pin: '1234', accountName: 'Pat Example' },
    { gpsi: '13035550101', accountNumber: 'ACC1002', pin: '5678' },
    { gpsi: '13035550102', accountNumber: 'ACC1003', pin: '2468' },
  ],
  incompatibleTacs: ['35000000'],
  firstDynamicGpsi: '19455550100',
  // The products the gateway maps services to (sps-services-mapping.ts), plus add-ons a caller may send itself.
  productIds: ['VOICEMAIL', 'INTL_CALLING', 'INTL_ROAMING_VOICE', 'DATA_ADDON_5GB', 'HOTSPOT'],
};

export function resolveSeed(seed: SpsSimulatorSeed = {}): ResolvedSpsSimulatorSeed {
  return {
    availableIccids: seed.availableIccids ?? defaultSpsSeed.availableIccids,
    wholesalePlanIds: seed.wholesalePlanIds ?? defaultSpsSeed.wholesalePlanIds,
    noCoverageZipCodes: seed.noCoverageZipCodes ?? defaultSpsSeed.noCoverageZipCodes,
    portableNumbers: seed.portableNumbers ?? defaultSpsSeed.portableNumbers,
    incompatibleTacs: seed.incompatibleTacs ?? defaultSpsSeed.incompatibleTacs,
    firstDynamicGpsi: seed.firstDynamicGpsi ?? defaultSpsSeed.firstDynamicGpsi,
    productIds: seed.productIds ?? defaultSpsSeed.productIds,
  };
}
