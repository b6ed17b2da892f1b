import { createStnSimulator, stnConnectionConfigSchema, stnPlugin } from '../../src/adapters/stn/index.js';
import { inProcessFetch } from '../adapters/stn/stn-test-harness.js';
import { describeCarrierConformance } from './carrier-conformance.js';
import { countLedgerRequests } from './conformance-helpers.js';

const apiKey = 'conformance-stn-api-key';
const connectionConfig = { baseUrl: 'https://stn.example.test/', apiKey };

describeCarrierConformance({
  plugin: stnPlugin,
  connectionConfig,
  setup() {
    let clock = new Date('2025-02-03T10:00:00.000Z');
    const now = () => clock;
    const simulator = createStnSimulator({ apiKey, delayMs: 1000, now });
    const adapter = stnPlugin.createAdapter(stnConnectionConfigSchema.parse(connectionConfig), {
      fetch: inProcessFetch(simulator.app),
      now,
      timeoutMs: 5000,
    });
    const handedOut = new Set<string>();
    const freshIccid = () => {
      const iccid = simulator.listFreeSims().find((candidate) => !handedOut.has(candidate));
      if (!iccid) throw new Error('the sTN simulator has no free SIM left');
      handedOut.add(iccid);
      return iccid;
    };
    // The card of a line sTN already has active: sTN refuses a second activation on it at once (400).
    const usedIccid = () => {
      const line = [...simulator.state.subscriptions.values()].find((candidate) => candidate.state === 'ACTIVE');
      if (!line?.simCardNumber) throw new Error('the sTN seed has no active line');
      return line.simCardNumber;
    };
    return {
      adapter,
      async advance() {
        clock = new Date(clock.getTime() + 1000);
        await simulator.scheduler.runDue();
      },
      validActivation: () => ({ sim: { type: 'physical', iccid: freshIccid() }, plan: 'SP16001' }),
      failingActivation: () => ({
        request: { sim: { type: 'physical', iccid: usedIccid() } },
        outcome: 'rejected_at_submit',
      }),
      ledgerCount: (methods) => countLedgerRequests(simulator.ledger, methods),
    };
  },
});
