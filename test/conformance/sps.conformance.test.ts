import { createSpsSimulator, type SpsSimulator, spsPlugin } from '../../src/adapters/sps/index.js';
import {
  type ConformanceLine,
  type ConformanceSimulator,
  type RequestBody,
  runCarrierConformance,
} from '../../src/testing/index.js';

const credentials = { clientId: 'conformance-client', clientSecret: 'conformance-client-secret' };
const callbackSecret = 'conformance-callback-secret-0123';
const location = { addressLine1: '9601 S Meridian Blvd', city: 'Englewood', state: 'CO', zipCode: '80112' };
/** A ZIP code the simulator seeds without coverage: SPS accepts the activation, then fails it. */
const noCoverageZipCode = '00000';

interface SpsConformanceSimulator extends ConformanceSimulator {
  sps: SpsSimulator;
  freshIccid(): string;
}

const spsOf = (line: ConformanceLine) => (line.simulator as SpsConformanceSimulator).sps;
const freshIccid = (line: ConformanceLine) => (line.simulator as SpsConformanceSimulator).freshIccid();
const withLocation = (zipCode = location.zipCode) => ({ sps: { location: { ...location, zipCode } } });

/** Changes the line at SPS behind the gateway's back (SPS's own portal): SPS then refuses the gateway's request. */
function outOfBand(line: ConformanceLine, status: 'Active' | 'Suspended' | 'Ceased'): RequestBody {
  const simulated = spsOf(line).line({ gpsi: (line.msisdn as string).slice(1) });
  if (!simulated) throw new Error(`SPS has no line ${line.msisdn}`);
  simulated.status = status;
  return {};
}

runCarrierConformance({
  plugin: spsPlugin,
  simulator({ now, callbackUrl, fetch }) {
    const sps = createSpsSimulator({ ...credentials, callbackUrl, callbackSecret, delayMs: 1000, now, fetch });
    const handedOut = new Set<string>();
    const simulator: SpsConformanceSimulator = {
      sps,
      fetch: (request) => sps.app.fetch(request),
      runDue: () => sps.settle(),
      ledger: { entries: () => sps.ledger.all() },
      connectionConfig: { baseUrl: 'https://sps.example.test', ...credentials, callbackSecret },
      // The OAuth token request is a credential exchange, not a write to SPS.
      credentialPaths: ['/oauth2/token'],
      freshIccid() {
        const iccid = sps.listAvailableSims().find((candidate) => !handedOut.has(candidate));
        if (!iccid) throw new Error('the SPS simulator has no SIM left');
        handedOut.add(iccid);
        return iccid;
      },
    };
    return simulator;
  },
  fixtures: {
    kinds: {
      activate: {
        valid: (line) => ({
          sim: { type: 'physical', iccid: freshIccid(line) },
          plan: 'Plan001',
          carrierOptions: withLocation(),
        }),
        carrierFailure: (line) => ({
          sim: { type: 'physical', iccid: freshIccid(line) },
          plan: 'Plan001',
          carrierOptions: withLocation(noCoverageZipCode),
        }),
      },
      port_in: {
        valid: (line) => ({
          sim: { type: 'physical', iccid: freshIccid(line) },
          plan: 'Plan001',
          portIn: { msisdn: '+13035550100', donorAccountNumber: 'ACC1001', donorAccountPin: '1234' },
          carrierOptions: withLocation(),
        }),
        // A number SPS finds not portable: accepted, then failed with SPS's reason.
        carrierFailure: (line) => ({
          sim: { type: 'physical', iccid: freshIccid(line) },
          plan: 'Plan001',
          portIn: { msisdn: '+13035559999', donorAccountNumber: 'NOPE', donorAccountPin: '0000' },
          carrierOptions: withLocation(),
        }),
      },
      suspend: { valid: () => ({}), carrierFailure: (line) => outOfBand(line, 'Suspended') },
      // SPS's write actions are transactions like any other: a line ceased behind our back refuses them.
      carrier_action: {
        valid: () => ({ action: 'block-sim', input: { reasonCode: 'LOST' } }),
        carrierFailure: (line) => ({
          ...outOfBand(line, 'Ceased'),
          action: 'block-sim',
          input: { reasonCode: 'LOST' },
        }),
      },
      resume: { valid: () => ({}), carrierFailure: (line) => outOfBand(line, 'Active') },
      cease: { valid: () => ({}), carrierFailure: (line) => outOfBand(line, 'Ceased') },
      reactivate: { valid: () => ({}), carrierFailure: (line) => outOfBand(line, 'Active') },
      sim_swap: {
        valid: (line) => ({ sim: { type: 'physical', iccid: freshIccid(line) } }),
        // The line's own card is in use: SPS refuses it.
        carrierFailure: (line) => ({ sim: { type: 'physical', iccid: line.iccid } }),
      },
      change_number: { valid: () => ({}), carrierFailure: (line) => outOfBand(line, 'Ceased') },
      change_plan: {
        valid: () => ({ plan: 'Plan002' }),
        // A plan SPS does not have (SPS's plans are an open list: only SPS can refuse it).
        carrierFailure: () => ({ plan: 'PlanNoSuchPlan' }),
      },
      change_services: {
        valid: () => ({ services: { voicemail: true } }),
        carrierFailure: (line) => ({ ...outOfBand(line, 'Ceased'), services: { voicemail: true } }),
      },
    },
  },
});
