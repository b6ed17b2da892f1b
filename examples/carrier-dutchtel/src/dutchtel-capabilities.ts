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
  operations: dutchtelKinds,
  esim: true,
  scheduling: [],
  callbacks: true,
  batchPolling: { maxBatchSize: dutchtelPollBatchSize },
  services: [],
  plans: { meaning: 'DutchTel tariff', values: ['DT-BASIS', 'DT-PLUS'] },
  reads: ['subscription', 'sim_cards'],
  // DutchTel ports out only lines that are not barred; the state machine already allows port_out only when active.
};
