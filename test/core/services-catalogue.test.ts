import { describe, expect, it } from 'vitest';
import { canonicalServiceNames, canonicalServicesSchema, servicesCatalogue } from '../../src/core/index.js';

describe('canonical services catalogue', () => {
  it('has one entry per name', () => {
    expect(new Set(canonicalServiceNames).size).toBe(servicesCatalogue.length);
  });

  it('accepts booleans and the enumerated limits, null meaning off or carrier default', () => {
    const parsed = canonicalServicesSchema.safeParse({
      voicemail: true,
      dataRoamingOutsideEu: null,
      dataUsageAlertMb: 5000,
      dataRoamingSpendLimitEur: null,
    });
    expect(parsed.success).toBe(true);
  });

  it('refuses a limit outside the enumerated values and names the field', () => {
    const parsed = canonicalServicesSchema.safeParse({ dataRoamingSpendLimitEur: 12.5 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['dataRoamingSpendLimitEur']);
  });

  it('refuses an unknown service name instead of dropping it', () => {
    const parsed = canonicalServicesSchema.safeParse({ dataPlan: 'big' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.code).toBe('unrecognized_keys');
  });

  it('refuses null for a service that is not nullable', () => {
    expect(canonicalServicesSchema.safeParse({ voicemail: null }).success).toBe(false);
  });
});
