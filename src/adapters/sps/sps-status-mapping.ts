import { z } from 'zod';
import type { CarrierFacts, CarrierProgress, CarrierStatusUpdate } from '../../core/adapter.js';
import { gpsiToMsisdn, readGpsi } from './sps-gpsi.js';
import { spsPortingRejectionReason } from './sps-porting-rejections.js';
import { servicesFromProducts } from './sps-services-mapping.js';

/**
 * An SPS transaction (from Get Transaction Status or a callback) in our words. The schema is lenient — strict in,
 * lenient out: it reads only what we use, accepts a numeric gpsi (a documented quirk) and unknown status words.
 */
export const spsTransactionSchema = z.looseObject({
  partnerTransactionId: z.string().min(1),
  transactionType: z.string().optional(),
  status: z.string().min(1),
  statusDescription: z.string().optional(),
  subscriberId: z.string().optional(),
  gpsi: z.union([z.string(), z.number()]).optional(),
  iccid: z.string().optional(),
  eid: z.string().optional(),
  pei: z.string().optional(),
  wholesalePlanId: z.string().optional(),
  products: z.array(z.looseObject({ productId: z.string() })).optional(),
  esim: z
    .looseObject({
      iccid: z.string().optional(),
      smdpAddress: z.string().optional(),
      matchingId: z.string().optional(),
      activationCode: z.string().optional(),
    })
    .optional(),
  errors: z.array(z.looseObject({ code: z.string().optional(), message: z.string().optional() })).optional(),
});
export type SpsTransaction = z.infer<typeof spsTransactionSchema>;

const progressByStatus: Record<string, CarrierProgress> = {
  received: 'in_progress',
  inprogress: 'in_progress',
  success: 'succeeded',
  failure: 'failed',
  // Not seen, but proposed in sps.md §7.4 for requests refused during validation.
  rejected: 'failed',
};

/** Transaction types after which the line's SIM (and so its eSIM-ness) is what the transaction reports. */
const simSettingTypes = new Set(['ActivateSubscription', 'PortInActivateSubscription', 'ChangeDeviceSim']);
/** Transaction types that set products, so the services they map to are worth reporting. */
const productSettingTypes = new Set(['ActivateSubscription', 'PortInActivateSubscription', 'SubscriptionMacd']);

function factsOf(transaction: SpsTransaction): CarrierFacts {
  const msisdn = gpsiToMsisdn(transaction.gpsi);
  const facts: CarrierFacts = {
    ...(transaction.subscriberId ? { carrierSubscriptionId: transaction.subscriberId } : {}),
    ...(msisdn ? { msisdn } : {}),
    ...(transaction.iccid ? { iccid: transaction.iccid } : {}),
    ...(transaction.wholesalePlanId ? { plan: transaction.wholesalePlanId } : {}),
    ...(transaction.pei ? { imei: transaction.pei } : {}),
  };
  if (transaction.transactionType && simSettingTypes.has(transaction.transactionType)) {
    facts.esim = transaction.esim !== undefined || transaction.eid !== undefined;
    if (transaction.eid) facts.eid = transaction.eid;
  }
  const services = productSettingTypes.has(transaction.transactionType ?? '')
    ? servicesFromProducts(transaction.products)
    : undefined;
  if (services) facts.services = services;
  if (transaction.esim) {
    const { activationCode, smdpAddress, matchingId } = transaction.esim;
    facts.esimProfile = {
      ...(activationCode ? { activationCode } : {}),
      ...(smdpAddress ? { smdpAddress } : {}),
      ...(matchingId ? { matchingId } : {}),
    };
  }
  return facts;
}

export function spsTransactionToUpdate(transaction: SpsTransaction): CarrierStatusUpdate {
  // An unknown word is reported as such, with the operation still running: the engine polls on until its deadline
  // for unknown statuses and then fails it quoting the word, rather than a guess ending it at once.
  const word = transaction.status.toLowerCase();
  // Own keys only: a word such as "constructor" must not find Object.prototype's members.
  const known = Object.hasOwn(progressByStatus, word) ? progressByStatus[word] : undefined;
  const state = known ?? 'in_progress';
  const update: CarrierStatusUpdate = {
    // We send our operation id as partnerTransactionId; transactions started elsewhere on the account carry other ids.
    ...(transaction.partnerTransactionId.startsWith('op_') ? { operationId: transaction.partnerTransactionId } : {}),
    carrierReference: transaction.partnerTransactionId,
    state,
    carrierStatus: transaction.status,
    ...(known ? {} : { unrecognisedStatus: true }),
  };
  if (state === 'succeeded') update.facts = factsOf(transaction);
  const gpsi = readGpsi(transaction.gpsi);
  // factsOf keeps only an E.164 number for the line; a GPSI in another form is reported rather than dropped silently.
  if (gpsi.warning) update.warnings = [gpsi.warning];
  if (state === 'failed') {
    const first = transaction.errors?.[0];
    update.failure = {
      ...(first?.code ? { code: first.code } : {}),
      message: first?.message ?? transaction.statusDescription ?? `SPS reported ${transaction.status}`,
      ...(transaction.transactionType === 'PortInActivateSubscription'
        ? { reason: spsPortingRejectionReason(first?.code) }
        : {}),
    };
  }
  return update;
}
