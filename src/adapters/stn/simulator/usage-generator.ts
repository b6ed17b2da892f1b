import type { CdrRecord, SimulatorState, SubscriptionRecord, UsageRecord } from './simulator-state.js';
import type { StnIdentifiers } from './stn-identifiers.js';

/**
 * Plausible traffic for a line in a month: a few calls, an SMS and some data as CDRs, and the monthly usage
 * summary that adds them up. Units follow the docs' example (CDR call volume in seconds, data volume in KB,
 * summary data in MB, summary voice in minutes; the units are our reading of the example, not stated).
 */
export function recordMonthOfTraffic(
  state: SimulatorState,
  subscription: SubscriptionRecord,
  yearMonth: string,
  identifiers: StnIdentifiers,
  random: () => number,
): void {
  if (!subscription.phoneNumber) return;
  const [year, month] = yearMonth.split('_').map(Number) as [number, number];
  const day = (dayOfMonth: number, hour: number) =>
    new Date(Date.UTC(year, month - 1, dayOfMonth, hour, Math.floor(random() * 60), Math.floor(random() * 60)))
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  const base = {
    subscriptionId: subscription.id,
    phoneNumber: subscription.phoneNumber,
    yearMonth,
    providerGroup: subscription.providerGroup,
    countryCodeOwn: 'NL',
    customerId: subscription.customerId,
  };
  const callSeconds = [65 + Math.floor(random() * 300), 5 + Math.floor(random() * 60)];
  const dataKilobytes = 50_000 + Math.floor(random() * 2_000_000);
  const cdrs: CdrRecord[] = [
    ...callSeconds.map((seconds, index) => ({
      ...base,
      id: identifiers.cdrId(),
      description: 'Bellen naar mobiel',
      rateClass: 'N_MOBOV',
      usageDate: day(3 + index * 5, 9 + index),
      volume: seconds,
      amount: 0,
      destination: `316${identifiers.digits(8)}`,
      countryCodeDestination: 'NL',
    })),
    {
      ...base,
      id: identifiers.cdrId(),
      description: 'SMS naar mobiel',
      rateClass: 'N_SMS',
      usageDate: day(12, 14),
      volume: 1,
      amount: 0,
      destination: `316${identifiers.digits(8)}`,
      countryCodeDestination: 'NL',
    },
    {
      ...base,
      id: identifiers.cdrId(),
      description: 'Internet nationaal',
      rateClass: 'INT_NAT',
      usageDate: day(15, 10),
      volume: dataKilobytes,
      amount: 0.0002,
      destination: '000INTERNET',
    },
  ];
  state.cdrs.push(...cdrs);
  const voiceMinutes = Math.round((callSeconds.reduce((sum, seconds) => sum + seconds, 0) / 60) * 100) / 100;
  const dataMegabytes = Math.round((dataKilobytes / 1024) * 100) / 100;
  const usage: UsageRecord = {
    id: identifiers.objectId(),
    subscriptionId: subscription.id,
    phoneNumber: subscription.phoneNumber,
    simCardNumber: subscription.simCardNumber ?? '',
    yearMonth,
    customerId: subscription.customerId,
    providerGroup: subscription.providerGroup,
    quantityInBundleHomeVoice: -1,
    usageHomeVoice: voiceMinutes,
    quantityInBundleHomeData: 12000,
    usageHomeData: dataMegabytes,
    quantityInBundleHomeSms: -1,
    usageHomeSms: 1,
    amountPremium: 0,
    isGroupSim: false,
    amountTotalUsage: 0,
    amountInternationalTotal: 0,
    usageDetails: [
      {
        invoiceLineType: '7',
        invoiceLineCode: 'INT_NAT',
        description: 'Internet nationaal',
        sortOrder: 1033,
        quantity: 1,
        volume: dataKilobytes,
        volumeStr: `${Math.round(dataMegabytes)} MB`,
        amount: 0,
        refId: 24,
        rateClassId: identifiers.objectId(),
      },
      {
        invoiceLineType: '7',
        invoiceLineCode: 'N_MOBKPN',
        description: 'Bellen naar mobiel',
        sortOrder: 1000,
        quantity: callSeconds.length,
        volume: callSeconds.reduce((sum, seconds) => sum + seconds, 0),
        volumeStr: `${voiceMinutes} min`,
        amount: 0,
        refId: 3,
        rateClassId: identifiers.objectId(),
      },
    ],
  };
  state.usage.push(usage);
}

export function recordInvoice(
  state: SimulatorState,
  yearMonth: string,
  identifiers: StnIdentifiers,
  random: () => number,
): void {
  const [year, month] = yearMonth.split('_').map(Number) as [number, number];
  const amountExclVat = Math.round((100 + random() * 900) * 100) / 100;
  const amountVat = Math.round(amountExclVat * 0.21 * 100) / 100;
  const invoiceDay = new Date(Date.UTC(year, month, 5));
  state.invoices.push({
    id: identifiers.objectId(),
    customerId: state.customerId,
    invoiceNumber: `F${year}${String(month).padStart(2, '0')}${identifiers.digits(4)}`,
    yearMonth,
    invoiceDate: invoiceDay.toISOString().slice(0, 10),
    amountExclVat,
    amountVat,
    amountInclVat: Math.round((amountExclVat + amountVat) * 100) / 100,
    currency: 'EUR',
  });
}
