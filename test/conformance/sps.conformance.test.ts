import { createSpsSimulator, spsConnectionConfigSchema, spsPlugin } from '../../src/adapters/sps/index.js';
import { describeCarrierConformance } from './carrier-conformance.js';
import { countLedgerRequests } from './conformance-helpers.js';

const credentials = { clientId: 'conformance-client', clientSecret: 'conformance-client-secret' };
const callbackSecret = 'conformance-callback-secret-0123';
const connectionConfig = { baseUrl: 'https://sps.example.test', ...credentials, callbackSecret };
const location = { addressLine1: '9601 S Meridian Blvd', city: 'Englewood', state: 'CO', zipCode: '80112' };
/** A ZIP code the simulator seeds without coverage: SPS accepts the activation, then fails it. */
const noCoverageZipCode = '00000';

describeCarrierConformance({
  plugin: spsPlugin,
  connectionConfig,
  setup() {
    let clock = new Date('2025-03-10T12:00:00.000Z');
    const now = () => clock;
    const sentCallbacks: Request[] = [];
    const simulator = createSpsSimulator({
      ...credentials,
      callbackUrl: 'https://gateway.example/v1/callbacks/sps/conformance',
      callbackSecret,
      delayMs: 1000,
      now,
      // Kept unread for the suite; 204 tells the simulator it was delivered, so it does not retry.
      fetch: async (input) => {
        sentCallbacks.push(input as Request);
        return new Response(null, { status: 204 });
      },
    });
    const adapter = spsPlugin.createAdapter(spsConnectionConfigSchema.parse(connectionConfig), {
      fetch: async (input, init) => simulator.app.fetch(new Request(input, init)),
      now,
      timeoutMs: 2000,
    });
    const handedOut = new Set<string>();
    const activation = (zipCode: string) => {
      const iccid = simulator.listAvailableSims().find((candidate) => !handedOut.has(candidate));
      if (!iccid) throw new Error('the SPS simulator has no SIM left');
      handedOut.add(iccid);
      return {
        sim: { type: 'physical', iccid },
        plan: 'Plan001',
        carrierOptions: { sps: { location: { ...location, zipCode } } },
      };
    };
    return {
      adapter,
      async advance() {
        clock = new Date(clock.getTime() + 500);
        await simulator.settle();
      },
      validActivation: () => activation(location.zipCode),
      failingActivation: () => ({ request: activation(noCoverageZipCode), outcome: 'fails_later' }),
      // The OAuth token request is a credential exchange, not a write to SPS.
      ledgerCount: (methods) => countLedgerRequests(simulator.ledger, methods, ['/oauth2/token']),
      takeSentCallbacks: () => sentCallbacks.splice(0),
    };
  },
});
