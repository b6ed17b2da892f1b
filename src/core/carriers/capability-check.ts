import type { CarrierCapabilities } from '../adapter.js';
import { StateConflictError, UnsupportedByCarrierError } from '../errors.js';
import type { OperationKind } from '../operation.js';
import type { SubscriptionStatus } from '../subscription.js';

/**
 * Refuse, before anything is stored, what the carrier cannot do: a kind it lacks, an eSIM where it has none,
 * services it cannot set, a date where it cannot schedule, a status it is stricter about than our state machine.
 */
export function checkCapabilities(options: {
  carrierId: string;
  capabilities: CarrierCapabilities;
  kind: OperationKind;
  request: Record<string, unknown>;
  status?: SubscriptionStatus;
}): void {
  const { carrierId, capabilities, kind, request } = options;
  if (!capabilities.operations.includes(kind)) {
    throw new UnsupportedByCarrierError(
      carrierId,
      `Carrier ${carrierId} does not support ${kind.replaceAll('_', ' ')}; it supports: ${capabilities.operations.join(', ')}.`,
    );
  }
  const sim = request.sim as { type?: string } | undefined;
  if (sim?.type === 'esim' && !capabilities.esim) {
    throw new UnsupportedByCarrierError(carrierId, `Carrier ${carrierId} does not offer eSIM.`, [
      { pointer: '/sim/type', detail: 'eSIM is not available at this carrier' },
    ]);
  }
  const services = request.services as Record<string, unknown> | undefined;
  if (services) {
    const unsupported = Object.keys(services).filter((name) => !capabilities.services.includes(name as never));
    if (unsupported.length > 0) {
      throw new UnsupportedByCarrierError(
        carrierId,
        `Carrier ${carrierId} cannot set ${unsupported.join(', ')}.`,
        unsupported.map((name) => ({ pointer: `/services/${name}`, detail: `not supported by ${carrierId}` })),
      );
    }
  }
  const dated = ['activateAt', 'ceaseAt', 'effectiveAt'].find((field) => request[field] !== undefined);
  if (dated && !capabilities.scheduling.includes(kind)) {
    throw new UnsupportedByCarrierError(
      carrierId,
      `Carrier ${carrierId} cannot schedule ${kind.replaceAll('_', ' ')}.`,
      [{ pointer: `/${dated}`, detail: 'this carrier carries it out at once; leave the date out' }],
    );
  }
  const allowed = capabilities.stateRestrictions?.[kind];
  if (options.status && allowed && !allowed.includes(options.status)) {
    throw new StateConflictError(
      `Carrier ${carrierId} allows ${kind.replaceAll('_', ' ')} only when the subscription is ${allowed.join(' or ')}; it is ${options.status}.`,
    );
  }
}
