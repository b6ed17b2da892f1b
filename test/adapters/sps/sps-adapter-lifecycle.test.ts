import { describe, expect, it } from 'vitest';
import { createHarness, location } from './sps-test-harness.js';

/**
 * Every kind the SPS adapter supports, carried to Success and to Failure against the simulator — once learning
 * results only from callbacks, once only from polling.
 */
describe.each(['callbacks', 'polling'] as const)('SPS adapter, results through %s only', (mode) => {
  const transactionStatusCalls = (harness: ReturnType<typeof createHarness>) =>
    harness.simulator.ledger.count('GET', (path) => path.startsWith('/subscription/transaction/status/'));

  function expectOnlyThisChannel(harness: ReturnType<typeof createHarness>) {
    if (mode === 'callbacks') expect(transactionStatusCalls(harness)).toBe(0);
    else expect(harness.simulator.callbackAttempts()).toHaveLength(0);
  }

  it('activates a physical SIM and reports the assigned number, ICCID and subscriber id', async () => {
    const harness = createHarness({ mode });
    const iccid = harness.simulator.listAvailableSims()[0];
    const { update, submission } = await harness.activatePhysical();
    expect(update).toMatchObject({ state: 'succeeded', carrierStatus: 'Success' });
    expect(update.facts).toMatchObject({
      iccid,
      esim: false,
      carrierSubscriptionId: submission.subscription.id,
      plan: 'Plan001',
    });
    expect(update.facts?.msisdn).toMatch(/^\+1[0-9]{10}$/);
    expect(harness.simulator.listAvailableSims()).not.toContain(iccid);
    expectOnlyThisChannel(harness);
  });

  it('fails an activation where SPS has no coverage, with the carrier reason', async () => {
    const harness = createHarness({ mode });
    const { update } = await harness.activatePhysical({
      carrierOptions: { sps: { location: { ...location, zipCode: '00000' } } },
    });
    expect(update).toMatchObject({ state: 'failed', carrierStatus: 'Failure' });
    expect(update.failure?.message).toContain('No network coverage at ZIP code 00000');
    expect(update.failure?.code).toBe('SPS-TXN-NO-COVERAGE');
    expectOnlyThisChannel(harness);
  });

  it('activates an eSIM by EID and returns the QR activation code', async () => {
    const harness = createHarness({ mode });
    const eid = '89049032000001000000000000000123';
    const { update } = await harness.run(
      'activate',
      { sim: { type: 'esim', eid }, plan: 'Plan001', carrierOptions: { sps: { location } } },
      harness.newLine(),
    );
    expect(update.state).toBe('succeeded');
    expect(update.facts).toMatchObject({ esim: true, eid });
    const profile = update.facts?.esimProfile;
    expect(profile?.activationCode).toBe(`LPA:1$${profile?.smdpAddress}$${profile?.matchingId}`);
    expect(update.facts?.iccid).toMatch(/^[0-9]{19,20}$/);
    expectOnlyThisChannel(harness);
  });

  it('ports a number in with the right donor account, and fails it with a wrong PIN', async () => {
    const harness = createHarness({ mode });
    const iccids = harness.simulator.listAvailableSims();
    const portIn = (pin: string, iccid: string, msisdn: string) =>
      harness.run(
        'port_in',
        {
          sim: { type: 'physical', iccid },
          plan: 'Plan001',
          portIn: { msisdn, donorAccountNumber: 'ACC1001', donorAccountPin: pin },
          carrierOptions: { sps: { location } },
        },
        harness.newLine(),
      );
    const refused = await portIn('0000', iccids[0]!, '+13035550100');
    expect(refused.update.state).toBe('failed');
    expect(refused.update.failure).toMatchObject({ code: 'SPS-TXN-DONOR-PIN', reason: 'wrong_pin' });
    expect(refused.update.failure?.message).toContain('the PIN does not match');

    const ported = await portIn('1234', iccids[1]!, '+13035550100');
    expect(ported.update.state).toBe('succeeded');
    expect(ported.update.facts?.msisdn).toBe('+13035550100');
    expectOnlyThisChannel(harness);
  });

  it('suspends an active line and fails a second suspend (Suspend only on active)', async () => {
    const harness = createHarness({ mode });
    const { line } = await harness.activatePhysical();
    const suspended = await harness.run('suspend', {}, line);
    expect(suspended.update.state).toBe('succeeded');
    expect(harness.simulator.line({ iccid: line.iccid! })?.status).toBe('Suspended');
    const again = await harness.run('suspend', {}, line);
    expect(again.update.state).toBe('failed');
    expect(again.update.failure?.message).toMatch(/Suspend allowed only on active subscription/);
    expectOnlyThisChannel(harness);
  });

  it('resumes a suspended line and fails a resume of an active one', async () => {
    const harness = createHarness({ mode });
    const { line } = await harness.activatePhysical();
    const refused = await harness.run('resume', {}, line);
    expect(refused.update.state).toBe('failed');
    expect(refused.update.failure?.message).toMatch(/Resume allowed only on suspended subscription/);
    await harness.run('suspend', {}, line);
    const resumed = await harness.run('resume', {}, line);
    expect(resumed.update.state).toBe('succeeded');
    expect(harness.simulator.line({ iccid: line.iccid! })?.status).toBe('Active');
    expectOnlyThisChannel(harness);
  });

  it('ceases an active line and fails a cease of a suspended one (SPS ceases only active lines)', async () => {
    const harness = createHarness({ mode });
    const first = await harness.activatePhysical();
    await harness.run('suspend', {}, first.line);
    const refused = await harness.run('cease', {}, first.line);
    expect(refused.update.state).toBe('failed');
    expect(refused.update.failure?.message).toMatch(/Cease allowed only on active subscription/);

    const second = await harness.activatePhysical();
    const ceased = await harness.run('cease', {}, second.line);
    expect(ceased.update.state).toBe('succeeded');
    expect(harness.simulator.line({ iccid: second.line.iccid! })?.status).toBe('Ceased');
    expectOnlyThisChannel(harness);
  });

  it('reactivates a ceased line and fails a reactivation of an active one', async () => {
    const harness = createHarness({ mode });
    const { line } = await harness.activatePhysical();
    const refused = await harness.run('reactivate', {}, line);
    expect(refused.update.state).toBe('failed');
    expect(refused.update.failure?.message).toMatch(/Reactivate allowed only on ceased subscription/);
    await harness.run('cease', {}, line);
    const reactivated = await harness.run('reactivate', {}, line);
    expect(reactivated.update.state).toBe('succeeded');
    expect(reactivated.update.facts?.msisdn).toBe(line.msisdn);
    expectOnlyThisChannel(harness);
  });

  it('swaps to a new physical SIM or to an eSIM, and fails a swap on a suspended line', async () => {
    const harness = createHarness({ mode });
    const { line } = await harness.activatePhysical();
    const newIccid = harness.simulator.listAvailableSims()[0]!;
    const swapped = await harness.run('sim_swap', { sim: { type: 'physical', iccid: newIccid } }, line);
    expect(swapped.update.state).toBe('succeeded');
    expect(swapped.update.facts).toMatchObject({ iccid: newIccid, esim: false, msisdn: line.msisdn });

    const eid = '89049032000001000000000000000999';
    const toEsim = await harness.run('sim_swap', { sim: { type: 'esim', eid } }, swapped.line);
    expect(toEsim.update.facts).toMatchObject({ esim: true, eid });
    expect(toEsim.update.facts?.esimProfile?.activationCode).toMatch(/^LPA:1\$/);

    await harness.run('suspend', {}, toEsim.line);
    const refused = await harness.run(
      'sim_swap',
      { sim: { type: 'physical', iccid: harness.simulator.listAvailableSims()[0]! } },
      toEsim.line,
    );
    expect(refused.update.state).toBe('failed');
    expect(refused.update.failure?.message).toMatch(/allowed only on active subscription/);
    expectOnlyThisChannel(harness);
  });

  it('changes to a dynamically assigned number or a reserved one, and fails on a suspended line', async () => {
    const harness = createHarness({ mode });
    const { line } = await harness.activatePhysical();
    const dynamic = await harness.run('change_number', {}, line);
    expect(dynamic.update.state).toBe('succeeded');
    expect(dynamic.update.facts?.msisdn).toMatch(/^\+1[0-9]{10}$/);
    expect(dynamic.update.facts?.msisdn).not.toBe(line.msisdn);

    const reserved = await harness.run(
      'change_number',
      { msisdn: '+19455559999', carrierOptions: { sps: { gpsiReservationId: 'NumOrd123' } } },
      dynamic.line,
    );
    expect(reserved.update.facts?.msisdn).toBe('+19455559999');

    await harness.run('suspend', {}, reserved.line);
    const refused = await harness.run('change_number', {}, reserved.line);
    expect(refused.update.state).toBe('failed');
    expect(refused.update.failure?.message).toMatch(/Change GPSI allowed only on active subscription/);
    expectOnlyThisChannel(harness);
  });

  it('changes the wholesale plan (Subscription MACD), and fails on a suspended line', async () => {
    const harness = createHarness({ mode });
    const { line } = await harness.activatePhysical();
    const changed = await harness.run('change_plan', { plan: 'Plan002' }, line);
    expect(changed.update.state).toBe('succeeded');
    expect(changed.update.facts?.plan).toBe('Plan002');
    expect(harness.simulator.line({ iccid: line.iccid! })?.wholesalePlanId).toBe('Plan002');

    await harness.run('suspend', {}, line);
    const refused = await harness.run('change_plan', { plan: 'PlanUnlimited' }, line);
    expect(refused.update.state).toBe('failed');
    expect(harness.simulator.line({ iccid: line.iccid! })?.wholesalePlanId).toBe('Plan002');
    expectOnlyThisChannel(harness);
  });
});
