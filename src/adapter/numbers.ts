/**
 * Phone numbers between E.164 (`+31612345678`, what the gateway stores and sends adapters) and the forms carriers
 * write: national (`0612345678`), international without the plus (`31612345678`, SPS's GPSI) or with `00`.
 * Every conversion either gives a number or says why not: `parsePhoneNumber` returns a result, `toE164` and
 * `toNational` throw a PhoneNumberFormatError naming the input — nothing comes back silently as null.
 */

/** Countries whose national form we know: calling code and trunk prefix (what a national number starts with). */
export const phoneCountries = {
  NL: { callingCode: '31', trunkPrefix: '0' },
  BE: { callingCode: '32', trunkPrefix: '0' },
  DE: { callingCode: '49', trunkPrefix: '0' },
  FR: { callingCode: '33', trunkPrefix: '0' },
  GB: { callingCode: '44', trunkPrefix: '0' },
  /** NANP: national numbers are the 10 digits without the leading 1. */
  US: { callingCode: '1', trunkPrefix: '' },
} as const;
export type PhoneCountry = keyof typeof phoneCountries;

export type PhoneNumberResult = { ok: true; e164: string } | { ok: false; input: string; reason: string };

export class PhoneNumberFormatError extends Error {
  readonly input: string;
  readonly reason: string;
  constructor(input: string, reason: string) {
    super(`${JSON.stringify(input)} is not a phone number we can convert: ${reason}`);
    this.name = 'PhoneNumberFormatError';
    this.input = input;
    this.reason = reason;
  }
}

const e164Pattern = /^\+[1-9][0-9]{6,14}$/;

export function isE164(value: string): boolean {
  return e164Pattern.test(value);
}

function asE164(digits: string, input: string): PhoneNumberResult {
  const e164 = `+${digits}`;
  return isE164(e164)
    ? { ok: true, e164 }
    : { ok: false, input, reason: 'an E.164 number has a country code not starting with 0 and 7 to 15 digits' };
}

/**
 * Reads a number in any of the forms above. `country` says how to read a national number (one starting with its
 * trunk prefix, or for US ten digits); without it only international forms are accepted. Spaces, dashes, dots and
 * parentheses are ignored.
 */
export function parsePhoneNumber(input: string, country?: PhoneCountry): PhoneNumberResult {
  const compact = input.trim().replace(/[\s\-.()]/g, '');
  if (compact === '') return { ok: false, input, reason: 'it is empty' };
  if (compact.startsWith('+')) {
    return /^\+[0-9]+$/.test(compact)
      ? asE164(compact.slice(1), input)
      : { ok: false, input, reason: 'it has characters other than digits after the +' };
  }
  if (!/^[0-9]+$/.test(compact)) return { ok: false, input, reason: 'it has characters other than digits' };
  if (compact.startsWith('00')) return asE164(compact.slice(2), input);
  if (country) {
    const { callingCode, trunkPrefix } = phoneCountries[country];
    if (trunkPrefix !== '' && compact.startsWith(trunkPrefix)) {
      return asE164(callingCode + compact.slice(trunkPrefix.length), input);
    }
    if (trunkPrefix === '' && compact.length === 10) return asE164(callingCode + compact, input);
  }
  if (compact.startsWith('0')) {
    return {
      ok: false,
      input,
      reason: country
        ? `it starts with 0 but is not a national number of ${country}`
        : 'it looks national (starts with 0); say which country it is from',
    };
  }
  // Digits that do not start with 0 are read as international without the plus (a GPSI): the country code first.
  return asE164(compact, input);
}

/** `toE164('0612345678', 'NL')` and `toE164('31612345678')` are `+31612345678`; throws for anything else. */
export function toE164(input: string, country?: PhoneCountry): string {
  const result = parsePhoneNumber(input, country);
  if (!result.ok) throw new PhoneNumberFormatError(input, result.reason);
  return result.e164;
}

/** `+31612345678` → `0612345678` (NL is read from the calling code, or say `country`). Throws when it cannot. */
export function toNational(e164: string, country?: PhoneCountry): string {
  if (!isE164(e164)) throw new PhoneNumberFormatError(e164, 'it is not E.164 (a + and 7 to 15 digits)');
  const digits = e164.slice(1);
  const entries = Object.entries(phoneCountries) as [PhoneCountry, (typeof phoneCountries)[PhoneCountry]][];
  const match = country
    ? entries.find(([code]) => code === country)
    : entries.find(([, definition]) => digits.startsWith(definition.callingCode));
  if (!match) {
    throw new PhoneNumberFormatError(
      e164,
      `its national form is not known here (known: ${Object.keys(phoneCountries).join(', ')})`,
    );
  }
  const [code, { callingCode, trunkPrefix }] = match;
  if (!digits.startsWith(callingCode))
    throw new PhoneNumberFormatError(e164, `it is not a number of ${code} (+${callingCode})`);
  return trunkPrefix + digits.slice(callingCode.length);
}

/** E.164 without the plus (`31612345678`): SPS's GPSI and several carriers' "international" form. */
export function toInternationalDigits(e164: string): string {
  if (!isE164(e164)) throw new PhoneNumberFormatError(e164, 'it is not E.164 (a + and 7 to 15 digits)');
  return e164.slice(1);
}
