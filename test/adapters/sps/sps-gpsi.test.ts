import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gpsiToMsisdn, msisdnToGpsi } from '../../../src/adapters/sps/sps-gpsi.js';

describe('GPSI ⇄ E.164', () => {
  it('round-trips every number SPS can hold', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9][0-9]{10,14}$/), (digits) => {
        const msisdn = gpsiToMsisdn(digits);
        expect(msisdn).toBe(`+${digits}`);
        expect(msisdnToGpsi(msisdn!)).toBe(digits);
      }),
    );
  });

  it('accepts the numeric GPSI of the documented sample', () => {
    expect(gpsiToMsisdn(19459986891)).toBe('+19459986891');
  });

  it('refuses numbers SPS cannot hold', () => {
    expect(msisdnToGpsi('+3161234567')).toBeNull();
    expect(gpsiToMsisdn('1945998689')).toBeNull();
    expect(gpsiToMsisdn(undefined)).toBeNull();
  });
});
