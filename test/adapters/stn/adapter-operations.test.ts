import { describe, expect, it } from 'vitest';
import { CarrierRejectedError, type CarrierStatusUpdate, type SubmitRequest } from '../../../src/core/index.js';
import { activeLine, createHarness, type Harness, submitRequest } from './stn-test-harness.js';

/** Submits, lets the simulated clock run, and polls the way the engine does. */
async function carryOut(harness: Harness, request: SubmitRequest, settleMs = 5000): Promise<CarrierStatusUpdate> {
  const submitted = await harness.adapter.submit(request);
  expect(submitted.update.state).not.toBe('failed');
  await harness.advance(settleMs);
  const [update] = await harness.adapter.poll([
    { operationId: request.operation.id, kind: request.operation.kind, carrierReference: submitted.carrierReference },
  ]);
  if (!update) throw new Error('poll returned nothing');
  return update;
}

const future = '2025-03-01T12:00:00+01:00';

async function pendingActivation(harness: Harness, activateAt?: string) {
  const [iccid] = harness.simulator.listFreeSims();
  const request = submitRequest(
    'activate',
    { sim: { type: 'physical', iccid }, ...(activateAt ? { activateAt } : {}) },
    { status: 'pending' },
  );
  const submitted = await harness.adapter.submit(request);
  return { request, submitted, iccid: iccid as string };
}

async function pendingPortIn(harness: Harness, msisdn = '+31687654321') {
  const [iccid] = harness.simulator.listFreeSims();
  const request = submitRequest(
    'port_in',
    { sim: { type: 'physical', iccid }, portIn: { msisdn, donorAccountNumber: 'D-1', portAt: future } },
    { status: 'porting_in' },
  );
  const submitted = await harness.adapter.submit(request);
  return { request, submitted };
}

function targetOf(request: SubmitRequest, carrierReference: string): SubmitRequest['target'] {
  return {
    id: request.operation.id,
    kind: request.operation.kind,
    carrierReference,
    correlationId: request.operation.correlationId,
  };
}

describe('sTN adapter: every supported operation kind to DONE', () => {
  it('activate (physical SIM) reports the assigned number in E.164, the ICCID and the sTN subscription id', async () => {
    const harness = createHarness();
    const [iccid] = harness.simulator.listFreeSims();
    const request = submitRequest(
      'activate',
      {
        sim: { type: 'physical', iccid },
        plan: 'SP16002',
        services: { voicemail: true, dataRoamingSpendLimitEur: 100 },
      },
      { status: 'pending' },
    );
    const submitted = await harness.adapter.submit(request);
    expect(submitted.update).toMatchObject({ state: 'in_progress', carrierStatus: 'INIT' });
    expect(harness.simulator.ledger.find('POST', '/api/NewSubscription')[0]?.body).toMatchObject({
      referenceNumber: request.operation.correlationId,
      simCardNumber: iccid,
      eSim: false,
      providerEnvironment: 'SP16002',
      services: { voiceMail: true, dataRoamingLimitation: 'Limit 100' },
    });
    await harness.advance(2000);
    const [update] = await harness.adapter.poll([
      { operationId: request.operation.id, kind: 'activate', carrierReference: submitted.carrierReference },
    ]);
    expect(update).toMatchObject({ operationId: request.operation.id, state: 'succeeded', carrierStatus: 'DONE' });
    expect(update?.facts).toMatchObject({
      iccid,
      esim: false,
      plan: 'SP16002',
      services: { voicemail: true, dataRoamingSpendLimitEur: 100 },
    });
    expect(update?.facts?.msisdn).toMatch(/^\+316\d{8}$/);
    expect(update?.facts?.carrierSubscriptionId).toMatch(/^[A-Za-z0-9]{17}$/);
  });

  it('activate (eSIM) sends e-mail and confirmation code and reports the new profile', async () => {
    const harness = createHarness();
    const update = await carryOut(
      harness,
      submitRequest(
        'activate',
        { sim: { type: 'esim', deliveryEmail: 'user@example.com', confirmationCode: 'XYZ987' } },
        { status: 'pending' },
      ),
    );
    expect(update.state).toBe('succeeded');
    expect(update.facts).toMatchObject({ esim: true, esimProfile: { deliveredTo: 'user@example.com' } });
    expect(update.facts?.iccid).toMatch(/^8931\d{15}$/);
  });

  it('port_in carries the number in 06- form and completes on the agreed date', async () => {
    const harness = createHarness();
    const { request, submitted } = await pendingPortIn(harness);
    expect(harness.simulator.ledger.find('POST', '/api/InPortSubscription')[0]?.body).toMatchObject({
      phoneNumber: '06-87654321',
      donorCustomerNumber: 'D-1',
      portingWishDate: future,
    });
    await harness.advance(30 * 86_400_000);
    const [update] = await harness.adapter.poll([
      { operationId: request.operation.id, kind: 'port_in', carrierReference: submitted.carrierReference },
    ]);
    expect(update).toMatchObject({ state: 'succeeded', facts: { msisdn: '+31687654321' } });
  });

  it('change_port_in changes the date of the pending port-in', async () => {
    const harness = createHarness();
    const { request, submitted } = await pendingPortIn(harness);
    await harness.advance(1000);
    const change = submitRequest(
      'change_port_in',
      { portAt: '2025-02-25T10:00:00+01:00' },
      { status: 'porting_in' },
      targetOf(request, submitted.carrierReference),
    );
    const result = await harness.adapter.submit(change);
    expect(result).toMatchObject({ carrierReference: submitted.carrierReference, update: { state: 'succeeded' } });
    expect(harness.simulator.activation(submitted.carrierReference)?.info).toMatchObject({
      portingWishDate: '2025-02-25T10:00:00+01:00',
    });
  });

  it.each([
    ['suspend', {}],
    ['cease', {}],
    ['change_services', { services: { internationalCalls: true, dataUsageAlertMb: 5000 } }],
    ['change_plan', { plan: 'SP16002' }],
    ['port_out', {}],
  ] as const)('%s on an active line', async (kind, request) => {
    const harness = createHarness();
    const line = activeLine(harness);
    const update = await carryOut(
      harness,
      submitRequest(kind, request, { carrierSubscriptionId: line.carrierSubscriptionId, msisdn: line.msisdn }),
    );
    expect(update).toMatchObject({ state: 'succeeded', carrierStatus: 'DONE' });
  });

  it('resume on a suspended line, addressed by number only', async () => {
    const harness = createHarness();
    const line = activeLine(harness);
    await carryOut(harness, submitRequest('suspend', {}, { msisdn: line.msisdn }));
    const update = await carryOut(harness, submitRequest('resume', {}, { msisdn: line.msisdn, status: 'suspended' }));
    expect(update.state).toBe('succeeded');
    expect(harness.simulator.ledger.find('POST', '/api/ResumeSubscription')[0]?.body).toMatchObject({
      phoneNumber: line.phoneNumber,
    });
  });

  it('sim_swap to a free physical SIM reports the new ICCID', async () => {
    const harness = createHarness();
    const line = activeLine(harness);
    const [iccid] = harness.simulator.listFreeSims();
    const update = await carryOut(
      harness,
      submitRequest(
        'sim_swap',
        { sim: { type: 'physical', iccid } },
        { carrierSubscriptionId: line.carrierSubscriptionId },
      ),
    );
    expect(update).toMatchObject({ state: 'succeeded', facts: { iccid, esim: false } });
  });

  it('cancel_activation: the cancellation succeeds and the activation itself reports cancelled', async () => {
    const harness = createHarness();
    const { request, submitted } = await pendingActivation(harness, future);
    const cancel = submitRequest(
      'cancel_activation',
      { note: 'changed mind' },
      { status: 'pending' },
      targetOf(request, submitted.carrierReference),
    );
    const cancelled = await harness.adapter.submit(cancel);
    expect(cancelled.update.state).toBe('in_progress');
    await harness.advance(2000);
    const updates = await harness.adapter.poll([
      {
        operationId: request.operation.id,
        kind: 'activate',
        carrierReference: submitted.carrierReference,
        cancellationRequested: true,
      },
      { operationId: cancel.operation.id, kind: 'cancel_activation', carrierReference: submitted.carrierReference },
    ]);
    expect(updates.map((update) => [update.operationId, update.state])).toEqual([
      [request.operation.id, 'cancelled'],
      [cancel.operation.id, 'succeeded'],
    ]);
    expect(harness.simulator.ledger.count('GET', '/api/QueryActivation')).toBe(1);
  });

  it('cancel_port_in, cancel_port_out and cancel_cease stop their pending requests', async () => {
    const harness = createHarness({ seed: { activeSubscriptions: 2 } });
    const { request: portIn, submitted: portInSubmitted } = await pendingPortIn(harness);
    await harness.advance(1000);
    const [first, second] = [...harness.simulator.state.subscriptions.values()].filter(
      (line) => line.state === 'ACTIVE',
    );
    const portOut = submitRequest('port_out', { portAt: future }, { carrierSubscriptionId: first?.id as string });
    const portOutSubmitted = await harness.adapter.submit(portOut);
    const cease = submitRequest('cease', { ceaseAt: future }, { carrierSubscriptionId: second?.id as string });
    const ceaseSubmitted = await harness.adapter.submit(cease);
    const cancels = [
      submitRequest('cancel_port_in', {}, {}, targetOf(portIn, portInSubmitted.carrierReference)),
      submitRequest('cancel_port_out', { note: 'stays' }, {}, targetOf(portOut, portOutSubmitted.carrierReference)),
      submitRequest('cancel_cease', {}, {}, targetOf(cease, ceaseSubmitted.carrierReference)),
    ];
    for (const cancel of cancels) await harness.adapter.submit(cancel);
    await harness.advance(2000);
    const updates = await harness.adapter.poll(
      cancels.map((cancel) => ({
        operationId: cancel.operation.id,
        kind: cancel.operation.kind,
        carrierReference: cancel.target?.carrierReference as string,
      })),
    );
    expect(updates.map((update) => update.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(harness.simulator.subscription(second?.id as string)).toMatchObject({ state: 'ACTIVE' });
  });
});

describe('sTN adapter: every supported operation kind to ERROR', () => {
  it.each([
    [
      'activate',
      (harness: Harness) => ({
        sim: { type: 'physical', iccid: harness.simulator.state.simcards.values().next().value?.simCardNumber },
      }),
    ],
    [
      'port_in',
      (harness: Harness) => ({
        sim: { type: 'esim', deliveryEmail: 'a@example.com', confirmationCode: 'C' },
        portIn: { msisdn: activeLine(harness).msisdn, donorAccountNumber: 'D' },
      }),
    ],
    ['resume', () => ({})],
    [
      'sim_swap',
      (harness: Harness) => ({
        sim: { type: 'physical', iccid: harness.simulator.state.simcards.values().next().value?.simCardNumber },
      }),
    ],
    ['change_plan', () => ({ plan: 'SP16001' })],
  ] as const)('%s that breaks an sTN rule ends failed with sTN’s reason (asyncError mode)', async (kind, build) => {
    const harness = createHarness({ stateRuleViolations: 'asyncError', seed: { physicalSims: 3 } });
    // Used SIMs are the seeded active lines' cards; the first card in stock order is FREE, so take an active one.
    const line = activeLine(harness);
    const usedSim = harness.simulator.subscription(line.carrierSubscriptionId)?.simCardNumber as string;
    const request = build(harness) as Record<string, unknown>;
    if ((request.sim as { type?: string } | undefined)?.type === 'physical')
      request.sim = { type: 'physical', iccid: usedSim };
    const update = await carryOut(
      harness,
      submitRequest(kind, request, { carrierSubscriptionId: line.carrierSubscriptionId }),
    );
    expect(update.state).toBe('failed');
    expect(update.carrierStatus).toBe('ERROR');
    expect(update.failure?.message).toMatch(
      /not available|already in use|not suspended|already in providerEnvironment/,
    );
  });

  it.each(['suspend', 'cease', 'change_services', 'port_out'] as const)(
    '%s accepted while the line was active ends failed when a termination took effect first',
    async (kind) => {
      const harness = createHarness();
      const line = activeLine(harness);
      const lineRef = { carrierSubscriptionId: line.carrierSubscriptionId };
      await harness.adapter.submit(submitRequest('cease', {}, lineRef));
      const request = kind === 'change_services' ? { services: { voicemail: true } } : {};
      const update = await carryOut(harness, submitRequest(kind, request, lineRef));
      expect(update).toMatchObject({ state: 'failed', carrierStatus: 'ERROR' });
      expect(update.failure?.message).toMatch(/is not active/);
    },
  );

  it.each(['cancel_activation', 'change_port_in'] as const)(
    '%s on a request sTN already finished is rejected as a core error',
    async (kind) => {
      const harness = createHarness();
      const original = kind === 'cancel_activation' ? await pendingActivation(harness) : await pendingPortIn(harness);
      await harness.advance(40 * 86_400_000);
      const request = submitRequest(
        kind,
        kind === 'change_port_in' ? { portAt: future } : {},
        {},
        targetOf(original.request, original.submitted.carrierReference),
      );
      const error = await harness.adapter.submit(request).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CarrierRejectedError);
      expect(error).toMatchObject({
        code: 'carrier_rejected',
        carrier: { id: 'stn', code: 'BadRequest', httpStatus: 400 },
      });
    },
  );

  it.each(['cancel_port_in', 'cancel_port_out', 'cancel_cease'] as const)(
    '%s after the request took effect is rejected',
    async (kind) => {
      const harness = createHarness();
      const line = activeLine(harness);
      const original =
        kind === 'cancel_port_in'
          ? await pendingPortIn(harness)
          : await (async () => {
              const request = submitRequest(
                kind === 'cancel_port_out' ? 'port_out' : 'cease',
                {},
                { carrierSubscriptionId: line.carrierSubscriptionId },
              );
              return { request, submitted: await harness.adapter.submit(request) };
            })();
      await harness.advance(40 * 86_400_000);
      const error = await harness.adapter
        .submit(submitRequest(kind, {}, {}, targetOf(original.request, original.submitted.carrierReference)))
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CarrierRejectedError);
    },
  );
});
