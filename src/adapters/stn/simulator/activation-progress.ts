import type { TaskScheduler } from '../../simulator-kit/scheduler.js';
import { findStnService, isAllowedStnServiceValue, stnServiceDefaults } from '../stn-services-catalogue.js';
import {
  type ActivationRecord,
  findSimcardByNumber,
  isPhoneNumberTaken,
  type SimcardRecord,
  type SimulatorState,
  type SubscriptionRecord,
} from './simulator-state.js';
import {
  canChangeLine,
  canMoveEnvironment,
  canPortIn,
  canResume,
  canSuspend,
  canUseSim,
  donorAccepts,
  type RuleResult,
} from './state-rules.js';
import type { StnIdentifiers } from './stn-identifiers.js';
import { formatStnTimestamp, yearMonthOf } from './stn-timestamps.js';
import { recordMonthOfTraffic } from './usage-generator.js';

/**
 * How an activation moves: INIT → (delayMs) → BUSY → (delayMs, or at its wish date if later) → DONE or ERROR.
 * The effect on the line (a number assigned, a state changed, a SIM activated) happens when it turns DONE; the
 * rules are checked again then, and a broken rule ends it in ERROR with the reason in `info.errorMessage`.
 * A cancellation stops the plan (the generation changes) and, one more delay later (the carrier's or the donor's
 * acknowledgement), ends the activation in `cancellationFinalStatus` with `activatedDate` set — the docs: "Statuses
 * `BUSY`/`DONE`/`ERROR`. `activatedDate` = when the cancellation was completed" (stn.md §3.15, §3.17). No page shows
 * a CANCELLED status or a cancellation marker in `info`, so none is written: only `modifiedAt`, `status` and (for an
 * in-port) `info.portingStatus` change, as the CancelInPort page says.
 */
export interface ActivationProgress {
  start(activation: ActivationRecord): void;
  /** Re-plans a BUSY activation whose wish date changed (ChangeInPort). */
  replan(activation: ActivationRecord): void;
  cancel(activation: ActivationRecord, note: string | undefined): void;
}

interface ProgressParts {
  state: SimulatorState;
  scheduler: TaskScheduler;
  now: () => Date;
  delayMs: number;
  /** Per activation type, the time of each step instead of `delayMs` (realistic timing). */
  stepDelays?: Partial<Record<ActivationRecord['activationType'], number>>;
  identifiers: StnIdentifiers;
  random: () => number;
  /** How a cancelled activation ends (not documented: DONE, the default, or ERROR). */
  cancellationFinalStatus: 'DONE' | 'ERROR';
}

export function createActivationProgress(parts: ProgressParts): ActivationProgress {
  const { state, scheduler, now, identifiers, random, cancellationFinalStatus } = parts;
  const delayOf = (activation: ActivationRecord) => parts.stepDelays?.[activation.activationType] ?? parts.delayMs;

  const touch = (activation: ActivationRecord) => {
    activation.modifiedAt = now();
  };

  const subscriptionOf = (activation: ActivationRecord): SubscriptionRecord | undefined =>
    activation.subscriptionId ? state.subscriptions.get(activation.subscriptionId) : undefined;

  function releaseHolds(activation: ActivationRecord): void {
    for (const sim of state.simcards.values()) {
      if (sim.reservedBy === activation.id) {
        sim.status = 'FREE';
        delete sim.reservedBy;
      }
    }
    if (activation.holdsEsimProfile) {
      state.esimCapacity += 1;
      activation.holdsEsimProfile = false;
    }
  }

  /** A new eSIM profile becomes a SIM record of its own once it is provisioned. */
  function provisionEsim(activation: ActivationRecord): SimcardRecord {
    const sim: SimcardRecord = {
      id: identifiers.objectId(),
      simCardNumber: identifiers.iccid(),
      status: 'BUSY',
      simCardType: 'USIM',
      isEsim: true,
      reservedBy: activation.id,
    };
    state.simcards.set(sim.id, sim);
    activation.holdsEsimProfile = false;
    return sim;
  }

  function invalidServicesRule(activation: ActivationRecord): RuleResult {
    const [first] = activation.invalidServices;
    if (!first) return null;
    const services = (activation.info.services ?? {}) as Record<string, unknown>;
    return `Invalid value '${String(services[first])}' for service ${first}`;
  }

  function applyServices(subscription: SubscriptionRecord, services: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(services)) {
      const definition = findStnService(name);
      if (definition && isAllowedStnServiceValue(definition, value)) {
        subscription.services[definition.name] = value as boolean | string | null;
      }
    }
    if (subscription.services.fixedIp === true && !subscription.fixedIpAddress) {
      subscription.fixedIpAddress = `89.200.${Math.floor(random() * 250) + 1}.${Math.floor(random() * 250) + 1}`;
    }
    if (subscription.services.fixedIp !== true) delete subscription.fixedIpAddress;
  }

  function bindSim(sim: SimcardRecord, subscription: SubscriptionRecord): void {
    const moment = now();
    Object.assign(sim, {
      status: 'ACTIVATED',
      pin: sim.pin ?? '0000',
      puk: sim.puk ?? identifiers.digits(8),
      subscriptionId: subscription.id,
      phoneNumber: subscription.phoneNumber,
      activatedDate: moment,
    });
    delete sim.reservedBy;
    Object.assign(subscription, { simCardNumber: sim.simCardNumber, pin: sim.pin, puk: sim.puk, isEsim: sim.isEsim });
  }

  function retireSim(subscription: SubscriptionRecord): void {
    const sim = subscription.simCardNumber ? findSimcardByNumber(state, subscription.simCardNumber) : undefined;
    if (sim) sim.status = 'DISABLED';
  }

  /** Shared by ACTIVATENEW and INPORT: the line becomes ACTIVE on its SIM with its number. */
  function activateLine(activation: ActivationRecord, subscription: SubscriptionRecord): RuleResult {
    const servicesRule = invalidServicesRule(activation);
    if (servicesRule) return servicesRule;
    let sim: SimcardRecord | undefined;
    if (activation.info.eSim !== true) {
      sim = findSimcardByNumber(state, String(activation.info.simCardNumber ?? ''));
      if (!sim) return `Simcard ${String(activation.info.simCardNumber)} not found`;
      const simRule = canUseSim(sim, activation.id);
      if (simRule) return simRule;
    }
    if (activation.activationType === 'INPORT') {
      const portRule =
        canPortIn(state, String(activation.info.isdn), subscription.id) ??
        donorAccepts(state, String(activation.info.isdn), String(activation.info.donorCustomerNumber ?? ''));
      if (portRule) return portRule;
    }
    sim ??= provisionEsim(activation);
    if (activation.activationType !== 'INPORT') {
      subscription.phoneNumber = identifiers.phoneNumber((candidate) => isPhoneNumberTaken(state, candidate));
      activation.phoneNumber = subscription.phoneNumber;
    }
    subscription.state = 'ACTIVE';
    subscription.activationDate = now();
    subscription.services = stnServiceDefaults();
    applyServices(subscription, (activation.info.services ?? {}) as Record<string, unknown>);
    bindSim(sim, subscription);
    // eSIM: the ICCID of the new profile is shown on the activation once known (our inference).
    if (activation.info.eSim === true) activation.info.simCardNumber = sim.simCardNumber;
    if (activation.activationType === 'INPORT') activation.info.portingStatus = 'PORTED';
    recordMonthOfTraffic(state, subscription, yearMonthOf(now()), identifiers, random);
    return null;
  }

  function swapSim(activation: ActivationRecord, subscription: SubscriptionRecord): RuleResult {
    const lineRule = canChangeLine(subscription);
    if (lineRule) return lineRule;
    let sim: SimcardRecord | undefined;
    if (activation.info.eSim === true) sim = provisionEsim(activation);
    else {
      sim = findSimcardByNumber(state, String(activation.info.newSimCardNumber ?? ''));
      if (!sim) return `Simcard ${String(activation.info.newSimCardNumber)} not found`;
      const simRule = canUseSim(sim, activation.id);
      if (simRule) return simRule;
    }
    retireSim(subscription);
    bindSim(sim, subscription);
    activation.info.newSimCardNumber = sim.simCardNumber;
    return null;
  }

  /** Carries out the request; returns why it failed, or null when the line now reflects it. */
  function carryOut(activation: ActivationRecord): RuleResult {
    const subscription = subscriptionOf(activation);
    if (!subscription) return 'Subscription not found';
    switch (activation.activationType) {
      case 'ACTIVATENEW':
      case 'INPORT':
        return activateLine(activation, subscription);
      case 'SUSPEND': {
        const rule = canSuspend(subscription);
        if (!rule) subscription.state = 'SUSPENDED';
        return rule;
      }
      case 'RESUME': {
        const rule = canResume(subscription);
        if (!rule) subscription.state = 'ACTIVE';
        return rule;
      }
      case 'SIMSWAP':
        return swapSim(activation, subscription);
      case 'SETSERVICES': {
        const rule = canChangeLine(subscription) ?? invalidServicesRule(activation);
        if (!rule) applyServices(subscription, (activation.info.services ?? {}) as Record<string, unknown>);
        return rule;
      }
      case 'MOVEENVIRONMENT': {
        const target = String(activation.info.newProviderEnvironment);
        const rule = canMoveEnvironment(state, subscription, target, now(), activation.id);
        if (!rule) {
          subscription.providerEnvironment = target;
          subscription.lastEnvironmentMoveAt = now();
          activation.providerEnvironment = target;
        }
        return rule;
      }
      case 'OUTPORT':
      case 'TERMINATE': {
        const rule = canChangeLine(subscription);
        if (!rule) {
          subscription.state = activation.activationType === 'OUTPORT' ? 'PORTEDOUT' : 'TERMINATED';
          retireSim(subscription);
        }
        return rule;
      }
    }
  }

  function finish(activation: ActivationRecord, generation: number): void {
    if (activation.generation !== generation || activation.status !== 'BUSY') return;
    const failure = carryOut(activation);
    touch(activation);
    if (failure) {
      activation.status = 'ERROR';
      activation.info.errorMessage = failure;
      if (activation.activationType === 'INPORT') activation.info.portingStatus = 'REJECTED';
      releaseHolds(activation);
      const subscription = subscriptionOf(activation);
      if (subscription?.state === 'PENDING') subscription.state = 'ERROR';
      return;
    }
    activation.status = 'DONE';
    activation.activatedDate = now();
  }

  /**
   * Steps are timed from when the previous step was due, not from when the clock was last read, so one jump of a
   * test clock carries an activation through every step that is due by then.
   */
  function planCompletion(activation: ActivationRecord, stepStartedAt: number): void {
    const generation = activation.generation;
    const at = Math.max(stepStartedAt + delayOf(activation), activation.effectiveAt?.getTime() ?? 0);
    scheduler.at(new Date(at), () => finish(activation, generation));
  }

  function pickUp(activation: ActivationRecord, generation: number, dueAt: number): void {
    if (activation.generation !== generation || activation.status !== 'INIT') return;
    activation.status = 'BUSY';
    activation.providerOrderNumber ??= identifiers.providerOrderNumber(now().getUTCFullYear());
    touch(activation);
    if (activation.activationType === 'INPORT') planPorting(activation, dueAt);
    planCompletion(activation, dueAt);
  }

  /** The donor agrees a date: the first possible one, or the wish date when that is later (our inference). */
  function planPorting(activation: ActivationRecord, stepStartedAt: number): void {
    const firstPossible = new Date(stepStartedAt + delayOf(activation));
    const approved =
      activation.effectiveAt && activation.effectiveAt > firstPossible ? activation.effectiveAt : firstPossible;
    activation.info.portingStatus = 'PLANNED';
    activation.info.firstPossibleDate = formatStnTimestamp(firstPossible, 'seconds');
    activation.info.approvedDate = formatStnTimestamp(approved, 'seconds');
    activation.effectiveAt = approved;
  }

  function finishCancellation(activation: ActivationRecord, generation: number): void {
    if (activation.generation !== generation) return;
    activation.status = cancellationFinalStatus;
    activation.activatedDate = now();
    touch(activation);
    releaseHolds(activation);
    const subscription = subscriptionOf(activation);
    if (subscription?.state === 'PENDING') subscription.state = 'CANCELLED';
  }

  return {
    start(activation) {
      const generation = activation.generation;
      const dueAt = now().getTime() + delayOf(activation);
      scheduler.at(new Date(dueAt), () => pickUp(activation, generation, dueAt));
    },
    replan(activation) {
      if (activation.status !== 'BUSY') return;
      activation.generation += 1;
      if (activation.activationType === 'INPORT') planPorting(activation, now().getTime());
      planCompletion(activation, now().getTime());
    },
    cancel(activation, note) {
      activation.generation += 1;
      // Documented shapes: CancelNew shows status CANCELLING; CancelInPort keeps the status and sets
      // portingStatus CANCELLING; CancelTerminate/CancelPortingOut keep BUSY. The simulator remembers the
      // cancellation (and its note) in fields it never renders.
      if (activation.activationType === 'ACTIVATENEW') activation.status = 'CANCELLING';
      else if (activation.activationType === 'INPORT') activation.info.portingStatus = 'CANCELLING';
      activation.cancellation = note ? { note } : {};
      touch(activation);
      const generation = activation.generation;
      scheduler.after(delayOf(activation), () => finishCancellation(activation, generation));
    },
  };
}
