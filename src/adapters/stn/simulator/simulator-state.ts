import type { StnServiceValue } from '../stn-services-catalogue.js';

/**
 * The simulator's in-memory records. Times are Date objects here and rendered in sTN's format on the way out
 * (./stn-rendering.ts). Fields marked "simulator only" are never sent: they are how the simulator remembers what
 * a pending activation reserved and what it is to do when it completes.
 */
export type SimcardStatus = 'FREE' | 'ACTIVATED' | 'DISABLED' | 'BUSY';

export interface SimcardRecord {
  id: string;
  simCardNumber: string;
  status: SimcardStatus;
  simCardType: 'USIM' | 'DUOSIM' | 'DATAONLYSIM';
  pin?: string;
  puk?: string;
  subscriptionId?: string;
  phoneNumber?: string;
  activatedDate?: Date;
  /** Simulator only: the pending activation holding this SIM (status BUSY). */
  reservedBy?: string;
  /** Simulator only: an eSIM profile rather than a card from the partner's stock. */
  isEsim: boolean;
}

/** ACTIVE and SUSPENDED are documented; the others are the simulator's names for states the docs do not name. */
export type SubscriptionState = 'PENDING' | 'ACTIVE' | 'SUSPENDED' | 'TERMINATED' | 'PORTEDOUT' | 'CANCELLED' | 'ERROR';

export interface SubscriptionRecord {
  id: string;
  state: SubscriptionState;
  phoneNumber?: string;
  simCardNumber?: string;
  pin?: string;
  puk?: string;
  providerGroup: 'KPNMOBIEL';
  isDataSim: boolean;
  isEsim: boolean;
  activationDate?: Date;
  fixedIpAddress?: string;
  providerEnvironment: string;
  services: Record<string, StnServiceValue>;
  customerId: string;
  /** Simulator only: when the last MoveEnvironment took effect (the two-month rule). */
  lastEnvironmentMoveAt?: Date;
}

export type ActivationStatus = 'INIT' | 'BUSY' | 'DONE' | 'ERROR' | 'CANCELLING';

export type ActivationType =
  | 'ACTIVATENEW'
  | 'SUSPEND'
  | 'RESUME'
  | 'SIMSWAP'
  | 'SETSERVICES'
  | 'MOVEENVIRONMENT'
  | 'INPORT'
  | 'OUTPORT'
  | 'TERMINATE';

export interface ActivationRecord {
  id: string;
  createdAt: Date;
  modifiedAt: Date;
  status: ActivationStatus;
  activationType: ActivationType;
  providerEnvironment: string;
  referenceNumber: string;
  providerOrderNumber?: string;
  subscriptionId?: string;
  phoneNumber?: string;
  activatedDate?: Date;
  info: Record<string, unknown>;
  /** Simulator only: when the request is to take effect (wishDate, portingWishDate). */
  effectiveAt?: Date;
  /** Simulator only: a Cancel… request reached this activation (sTN shows no marker for it in `info`). */
  cancellation?: { note?: string };
  /** Simulator only: bumped whenever the plan changes, so tasks scheduled for the old plan do nothing. */
  generation: number;
  /** Simulator only: services with values outside their list; the activation ends in ERROR (documented). */
  invalidServices: string[];
  /** Simulator only: an eSIM profile counted against capacity until the activation ends. */
  holdsEsimProfile: boolean;
}

export interface CdrRecord {
  id: string;
  subscriptionId: string;
  phoneNumber: string;
  yearMonth: string;
  providerGroup: string;
  description: string;
  rateClass: string;
  usageDate: string;
  volume: number;
  amount: number;
  destination: string;
  countryCodeOwn: string;
  countryCodeDestination?: string;
  customerId: string;
}

export interface UsageDetailRecord {
  invoiceLineType: string;
  invoiceLineCode: string;
  description: string;
  sortOrder: number;
  quantity: number;
  volume: number;
  volumeStr: string;
  amount: number;
  refId: number;
  rateClassId: string;
}

export interface UsageRecord {
  id: string;
  subscriptionId: string;
  phoneNumber: string;
  simCardNumber: string;
  yearMonth: string;
  customerId: string;
  providerGroup: string;
  quantityInBundleHomeVoice: number;
  usageHomeVoice: number;
  quantityInBundleHomeData: number;
  usageHomeData: number;
  quantityInBundleHomeSms: number;
  usageHomeSms: number;
  amountPremium: number;
  isGroupSim: boolean;
  amountTotalUsage: number;
  amountInternationalTotal: number;
  usageDetails: UsageDetailRecord[];
}

export interface InvoiceRecord {
  id: string;
  customerId: string;
  invoiceNumber: string;
  yearMonth: string;
  invoiceDate: string;
  amountExclVat: number;
  amountVat: number;
  amountInclVat: number;
  currency: 'EUR';
}

export interface SimulatorState {
  customerId: string;
  stnCustomerId: string;
  simcards: Map<string, SimcardRecord>;
  subscriptions: Map<string, SubscriptionRecord>;
  activations: Map<string, ActivationRecord>;
  cdrs: CdrRecord[];
  usage: UsageRecord[];
  invoices: InvoiceRecord[];
  /** eSIM profiles still available to the partner. */
  esimCapacity: number;
  /** Donor operators' customer numbers by dashed phone number (06-…); see StnSeedOptions.donors. */
  donors: Map<string, string>;
}

export function findSimcardByNumber(state: SimulatorState, simCardNumber: string): SimcardRecord | undefined {
  for (const sim of state.simcards.values()) if (sim.simCardNumber === simCardNumber) return sim;
  return undefined;
}

export function isPhoneNumberTaken(state: SimulatorState, phoneNumber: string): boolean {
  for (const subscription of state.subscriptions.values()) {
    if (subscription.phoneNumber === phoneNumber && isLiveSubscription(subscription)) return true;
  }
  return false;
}

export function isLiveSubscription(subscription: SubscriptionRecord): boolean {
  return subscription.state === 'ACTIVE' || subscription.state === 'SUSPENDED' || subscription.state === 'PENDING';
}
