import type { CarrierProgress, OperationKind } from '../../core/index.js';

/**
 * sTN activation status → our progress, per operation kind. The status list is open (keep unknown words
 * "in progress"). Cancellations and port-in changes share the activation they act on, so the same status means
 * different things to them:
 * - the original request: DONE succeeded, ERROR failed, CANCELLED (our inference for the final state of a
 *   cancelled activation; the docs name none) cancelled;
 * - a cancellation: CANCELLED succeeded; DONE means the request was carried out before it could be stopped
 *   (failed); ERROR failed;
 * - a port-in change: sTN applies it when it answers, so it stands unless the port-in itself is gone.
 */
export const cancellationKinds = ['cancel_activation', 'cancel_port_in', 'cancel_port_out', 'cancel_cease'] as const;

export function isCancellationKind(kind: OperationKind): boolean {
  return (cancellationKinds as readonly string[]).includes(kind);
}

export interface ActivationProgressInput {
  status: string;
  info?: Record<string, unknown> | undefined;
}

export function progressOf(kind: OperationKind, activation: ActivationProgressInput): CarrierProgress {
  const status = activation.status.toUpperCase();
  if (isCancellationKind(kind)) {
    if (status === 'CANCELLED') return 'succeeded';
    if (status === 'DONE' || status === 'ERROR') return 'failed';
    return 'in_progress';
  }
  if (kind === 'change_port_in') {
    return status === 'ERROR' || status === 'CANCELLED' || status === 'CANCELLING' ? 'failed' : 'succeeded';
  }
  switch (status) {
    case 'DONE':
      return 'succeeded';
    case 'ERROR':
      return 'failed';
    case 'CANCELLED':
      return 'cancelled';
    default:
      return 'in_progress';
  }
}

/** Whether the activation shows that a cancellation reached sTN (to reconcile an unseen Cancel* answer). */
export function showsCancellation(activation: ActivationProgressInput): boolean {
  const status = activation.status.toUpperCase();
  const marker = String(activation.info?.portingStatus ?? activation.info?.cancelStatus ?? '').toUpperCase();
  return status === 'CANCELLING' || status === 'CANCELLED' || marker === 'CANCELLING' || marker === 'CANCELLED';
}
