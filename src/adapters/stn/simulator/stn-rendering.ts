import type { ActivationRecord, SimcardRecord, SubscriptionRecord } from './simulator-state.js';
import { dateOf, formatStnTimestamp } from './stn-timestamps.js';

/**
 * Records → the JSON sTN sends. In a POST's answer the timestamp that request set is written with 7 fractional
 * digits (a fresh .NET DateTime), older ones with millisecond precision (read back from the database), as in the
 * docs' examples: the POST sets `modifiedAt` (and, when it created the activation, `createdAt` with the same value).
 * This does not depend on the clock, which may move while a request is handled. Fields not known yet (phoneNumber of
 * a pending new line, providerOrderNumber, activatedDate) are left out.
 */
export function renderActivation(
  activation: ActivationRecord,
  { answeringPost = false }: { answeringPost?: boolean } = {},
): Record<string, unknown> {
  const createdNow = answeringPost && activation.createdAt.getTime() === activation.modifiedAt.getTime();
  return {
    id: activation.id,
    createdAt: formatStnTimestamp(activation.createdAt, createdNow ? 'ticks' : 'milliseconds'),
    modifiedAt: formatStnTimestamp(activation.modifiedAt, answeringPost ? 'ticks' : 'milliseconds'),
    status: activation.status,
    activationType: activation.activationType,
    providerEnvironment: activation.providerEnvironment,
    referenceNumber: activation.referenceNumber,
    ...(activation.providerOrderNumber ? { providerOrderNumber: activation.providerOrderNumber } : {}),
    ...(activation.subscriptionId ? { subscriptionId: activation.subscriptionId } : {}),
    ...(activation.phoneNumber ? { phoneNumber: activation.phoneNumber } : {}),
    ...(activation.activatedDate ? { activatedDate: formatStnTimestamp(activation.activatedDate, 'seconds') } : {}),
    info: structuredClone(activation.info),
  };
}

export const activationFields = [
  'id',
  'createdAt',
  'modifiedAt',
  'status',
  'activationType',
  'providerEnvironment',
  'referenceNumber',
  'providerOrderNumber',
  'subscriptionId',
  'phoneNumber',
  'activatedDate',
  'info',
] as const;

export function renderSubscription(subscription: SubscriptionRecord): Record<string, unknown> {
  const accessType = subscription.services.mobilePay === true ? 'Mobile Pay' : 'Internet Access';
  return {
    id: subscription.id,
    state: subscription.state,
    ...(subscription.phoneNumber ? { phoneNumber: subscription.phoneNumber } : {}),
    ...(subscription.simCardNumber ? { simCardNumber: subscription.simCardNumber } : {}),
    ...(subscription.pin ? { pin: subscription.pin } : {}),
    ...(subscription.puk ? { puk: subscription.puk } : {}),
    providerGroup: subscription.providerGroup,
    isDataSim: subscription.isDataSim,
    isEsim: subscription.isEsim,
    ...(subscription.activationDate ? { activationDate: dateOf(subscription.activationDate) } : {}),
    ...(subscription.fixedIpAddress ? { fixedIpAddress: subscription.fixedIpAddress } : {}),
    providerEnvironment: subscription.providerEnvironment,
    // The read side shows accessType as a display string and an extra flag no request can set (documented).
    services: { ...subscription.services, accessType, unlimitedVoiceNLEUGroup: true },
  };
}

export const subscriptionFields = [
  'id',
  'state',
  'phoneNumber',
  'simCardNumber',
  'pin',
  'puk',
  'providerGroup',
  'isDataSim',
  'isEsim',
  'activationDate',
  'fixedIpAddress',
  'providerEnvironment',
  'services',
] as const;

export function renderSimcard(sim: SimcardRecord): Record<string, unknown> {
  return {
    id: sim.id,
    simCardNumber: sim.simCardNumber,
    status: sim.status,
    simCardType: sim.simCardType,
    ...(sim.pin ? { pin: sim.pin } : {}),
    ...(sim.puk ? { puk: sim.puk } : {}),
    ...(sim.subscriptionId ? { subscriptionId: sim.subscriptionId } : {}),
    ...(sim.phoneNumber ? { phoneNumber: sim.phoneNumber } : {}),
    ...(sim.activatedDate ? { activatedDate: formatStnTimestamp(sim.activatedDate, 'seconds') } : {}),
  };
}

export const simcardFields = [
  'id',
  'simCardNumber',
  'status',
  'simCardType',
  'pin',
  'puk',
  'subscriptionId',
  'phoneNumber',
  'activatedDate',
] as const;

export const cdrFields = [
  'id',
  'subscriptionId',
  'phoneNumber',
  'yearMonth',
  'providerGroup',
  'description',
  'rateClass',
  'usageDate',
  'volume',
  'amount',
  'destination',
  'countryCodeOwn',
  'countryCodeDestination',
  'customerId',
] as const;

export const usageFields = [
  'id',
  'subscriptionId',
  'phoneNumber',
  'simCardNumber',
  'yearMonth',
  'customerId',
  'providerGroup',
  'quantityInBundleHomeVoice',
  'usageHomeVoice',
  'quantityInBundleHomeData',
  'usageHomeData',
  'quantityInBundleHomeSms',
  'usageHomeSms',
  'amountPremium',
  'isGroupSim',
  'amountTotalUsage',
  'amountInternationalTotal',
  'usageDetails',
] as const;

export const invoiceFields = [
  'id',
  'customerId',
  'invoiceNumber',
  'yearMonth',
  'invoiceDate',
  'amountExclVat',
  'amountVat',
  'amountInclVat',
  'currency',
] as const;
