import { createStnSimulator, type StnSimulator, stnPlugin } from '../../src/adapters/stn/index.js';
import { stnPhoneNumberToE164 } from '../../src/adapters/stn/stn-phone-number.js';
import {
  type ConformanceLine,
  type ConformanceSimulator,
  type RequestBody,
  runCarrierConformance,
} from '../../src/testing/index.js';

const apiKey = 'conformance-stn-api-key';

interface StnConformanceSimulator extends ConformanceSimulator {
  stn: StnSimulator;
  freshIccid(): string;
}

const stnOf = (line: ConformanceLine) => (line.simulator as StnConformanceSimulator).stn;
const freshIccid = (line: ConformanceLine) => (line.simulator as StnConformanceSimulator).freshIccid();
const later = (line: ConformanceLine, days: number) => {
  void line;
  return new Date(Date.UTC(2030, 0, 7 + days, 9)).toISOString();
};

/** A line sTN already has, from its seed: its SIM is in use and its number taken. */
function seededActiveLine(line: ConformanceLine) {
  const seeded = [...stnOf(line).state.subscriptions.values()].find(
    (candidate) => candidate.state === 'ACTIVE' && candidate.simCardNumber,
  );
  if (!seeded) throw new Error('the sTN seed has no active line');
  return seeded;
}

/**
 * Changes the line at sTN behind the gateway's back, as sTN's own portal would: the gateway's next request on it
 * meets a line in another state, and sTN refuses it.
 */
function outOfBand(line: ConformanceLine, state: 'ACTIVE' | 'SUSPENDED' | 'TERMINATED'): RequestBody {
  const subscription = stnOf(line).state.subscriptions.get(line.carrierSubscriptionId as string);
  if (!subscription) throw new Error(`sTN has no subscription ${line.carrierSubscriptionId}`);
  subscription.state = state;
  return {};
}

/**
 * Marks the activation a cancellation (or port-in change) acts on as already being cancelled at sTN, as a cancel
 * from sTN's portal would: it refuses another. An in-port carries that in its porting status.
 */
function alreadyCancelling(line: ConformanceLine): RequestBody {
  const activation = stnOf(line).state.activations.get(line.target?.carrierReference as string);
  if (!activation) throw new Error(`sTN has no activation ${line.target?.carrierReference}`);
  activation.cancellation = { note: 'cancelled in the sTN portal' };
  return {};
}

runCarrierConformance({
  plugin: stnPlugin,
  simulator({ now }) {
    const stn = createStnSimulator({ apiKey, delayMs: 1000, now });
    const handedOut = new Set<string>();
    const simulator: StnConformanceSimulator = {
      stn,
      fetch: (request) => stn.app.fetch(request),
      runDue: () => stn.scheduler.runDue(),
      ledger: { entries: () => stn.ledger.all() },
      connectionConfig: { baseUrl: 'https://stn.example.test/', apiKey },
      freshIccid() {
        const iccid = stn.listFreeSims().find((candidate) => !handedOut.has(candidate));
        if (!iccid) throw new Error('the sTN simulator has no free SIM left');
        handedOut.add(iccid);
        return iccid;
      },
    };
    return simulator;
  },
  fixtures: {
    // sTN cancels a port-in only once it is under way (porting status past INIT), and one with a date stays so.
    targetSteps: 1,
    targetRequests: {
      cancel_cease: (line) => ({ ceaseAt: later(line, 30) }),
      cancel_port_in: (line) => ({
        sim: { type: 'physical', iccid: freshIccid(line) },
        portIn: { msisdn: '+31687654321', donorAccountNumber: '998877', portAt: later(line, 10) },
      }),
      change_port_in: (line) => ({
        sim: { type: 'physical', iccid: freshIccid(line) },
        portIn: { msisdn: '+31687654321', donorAccountNumber: '998877', portAt: later(line, 10) },
      }),
    },
    kinds: {
      activate: {
        valid: (line) => ({ sim: { type: 'physical', iccid: freshIccid(line) }, plan: 'SP16001' }),
        // The card of a line sTN already has: refused at once (400).
        carrierFailure: (line) => ({ sim: { type: 'physical', iccid: seededActiveLine(line).simCardNumber } }),
      },
      port_in: {
        valid: (line) => ({
          sim: { type: 'physical', iccid: freshIccid(line) },
          plan: 'SP16001',
          portIn: { msisdn: '+31687654321', donorAccountNumber: '998877' },
        }),
        // A number sTN already serves: refused at once.
        carrierFailure: (line) => ({
          sim: { type: 'physical', iccid: freshIccid(line) },
          portIn: { msisdn: stnPhoneNumberToE164(seededActiveLine(line).phoneNumber), donorAccountNumber: '998877' },
        }),
      },
      change_port_in: {
        valid: (line) => ({ portAt: later(line, 20) }),
        carrierFailure: (line) => ({ ...alreadyCancelling(line), portAt: later(line, 20) }),
      },
      suspend: { valid: () => ({}), carrierFailure: (line) => outOfBand(line, 'SUSPENDED') },
      resume: { valid: () => ({}), carrierFailure: (line) => outOfBand(line, 'ACTIVE') },
      cease: { valid: () => ({}), carrierFailure: (line) => outOfBand(line, 'TERMINATED') },
      sim_swap: {
        valid: (line) => ({ sim: { type: 'physical', iccid: freshIccid(line) } }),
        carrierFailure: (line) => ({ sim: { type: 'physical', iccid: seededActiveLine(line).simCardNumber } }),
      },
      change_services: {
        valid: () => ({ services: { voicemail: false } }),
        carrierFailure: (line) => ({ ...outOfBand(line, 'TERMINATED'), services: { voicemail: false } }),
      },
      change_plan: {
        valid: () => ({ plan: 'SP16002' }),
        // The environment the line is already in: sTN refuses the move.
        carrierFailure: () => ({ plan: 'SP16001' }),
      },
      port_out: {
        valid: () => ({}),
        carrierFailure: (line) => outOfBand(line, 'TERMINATED'),
      },
      cancel_activation: { valid: () => ({}), carrierFailure: alreadyCancelling },
      cancel_port_in: { valid: () => ({}), carrierFailure: alreadyCancelling },
      cancel_port_out: { valid: () => ({}), carrierFailure: alreadyCancelling },
      cancel_cease: { valid: () => ({}), carrierFailure: alreadyCancelling },
    },
  },
});
