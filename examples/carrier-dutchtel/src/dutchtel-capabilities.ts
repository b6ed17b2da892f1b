import type { CarrierCapabilities, OperationKind } from 'mvno-gateway/adapter';

/** The kinds DutchTel's order types carry (see dutchtel-orders.ts for which order each becomes). */
export const dutchtelKinds = [
  'activate',
  'port_in',
  'suspend',
  'resume',
  'cease',
  'sim_swap',
  'port_out',
] as const satisfies readonly OperationKind[];
export type DutchTelKind = (typeof dutchtelKinds)[number];

/** GET /orders?orderIds= takes at most 25 ids. */
export const dutchtelPollBatchSize = 25;

export const dutchtelCapabilities: CarrierCapabilities = {
  // A pending port-in can be withdrawn (POST /orders/{orderId}/cancel): how a migration to DutchTel compensates.
  operations: [...dutchtelKinds, 'cancel_port_in'],
  esim: true,
  scheduling: [],
  callbacks: true,
  batchPolling: { maxBatchSize: dutchtelPollBatchSize },
  services: [],
  plans: { meaning: 'DutchTel tariff', values: ['DT-BASIS', 'DT-PLUS'] },
  reads: ['subscription', 'sim_cards'],
  // Dutch mobile numbers only; a port-in order needs the donor's customer number (portIn.donorCustomerNumber).
  coverage: { countries: ['NL'], numberPrefixes: ['+316'], portInRequiredFields: ['donorAccountNumber'] },
  // DutchTel ports out only lines that are not barred; the state machine already allows port_out only when active.
};
