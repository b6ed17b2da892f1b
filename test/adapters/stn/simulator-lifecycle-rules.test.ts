import { describe, expect, it } from 'vitest';
import { activeLine, createHarness } from './stn-test-harness.js';

describe('sTN simulator: asynchronous progress and state rules', () => {
  it('moves every activation INIT → BUSY → DONE one delay per step, and a wishDate holds it BUSY until then', async () => {
    const harness = createHarness();
    const [iccid] = harness.simulator.listFreeSims();
    const { body } = await harness.stn('POST', '/api/NewSubscription', {
      simCardNumber: iccid,
      wishDate: '2025-02-05T12:00:00+01:00',
    });
    expect(body.status).toBe('INIT');
    expect(harness.simulator.simcard(iccid as string)).toMatchObject({ status: 'BUSY' });
    await harness.advance(999);
    expect(harness.simulator.activation(body.id)).toMatchObject({ status: 'INIT' });
    await harness.advance(1);
    expect(harness.simulator.activation(body.id)).toMatchObject({ status: 'BUSY' });
    await harness.advance(86_400_000);
    expect(harness.simulator.activation(body.id)).toMatchObject({ status: 'BUSY' });
    expect(harness.simulator.activation(body.id)?.phoneNumber).toBeUndefined();
    await harness.advance(2 * 86_400_000);
    const done = harness.simulator.activation(body.id);
    expect(done).toMatchObject({ status: 'DONE' });
    expect(harness.simulator.subscription(body.subscriptionId)).toMatchObject({
      state: 'ACTIVE',
      phoneNumber: done?.phoneNumber,
    });
    expect(harness.simulator.simcard(iccid as string)).toMatchObject({
      status: 'ACTIVATED',
      phoneNumber: done?.phoneNumber,
    });
  });

  it('SetServices drops unknown names and ends in ERROR for "Limit 12.5", changing nothing', async () => {
    const harness = createHarness();
    const line = activeLine(harness);
    const { body } = await harness.stn('POST', '/api/SetServicesSubscription', {
      subscriptionId: line.carrierSubscriptionId,
      services: { voiceMail: true, dataRoamingLimitation: 'Limit 12.5', unknownThing: true },
    });
    expect(body.status).toBe('INIT');
    expect(body.info.services).toStrictEqual({ voiceMail: true, dataRoamingLimitation: 'Limit 12.5' });
    await harness.advance(2000);
    const failed = harness.simulator.activation(body.id);
    expect(failed).toMatchObject({ status: 'ERROR' });
    expect((failed?.info as Record<string, unknown> | undefined)?.errorMessage).toContain('Limit 12.5');
    expect(harness.simulator.subscription(line.carrierSubscriptionId)).toMatchObject({
      services: expect.objectContaining({ voiceMail: false, dataRoamingLimitation: 'Limit 50' }),
    });
  });

  it('suspends only an active line and resumes only a suspended one', async () => {
    const harness = createHarness();
    const line = activeLine(harness);
    const resumeActive = await harness.stn('POST', '/api/ResumeSubscription', {
      subscriptionId: line.carrierSubscriptionId,
    });
    expect(resumeActive.status).toBe(400);
    expect(resumeActive.body.responseStatus.errorCode).toBe('BadRequest');
    await harness.stn('POST', '/api/SuspendSubscription', { phoneNumber: line.phoneNumber });
    await harness.advance(2000);
    expect(harness.simulator.subscription(line.carrierSubscriptionId)).toMatchObject({ state: 'SUSPENDED' });
    expect(
      (await harness.stn('POST', '/api/SuspendSubscription', { subscriptionId: line.carrierSubscriptionId })).status,
    ).toBe(400);
    expect(
      (await harness.stn('POST', '/api/ResumeSubscription', { subscriptionId: line.carrierSubscriptionId })).status,
    ).toBe(200);
  });

  it('in asyncError mode accepts a broken rule with INIT and ends the activation in ERROR', async () => {
    const harness = createHarness({ stateRuleViolations: 'asyncError' });
    const line = activeLine(harness);
    const { status, body } = await harness.stn('POST', '/api/ResumeSubscription', {
      subscriptionId: line.carrierSubscriptionId,
    });
    expect(status).toBe(200);
    await harness.advance(2000);
    expect(harness.simulator.activation(body.id)).toMatchObject({
      status: 'ERROR',
      info: { errorMessage: expect.stringContaining('not suspended') },
    });
  });

  it('refuses CancelInPort while portingStatus is INIT, then cancels it through CANCELLING', async () => {
    const harness = createHarness();
    const [iccid] = harness.simulator.listFreeSims();
    const { body } = await harness.stn('POST', '/api/InPortSubscription', {
      phoneNumber: '0687654321',
      donorCustomerNumber: 'D-1',
      simCardNumber: iccid,
      portingWishDate: '2025-02-20T01:00:00+01:00',
    });
    const early = await harness.stn('POST', '/api/CancelInPortSubscription', { activationId: body.id });
    expect(early.status).toBe(400);
    expect(early.body.responseStatus.message).toContain('portingStatus is INIT');
    await harness.advance(1000);
    const cancel = await harness.stn('POST', '/api/CancelInPortSubscription', { activationId: body.id });
    expect(cancel.body.info.portingStatus).toBe('CANCELLING');
    await harness.advance(1000);
    // The docs name no final status of a cancellation; the simulator ends it DONE with activatedDate, and
    // changes nothing in info beyond portingStatus ("Only modifiedAt, status and info.portingStatus change").
    expect(harness.simulator.activation(body.id)).toMatchObject({
      status: 'DONE',
      activatedDate: expect.any(String),
      info: { portingStatus: 'CANCELLING' },
    });
    expect(harness.simulator.simcard(iccid as string)).toMatchObject({ status: 'FREE' });
  });

  it('moves a line between environments at most once per two months', async () => {
    const harness = createHarness();
    const line = activeLine(harness);
    const move = (target: string) =>
      harness.stn('POST', '/api/MoveEnvironmentSubscription', {
        subscriptionId: line.carrierSubscriptionId,
        newProviderEnvironment: target,
      });
    expect((await move('SP16002')).status).toBe(200);
    expect((await move('SP16001')).body.responseStatus.message).toContain('once every 2 months');
    await harness.advance(2000);
    expect(harness.simulator.subscription(line.carrierSubscriptionId)).toMatchObject({
      providerEnvironment: 'SP16002',
    });
    await harness.advance(50 * 86_400_000);
    expect((await move('SP16001')).status).toBe(400);
    await harness.advance(15 * 86_400_000);
    expect((await move('SP16001')).status).toBe(200);
  });

  it('keeps a scheduled termination cancellable until its wishDate, and not after it took effect', async () => {
    const harness = createHarness();
    const line = activeLine(harness);
    const scheduled = await harness.stn('POST', '/api/TerminateSubscription', {
      subscriptionId: line.carrierSubscriptionId,
      wishDate: '2025-03-01T00:00:00+01:00',
    });
    await harness.advance(5 * 86_400_000);
    expect(harness.simulator.activation(scheduled.body.id)).toMatchObject({ status: 'BUSY' });
    const cancel = await harness.stn('POST', '/api/CancelTerminateSubscription', { activationId: scheduled.body.id });
    expect(cancel.status).toBe(200);
    expect(
      (await harness.stn('POST', '/api/CancelTerminateSubscription', { activationId: scheduled.body.id })).status,
    ).toBe(400);
    await harness.advance(40 * 86_400_000);
    expect(harness.simulator.activation(scheduled.body.id)).toMatchObject({
      status: 'DONE',
      info: { wishDate: '2025-03-01T00:00:00+01:00' },
    });
    expect(harness.simulator.subscription(line.carrierSubscriptionId)).toMatchObject({ state: 'ACTIVE' });

    const immediate = await harness.stn('POST', '/api/TerminateSubscription', {
      subscriptionId: line.carrierSubscriptionId,
    });
    await harness.advance(2000);
    expect(harness.simulator.subscription(line.carrierSubscriptionId)).toMatchObject({ state: 'TERMINATED' });
    expect(
      (await harness.stn('POST', '/api/CancelTerminateSubscription', { activationId: immediate.body.id })).status,
    ).toBe(400);
  });

  it('activates an eSIM from capacity and refuses when none is left', async () => {
    const harness = createHarness({ seed: { esimCapacity: 1 } });
    const esim = { eSim: true, email: 'a@example.com', confirmationCode: 'C0DE' };
    const first = await harness.stn('POST', '/api/NewSubscription', esim);
    expect(first.status).toBe(200);
    expect((await harness.stn('POST', '/api/NewSubscription', esim)).status).toBe(400);
    await harness.advance(2000);
    const done = harness.simulator.activation(first.body.id) as { info: { simCardNumber: string } };
    expect(done.info.simCardNumber).toMatch(/^8931\d{15}$/);
    expect(harness.simulator.subscription(first.body.subscriptionId)).toMatchObject({ isEsim: true, state: 'ACTIVE' });
  });
});

describe('sTN simulator: fault injection and the request ledger', () => {
  it('records every request, with the API key redacted and the response status', async () => {
    const harness = createHarness();
    await harness.stn('GET', '/api/QuerySimcard?status=FREE');
    await harness.stn('GET', '/api/QuerySimcard', undefined, null);
    const entries = harness.simulator.ledger.all();
    expect(entries.map((entry) => [entry.method, entry.path, entry.responseStatus])).toEqual([
      ['GET', '/api/QuerySimcard', 200],
      ['GET', '/api/QuerySimcard', 401],
    ]);
    expect(entries[0]?.headers['stn-api-key']).toBe('[redacted]');
    expect(entries[0]?.query).toEqual({ status: 'FREE' });
  });

  it('answers 429 and 500 in the responseStatus shape and malformed JSON at the configured rates', async () => {
    const harness = createHarness({ faults: { rateLimitRate: 1 } });
    const limited = await harness.stn('GET', '/api/QuerySimcard');
    expect(limited.status).toBe(429);
    expect(limited.body.responseStatus.errorCode).toBe('TooManyRequests');
    harness.simulator.faults.set({ rateLimitRate: 0, errorRate: 1 });
    expect((await harness.stn('GET', '/api/QuerySimcard')).status).toBe(500);
    harness.simulator.faults.set({ errorRate: 0, malformedRate: 1 });
    const malformed = await harness.stn('GET', '/api/QuerySimcard');
    expect(malformed.status).toBe(200);
    expect(typeof malformed.body).toBe('string');
    harness.simulator.faults.set({ malformedRate: 0 });
    expect((await harness.stn('GET', '/api/QuerySimcard')).status).toBe(200);
  });

  it('exposes the ledger, faults and free SIMs under /_sim without credentials', async () => {
    const harness = createHarness();
    await harness.stn('GET', '/api/QuerySimcard');
    expect((await harness.stn('GET', '/_sim/ledger', undefined, null)).body.entries).toHaveLength(1);
    expect((await harness.stn('GET', '/_sim/free-sims', undefined, null)).body.simCardNumbers).toEqual(
      harness.simulator.listFreeSims(),
    );
  });
});
