import { describe, expect, it } from 'vitest';
import { createStnAdapter } from '../../../src/adapters/stn/index.js';
import { createStnSimulator } from '../../../src/adapters/stn/simulator/index.js';
import { apiKey, inProcessFetch, submitRequest } from './stn-test-harness.js';

/**
 * Issue 14: time that passes like a network's, with a clock the user controls. The simulator runs on real time
 * (no injected clock) and `POST /_sim/clock/advance` moves it, so a port-in that takes days completes in a test.
 */
function setUp() {
  const simulator = createStnSimulator({ apiKey, stepDelays: 'realistic' });
  const adapter = createStnAdapter(
    { baseUrl: 'https://stn.example.test/', apiKey },
    { fetch: inProcessFetch(simulator.app), now: () => new Date(), timeoutMs: 5000 },
  );
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await simulator.app.fetch(
      new Request(`http://stn.local${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'stn-api-key': apiKey },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    // biome-ignore lint/suspicious/noExplicitAny: raw simulator JSON, asserted field by field
    return { status: response.status, body: (await response.json()) as any };
  };
  const advance = (by: { ms: number } | { to: string }) => call('POST', '/_sim/clock/advance', by);
  return { simulator, adapter, call, advance };
}

describe('sTN simulator clock', () => {
  // stn.md §3.6: "That record reached `DONE` about 3 minutes later".
  it('realistic timing: a Suspend is DONE about three minutes later, not before', async () => {
    const { simulator, call, advance } = setUp();
    const line = [...simulator.state.subscriptions.values()].find((subscription) => subscription.state === 'ACTIVE');
    const answer = await call('POST', '/api/SuspendSubscription', { subscriptionId: line?.id });
    await advance({ ms: 60_000 });
    expect(simulator.activation(answer.body.id)?.status).toBe('INIT');
    await advance({ ms: 60_000 });
    expect(simulator.activation(answer.body.id)?.status).toBe('BUSY');
    const moved = await advance({ ms: 61_000 });
    expect(moved.status).toBe(200);
    expect(simulator.activation(answer.body.id)?.status).toBe('DONE');
  });

  it('a port-in completes once the simulated clock passes its date', async () => {
    const { simulator, adapter, advance } = setUp();
    const [iccid] = simulator.listFreeSims();
    const portAt = new Date(Date.now() + 10 * 86_400_000);
    portAt.setUTCMilliseconds(0);
    const request = submitRequest(
      'port_in',
      {
        sim: { type: 'physical', iccid },
        portIn: { msisdn: '+31687650001', donorAccountNumber: 'D-1', portAt: portAt.toISOString() },
      },
      { status: 'porting_in' },
    );
    const submitted = await adapter.submit(request);
    const reference = [
      { operationId: request.operation.id, kind: 'port_in' as const, carrierReference: submitted.carrierReference },
    ];
    await advance({ ms: 5 * 86_400_000 }); // picked up, donor agreed the date, still waiting for it
    const [waiting] = await adapter.poll(reference);
    expect(waiting).toMatchObject({ state: 'in_progress', carrierStatus: 'BUSY' });
    expect(simulator.activation(submitted.carrierReference)?.info).toMatchObject({
      approvedDate: expect.any(String),
      firstPossibleDate: expect.any(String),
    });
    await advance({ to: new Date(portAt.getTime() + 60_000).toISOString() });
    const [done] = await adapter.poll(reference);
    expect(done).toMatchObject({ state: 'succeeded', facts: { msisdn: '+31687650001', iccid } });
  });

  it('refuses a body it cannot read, and a move backwards', async () => {
    const { advance } = setUp();
    expect((await advance({ ms: -1 })).status).toBe(400);
    expect((await advance({ to: '2001-01-01T00:00:00Z' })).status).toBe(409);
  });
});
