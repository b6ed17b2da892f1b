import type { CarrierCapabilities } from '../../core/adapter.js';
import type { OperationKind } from '../../core/operation.js';
import { spsServiceNames } from './sps-services-mapping.js';

/**
 * What SPS can do through this adapter. change_plan and change_services ride on Subscription MACD, whose path and
 * body are inferred; services are the few canonical ones mapped to SPS products in sps-services-mapping.ts
 * (docs/decisions/sps-change-plan-and-services.md).
 */
export const spsSupportedKinds = [
  'activate',
  'port_in',
  'suspend',
  'resume',
  'cease',
  'reactivate',
  'sim_swap',
  'change_number',
  'change_plan',
  'change_services',
] as const satisfies readonly OperationKind[];
export type SpsSupportedKind = (typeof spsSupportedKinds)[number];

export function isSpsSupportedKind(kind: OperationKind): kind is SpsSupportedKind {
  return (spsSupportedKinds as readonly OperationKind[]).includes(kind);
}

export const spsCapabilities: CarrierCapabilities = {
  // carrier_action: the writes among SPS's carrier actions (sps-carrier-actions.ts), run by the engine.
  operations: [...spsSupportedKinds, 'carrier_action'],
  esim: true,
  scheduling: [],
  callbacks: true,
  batchPolling: false,
  services: spsServiceNames,
  plans: { meaning: 'SPS wholesale plan id (wholesalePlanId), as agreed with DISH' },
  reads: ['subscription'],
  // DISH's US network: NANP numbers; a US port-in needs the donor account number and PIN.
  coverage: {
    countries: ['US'],
    numberPrefixes: ['+1'],
    portInRequiredFields: ['donorAccountNumber', 'donorAccountPin'],
  },
  stateRestrictions: {
    // SPS: "Cease can be performed on active subscription" — not on a suspended one, unlike our state machine.
    cease: ['active'],
    // Device/SIM and number changes, and MACD, need an active subscription.
    sim_swap: ['active'],
    change_number: ['active'],
    change_plan: ['active'],
    change_services: ['active'],
  },
};
