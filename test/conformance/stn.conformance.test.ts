import { createStnSimulator, stnPlugin } from '../../src/adapters/stn/index.js';
import { runCarrierConformance } from '../../src/testing/index.js';

const apiKey = 'conformance-stn-api-key';

runCarrierConformance({
  plugin: stnPlugin,
  simulator({ now }) {
    const simulator = createStnSimulator({ apiKey, delayMs: 1000, now });
    const handedOut = new Set<string>();
    return {
      fetch: (request) => simulator.app.fetch(request),
      runDue: () => simulator.scheduler.runDue(),
      ledger: { entries: () => simulator.ledger.all() },
      connectionConfig: { baseUrl: 'https://stn.example.test/', apiKey },
      freshIccid() {
        const iccid = simulator.listFreeSims().find((candidate) => !handedOut.has(candidate));
        if (!iccid) throw new Error('the sTN simulator has no free SIM left');
        handedOut.add(iccid);
        return iccid;
      },
    };
  },
  fixtures: {
    kinds: {
      activate: {
        valid: ({ simulator }) => ({ sim: { type: 'physical', iccid: (simulator as any).freshIccid() }, plan: 'SP16001' }),
        carrierFailure: { skip: 'todo' },
      },
      suspend: { valid: () => ({}), carrierFailure: { skip: 'todo' } },
      resume: { valid: () => ({}), carrierFailure: { skip: 'todo' } },
      cease: { valid: () => ({}), carrierFailure: { skip: 'todo' } },
    },
  },
});
