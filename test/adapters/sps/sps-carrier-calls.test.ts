import { describe, expect, it } from 'vitest';
import { CarrierRejectedError, CarrierUnavailableError } from '../../../src/core/errors.js';
import { createHarness, location } from './sps-test-harness.js';

/** How the adapter talks to SPS: identifiers it sends, how failures are classified, and configurable paths. */
function activation(harness: ReturnType<typeof createHarness>, overrides: Record<string, unknown> = {}) {
  const iccid = harness.simulator.listAvailableSims()[0]!;
  return harness.submitRequest(
    'activate',
    { sim: { type: 'physical', iccid }, plan: 'Plan001', carrierOptions: { sps: { location } }, ...overrides },
    harness.newLine(),
  );
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('SPS requests', () => {
  it('sends our operation id as partnerTransactionId, a fresh X-Correlation-Id per call, and the wholesaleCustomerId', async () => {
    const harness = createHarness({ config: { wholesaleCustomerId: '920000108464' } });
    const first = activation(harness);
    await harness.adapter.submit(first);
    await harness.adapter.findSubmission(first);
    const [activate] = harness.simulator.ledger.find('POST', '/subscription/activate');
    expect(activate?.body).toMatchObject({
      partnerTransactionId: first.operation.id,
      subscriberId: first.subscription.id,
      wholesalePlanId: 'Plan001',
      location: { ...location, country: 'US' },
    });
    const [lookup] = harness.simulator.ledger.find('GET', `/subscription/transaction/status/${first.operation.id}`);
    expect(activate?.headers.wholesalecustomerid).toBe('920000108464');
    expect(activate?.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(lookup?.headers['x-correlation-id']).not.toBe(activate?.headers['x-correlation-id']);
    expect(harness.simulator.transaction(first.operation.id)?.wholesaleCustomerId).toBe('920000108464');
  });

  it('keys lifecycle requests by GPSI digits converted from our E.164 MSISDN', async () => {
    const harness = createHarness();
    const { line } = await harness.activatePhysical();
    await harness.adapter.submit(harness.submitRequest('suspend', {}, line));
    const [status] = harness.simulator.ledger.find('PATCH', '/subscription/status');
    expect(status?.body).toMatchObject({ gpsi: line.msisdn!.slice(1), action: 'Suspend' });
  });

  it('finds a submission that arrived, and says not found for one that did not', async () => {
    const harness = createHarness();
    const sent = activation(harness);
    const neverSent = activation(harness);
    await harness.adapter.submit(sent);
    await expect(harness.adapter.findSubmission(sent)).resolves.toMatchObject({
      found: true,
      carrierReference: sent.operation.id,
      update: { state: 'in_progress', carrierStatus: 'Received' },
    });
    await expect(harness.adapter.findSubmission(neverSent)).resolves.toEqual({ found: false });
  });

  it('answers a resubmission that SPS refuses as a duplicate with the status of the first', async () => {
    const harness = createHarness();
    const submission = activation(harness);
    await harness.adapter.submit(submission);
    await harness.advance(600);
    const again = await harness.adapter.submit(submission);
    expect(again).toMatchObject({ carrierReference: submission.operation.id, update: { carrierStatus: 'InProgress' } });
    expect(
      harness.simulator.ledger.find('POST', '/subscription/activate').map((entry) => entry.responseStatus),
    ).toEqual([200, 409]);
  });

  it("rejects with SPS's own code when SPS refuses the request (unknown plan)", async () => {
    const harness = createHarness();
    const error = await failureOf(harness.adapter.submit(activation(harness, { plan: 'NoSuchPlan' })));
    expect(error).toBeInstanceOf(CarrierRejectedError);
    expect((error as CarrierRejectedError).carrier).toMatchObject({ id: 'sps', code: 'SPS-404-PLAN', httpStatus: 404 });
  });

  it('refuses a port-in SPS says is not eligible before sending the port', async () => {
    const harness = createHarness();
    const { line } = await harness.activatePhysical();
    const submission = harness.submitRequest(
      'port_in',
      {
        sim: { type: 'physical', iccid: harness.simulator.listAvailableSims()[0]! },
        plan: 'Plan001',
        portIn: { msisdn: line.msisdn, donorAccountNumber: 'A1', donorAccountPin: '1' },
        carrierOptions: { sps: { location } },
      },
      harness.newLine(),
    );
    const error = await failureOf(harness.adapter.submit(submission));
    expect(error).toBeInstanceOf(CarrierRejectedError);
    expect((error as CarrierRejectedError).carrier).toMatchObject({ code: '8A', message: 'NumberalreadyActive' });
    expect(harness.simulator.ledger.count('POST', '/portin/activate')).toBe(0);
  });
});

describe('SPS transient failures', () => {
  it('treats a 500 on a write as unavailable, with the request possibly arrived', async () => {
    const harness = createHarness();
    await harness.adapter.findSubmission(activation(harness)); // obtains the token before faults start
    harness.simulator.faults.set({ errorRate: 1 });
    const error = await failureOf(harness.adapter.submit(activation(harness)));
    expect(error).toBeInstanceOf(CarrierUnavailableError);
    expect((error as CarrierUnavailableError).requestMayHaveArrived).toBe(true);
  });

  it('treats a 429 as unavailable, not arrived, with Retry-After', async () => {
    const harness = createHarness();
    await harness.adapter.findSubmission(activation(harness));
    harness.simulator.faults.set({ rateLimitRate: 1, retryAfterSeconds: 1 });
    const error = await failureOf(harness.adapter.submit(activation(harness)));
    expect(error).toBeInstanceOf(CarrierUnavailableError);
    expect(error).toMatchObject({ requestMayHaveArrived: false, retryAfterSeconds: 1 });
  });

  it('gives up after the timeout; the write may have arrived, and findSubmission then finds it', async () => {
    const harness = createHarness({ timeoutMs: 50 });
    await harness.adapter.findSubmission(activation(harness));
    harness.simulator.faults.set({ timeoutRate: 1, timeoutHoldMs: 300 });
    const submission = activation(harness);
    const error = await failureOf(harness.adapter.submit(submission));
    expect(error).toBeInstanceOf(CarrierUnavailableError);
    expect((error as CarrierUnavailableError).requestMayHaveArrived).toBe(true);
    harness.simulator.faults.set({ timeoutRate: 0 });
    await expect(harness.adapter.findSubmission(submission)).resolves.toMatchObject({ found: true });
  });

  it('treats an unreadable 200 body on a write as unavailable, possibly arrived', async () => {
    const harness = createHarness();
    await harness.adapter.findSubmission(activation(harness));
    harness.simulator.faults.set({ malformedRate: 1 });
    const error = await failureOf(harness.adapter.submit(activation(harness)));
    expect(error).toBeInstanceOf(CarrierUnavailableError);
    expect((error as CarrierUnavailableError).requestMayHaveArrived).toBe(true);
  });
});

describe('configurable base URL, token path and prefixes', () => {
  it('reaches SPS at the configured paths without code changes', async () => {
    const seen: string[] = [];
    const harness = createHarness({
      mode: 'polling',
      config: {
        baseUrl: 'https://api.dish.example/wholesale/',
        tokenPath: '/auth/v2/token',
        prefixes: { subscription: '/sps/v5/subscriptions', sim: '/sps/v5/sim-management' },
      },
      // Stands in for a real SPS whose paths differ from the simulator's defaults.
      route: (request) => {
        const url = new URL(request.url);
        seen.push(url.pathname);
        const mapped = url.pathname
          .replace('/wholesale/auth/v2/token', '/oauth2/token')
          .replace('/wholesale/sps/v5/subscriptions/', '/subscription/');
        if (mapped === url.pathname) return new Response('not here', { status: 404 });
        return new Request(new URL(mapped + url.search, url), request);
      },
    });
    const { update } = await harness.activatePhysical();
    expect(update.state).toBe('succeeded');
    expect(seen).toContain('/wholesale/auth/v2/token');
    expect(seen).toContain('/wholesale/sps/v5/subscriptions/activate');
    expect(seen.some((path) => path.startsWith('/wholesale/sps/v5/subscriptions/transaction/status/'))).toBe(true);
  });
});
