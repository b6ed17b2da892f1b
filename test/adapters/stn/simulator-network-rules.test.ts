import { describe, expect, it } from 'vitest';
import { activeLine, createHarness, delayMs } from './stn-test-harness.js';

/** Issue 14: the sTN simulator refuses what a network would (each rule is inferred; see state-rules.ts). */
describe('sTN simulator: what a network refuses', () => {
  it('with oneChangePerLine, a second change to a line waits until the first is done; a dated termination does not block', async () => {
    const harness = createHarness({ oneChangePerLine: true });
    const line = activeLine(harness);
    const suspend = await harness.stn('POST', '/api/SuspendSubscription', {
      subscriptionId: line.carrierSubscriptionId,
    });
    expect(suspend.status).toBe(200);
    const second = await harness.stn('POST', '/api/SetServicesSubscription', {
      subscriptionId: line.carrierSubscriptionId,
      services: { voiceMail: true },
    });
    expect(second.status).toBe(400);
    expect(second.body.responseStatus.message).toContain('is still being processed for this subscription');
    await harness.advance(2 * delayMs);
    const resume = await harness.stn('POST', '/api/ResumeSubscription', { subscriptionId: line.carrierSubscriptionId });
    expect(resume.status).toBe(200);
    await harness.advance(2 * delayMs);
    const dated = await harness.stn('POST', '/api/TerminateSubscription', {
      subscriptionId: line.carrierSubscriptionId,
      wishDate: '2025-06-01T00:00:00+02:00',
    });
    expect(dated.status).toBe(200);
    await harness.advance(2 * delayMs);
    const meanwhile = await harness.stn('POST', '/api/SetServicesSubscription', {
      subscriptionId: line.carrierSubscriptionId,
      services: { voiceMail: true },
    });
    expect(meanwhile.status).toBe(200);
  });

  it('refuses a SIM already in use', async () => {
    const harness = createHarness();
    const line = activeLine(harness);
    const used = harness.simulator.state.subscriptions.get(line.carrierSubscriptionId)?.simCardNumber;
    const answer = await harness.stn('POST', '/api/NewSubscription', { simCardNumber: used });
    expect(answer.status).toBe(400);
    expect(answer.body.responseStatus.message).toContain('is not available (status ACTIVATED)');
  });

  // stn.md §2.3: "`simCardType`: `USIM`, `DUOSIM`, `DATAONLYSIM` (the docs put a footnote `*` here …)"; Gaps:
  // "Possibly that DATAONLYSIM only supports `DATAONLY` subscriptions."
  it('refuses a data-only SIM for a voice subscription, and takes it for a data-only one', async () => {
    const harness = createHarness({ seed: { physicalSims: 3, dataOnlySims: 2 } });
    const dataOnly = [...harness.simulator.state.simcards.values()].filter((sim) => sim.simCardType === 'DATAONLYSIM');
    const voice = await harness.stn('POST', '/api/NewSubscription', { simCardNumber: dataOnly[0]?.simCardNumber });
    expect(voice.status).toBe(400);
    expect(voice.body.responseStatus.message).toContain('DATAONLYSIM');
    const data = await harness.stn('POST', '/api/NewSubscription', {
      simCardNumber: dataOnly[1]?.simCardNumber,
      subscriptionType: 'DATAONLY',
    });
    expect(data.status).toBe(200);
  });
});
