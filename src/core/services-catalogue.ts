import { z } from 'zod';

/**
 * The canonical services catalogue: one carrier-neutral name and type per service. It started from the sTN
 * services list (the richest we know); each adapter declares which of these it supports and maps them to its
 * carrier's names and values. A service enters this list when it means the same thing for every carrier.
 */
export type ServiceDefinition =
  | { name: string; kind: 'boolean'; nullable?: boolean; description: string }
  | { name: string; kind: 'enum'; values: readonly (number | null)[]; unit: string; description: string };

const dataUsageAlertMegabytes = [
  null,
  1000,
  2000,
  3000,
  5000,
  6000,
  8000,
  10000,
  12000,
  15000,
  20000,
  25000,
  50000,
] as const;
const dataRoamingSpendLimitEuros = [null, 10, 30, 50, 100, 150, 200, 500, 1000, 2000, 5000] as const;

export const servicesCatalogue = [
  { name: 'voicemail', kind: 'boolean', description: 'Voicemail box.' },
  { name: 'voiceRoaming', kind: 'boolean', description: 'Calls abroad on visited networks.' },
  { name: 'internationalCalls', kind: 'boolean', description: 'Calls from home to foreign numbers.' },
  { name: 'premiumNumbers', kind: 'boolean', description: 'Premium-rate numbers (NL 0900).' },
  { name: 'entertainmentNumbers', kind: 'boolean', description: 'Entertainment numbers (NL 0906, 0909, 18xy).' },
  { name: 'data', kind: 'boolean', description: 'Standard internet access (APN).' },
  { name: 'mobilePayment', kind: 'boolean', description: 'Mobile payment APN.' },
  { name: 'dataBlocked', kind: 'boolean', description: 'Block all data traffic.' },
  { name: 'dataRoamingEu', kind: 'boolean', description: 'Data roaming in EU countries.' },
  {
    name: 'dataRoamingOutsideEu',
    kind: 'boolean',
    nullable: true,
    description: 'Data roaming outside the EU; null leaves it to the carrier default.',
  },
  { name: 'roamingBundleZoneA15Gb', kind: 'boolean', description: 'Roaming bundle, zone A, 15 GB.' },
  { name: 'roamingBundleZoneA15GbCapped', kind: 'boolean', description: 'Zone A bundle at most 10 times a month.' },
  { name: 'roamingBundleZoneB7500Mb', kind: 'boolean', description: 'Roaming bundle, zone B, 7.5 GB.' },
  { name: 'roamingBundleZoneB7500MbCapped', kind: 'boolean', description: 'Zone B bundle at most 10 times a month.' },
  { name: 'roamingBundleRestOfWorld5Gb', kind: 'boolean', description: 'Rest-of-world roaming bundle, 5 GB.' },
  {
    name: 'roamingBundleRestOfWorld5GbCapped',
    kind: 'boolean',
    description: 'Rest-of-world bundle at most 10 times a month.',
  },
  { name: 'roamingBundleWorld7500Mb', kind: 'boolean', description: 'World roaming bundle per 7.5 GB.' },
  { name: 'roamingBundleWorld7500MbCapped', kind: 'boolean', description: 'World bundle at most 10 times a month.' },
  { name: 'roamingTariffSms', kind: 'boolean', description: 'SMS with the foreign tariffs on arrival abroad.' },
  {
    name: 'dataRoamingLimitNotification',
    kind: 'boolean',
    description: 'Notify the user when the data-roaming spend limit is reached.',
  },
  {
    name: 'dataRoamingLimitOverride',
    kind: 'boolean',
    description: 'Allow the user to go past the data-roaming spend limit.',
  },
  { name: 'fixedIp', kind: 'boolean', description: 'A fixed IP address (may need device APN changes).' },
  { name: 'blockCountryExceptions', kind: 'boolean', description: 'Block country exceptions.' },
  { name: 'blockSatelliteDestinations', kind: 'boolean', description: 'Block calls to satellite destinations.' },
  {
    name: 'dataUsageAlertMb',
    kind: 'enum',
    values: dataUsageAlertMegabytes,
    unit: 'MB',
    description: 'Tell the user when home/EU data use reaches this many megabytes; null means no alert.',
  },
  {
    name: 'dataRoamingSpendLimitEur',
    kind: 'enum',
    values: dataRoamingSpendLimitEuros,
    unit: 'EUR',
    description: 'Spending cap in euros for data use abroad; null means no limit.',
  },
] as const satisfies readonly ServiceDefinition[];

export type CanonicalServiceName = (typeof servicesCatalogue)[number]['name'];
export const canonicalServiceNames = servicesCatalogue.map((service) => service.name) as CanonicalServiceName[];

function schemaFor(definition: ServiceDefinition): z.ZodType {
  if (definition.kind === 'boolean') return definition.nullable ? z.boolean().nullable() : z.boolean();
  const literals = definition.values.map((value) => (value === null ? z.null() : z.literal(value)));
  const [first, second, ...rest] = literals;
  if (!first || !second) throw new Error(`service ${definition.name} needs at least two values`);
  return z.union([first, second, ...rest]).describe(`one of ${definition.values.map(String).join(', ')}`);
}

type ServiceValue<D> = D extends { kind: 'boolean'; nullable: true }
  ? boolean | null
  : D extends { kind: 'boolean' }
    ? boolean
    : D extends { values: readonly (infer V)[] }
      ? V
      : never;

export type CanonicalServices = {
  [D in (typeof servicesCatalogue)[number] as D['name']]?: ServiceValue<D>;
};

/** A partial set of services: the ones a request sets, or the ones we know a line has. Unknown names are refused. */
export const canonicalServicesSchema = z
  .strictObject(
    Object.fromEntries(servicesCatalogue.map((definition) => [definition.name, schemaFor(definition).optional()])),
  )
  .describe(
    'Canonical services; see GET /v1/carriers for which each carrier supports',
  ) as unknown as z.ZodType<CanonicalServices>;

export function findService(name: string): ServiceDefinition | undefined {
  return servicesCatalogue.find((service) => service.name === name);
}
