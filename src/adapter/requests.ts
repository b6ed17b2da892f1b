import type { CanonicalServices } from './vocabulary.js';

/**
 * The canonical request of each operation kind, as the gateway validated and stored it, written out for adapter
 * authors. Times are ISO 8601 with an offset; numbers are E.164 (`+31612345678`). Carrier-only knobs travel in
 * `carrierOptions[<carrier id>]` and are the adapter's to validate. src/core/adapter.ts checks at compile time that
 * each type here is exactly what the core's schema (src/core/operation-requests.ts) produces.
 */
type CommonRequest = {
  /** The caller's own reference for this request. */
  externalReference?: string;
  /** Per-carrier options, keyed by carrier (plugin) id. */
  carrierOptions?: Record<string, Record<string, unknown>>;
};

export type SimRequest =
  | { type: 'physical'; iccid: string }
  | {
      type: 'esim';
      /** The device's EID, where the carrier needs it to bind the profile. */
      eid?: string;
      /** Where the carrier e-mails the eSIM profile. */
      deliveryEmail?: string;
      /** A code the user types to install the profile (at most 10 characters). */
      confirmationCode?: string;
    };

export type ActivateRequest = CommonRequest & {
  /** The connection the caller named (the engine has already resolved it; adapters can ignore it). */
  connection?: string;
  /** Deprecated name of `connection`. */
  carrier?: string;
  sim: SimRequest;
  /** The carrier's plan (its meaning is in `capabilities.plans`). */
  plan?: string;
  services?: CanonicalServices;
  /** Carry it out at this moment instead of now (only for kinds in `capabilities.scheduling`). */
  activateAt?: string;
  imei?: string;
};

export type PortInDetails = {
  msisdn: string;
  /** The customer's account number at the donor operator. */
  donorAccountNumber?: string;
  donorAccountName?: string;
  /** The account PIN/passcode at the donor (US porting). */
  donorAccountPin?: string;
  /** When the number should move; the carrier may move it later. */
  portAt?: string;
  note?: string;
};

export type PortInRequest = Omit<ActivateRequest, 'activateAt'> & {
  portIn: PortInDetails;
};

export type ChangePortInRequest = CommonRequest & {
  portAt?: string;
  donorAccountNumber?: string;
};

/** suspend, resume, reactivate. */
export type SimpleLifecycleRequest = CommonRequest & {
  reason?: string;
};

export type CeaseRequest = CommonRequest & {
  /** A future moment to cease at; absent means now. */
  ceaseAt?: string;
  reason?: string;
};

export type SimSwapRequest = CommonRequest & {
  sim: SimRequest;
  imei?: string;
};

export type ChangeServicesRequest = CommonRequest & {
  services: CanonicalServices;
};

export type ChangePlanRequest = CommonRequest & {
  plan: string;
  effectiveAt?: string;
};

export type ChangeNumberRequest = CommonRequest & {
  /** A specific new number; absent lets the carrier pick. */
  msisdn?: string;
};

export type PortOutRequest = CommonRequest & {
  portAt?: string;
};

/** cancel_activation, cancel_port_in, cancel_port_out, cancel_cease. */
export type CancelRequest = CommonRequest & {
  note?: string;
};

/** carrier_action: a carrier-specific write (see carrier-actions.ts), named and with its validated input. */
export type CarrierActionRequest = CommonRequest & {
  action: string;
  input: Record<string, unknown>;
};

/**
 * migrate, migrate_bulk: the gateway's own parent operations (src/core/migration). An adapter never receives them;
 * they are here so the table of kinds is complete.
 */
export type MigrateRequest = CommonRequest & {
  targetConnection: string;
  sim?: SimRequest;
  portIn?: Omit<PortInDetails, 'msisdn'>;
  plan?: string;
  deadlineSeconds?: number;
};
export type BulkMigrateRequest = CommonRequest & {
  targetConnection: string;
  lines: Array<{ subscriptionId: string; sim: SimRequest; portIn?: Omit<PortInDetails, 'msisdn'>; plan?: string }>;
  portIn?: Omit<PortInDetails, 'msisdn'>;
};

/** The request type of each kind: `OperationRequests['activate']` is what `submit` gets for an activation. */

export type OperationRequests = {
  activate: ActivateRequest;
  port_in: PortInRequest;
  change_port_in: ChangePortInRequest;
  suspend: SimpleLifecycleRequest;
  resume: SimpleLifecycleRequest;
  cease: CeaseRequest;
  reactivate: SimpleLifecycleRequest;
  sim_swap: SimSwapRequest;
  change_services: ChangeServicesRequest;
  change_plan: ChangePlanRequest;
  change_number: ChangeNumberRequest;
  port_out: PortOutRequest;
  cancel_activation: CancelRequest;
  cancel_port_in: CancelRequest;
  cancel_port_out: CancelRequest;
  cancel_cease: CancelRequest;
  carrier_action: CarrierActionRequest;
  migrate: MigrateRequest;
  migrate_bulk: BulkMigrateRequest;
};
