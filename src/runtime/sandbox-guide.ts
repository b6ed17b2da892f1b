import type { SpsSimulator } from '../adapters/sps/index.js';
import { defaultSpsSeed, type ResolvedSpsSimulatorSeed } from '../adapters/sps/simulator/sps-simulator-options.js';
import type { StnSimulator } from '../adapters/stn/index.js';
import { stnCapabilities } from '../adapters/stn/index.js';

/**
 * GET /sandbox: what a newcomer needs to use the sandbox without reading its source — each simulated carrier's
 * free stock, its plans, a request that works as it stands, and the carrier-connection config that points a new
 * tenant (PUT /v1/tenants/{id}/carrier-connections/{name}) at the same simulator. The credentials are the
 * simulators' own: they protect nothing, the simulators run inside this process.
 */
export interface SandboxGuideInput {
  publicUrl: string;
  stn: StnSimulator;
  sps: SpsSimulator;
  spsSeed?: Partial<ResolvedSpsSimulatorSeed>;
  credentials: { stnApiKey: string; spsClientId: string; spsClientSecret: string; spsCallbackSecret: string };
}

/** An address inside SPS coverage (the simulator refuses only the zip codes of `noCoverageZipCodes`). */
export const sandboxSpsLocation = {
  addressLine1: '9601 S Meridian Blvd',
  city: 'Englewood',
  state: 'CO',
  zipCode: '80112',
};

export function sandboxGuide(input: SandboxGuideInput) {
  const stnFree = input.stn.listFreeSims();
  const spsFree = input.sps.listAvailableSims();
  const spsPlans = input.spsSeed?.wholesalePlanIds ?? defaultSpsSeed.wholesalePlanIds;
  const portable = input.spsSeed?.portableNumbers ?? defaultSpsSeed.portableNumbers;
  return {
    apiKey: 'The sandbox tenant’s key is SANDBOX_API_KEY (sk_sandbox_mvno_gateway unless set).',
    note:
      'Simulator state lives in memory: a restart refills the stock and forgets the lines. The simulators run ' +
      'inside this process, so their credentials below protect nothing.',
    carriers: [
      {
        name: 'stn',
        displayName: 'sTN Partner API (simulated)',
        freeSims: { count: stnFree.length, iccids: stnFree.slice(0, 10) },
        esimProfilesAvailable: input.stn.esimCapacity(),
        plans: [...(stnCapabilities.plans.values ?? [])],
        exampleActivation: { carrier: 'stn', sim: { type: 'physical', iccid: stnFree[0] ?? null } },
        connection: {
          carrier: 'stn',
          config: { baseUrl: `${input.publicUrl}/sandbox/stn`, apiKey: input.credentials.stnApiKey },
        },
      },
      {
        name: 'sps',
        displayName: 'SPS Subscriptions v5 (simulated)',
        freeSims: { count: spsFree.length, iccids: spsFree.slice(0, 10) },
        plans: spsPlans,
        location: sandboxSpsLocation,
        portableNumbers: portable.map((number) => ({
          msisdn: `+${number.gpsi}`,
          donorAccountNumber: number.accountNumber,
          donorAccountPin: number.pin,
        })),
        exampleActivation: {
          carrier: 'sps',
          sim: { type: 'physical', iccid: spsFree[0] ?? null },
          plan: spsPlans[0] ?? null,
          carrierOptions: { sps: { location: sandboxSpsLocation } },
        },
        connection: {
          carrier: 'sps',
          config: {
            baseUrl: `${input.publicUrl}/sandbox/sps`,
            clientId: input.credentials.spsClientId,
            clientSecret: input.credentials.spsClientSecret,
            callbackSecret: input.credentials.spsCallbackSecret,
          },
          note:
            'The simulator sends its callbacks to the sandbox tenant’s connection; another tenant’s SPS ' +
            'operations still finish, by polling.',
        },
      },
    ],
  };
}
