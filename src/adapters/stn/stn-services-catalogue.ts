/**
 * sTN's own services catalogue (NewSubscription page, "Table allowed services"): the names, allowed values and
 * defaults exactly as sTN writes them. The simulator validates against it and the adapter maps our canonical
 * services onto it, so both read the one table.
 */
export const stnDataUsageNotificationValues = [
  'No Data Usage Notification',
  'Data Usage Notification 1000 MB',
  'Data Usage Notification 2000 MB',
  'Data Usage Notification 3000 MB',
  'Data Usage Notification 5000 MB',
  'Data Usage Notification 6000 MB',
  'Data Usage Notification 8000 MB',
  'Data Usage Notification 10000 MB',
  'Data Usage Notification 12000 MB',
  'Data Usage Notification 15000 MB',
  'Data Usage Notification 20000 MB',
  'Data Usage Notification 25000 MB',
  'Data Usage Notification 50000 MB',
] as const;

export const stnDataRoamingLimitationValues = [
  'No Limit',
  'Limit 10',
  'Limit 30',
  'Limit 50',
  'Limit 100',
  'Limit 150',
  'Limit 200',
  'Limit 500',
  'Limit 1000',
  'Limit 2000',
  'Limit 5000',
] as const;

export type StnServiceValue = boolean | null | string;

export type StnServiceDefinition =
  | { name: string; kind: 'boolean'; nullable: boolean; default: boolean | null }
  | { name: string; kind: 'enum'; values: readonly string[]; default: string };

const flag = (name: string, defaultValue: boolean): StnServiceDefinition => ({
  name,
  kind: 'boolean',
  nullable: false,
  default: defaultValue,
});

export const stnServicesCatalogue: readonly StnServiceDefinition[] = [
  flag('voiceMail', false),
  flag('voiceRoaming', true),
  flag('internationalDialing', false),
  flag('premiumServices', true),
  flag('entertainmentServices', true),
  flag('internetAccess', true),
  flag('mobilePay', false),
  flag('blockData', false),
  flag('dataRoamingEU', false),
  { name: 'dataRoamingOutsideEU', kind: 'boolean', nullable: true, default: null },
  flag('benefitCountriesA15000MB', true),
  flag('benefitCountriesA15000MBMax', false),
  flag('benefitCountriesB7500MB', true),
  flag('benefitCountriesB7500MBMax', false),
  flag('restOfTheWorld5000MB', true),
  flag('restOfTheWorld5000MBMax', false),
  flag('worldBundle7500MB', false),
  flag('worldBundle7500MBMax', false),
  flag('notificationInfo', true),
  flag('dataRoamingLimitationNotification', true),
  flag('dataRoamingLimitationOverrideAllowed', true),
  flag('fixedIp', false),
  flag('blockExceptionCountries', false),
  flag('blockSatelliteDestinations', false),
  {
    name: 'dataUsageNotification',
    kind: 'enum',
    values: stnDataUsageNotificationValues,
    default: 'No Data Usage Notification',
  },
  { name: 'dataRoamingLimitation', kind: 'enum', values: stnDataRoamingLimitationValues, default: 'Limit 50' },
];

/** sTN binds property names case-insensitively; this finds the catalogue entry for any casing. */
export function findStnService(name: string): StnServiceDefinition | undefined {
  const lower = name.toLowerCase();
  return stnServicesCatalogue.find((service) => service.name.toLowerCase() === lower);
}

/** Whether `value` is allowed for the service, as sTN checks it when it carries out the activation. */
export function isAllowedStnServiceValue(definition: StnServiceDefinition, value: unknown): boolean {
  if (definition.kind === 'boolean') return typeof value === 'boolean' || (definition.nullable && value === null);
  return typeof value === 'string' && definition.values.includes(value);
}

export function stnServiceDefaults(): Record<string, StnServiceValue> {
  return Object.fromEntries(stnServicesCatalogue.map((service) => [service.name, service.default]));
}
