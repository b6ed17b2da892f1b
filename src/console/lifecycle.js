/* global CONSOLE_TRANSITIONS */
/**
 * Which lifecycle actions a line offers: the gateway's own state machine (copied in at build time from
 * src/core/subscription-state-machine.ts, with its refusal texts) and the carrier's capabilities. The API decides
 * in the end; this only avoids offering what it would refuse.
 */
const transitions = CONSOLE_TRANSITIONS;

/** The actions shown on a line, in this order, with what each asks for. */
export const lineActions = [
  { kind: 'suspend', label: 'Suspend', path: 'suspend', fields: ['reason'] },
  { kind: 'resume', label: 'Resume', path: 'resume', fields: ['reason'] },
  { kind: 'change_services', label: 'Change services', path: 'services', method: 'PATCH', fields: ['services'] },
  { kind: 'change_plan', label: 'Change plan', path: 'plan', fields: ['plan'] },
  { kind: 'change_number', label: 'Change number', path: 'number', fields: ['msisdn'] },
  { kind: 'sim_swap', label: 'Swap SIM', path: 'sim-swap', fields: ['sim'] },
  { kind: 'port_out', label: 'Port out', path: 'port-out', fields: [], danger: true },
  { kind: 'cease', label: 'Cease', path: 'cease', fields: ['reason'], danger: true },
  { kind: 'reactivate', label: 'Reactivate', path: 'reactivate', fields: ['reason'] },
];

/** Operation kind → the cancellation the API starts for it (POST /v1/operations/{id}/cancel). */
export const cancellationOf = {
  activate: 'cancel_activation',
  port_in: 'cancel_port_in',
  port_out: 'cancel_port_out',
  cease: 'cancel_cease',
};

/** `{ allowed: true }` or `{ allowed: false, reason }` for `kind` on a line in `status` at `carrier`. */
export function decide(kind, status, carrier, { busy = false } = {}) {
  if (!carrier) return { allowed: false, reason: 'The line’s carrier connection is unknown.' };
  const capabilities = carrier.capabilities ?? {};
  if (!(capabilities.operations ?? []).includes(kind)) {
    return { allowed: false, reason: `${carrier.displayName ?? carrier.name} does not offer this.` };
  }
  const refusal = transitions[status]?.[kind];
  if (refusal === undefined) return { allowed: false, reason: `Not possible for a line that is ${status}.` };
  if (refusal !== null) return { allowed: false, reason: refusal };
  const onlyFrom = capabilities.stateRestrictions?.[kind];
  if (onlyFrom && !onlyFrom.includes(status)) {
    return {
      allowed: false,
      reason: `${carrier.displayName ?? carrier.name} allows this only when the line is ${onlyFrom.join(' or ')}.`,
    };
  }
  if (busy) return { allowed: false, reason: 'Another operation on this line is still in progress.' };
  return { allowed: true };
}

/** Whether `operation` can be cancelled now at `carrier`, and why not. */
export function decideCancel(operation, carrier) {
  const kind = cancellationOf[operation.kind];
  if (!kind)
    return { allowed: false, reason: 'Only activations, port-ins, port-outs and scheduled ceases can be cancelled.' };
  if (!['pending', 'submitted'].includes(operation.status))
    return { allowed: false, reason: `It is ${operation.status}.` };
  if (operation.kind === 'cease' && !operation.scheduledFor)
    return { allowed: false, reason: 'Only a dated cease can be cancelled.' };
  if (!(carrier?.capabilities?.operations ?? []).includes(kind)) {
    return { allowed: false, reason: `${carrier?.displayName ?? 'The carrier'} does not offer cancelling this.` };
  }
  return { allowed: true };
}

export const inFlight = (operation) => operation.status === 'pending' || operation.status === 'submitted';

/** Every operation kind, in the gateway's order. */
export const operationKinds = Object.keys(transitions.active ?? {});
