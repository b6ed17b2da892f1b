import type { ConformanceFixtures, ConformanceLine, ConformanceSimulator } from 'mvno-gateway/testing';
import { createDutchTelSimulator, type DutchTelSimulator } from '../src/simulator/index.js';

export const apiToken = 'conformance-dutchtel-token';
export const webhookSecret = 'conformance-dutchtel-webhook-secret';

/** The kit's simulator: DutchTel's, on the kit's clock, with the handles the fixtures need. */
export interface DutchTelConformanceSimulator extends ConformanceSimulator {
  dutchtel: DutchTelSimulator;
  freshIccid(): string;
  freshPortIn(): { msisdn: string; donorCustomerNumber: string };
}

export function dutchtelConformanceSimulator(context: {
  now: () => Date;
  callbackUrl: string;
  fetch: typeof globalThis.fetch;
}): DutchTelConformanceSimulator {
  const dutchtel = createDutchTelSimulator({
    apiToken,
    delayMs: 1000,
    now: context.now,
    webhookUrl: context.callbackUrl,
    webhookSecret,
    fetch: context.fetch,
  });
  const handedOut = new Set<string>();
  return {
    dutchtel,
    fetch: (request) => dutchtel.app.fetch(request),
    runDue: () => dutchtel.scheduler.runDue(),
    ledger: { entries: () => dutchtel.ledger.all() },
    connectionConfig: { baseUrl: 'https://api.dutchtel.example', apiToken, webhookSecret },
    freshIccid() {
      const iccid = dutchtel.availableSims().find((candidate) => !handedOut.has(candidate));
      if (!iccid) throw new Error('the DutchTel simulator has no SIM left');
      handedOut.add(iccid);
      return iccid;
    },
    freshPortIn() {
      const donor = dutchtel.portableNumbers().find((candidate) => !handedOut.has(candidate.number));
      if (!donor) throw new Error('the DutchTel simulator has no portable number left');
      handedOut.add(donor.number);
      return { msisdn: `+31${donor.number.slice(1)}`, donorCustomerNumber: donor.donorCustomerNumber };
    },
  };
}

const simulatorOf = (line: ConformanceLine) => line.simulator as DutchTelConformanceSimulator;

/**
 * Changes the line at DutchTel behind the gateway's back, as DutchTel's customer care would by hand: the gateway's
 * next order on that line meets a line in another state, and DutchTel refuses it (409 LINE_STATE).
 */
function outOfBand(
  line: ConformanceLine,
  state: 'ACTIVE' | 'BARRED' | 'TERMINATED',
  request: Record<string, unknown> = {},
): Record<string, unknown> {
  simulatorOf(line).dutchtel.customerCare(line.carrierSubscriptionId as string, state);
  return request;
}

export const dutchtelFixtures: ConformanceFixtures = {
  stepMs: 1000,
  kinds: {
    activate: {
      valid: ({ simulator }) => ({
        sim: { type: 'physical', iccid: (simulator as DutchTelConformanceSimulator).freshIccid() },
        plan: 'DT-BASIS',
      }),
      // A well-formed ICCID that is not a DutchTel SIM: refused at once (422 SIM_UNKNOWN).
      carrierFailure: () => ({ sim: { type: 'physical', iccid: '8931000000000000999' } }),
    },
    port_in: {
      valid: ({ simulator }) => {
        const { msisdn, donorCustomerNumber } = (simulator as DutchTelConformanceSimulator).freshPortIn();
        return {
          sim: { type: 'physical', iccid: (simulator as DutchTelConformanceSimulator).freshIccid() },
          portIn: { msisdn, donorAccountNumber: donorCustomerNumber },
        };
      },
      // The donor does not know this customer number: DutchTel accepts the order, the donor refuses it later.
      carrierFailure: ({ simulator }) => {
        const { msisdn } = (simulator as DutchTelConformanceSimulator).freshPortIn();
        return {
          sim: { type: 'physical', iccid: (simulator as DutchTelConformanceSimulator).freshIccid() },
          portIn: { msisdn, donorAccountNumber: 'DC999999' },
        };
      },
    },
    suspend: { valid: () => ({}), carrierFailure: (line) => outOfBand(line, 'BARRED') },
    resume: { valid: () => ({}), carrierFailure: (line) => outOfBand(line, 'ACTIVE') },
    cease: { valid: () => ({}), carrierFailure: (line) => outOfBand(line, 'TERMINATED') },
    sim_swap: {
      valid: ({ simulator }) => ({
        sim: { type: 'physical', iccid: (simulator as DutchTelConformanceSimulator).freshIccid() },
      }),
      // The line's own SIM is in use: DutchTel refuses it (409 SIM_IN_USE).
      carrierFailure: (line) => ({ sim: { type: 'physical', iccid: line.iccid } }),
    },
    // The port-in the kit has just placed is RECEIVED: DutchTel withdraws it at once.
    cancel_port_in: {
      valid: () => ({}),
      carrierFailure: {
        skip:
          'DutchTel refuses to cancel only an order that already completed or was rejected, and then the line is no ' +
          'longer porting_in: a refusal that leaves the port-in pending does not exist at DutchTel',
      },
    },
    port_out: {
      valid: () => ({ carrierOptions: { dutchtel: { recipientOperator: 'KPN' } } }),
      // Barred at DutchTel meanwhile: DutchTel ports out only active lines (409 LINE_STATE).
      carrierFailure: (line) =>
        outOfBand(line, 'BARRED', { carrierOptions: { dutchtel: { recipientOperator: 'KPN' } } }),
    },
  },
};
