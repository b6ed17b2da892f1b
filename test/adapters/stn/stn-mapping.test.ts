import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stnPlugin } from '../../../src/adapters/stn/index.js';
import { e164ToStnPhoneNumber, stnPhoneNumberToE164 } from '../../../src/adapters/stn/stn-phone-number.js';
import { findStnService, isAllowedStnServiceValue } from '../../../src/adapters/stn/stn-services-catalogue.js';
import { fromStnServices, toStnServices } from '../../../src/adapters/stn/stn-services-mapping.js';
import { type CanonicalServices, canonicalServiceNames, servicesCatalogue } from '../../../src/core/index.js';

describe('sTN phone numbers', () => {
  it('converts E.164 to 06- and back, and accepts the undashed form from sTN', () => {
    expect(e164ToStnPhoneNumber('+31612345678')).toBe('06-12345678');
    expect(stnPhoneNumberToE164('06-12345678')).toBe('+31612345678');
    expect(stnPhoneNumberToE164('0612345678')).toBe('+31612345678');
    expect(stnPhoneNumberToE164('')).toBeNull();
    expect(() => e164ToStnPhoneNumber('+3120123456')).toThrow(RangeError);
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{8}$/), (digits) => {
        expect(stnPhoneNumberToE164(e164ToStnPhoneNumber(`+316${digits}`))).toBe(`+316${digits}`);
      }),
    );
  });
});

describe('sTN services mapping', () => {
  it('maps every canonical service to a known sTN service with an allowed value, and back unchanged', () => {
    const arbitraryServices = fc.record(
      Object.fromEntries(
        servicesCatalogue.map((definition) => [
          definition.name,
          definition.kind === 'boolean'
            ? definition.name === 'dataRoamingOutsideEu'
              ? fc.constantFrom(true, false, null)
              : fc.boolean()
            : fc.constantFrom(...definition.values),
        ]),
      ),
      { requiredKeys: [] },
    ) as fc.Arbitrary<CanonicalServices>;
    fc.assert(
      fc.property(arbitraryServices, (services) => {
        const stn = toStnServices(services);
        for (const [name, value] of Object.entries(stn)) {
          const definition = findStnService(name);
          expect(definition, name).toBeDefined();
          expect(isAllowedStnServiceValue(definition!, value), `${name}=${String(value)}`).toBe(true);
        }
        expect(fromStnServices(stn)).toEqual(services);
      }),
    );
  });

  it('reads the subscription view, ignoring the display-only accessType and unknown flags', () => {
    expect(
      fromStnServices({
        accessType: 'Internet Access',
        unlimitedVoiceNLEUGroup: true,
        dataRoamingLimitation: 'No Limit',
        dataUsageNotification: 'Data Usage Notification 1000 MB',
        voiceMail: true,
      }),
    ).toEqual({ dataRoamingSpendLimitEur: null, dataUsageAlertMb: 1000, voicemail: true });
  });

  it('declares every canonical service as supported', () => {
    expect([...stnPlugin.capabilities.services].sort()).toEqual([...canonicalServiceNames].sort());
  });
});

describe('sTN plugin', () => {
  it('validates the connection config', () => {
    expect(stnPlugin.connectionConfigSchema.safeParse({ baseUrl: 'https://x.example', apiKey: 'k' }).success).toBe(
      true,
    );
    expect(stnPlugin.connectionConfigSchema.safeParse({ baseUrl: 'not a url', apiKey: 'k' }).success).toBe(false);
    expect(stnPlugin).toMatchObject({ id: 'stn', displayName: 'sTN Partner API', secretConfigFields: ['apiKey'] });
  });
});
