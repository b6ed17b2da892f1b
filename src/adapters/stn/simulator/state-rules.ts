import type { ActivationRecord, SimcardRecord, SimulatorState, SubscriptionRecord } from './simulator-state.js';
import { addMonths } from './stn-timestamps.js';

/**
 * The business rules sTN applies, each returning the reason for refusing (or null). They are checked when a
 * request arrives (a 400 `BadRequest`, or with `stateRuleViolations: 'asyncError'` an activation that ends in ERROR)
 * and again when the activation is carried out, because the line may have changed in between. The message texts
 * are ours: the docs do not give them.
 */
export type RuleResult = string | null;

export function canChangeLine(subscription: SubscriptionRecord): RuleResult {
  return subscription.state === 'ACTIVE' || subscription.state === 'SUSPENDED'
    ? null
    : `Subscription ${subscription.id} is not active or suspended (state ${subscription.state})`;
}

export function canSuspend(subscription: SubscriptionRecord): RuleResult {
  return subscription.state === 'ACTIVE' ? null : `Subscription ${subscription.id} is not active`;
}

export function canResume(subscription: SubscriptionRecord): RuleResult {
  return subscription.state === 'SUSPENDED' ? null : `Subscription ${subscription.id} is not suspended`;
}

/** Documented: a subscription may be moved at most once every 2 months (a pending move counts). */
export function canMoveEnvironment(
  state: SimulatorState,
  subscription: SubscriptionRecord,
  newProviderEnvironment: string,
  now: Date,
  exceptActivationId?: string,
): RuleResult {
  const lineRule = canChangeLine(subscription);
  if (lineRule) return lineRule;
  const movedRecently =
    subscription.lastEnvironmentMoveAt !== undefined && addMonths(subscription.lastEnvironmentMoveAt, 2) > now;
  const movePending = [...state.activations.values()].some(
    (activation) =>
      activation.id !== exceptActivationId &&
      activation.activationType === 'MOVEENVIRONMENT' &&
      activation.subscriptionId === subscription.id &&
      (activation.status === 'INIT' || activation.status === 'BUSY'),
  );
  if (movedRecently || movePending)
    return 'A subscription can be moved to another environment only once every 2 months';
  return subscription.providerEnvironment === newProviderEnvironment
    ? `Subscription is already in providerEnvironment ${newProviderEnvironment}`
    : null;
}

/** A physical SIM for a new line or a swap: it must be in stock and FREE (or held by this very activation). */
export function canUseSim(sim: SimcardRecord, activationId?: string): RuleResult {
  if (sim.status === 'FREE') return null;
  if (sim.status === 'BUSY' && activationId !== undefined && sim.reservedBy === activationId) return null;
  return `Simcard ${sim.simCardNumber} is not available (status ${sim.status})`;
}

export function canPortIn(state: SimulatorState, phoneNumber: string, exceptSubscriptionId?: string): RuleResult {
  for (const subscription of state.subscriptions.values()) {
    if (subscription.id === exceptSubscriptionId || subscription.phoneNumber !== phoneNumber) continue;
    if (subscription.state === 'ACTIVE' || subscription.state === 'SUSPENDED' || subscription.state === 'PENDING') {
      return `Phone number ${phoneNumber} is already in use at sTN`;
    }
  }
  return null;
}

export function isPending(activation: ActivationRecord): boolean {
  return activation.status === 'INIT' || activation.status === 'BUSY';
}

/** A Cancel* or ChangeInPort may act on the activation: still pending and not already being cancelled. */
export function canCancel(activation: ActivationRecord): RuleResult {
  if (activation.cancellation !== undefined) {
    return `Activation ${activation.id} is already being cancelled`;
  }
  if (!isPending(activation)) return `Activation ${activation.id} cannot be changed in status ${activation.status}`;
  return null;
}

/**
 * Inferred (stn.md §2.3 puts a footnote on `DATAONLYSIM` whose text was not retrievable: "Possibly that DATAONLYSIM
 * only supports `DATAONLY` subscriptions"): a data-only SIM cannot carry a VOICEDATA subscription.
 */
export function canCarrySubscriptionType(sim: SimcardRecord, subscriptionType: string): RuleResult {
  return sim.simCardType === 'DATAONLYSIM' && subscriptionType === 'VOICEDATA'
    ? `Simcard ${sim.simCardNumber} is a DATAONLYSIM; subscriptionType VOICEDATA needs a voice SIM`
    : null;
}

/**
 * Inferred (the docs state no such rule; a network processes one order per line at a time): a change to a line is
 * refused while another change to it is INIT or BUSY. A termination or port-out waiting for a future wish date does
 * not count — the line lives until then, and CancelTerminate/CancelPortingOut must still be possible.
 */
export function canStartLineChange(state: SimulatorState, subscriptionId: string, now: Date): RuleResult {
  for (const activation of state.activations.values()) {
    if (activation.subscriptionId !== subscriptionId || !isPending(activation)) continue;
    if (activation.activationType === 'ACTIVATENEW' || activation.activationType === 'INPORT') continue;
    const waitsForDate = activation.effectiveAt !== undefined && activation.effectiveAt > now;
    if ((activation.activationType === 'TERMINATE' || activation.activationType === 'OUTPORT') && waitsForDate)
      continue;
    return `Activation ${activation.id} (${activation.activationType}) is still being processed for this subscription`;
  }
  return null;
}

/** The donor operator's check (inferred; sTN documents no donor refusal text): its customer number must match. */
export function donorAccepts(state: SimulatorState, phoneNumber: string, donorCustomerNumber: string): RuleResult {
  const expected = state.donors.get(phoneNumber);
  return expected === undefined || expected === donorCustomerNumber
    ? null
    : `The donor operator rejected the port-in of ${phoneNumber}: donorCustomerNumber does not match`;
}
