/**
 * The words of the adapter spec, v1, written out rather than derived from the gateway's internal models, so an
 * adapter author reads them here and importing them loads nothing. src/core/adapter.ts proves at compile time that
 * each is exactly the core's own type, so the two cannot drift apart silently.
 */

/** The asynchronous work the gateway can carry to a carrier. */
export type OperationKind =
  | 'activate'
  | 'port_in'
  | 'change_port_in'
  | 'suspend'
  | 'resume'
  | 'cease'
  | 'reactivate'
  | 'sim_swap'
  | 'change_services'
  | 'change_plan'
  | 'change_number'
  | 'port_out'
  | 'cancel_activation'
  | 'cancel_port_in'
  | 'cancel_port_out'
  | 'cancel_cease'
  | 'carrier_action'
  /** The gateway's own parent operations: their steps are ordinary kinds; an adapter never receives these. */
  | 'migrate'
  | 'migrate_bulk';

/** Every status a line can be in, whatever carrier holds it. */
export type SubscriptionStatus =
  | 'pending'
  | 'porting_in'
  | 'active'
  | 'suspended'
  | 'porting_out'
  | 'ported_out'
  | 'ceased'
  | 'failed'
  | 'cancelled'
  /** Moving to another connection (a `migrate` is under way); the gateway's own status, never a carrier's. */
  | 'migrating';

type OnOffServiceName =
  | 'voicemail'
  | 'voiceRoaming'
  | 'internationalCalls'
  | 'premiumNumbers'
  | 'entertainmentNumbers'
  | 'data'
  | 'mobilePayment'
  | 'dataBlocked'
  | 'dataRoamingEu'
  | 'roamingBundleZoneA15Gb'
  | 'roamingBundleZoneA15GbCapped'
  | 'roamingBundleZoneB7500Mb'
  | 'roamingBundleZoneB7500MbCapped'
  | 'roamingBundleRestOfWorld5Gb'
  | 'roamingBundleRestOfWorld5GbCapped'
  | 'roamingBundleWorld7500Mb'
  | 'roamingBundleWorld7500MbCapped'
  | 'roamingTariffSms'
  | 'dataRoamingLimitNotification'
  | 'dataRoamingLimitOverride'
  | 'fixedIp'
  | 'blockCountryExceptions'
  | 'blockSatelliteDestinations';

/** The canonical services (see GET /v1/carriers for their descriptions); each carrier declares the ones it sets. */
export type CanonicalServiceName =
  | OnOffServiceName
  | 'dataRoamingOutsideEu'
  | 'dataUsageAlertMb'
  | 'dataRoamingSpendLimitEur';

/** A partial set of services: the ones a request sets, or the ones we know a line has. */
export type CanonicalServices = { [Name in OnOffServiceName]?: boolean } & {
  /** null leaves it to the carrier default. */
  dataRoamingOutsideEu?: boolean | null;
  /** Megabytes of home/EU data use at which the user is told; null means no alert. */
  dataUsageAlertMb?: null | 1000 | 2000 | 3000 | 5000 | 6000 | 8000 | 10000 | 12000 | 15000 | 20000 | 25000 | 50000;
  /** Euros of data use abroad at which data stops; null means no limit. */
  dataRoamingSpendLimitEur?: null | 10 | 30 | 50 | 100 | 150 | 200 | 500 | 1000 | 2000 | 5000;
};

/**
 * Why a port-in was refused, in words that mean the same at every carrier; the carrier's own code stays beside it.
 * `other`: the adapter could not place the carrier's reason.
 */
export type PortingRejectionReason =
  | 'wrong_account_number'
  | 'wrong_pin'
  | 'name_mismatch'
  | 'number_not_portable'
  | 'number_already_active'
  | 'port_already_pending'
  | 'other';
