import type { CanonicalServiceName, CanonicalServices } from '../../core/index.js';
import type { StnServiceValue } from './stn-services-catalogue.js';

/**
 * Our canonical services ⇄ sTN's service names and values. The canonical catalogue started from sTN's list, so
 * every canonical service has an sTN counterpart; the enumerated ones change shape (null ⇄ "No Limit",
 * 100 ⇄ "Limit 100", 5000 ⇄ "Data Usage Notification 5000 MB").
 */
const booleanNames = {
  voicemail: 'voiceMail',
  voiceRoaming: 'voiceRoaming',
  internationalCalls: 'internationalDialing',
  premiumNumbers: 'premiumServices',
  entertainmentNumbers: 'entertainmentServices',
  data: 'internetAccess',
  mobilePayment: 'mobilePay',
  dataBlocked: 'blockData',
  dataRoamingEu: 'dataRoamingEU',
  dataRoamingOutsideEu: 'dataRoamingOutsideEU',
  roamingBundleZoneA15Gb: 'benefitCountriesA15000MB',
  roamingBundleZoneA15GbCapped: 'benefitCountriesA15000MBMax',
  roamingBundleZoneB7500Mb: 'benefitCountriesB7500MB',
  roamingBundleZoneB7500MbCapped: 'benefitCountriesB7500MBMax',
  roamingBundleRestOfWorld5Gb: 'restOfTheWorld5000MB',
  roamingBundleRestOfWorld5GbCapped: 'restOfTheWorld5000MBMax',
  roamingBundleWorld7500Mb: 'worldBundle7500MB',
  roamingBundleWorld7500MbCapped: 'worldBundle7500MBMax',
  roamingTariffSms: 'notificationInfo',
  dataRoamingLimitNotification: 'dataRoamingLimitationNotification',
  dataRoamingLimitOverride: 'dataRoamingLimitationOverrideAllowed',
  fixedIp: 'fixedIp',
  blockCountryExceptions: 'blockExceptionCountries',
  blockSatelliteDestinations: 'blockSatelliteDestinations',
} as const satisfies Partial<Record<CanonicalServiceName, string>>;

type BooleanServiceName = keyof typeof booleanNames;

/** The sTN name of each canonical service, for error pointers and capability lists. */
export const stnServiceNameOf: Record<CanonicalServiceName, string> = {
  ...booleanNames,
  dataUsageAlertMb: 'dataUsageNotification',
  dataRoamingSpendLimitEur: 'dataRoamingLimitation',
};

export const stnSupportedServices = Object.keys(stnServiceNameOf) as CanonicalServiceName[];

const canonicalNameOf: Record<string, CanonicalServiceName> = Object.fromEntries(
  Object.entries(stnServiceNameOf).map(([canonical, stn]) => [stn.toLowerCase(), canonical as CanonicalServiceName]),
);

export function canonicalServiceNameForStn(stnName: string): CanonicalServiceName | undefined {
  return canonicalNameOf[stnName.toLowerCase()];
}

function dataUsageNotificationFor(megabytes: number | null): string {
  return megabytes === null ? 'No Data Usage Notification' : `Data Usage Notification ${megabytes} MB`;
}

function dataRoamingLimitationFor(euros: number | null): string {
  return euros === null ? 'No Limit' : `Limit ${euros}`;
}

/** Canonical → sTN request `services` object. Only the services given are sent (sTN keeps the rest). */
export function toStnServices(services: CanonicalServices): Record<string, StnServiceValue> {
  const result: Record<string, StnServiceValue> = {};
  for (const [name, value] of Object.entries(services)) {
    if (value === undefined) continue;
    if (name === 'dataUsageAlertMb') result.dataUsageNotification = dataUsageNotificationFor(value as number | null);
    else if (name === 'dataRoamingSpendLimitEur')
      result.dataRoamingLimitation = dataRoamingLimitationFor(value as number | null);
    else if (name in booleanNames) result[booleanNames[name as BooleanServiceName]] = value as boolean | null;
  }
  return result;
}

const dataUsagePattern = /^Data Usage Notification ([0-9]+) MB$/;
const roamingLimitPattern = /^Limit ([0-9]+)$/;

/**
 * sTN `services` (from an activation's info or a subscription) → canonical. Keys and values we do not know
 * (`accessType: "Internet Access"`, `unlimitedVoiceNLEUGroup`) are left out: they stay in the raw record.
 */
export function fromStnServices(services: Record<string, unknown> | null | undefined): CanonicalServices {
  const result: Record<string, unknown> = {};
  if (!services) return {};
  for (const [stnName, value] of Object.entries(services)) {
    const canonical = canonicalServiceNameForStn(stnName);
    if (!canonical) continue;
    if (canonical === 'dataUsageAlertMb') {
      if (value === 'No Data Usage Notification') result[canonical] = null;
      else {
        const match = typeof value === 'string' ? dataUsagePattern.exec(value) : null;
        if (match) result[canonical] = Number(match[1]);
      }
    } else if (canonical === 'dataRoamingSpendLimitEur') {
      if (value === 'No Limit') result[canonical] = null;
      else {
        const match = typeof value === 'string' ? roamingLimitPattern.exec(value) : null;
        if (match) result[canonical] = Number(match[1]);
      }
    } else if (typeof value === 'boolean' || (value === null && canonical === 'dataRoamingOutsideEu')) {
      result[canonical] = value;
    }
  }
  return result as CanonicalServices;
}
