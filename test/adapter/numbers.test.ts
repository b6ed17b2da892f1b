import { describe, expect, it } from 'vitest';
import {
  PhoneNumberFormatError,
  parsePhoneNumber,
  toE164,
  toInternationalDigits,
  toNational,
} from '../../src/adapter/index.js';

describe('phone number helpers', () => {
  it('reads national numbers with a country, and international forms without one', () => {
    expect(toE164('0612345678', 'NL')).toBe('+31612345678');
    expect(toE164('06-12345678', 'NL')).toBe('+31612345678');
    expect(toE164('31612345678')).toBe('+31612345678');
    expect(toE164('0031 6 1234 5678')).toBe('+31612345678');
    expect(toE164('+31612345678')).toBe('+31612345678');
    expect(toE164('31612345678', 'NL')).toBe('+31612345678');
    expect(toE164('(202) 555-0123', 'US')).toBe('+12025550123');
    expect(toE164('12025550123', 'US')).toBe('+12025550123');
  });

  it('writes E.164 nationally and as bare digits', () => {
    expect(toNational('+31612345678')).toBe('0612345678');
    expect(toNational('+12025550123')).toBe('2025550123');
    expect(toNational('+32470123456', 'BE')).toBe('0470123456');
    expect(toInternationalDigits('+19459986891')).toBe('19459986891');
  });

  it('says why a number cannot be converted instead of answering null', () => {
    expect(parsePhoneNumber('0612345678')).toEqual({
      ok: false,
      input: '0612345678',
      reason: 'it looks national (starts with 0); say which country it is from',
    });
    expect(parsePhoneNumber('06-1234x678', 'NL')).toMatchObject({
      ok: false,
      reason: 'it has characters other than digits',
    });
    expect(parsePhoneNumber('+0123456789')).toMatchObject({ ok: false });
    expect(parsePhoneNumber('')).toMatchObject({ ok: false, reason: 'it is empty' });
    expect(() => toE164('0612345678')).toThrow(PhoneNumberFormatError);
    expect(() => toE164('0612345678')).toThrow(/"0612345678".*say which country/);
    expect(() => toNational('+8613800138000')).toThrow(/national form is not known/);
    expect(() => toNational('+31612345678', 'BE')).toThrow(/not a number of BE/);
    expect(() => toNational('0612345678')).toThrow(/not E\.164/);
  });
});
