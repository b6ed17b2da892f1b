import type { CarrierProgress, OperationKind } from '../../core/index.js';
import { isCancellationKind } from './stn-status-mapping.js';

/**
 * How a cancelled sTN request ends is not documented, so the adapter does not guess it from the activation's
 * status: it reads what the line became. What the docs say (stn.md):
 * - the Cancel and ChangeInPort operations "return the **original** activation that they act on (same `id`)" (§2.1);
 * - CancelNew shows `status: "CANCELLING"`, CancelInPort keeps `BUSY` with `portingStatus: "CANCELLING"`, and
 *   CancelTerminate/CancelPortingOut keep `BUSY` (§3.5, §3.13, §3.15, §3.17); "Only `modifiedAt`, `status` and
 *   `info.portingStatus` change";
 * - "Statuses `BUSY`/`DONE`/`ERROR`. `activatedDate` = when the cancellation was completed" (§3.15, §3.17);
 * - "No final 'cancelled' value is documented" (§2.1); the final state is "unknown: probably ERROR or DONE, or an
 *   undocumented CANCELLED" (§5.2).
 * So once such an activation leaves INIT/BUSY/CANCELLING, `DONE` may mean "the request was carried out" or "the
 * cancellation was completed". The line tells them apart: after a cancelled activation or port-in there is no live
 * line; after a cancelled termination or port-out the line is still live. This decides both the cancellation and
 * the original request, whichever final word (DONE, ERROR, CANCELLED) sTN uses, and without any marker in `info`.
 */

/** Subscription states in which a line carries traffic (the only two the docs attest, §5.2). */
const liveStates = new Set(['ACTIVE', 'SUSPENDED']);

/** Statuses of a request that is still under way, including one being cancelled. */
const underWayStatuses = new Set(['INIT', 'BUSY', 'CANCELLING']);

/** Original requests a cancellation can stop, and whether carrying them out leaves a live line. */
const liveLineWhenCarriedOut: Partial<Record<OperationKind, boolean>> = {
  activate: true,
  port_in: true,
  cease: false,
  port_out: false,
};

const liveLineWhenCancellationWon: Partial<Record<OperationKind, boolean>> = {
  cancel_activation: false,
  cancel_port_in: false,
  cancel_cease: true,
  cancel_port_out: true,
};

/**
 * Whether this status of this kind's activation can only be read together with the line. ERROR of an original
 * request stays a failure (that is what the docs say ERROR means); a final status of a cancellation needs the line,
 * and so does a DONE or other final word of a request that can be cancelled — when a cancellation of it was sent
 * (`cancellationRequested`, from the gateway). A request nobody cancelled is what its final word says, so it costs
 * no extra read (one carrier request per operation stays one).
 */
export function needsLineState(kind: OperationKind, carrierStatus: string, cancellationRequested: boolean): boolean {
  const status = carrierStatus.toUpperCase();
  if (underWayStatuses.has(status)) return false;
  if (isCancellationKind(kind)) return true;
  return cancellationRequested && kind in liveLineWhenCarriedOut && status !== 'ERROR';
}

/**
 * The outcome, from the line's state at sTN (`undefined`: sTN has no such subscription, so no live line).
 * For an original request: succeeded when the line shows it carried out, else cancelled.
 * For a cancellation: succeeded when the line shows the request stopped, else failed (carried out first).
 */
export function outcomeFromLine(kind: OperationKind, lineState: string | undefined): CarrierProgress {
  const live = lineState !== undefined && liveStates.has(lineState.toUpperCase());
  const cancellationWonWhenLive = liveLineWhenCancellationWon[kind];
  if (cancellationWonWhenLive !== undefined) return live === cancellationWonWhenLive ? 'succeeded' : 'failed';
  return live === liveLineWhenCarriedOut[kind] ? 'succeeded' : 'cancelled';
}
