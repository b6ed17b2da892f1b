import type { CarrierSandboxV1, SandboxSimulatorV1 } from '../../adapter/index.js';
import { createSpsSimulator, type SpsSimulator } from './simulator/index.js';
import { defaultSpsSeed } from './simulator/sps-simulator-options.js';
import type { SpsConnectionConfig } from './sps-connection-config.js';

/**
 * SPS's sandbox contribution: the simulator (which pushes signed callbacks to `callbackUrl`) and the connection that
 * points at it. The credentials protect nothing, the simulator runs beside the gateway; `settings` (`--client-id`,
 * `--client-secret`, `--callback-secret` of the simulator CLI) override them.
 */
export const spsSandboxCredentials = {
  clientId: 'sandbox-sps-client',
  clientSecret: 'sandbox-sps-secret',
  callbackSecret: 'sandbox-sps-callback-secret',
};

/** An address inside SPS coverage (the simulator refuses only the zip codes of `noCoverageZipCodes`). */
export const sandboxSpsLocation = {
  addressLine1: '9601 S Meridian Blvd',
  city: 'Englewood',
  state: 'CO',
  zipCode: '80112',
};

export type SpsSandboxSimulator = SpsSimulator & SandboxSimulatorV1;

/** `count` 19-digit ICCIDs in a range of their own, so a large stock never collides with the default one. */
function stockOf(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `89012699${String(index).padStart(11, '0')}`);
}

export const spsSandbox: CarrierSandboxV1<SpsConnectionConfig, SpsSandboxSimulator> = {
  createSimulator({ delayMs, callbackUrl, fetch, physicalSims, settings }) {
    const callbackSecret = settings?.callbackSecret ?? (callbackUrl ? spsSandboxCredentials.callbackSecret : undefined);
    const simulator = createSpsSimulator({
      clientId: settings?.clientId ?? spsSandboxCredentials.clientId,
      clientSecret: settings?.clientSecret ?? spsSandboxCredentials.clientSecret,
      delayMs,
      ...(callbackUrl ? { callbackUrl } : {}),
      ...(callbackSecret ? { callbackSecret } : {}),
      ...(fetch ? { fetch } : {}),
      ...(physicalSims ? { seed: { availableIccids: stockOf(physicalSims) } } : {}),
    });
    return Object.assign(simulator, {
      fetch: (request: Request) => simulator.app.fetch(request),
      runDue: () => simulator.scheduler.runDue(),
      freeSims: () => simulator.listAvailableSims(),
    });
  },
  connectionConfig: ({ baseUrl }) => ({
    baseUrl,
    ...spsSandboxCredentials,
    tokenPath: '/oauth2/token',
    prefixes: {
      subscription: '/subscription',
      portin: '/portin',
      device: '/device',
      number: '/number',
      sim: '/sim',
      profile: '/profile',
      admin: '/admin',
    },
    callbackToleranceSeconds: 300,
  }),
  guide(simulator, { connectionName }) {
    const plans = defaultSpsSeed.wholesalePlanIds;
    return {
      plans,
      location: sandboxSpsLocation,
      portableNumbers: defaultSpsSeed.portableNumbers.map((number) => ({
        msisdn: `+${number.gpsi}`,
        donorAccountNumber: number.accountNumber,
        donorAccountPin: number.pin,
      })),
      exampleActivation: {
        carrier: connectionName,
        sim: { type: 'physical', iccid: simulator.listAvailableSims()[0] ?? null },
        plan: plans[0] ?? null,
        carrierOptions: { sps: { location: sandboxSpsLocation } },
      },
      note:
        'The simulator sends its callbacks to the sandbox tenant’s connection; another tenant’s SPS operations ' +
        'still finish, by polling.',
    };
  },
};
