/**
 * SPS names the phone number GPSI: the digits of the E.164 number without the plus (`19459986891`), 11 to 15 of
 * them. We keep MSISDNs in E.164 (`+19459986891`) everywhere else.
 */
const gpsiPattern = /^[0-9]{11,15}$/;

export function isValidGpsi(value: string): boolean {
  return gpsiPattern.test(value);
}

/** E.164 → GPSI, or null when the number cannot be a GPSI (too short for SPS's 11 digits). */
export function msisdnToGpsi(msisdn: string): string | null {
  const digits = msisdn.startsWith('+') ? msisdn.slice(1) : msisdn;
  return isValidGpsi(digits) ? digits : null;
}

/**
 * GPSI → E.164. Lenient: SPS documents a sample with the GPSI as a JSON number, so numbers are accepted too.
 * Returns null for anything that is not a GPSI.
 */
export function gpsiToMsisdn(gpsi: string | number | null | undefined): string | null {
  if (gpsi === null || gpsi === undefined) return null;
  const digits = typeof gpsi === 'number' ? String(gpsi) : gpsi;
  if (!isValidGpsi(digits) || digits.startsWith('0')) return null;
  return `+${digits}`;
}

/**
 * A GPSI read from SPS for a canonical view: E.164, or — for a value that is not a GPSI — the value as SPS sent it
 * with a warning, never null without a word. Absent stays null.
 */
export function readGpsi(gpsi: string | number | null | undefined): { value: string | null; warning?: string } {
  if (gpsi === null || gpsi === undefined || gpsi === '') return { value: null };
  const msisdn = gpsiToMsisdn(gpsi);
  if (msisdn) return { value: msisdn };
  const raw = String(gpsi);
  return { value: raw, warning: `SPS gpsi '${raw}' is not an E.164 number we know; it is passed on as SPS sent it.` };
}
