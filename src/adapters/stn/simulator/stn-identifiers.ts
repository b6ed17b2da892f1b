/**
 * Identifiers shaped like sTN's: 17-character mixed-case alphanumeric object ids (`RMBQxre4zFPscwudq`), 24-hex
 * CDR ids, Dutch ICCIDs (8931…, 19 digits with a Luhn check digit), numbers `06-XXXXXXXX` and KPN order numbers.
 * All drawn from the simulator's injectable random source so a seeded run is reproducible.
 */
const alphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface StnIdentifiers {
  objectId(): string;
  cdrId(): string;
  iccid(): string;
  phoneNumber(isTaken: (phoneNumber: string) => boolean): string;
  providerOrderNumber(year: number): string;
  digits(count: number): string;
}

function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidIccid(iccid: string): boolean {
  return /^[0-9]{19}$/.test(iccid) && luhnCheckDigit(iccid.slice(0, -1)) === Number(iccid.slice(-1));
}

export function createStnIdentifiers(random: () => number): StnIdentifiers {
  let iccidSerial = 0;
  let cdrSerial = 0;
  const pick = (alphabet: string) => alphabet[Math.floor(random() * alphabet.length)] ?? alphabet[0];
  const digits = (count: number) => Array.from({ length: count }, () => pick('0123456789')).join('');
  return {
    objectId: () => Array.from({ length: 17 }, () => pick(alphanumeric)).join(''),
    cdrId: () => `65a19fa78${(++cdrSerial).toString(16).padStart(15, '0')}`,
    iccid: () => {
      // 8931 (telecom, Netherlands) + 08 (issuer) + a running serial: deterministic-looking, always valid.
      iccidSerial += 1;
      const body = `893108${String(4_000_000_000 + iccidSerial * 7).padStart(12, '0')}`;
      return body + luhnCheckDigit(body);
    },
    phoneNumber: (isTaken) => {
      for (;;) {
        const candidate = `06-${pick('123456789')}${digits(7)}`;
        if (!isTaken(candidate)) return candidate;
      }
    },
    providerOrderNumber: (year) => `03${digits(4)}0/${year}`,
    digits,
  };
}
