import { describe, expect, it } from 'vitest';
import { createSpsSimulator, spsScenarioOptions } from '../../src/adapters/sps/index.js';
import { createStnAdapter, createStnSimulator, stnScenarioOptions } from '../../src/adapters/stn/index.js';
import { inProcessFetch, submitRequest } from './stn/stn-test-harness.js';

/** Issue 14: scenario files set stock, numbers, donors and faults; GET /_sim/stock lists what can be used. */
const get = async (app: { fetch: (request: Request) => Response | Promise<Response> }, path: string) =>
  // biome-ignore lint/suspicious/noExplicitAny: raw simulator JSON, asserted field by field
  (await (await app.fetch(new Request(`http://sim.local${path}`))).json()) as any;

describe('simulator scenarios', () => {
  it('sTN: stock, donors and rules from a scenario, listed by /_sim/stock', async () => {
    const simulator = createStnSimulator({
      apiKey: 'k',
      ...stnScenarioOptions({
        stock: { physicalSims: 3, dataOnlySims: 1, esimCapacity: 2, activeSubscriptions: 0 },
        donors: [{ phoneNumber: '+31687650001', donorCustomerNumber: 'D-1' }],
        rules: { oneChangePerLine: true },
      }),
    });
    const stock = await get(simulator.app, '/_sim/stock');
    expect(stock.freeSims).toHaveLength(3);
    expect(stock.freeSims.filter((sim: { simCardType: string }) => sim.simCardType === 'DATAONLYSIM')).toHaveLength(1);
    expect(stock).toMatchObject({
      esimCapacity: 2,
      donors: [{ phoneNumber: '06-87650001', donorCustomerNumber: 'D-1' }],
    });
  });

  it('sTN: a donor refuses a port-in with the wrong customer number; the operation fails as wrong_account_number', async () => {
    let now = new Date('2025-02-03T10:00:00Z');
    const simulator = createStnSimulator({
      apiKey: 'k',
      now: () => now,
      ...stnScenarioOptions({ donors: [{ phoneNumber: '+31687650001', donorCustomerNumber: 'D-1' }] }),
    });
    const adapter = createStnAdapter(
      { baseUrl: 'https://stn.example.test/', apiKey: 'k' },
      { fetch: inProcessFetch(simulator.app), now: () => now, timeoutMs: 5000 },
    );
    const [right, wrong] = simulator.listFreeSims();
    const portIn = (iccid: string | undefined, msisdn: string, donorAccountNumber: string) =>
      submitRequest(
        'port_in',
        { sim: { type: 'physical', iccid }, portIn: { msisdn, donorAccountNumber } },
        { status: 'porting_in' },
      );
    const refused = portIn(wrong, '+31687650001', 'NOT-D-1');
    const submitted = await adapter.submit(refused);
    now = new Date(now.getTime() + 10_000);
    await simulator.scheduler.runDue();
    const [update] = await adapter.poll([
      { operationId: refused.operation.id, kind: 'port_in', carrierReference: submitted.carrierReference },
    ]);
    expect(update).toMatchObject({ state: 'failed', failure: { code: 'ERROR', reason: 'wrong_account_number' } });
    const accepted = portIn(right, '+31687650001', 'D-1');
    const ok = await adapter.submit(accepted);
    now = new Date(now.getTime() + 10_000);
    await simulator.scheduler.runDue();
    const [done] = await adapter.poll([
      { operationId: accepted.operation.id, kind: 'port_in', carrierReference: ok.carrierReference },
    ]);
    expect(done).toMatchObject({ state: 'succeeded', facts: { msisdn: '+31687650001' } });
  });

  it('SPS: stock, plans and donors from a scenario, listed by /_sim/stock', async () => {
    const simulator = createSpsSimulator({
      clientId: 'c',
      clientSecret: 's',
      ...spsScenarioOptions({
        stock: { iccids: ['89012600000000000001', '89012600000000000002'] },
        plans: ['PlanX'],
        donors: [{ msisdn: '+13035550999', accountNumber: 'A1', pin: '9' }],
      }),
    });
    expect(await get(simulator.app, '/_sim/stock')).toMatchObject({
      iccids: ['89012600000000000001', '89012600000000000002'],
      plans: ['PlanX'],
      portableNumbers: [{ msisdn: '+13035550999', accountNumber: 'A1', pin: '9' }],
    });
  });

  it('a bad scenario is refused with every bad field named', () => {
    expect(() =>
      stnScenarioOptions({ stock: { physicalSims: -1 }, donors: [{ phoneNumber: '123' }], colour: 1 }),
    ).toThrow(/stock\.physicalSims[\s\S]*donors\.0\.phoneNumber[\s\S]*donors\.0\.donorCustomerNumber/);
    expect(() => spsScenarioOptions({ faults: { errorRate: 2 } })).toThrow(/faults\.errorRate/);
    expect(() => stnScenarioOptions({ colour: 1 })).toThrow(/colour|Unrecognized/);
  });
});
