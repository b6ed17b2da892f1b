import { describe, expect, it } from 'vitest';
import type { CarrierUnderTest, ConformanceFixture } from './conformance-fixture.js';
import { errorFrom, expectCoreError, maxAdvanceSteps, submitRequestFor } from './conformance-helpers.js';

const noPushReason = 'carrier does not push results';

/** Submits a valid activation and advances until the simulator has sent at least one callback. */
async function callbacksForAnActivation(carrier: CarrierUnderTest) {
  const submitted = await carrier.adapter.submit(submitRequestFor('activate', carrier.validActivation()));
  const sent: Request[] = [];
  for (let step = 0; step < maxAdvanceSteps && sent.length === 0; step++) {
    await carrier.advance();
    sent.push(...(carrier.takeSentCallbacks?.() ?? []));
  }
  expect(sent.length, 'callbacks the simulator sent').toBeGreaterThan(0);
  return { carrierReference: submitted.carrierReference, sent };
}

/** The same request with one more field in its body: what an attacker who cannot sign would send. */
async function tampered(request: Request): Promise<Request> {
  const body = await request.clone().text();
  let changed: string;
  try {
    // Still valid JSON of the same shape, so only authentication (not parsing) can catch it.
    changed = JSON.stringify({ ...JSON.parse(body), conformanceTampered: true });
  } catch {
    changed = `${body} `;
  }
  return new Request(request.url, { method: request.method, headers: request.headers, body: changed });
}

/** Pushed results arrive at a public URL: they must be parsed only after they are proven to come from the carrier. */
export function describeCallbackChecks<Config>(fixture: ConformanceFixture<Config>): void {
  const pushes = fixture.plugin.capabilities.callbacks;

  describe('callbacks', () => {
    it('parses a callback from the simulator into an update for the submitted reference', async ({ skip }) => {
      if (!pushes) return skip(noPushReason);
      const carrier = await fixture.setup();
      const { carrierReference, sent } = await callbacksForAnActivation(carrier);
      const updates = [];
      for (const request of sent) updates.push(...(await carrier.adapter.parseCallback!(request)));
      expect(updates.map((update) => update.carrierReference)).toContain(carrierReference);
    });

    it('refuses a tampered callback with UnauthorisedError, and still accepts the genuine one after it', async ({
      skip,
    }) => {
      if (!pushes) return skip(noPushReason);
      const carrier = await fixture.setup();
      const { carrierReference, sent } = await callbacksForAnActivation(carrier);
      const genuine = sent[0]!;
      const forged = await tampered(genuine);
      expectCoreError(await errorFrom(() => carrier.adapter.parseCallback!(forged)), 'unauthorised');
      // Refusing a forgery must not use up the genuine callback (e.g. in a replay guard).
      const updates = await carrier.adapter.parseCallback!(genuine);
      expect(updates.map((update) => update.carrierReference)).toContain(carrierReference);
    });
  });
}
