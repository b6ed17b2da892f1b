import type { OperationKind } from './operation.js';
import { operationKinds } from './operation.js';
import type { SubscriptionStatus } from './subscription.js';
import { subscriptionStatuses } from './subscription.js';

/**
 * What an operation of a kind does to a subscription in a status:
 * - `whilePending`: the status the subscription shows while the operation is under way;
 * - `onSuccess` / `onFailure`: where it goes when the carrier finishes (unchanged where omitted).
 * Creating kinds (activate, port_in) start the subscription in their `whilePending` status.
 */
export interface Transition {
  whilePending: SubscriptionStatus;
  onSuccess: SubscriptionStatus;
  onFailure: SubscriptionStatus;
}

type Row = Partial<Record<OperationKind, Transition>>;

const stay = (status: SubscriptionStatus): Transition => ({
  whilePending: status,
  onSuccess: status,
  onFailure: status,
});
const goTo = (from: SubscriptionStatus, to: SubscriptionStatus): Transition => ({
  whilePending: from,
  onSuccess: to,
  onFailure: from,
});

/**
 * The one table: status × kind → transition. A pair that is absent is refused before anything reaches a carrier.
 * Cancellations and port-in changes act on a pending operation; the table says what the subscription becomes
 * when the carrier confirms the cancellation.
 */
export const subscriptionTransitions: Record<SubscriptionStatus, Row> = {
  pending: {
    activate: { whilePending: 'pending', onSuccess: 'active', onFailure: 'failed' },
    cancel_activation: goTo('pending', 'cancelled'),
  },
  porting_in: {
    port_in: { whilePending: 'porting_in', onSuccess: 'active', onFailure: 'failed' },
    change_port_in: stay('porting_in'),
    cancel_port_in: goTo('porting_in', 'cancelled'),
  },
  active: {
    suspend: goTo('active', 'suspended'),
    cease: goTo('active', 'ceased'),
    cancel_cease: stay('active'),
    sim_swap: stay('active'),
    change_services: stay('active'),
    change_plan: stay('active'),
    change_number: stay('active'),
    port_out: { whilePending: 'porting_out', onSuccess: 'ported_out', onFailure: 'active' },
    carrier_action: stay('active'),
    // A migration ends with the line active: at the target when the number moved, else still at the source.
    migrate: { whilePending: 'migrating', onSuccess: 'active', onFailure: 'active' },
  },
  // Nothing else may start while a line migrates. The migration's steps (the port-in at the target, its
  // cancellation, the source's cease) are the saga's, not requests on the line: they leave the status to the saga
  // (src/core/migration/migration-saga.ts), which moves the line to its new connection and ends in `active`.
  migrating: {},
  suspended: {
    resume: goTo('suspended', 'active'),
    cease: goTo('suspended', 'ceased'),
    cancel_cease: stay('suspended'),
    sim_swap: stay('suspended'),
    change_services: stay('suspended'),
    change_plan: stay('suspended'),
    carrier_action: stay('suspended'),
  },
  porting_out: {
    cancel_port_out: goTo('porting_out', 'active'),
  },
  ceased: {
    reactivate: goTo('ceased', 'active'),
  },
  ported_out: {},
  failed: {},
  cancelled: {},
};

export type TransitionDecision =
  | { allowed: true; transition: Transition }
  | { allowed: false; reason: string; allowedFrom: SubscriptionStatus[] };

/** Statuses from which a kind is allowed, in table order. */
export function statusesAllowing(kind: OperationKind): SubscriptionStatus[] {
  return subscriptionStatuses.filter((status) => subscriptionTransitions[status][kind] !== undefined);
}

const kindWords: Record<OperationKind, string> = {
  activate: 'activate',
  port_in: 'port in',
  change_port_in: 'change the port-in of',
  suspend: 'suspend',
  resume: 'resume',
  cease: 'cease',
  reactivate: 'reactivate',
  sim_swap: 'swap the SIM of',
  change_services: 'change the services of',
  change_plan: 'change the plan of',
  change_number: 'change the number of',
  port_out: 'port out',
  cancel_activation: 'cancel the activation of',
  cancel_port_in: 'cancel the port-in of',
  cancel_port_out: 'cancel the port-out of',
  cancel_cease: 'cancel the scheduled cease of',
  carrier_action: 'run a carrier action on',
  migrate: 'migrate',
  migrate_bulk: 'migrate (in bulk)',
};

/** Decide whether `kind` may start on a subscription in `status`, and explain a refusal in words a caller can act on. */
export function decideTransition(status: SubscriptionStatus, kind: OperationKind): TransitionDecision {
  const transition = subscriptionTransitions[status][kind];
  if (transition) return { allowed: true, transition };
  const allowedFrom = statusesAllowing(kind);
  const where = allowedFrom.length > 0 ? `only when it is ${allowedFrom.join(' or ')}` : 'in no status';
  return {
    allowed: false,
    allowedFrom,
    reason: `Cannot ${kindWords[kind]} a subscription that is ${status}: that is allowed ${where}.`,
  };
}

/** Every pair of the table, for tests and documentation. */
export function allTransitionPairs(): Array<{ status: SubscriptionStatus; kind: OperationKind }> {
  return subscriptionStatuses.flatMap((status) => operationKinds.map((kind) => ({ status, kind })));
}

/**
 * The transition of an operation already under way, found from the status the subscription shows while it is
 * pending (port_out shows `porting_out`). Unique per kind, because no two rows of a kind share `whilePending`.
 */
export function transitionUnderWay(status: SubscriptionStatus, kind: OperationKind): Transition | undefined {
  for (const row of Object.values(subscriptionTransitions)) {
    const transition = row[kind];
    if (transition?.whilePending === status) return transition;
  }
  return undefined;
}
