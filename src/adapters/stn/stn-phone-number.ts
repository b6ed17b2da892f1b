/**
 * sTN writes Dutch mobile numbers nationally with a dash after the `06` (`06-12345678`); we keep E.164
 * (`+31612345678`). Requests accept the number with or without the dash; responses always carry the dash.
 */
const dutchMobileE164 = /^\+316([0-9]{8})$/;
const stnNational = /^06-?([0-9]{8})$/;

export function isDutchMobileE164(msisdn: string): boolean {
  return dutchMobileE164.test(msisdn);
}

/** `+31612345678` → `06-12345678`. Throws for a number sTN cannot hold (not a Dutch mobile number). */
export function e164ToStnPhoneNumber(msisdn: string): string {
  const match = dutchMobileE164.exec(msisdn);
  if (!match) throw new RangeError(`${msisdn} is not a Dutch mobile number (+316 and 8 digits)`);
  return `06-${match[1]}`;
}

/** `06-12345678` or `0612345678` → `+31612345678`; null for anything else (blank while a number is pending). */
export function stnPhoneNumberToE164(phoneNumber: string | null | undefined): string | null {
  if (!phoneNumber) return null;
  const match = stnNational.exec(phoneNumber.trim());
  return match ? `+316${match[1]}` : null;
}

/** The dashed form sTN stores, from either accepted input form; null when it is not a Dutch mobile number. */
export function normaliseStnPhoneNumber(phoneNumber: string): string | null {
  const match = stnNational.exec(phoneNumber.trim());
  return match ? `06-${match[1]}` : null;
}
