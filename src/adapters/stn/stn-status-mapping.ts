import type { CarrierProgress, OperationKind } from '../../core/index.js';

/**
 * sTN activation status → our progress, per operation kind, from the status alone. The status list is open (keep
 * unknown words "in progress"). Cancellations and port-in changes share the activation they act on, so the same
 * status means different things to them:
 * - the original request: DONE succeeded, ERROR failed;
 * - a cancellation: INIT, BUSY and CANCELLING are under way; what a final status means is read from the line
 *   (stn-cancellation-outcome.ts), because the docs name no final state of a cancelled activation;
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
    // Final statuses are decided by the line (toStatusUpdate is given its state); until then, under way.
    return 'in_progress';
  }
  if (kind === 'change_port_in') {
    const cancelling = String(activation.info?.portingStatus ?? '').toUpperCase() === 'CANCELLING';
    return status === 'ERROR' || status === 'CANCELLING' || cancelling ? 'failed' : 'succeeded';
  }
  switch (status) {
    case 'DONE':
      return 'succeeded';
    case 'ERROR':
      return 'failed';
    default:
      return 'in_progress';
  }
}

/**
 * Whether the activation shows, by documented fields only, that a cancellation reached sTN (to reconcile an unseen
 * Cancel* answer): `status: "CANCELLING"` (CancelNew, §3.5) or `info.portingStatus: "CANCELLING"` (CancelInPort,
 * §3.13). CancelTerminate/CancelPortingOut leave no documented trace while under way (they keep BUSY), so for those
 * a still-pending target means "not arrived" and the engine resends, which sTN refuses harmlessly if it did arrive.
 */
export function showsCancellation(activation: ActivationProgressInput): boolean {
  const status = activation.status.toUpperCase();
  return status === 'CANCELLING' || String(activation.info?.portingStatus ?? '').toUpperCase() === 'CANCELLING';
}
