import { type CarrierStatusUpdate, toE164 } from 'mvno-gateway/adapter';
import type { components } from './generated/dutchtel-api.js';

export type DutchTelOrder = components['schemas']['Order'];

/** An order as DutchTel reports it, in the gateway's words. Lenient: only what we use is read. */
export function updateFromOrder(order: DutchTelOrder): CarrierStatusUpdate {
  const base = { carrierReference: order.orderId, carrierStatus: order.status };
  switch (order.status) {
    case 'RECEIVED':
    case 'PROCESSING':
      return { ...base, state: 'in_progress' };
    case 'REJECTED':
      return {
        ...base,
        state: 'failed',
        failure: {
          ...(order.rejection?.code ? { code: order.rejection.code } : {}),
          message: order.rejection?.reason ?? 'DutchTel rejected the order without a reason.',
        },
      };
    case 'CANCELLED':
      // The partner withdrew the port-in (our cancel_port_in); nothing changed at DutchTel.
      return { ...base, state: 'cancelled' };
    case 'COMPLETED': {
      const result = order.result ?? {};
      const activationCode = result.activationCode;
      return {
        ...base,
        state: 'succeeded',
        facts: {
          ...(result.lineId ? { carrierSubscriptionId: result.lineId } : {}),
          ...(result.number ? { msisdn: toE164(result.number, 'NL') } : {}),
          ...(result.iccid ? { iccid: result.iccid } : {}),
          ...(activationCode ? { esim: true, esimProfile: { activationCode } } : {}),
        },
      };
    }
    default:
      // A status DutchTel added after this adapter was written: keep asking, the core fails it at its deadline.
      return { ...base, state: 'in_progress', unrecognisedStatus: true };
  }
}
