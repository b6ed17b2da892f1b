import { CarrierRejectedError, type SubmitRequest, toNational } from 'mvno-gateway/adapter';
import type { DutchTelKind } from './dutchtel-capabilities.js';
import type { components } from './generated/dutchtel-api.js';

export type OrderRequest = components['schemas']['OrderRequest'];
type SimChoice = components['schemas']['SimChoice'];

function simChoice(sim: { type: 'physical'; iccid: string } | { type: 'esim' }): SimChoice {
  return sim.type === 'physical' ? { iccid: sim.iccid } : { esim: true };
}

/** The line an order acts on: DutchTel's line id, which the activation reported. */
function lineId(request: SubmitRequest): string {
  const id = request.subscription.carrierSubscriptionId;
  if (!id) {
    throw new CarrierRejectedError(
      `DutchTel needs the line id of subscription ${request.subscription.id}, which it never reported.`,
      {
        id: 'dutchtel',
      },
    );
  }
  return id;
}

/**
 * The DutchTel order of each canonical kind. The correlation id is the order's `clientReference`, so a lost answer can
 * be looked up (`GET /orders?clientReference=`) instead of ordering twice.
 */
export function orderFor(request: SubmitRequest<DutchTelKind>): OrderRequest {
  const clientReference = request.operation.correlationId;
  const operation = request.operation;
  switch (operation.kind) {
    case 'activate':
      return {
        type: 'NEW_LINE',
        clientReference,
        sim: simChoice(operation.request.sim),
        ...(operation.request.plan ? { tariff: operation.request.plan as OrderRequest['tariff'] } : {}),
      };
    case 'port_in':
      return {
        type: 'NUMBER_PORT_IN',
        clientReference,
        sim: simChoice(operation.request.sim),
        ...(operation.request.plan ? { tariff: operation.request.plan as OrderRequest['tariff'] } : {}),
        portIn: {
          number: toNational(operation.request.portIn.msisdn, 'NL'),
          // validate() made it required.
          donorCustomerNumber: operation.request.portIn.donorAccountNumber ?? '',
        },
      };
    case 'suspend':
      return { type: 'BAR', clientReference, lineId: lineId(request) };
    case 'resume':
      return { type: 'UNBAR', clientReference, lineId: lineId(request) };
    case 'cease':
      return { type: 'TERMINATE', clientReference, lineId: lineId(request) };
    case 'sim_swap':
      return { type: 'SIM_CHANGE', clientReference, lineId: lineId(request), sim: simChoice(operation.request.sim) };
    case 'port_out': {
      const options = operation.request.carrierOptions?.dutchtel as { recipientOperator: string };
      return {
        type: 'NUMBER_PORT_OUT',
        clientReference,
        lineId: lineId(request),
        portOut: { recipientOperator: options.recipientOperator },
      };
    }
  }
}
