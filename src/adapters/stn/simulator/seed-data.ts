import { normaliseStnPhoneNumber } from '../stn-phone-number.js';
import { stnServiceDefaults } from '../stn-services-catalogue.js';
import type { SimcardRecord, SimulatorState, SubscriptionRecord } from './simulator-state.js';
import type { StnIdentifiers } from './stn-identifiers.js';
import { addMonths, yearMonthOf } from './stn-timestamps.js';
import { recordInvoice, recordMonthOfTraffic } from './usage-generator.js';

export interface StnSeedOptions {
  /** Physical SIM cards in the partner's stock, FREE. Default 25. */
  physicalSims?: number;
  /** Of those, how many are DATAONLYSIM cards (the rest USIM). Default 0. */
  dataOnlySims?: number;
  /** eSIM profiles the partner may still order. Default 25. */
  esimCapacity?: number;
  /** Lines already ACTIVE when the simulator starts, with two months of traffic and invoices. Default 2. */
  activeSubscriptions?: number;
  /** The partner's short customer id (`customerId` on CDRs and usage). */
  customerId?: string;
  /** The partner's sTN customer id (17 characters). */
  stnCustomerId?: string;
  /**
   * Numbers held at donor operators, with the customer number the donor knows them by: a port-in of one of them with
   * another `donorCustomerNumber` is refused by the donor (ends in ERROR). Numbers not listed port freely.
   */
  donors?: Array<{ phoneNumber: string; donorCustomerNumber: string }>;
}

export function seedState(
  options: StnSeedOptions,
  identifiers: StnIdentifiers,
  now: Date,
  random: () => number,
): SimulatorState {
  const state: SimulatorState = {
    customerId: options.customerId ?? 'SIMA1',
    stnCustomerId: options.stnCustomerId ?? identifiers.objectId(),
    simcards: new Map(),
    subscriptions: new Map(),
    activations: new Map(),
    cdrs: [],
    usage: [],
    invoices: [],
    esimCapacity: options.esimCapacity ?? 25,
    donors: new Map(
      (options.donors ?? []).map((donor) => [
        normaliseStnPhoneNumber(donor.phoneNumber.replace(/^\+31/, '0')) ?? donor.phoneNumber,
        donor.donorCustomerNumber,
      ]),
    ),
  };
  const physicalSims = options.physicalSims ?? 25;
  const dataOnlySims = Math.min(options.dataOnlySims ?? 0, physicalSims);
  const activeSubscriptions = options.activeSubscriptions ?? 2;
  for (let index = 0; index < physicalSims + activeSubscriptions; index++) {
    const sim: SimcardRecord = {
      id: identifiers.objectId(),
      simCardNumber: identifiers.iccid(),
      status: 'FREE',
      simCardType: index < dataOnlySims ? 'DATAONLYSIM' : 'USIM',
      isEsim: false,
    };
    state.simcards.set(sim.id, sim);
  }
  const lastMonth = yearMonthOf(addMonths(now, -1));
  const monthBefore = yearMonthOf(addMonths(now, -2));
  const stock = [...state.simcards.values()].slice(physicalSims);
  for (const sim of stock) {
    const activationDate = addMonths(now, -4);
    const subscription: SubscriptionRecord = {
      id: identifiers.objectId(),
      state: 'ACTIVE',
      phoneNumber: identifiers.phoneNumber((candidate) =>
        [...state.subscriptions.values()].some((existing) => existing.phoneNumber === candidate),
      ),
      simCardNumber: sim.simCardNumber,
      pin: '0000',
      puk: identifiers.digits(8),
      providerGroup: 'KPNMOBIEL',
      isDataSim: false,
      isEsim: false,
      activationDate,
      providerEnvironment: 'SP16001',
      services: stnServiceDefaults(),
      customerId: state.customerId,
    };
    state.subscriptions.set(subscription.id, subscription);
    Object.assign(sim, {
      status: 'ACTIVATED',
      pin: subscription.pin,
      puk: subscription.puk,
      subscriptionId: subscription.id,
      phoneNumber: subscription.phoneNumber,
      activatedDate: activationDate,
    });
    recordMonthOfTraffic(state, subscription, monthBefore, identifiers, random);
    recordMonthOfTraffic(state, subscription, lastMonth, identifiers, random);
  }
  recordInvoice(state, monthBefore, identifiers, random);
  recordInvoice(state, lastMonth, identifiers, random);
  return state;
}
