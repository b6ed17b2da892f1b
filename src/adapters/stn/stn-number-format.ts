/**
 * Numbers as sTN writes them → E.164, for every canonical read. sTN uses several forms (stn.md §1.7): the national
 * `06-XXXXXXXX` on lines and SIMs, and "`316#######94` (E.164 without `+`) or `000INTERNET`" as a CDR destination.
 * A form we do not know is kept as sTN sent it, with a warning: never turned into null silently.
 */
export interface ReadNumber {
  value: string | null;
  warning?: string;
}

/** CDR destinations that are not numbers (documented: data sessions); they have no destination number. */
const serviceDestinations = new Set(['000INTERNET']);

export function stnNumberToE164(raw: string | null | undefined, field: string): ReadNumber {
  const value = raw?.trim() ?? '';
  if (value === '') return { value: null };
  if (serviceDestinations.has(value.toUpperCase())) return { value: null };
  const compact = value.replace(/[\s-]/g, '');
  if (/^\+[1-9][0-9]{6,14}$/.test(compact)) return { value: compact };
  if (/^00[1-9][0-9]{6,14}$/.test(compact)) return { value: `+${compact.slice(2)}` };
  // National Dutch numbers: 06… (mobile, with or without sTN's dash) and other 0… area numbers, 10 digits.
  if (/^0[1-9][0-9]{8}$/.test(compact)) return { value: `+31${compact.slice(1)}` };
  // E.164 without the plus, as CDRs write it (316…, 3120…, or a foreign country code).
  if (/^[1-9][0-9]{7,14}$/.test(compact)) return { value: `+${compact}` };
  return { value, warning: `sTN ${field} '${value}' is not a number format we know; it is passed on as sTN sent it.` };
}
