import type { ActivationProgress } from './activation-progress.js';
import type { SimulatorState } from './simulator-state.js';
import type { RuleResult } from './state-rules.js';
import type { StnIdentifiers } from './stn-identifiers.js';
import type { StnErrorBody } from './stn-response-status.js';
import { badRequest } from './stn-response-status.js';

/** What the route modules share: the state, the clock, ids, the activation progress and the rule policy. */
export interface SimulatorContext {
  state: SimulatorState;
  now: () => Date;
  identifiers: StnIdentifiers;
  progress: ActivationProgress;
  /**
   * Whether a broken business rule (suspend a suspended line, a SIM that is not FREE, a second environment move
   * within two months) answers 400 at once or is accepted and ends in ERROR. The docs do not say which sTN does.
   */
  stateRuleViolations: 'badRequest' | 'asyncError';
  /** Refuse a change to a line while another is under way (inferred rule; state-rules.ts canStartLineChange). */
  oneChangePerLine: boolean;
}

/** Thrown by a route to answer 400 with sTN's error body; the app's error handler sends it. */
export class StnRejection extends Error {
  constructor(readonly body: StnErrorBody) {
    super(body.responseStatus.message);
    this.name = 'StnRejection';
  }
}

export function reject(message: string): never {
  throw new StnRejection(badRequest(message));
}

/** Applies a business rule per the configured policy: refuse now, or let the activation fail when carried out. */
export function enforceRule(context: SimulatorContext, rule: RuleResult): void {
  if (rule && context.stateRuleViolations === 'badRequest') reject(rule);
}
