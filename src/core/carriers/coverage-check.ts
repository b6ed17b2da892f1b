import type { CarrierCoverage } from '../adapter.js';

/**
 * Whether a carrier can hold a number, by its declared E.164 prefixes. A carrier that declares no coverage is taken
 * to serve anything: we cannot refuse on grounds it has not told us.
 */
export function servesNumber(coverage: CarrierCoverage | undefined, msisdn: string): boolean {
  if (!coverage) return true;
  return coverage.numberPrefixes.some((prefix) => msisdn.startsWith(prefix));
}

/** Whether a carrier serves a country (ISO 3166-1 alpha-2); unknown coverage serves all. */
export function servesCountry(coverage: CarrierCoverage | undefined, country: string): boolean {
  if (!coverage) return true;
  return coverage.countries.includes(country.toUpperCase());
}

/** The port-in detail fields the carrier needs that `portIn` lacks. */
export function missingPortInFields(
  coverage: CarrierCoverage | undefined,
  portIn: Record<string, unknown> | undefined,
): string[] {
  const required = coverage?.portInRequiredFields ?? [];
  return required.filter((field) => portIn?.[field] === undefined || portIn?.[field] === '');
}
