import { afterEach, describe, expect, it } from 'vitest';
import { type CarrierPluginV1, CarrierUnavailableError } from '../../src/core/index.js';
import { type EngineFixture, startEngineFixture } from './engine-fixture.js';

/**
 * Attempt records keep what was sent and answered, never a connection secret: fields named in the plugin's own
 * `secretConfigFields` are censored at any depth, whatever the plugin calls them — here `vendorSigningKey`, a name
 * no fixed list of sTN/SPS fields would contain.
 */
let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const echoingSecret = (reference: string) => ({
  carrierReference: reference,
  update: {
    carrierReference: reference,
    state: 'in_progress' as const,
    carrierStatus: 'RECEIVED',
    facts: { carrierData: { VendorSigningKey: 'leak-from-facts', tariff: 'kept' } },
  },
});

async function attemptsOf(current: EngineFixture, operationId: string) {
  return JSON.stringify(await current.store.attempts.listForOperation(operationId));
}

describe('attempt records', () => {
  it("censor the plugin's secret fields in submissions, answers and lookups", async () => {
    fixture = await startEngineFixture();
    (fixture.carrier.plugin as { -readonly [K in keyof CarrierPluginV1]: CarrierPluginV1[K] }).secretConfigFields = [
      'vendorSigningKey',
    ];
    const current = fixture;
    current.carrier.script.submit = async () => echoingSecret('REF-1');
    const first = await current.activate();
    await current.engine.tick();
    const recorded = await attemptsOf(current, first.id);
    expect(recorded).toContain('"tariff":"kept"');
    expect(recorded).toContain('"VendorSigningKey":"[redacted]"');
    expect(recorded).not.toContain('leak-from-facts');

    // A submission whose answer was lost, then found by the lookup: the lookup's answer is censored too.
    current.carrier.script.submit = async () => {
      throw new CarrierUnavailableError('no answer', { id: 'scripted' }, { requestMayHaveArrived: true });
    };
    const second = await current.activate();
    await current.engine.tick();
    current.carrier.script.findSubmission = async () => ({ found: true, ...echoingSecret('REF-2') });
    current.clock.advance(60_000);
    await current.engine.tick();
    expect(current.carrier.calls.findSubmission).toBe(1);
    const lookedUp = await attemptsOf(current, second.id);
    expect(lookedUp).toContain('find_submission');
    expect(lookedUp).not.toContain('leak-from-facts');
  });
});
