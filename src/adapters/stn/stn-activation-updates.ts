import type { CarrierFacts, CarrierStatusUpdate, OperationKind } from '../../core/index.js';
import type { components } from './generated/stn-api.js';
import { needsLineState, outcomeFromLine } from './stn-cancellation-outcome.js';
import { stnNumberToE164 } from './stn-number-format.js';
import { stnPortingRejectionReason } from './stn-porting-rejections.js';
import { fromStnServices } from './stn-services-mapping.js';
import { isCancellationKind, progressOf } from './stn-status-mapping.js';

export type StnActivation = components['schemas']['Activation'];

/**
 * An sTN Activation, read for one of our operations → a status update with what it tells us about the line.
 * Lenient: only the fields we use are read, and any may be missing.
 */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function factsOf(kind: OperationKind, activation: StnActivation, warnings: string[]): CarrierFacts {
  const info = (activation.info ?? {}) as Record<string, unknown>;
  const facts: CarrierFacts = {};
  if (activation.subscriptionId) facts.carrierSubscriptionId = activation.subscriptionId;
  const carrierData: Record<string, unknown> = {};
  if (activation.providerEnvironment) carrierData.providerEnvironment = activation.providerEnvironment;
  if (activation.providerOrderNumber) carrierData.providerOrderNumber = activation.providerOrderNumber;
  if (info.portingStatus !== undefined) carrierData.portingStatus = info.portingStatus;

  if (kind === 'activate' || kind === 'port_in') {
    const msisdn = stnNumberToE164(activation.phoneNumber ?? text(info.isdn), 'phoneNumber');
    // The line's number is stored in E.164 only; one in an unknown form is reported, not stored.
    if (msisdn.warning) warnings.push(msisdn.warning);
    else if (msisdn.value) facts.msisdn = msisdn.value;
    const iccid = text(info.simCardNumber);
    if (iccid) facts.iccid = iccid;
    if (typeof info.eSim === 'boolean') facts.esim = info.eSim;
    if (activation.providerEnvironment) facts.plan = activation.providerEnvironment;
    if (info.services && typeof info.services === 'object')
      facts.services = fromStnServices(info.services as Record<string, unknown>);
    if (info.eSim === true && text(info.email)) facts.esimProfile = { deliveredTo: text(info.email) as string };
    if (text(info.approvedDate)) carrierData.approvedPortingDate = info.approvedDate;
  }
  if (kind === 'sim_swap') {
    const iccid = text(info.newSimCardNumber) ?? text(info.simCardNumber);
    if (iccid) facts.iccid = iccid;
    if (typeof info.eSim === 'boolean') facts.esim = info.eSim;
    if (info.eSim === true && text(info.email)) facts.esimProfile = { deliveredTo: text(info.email) as string };
  }
  if (kind === 'change_services' && info.services && typeof info.services === 'object') {
    facts.services = fromStnServices(info.services as Record<string, unknown>);
  }
  if (kind === 'change_plan') {
    const plan = text(info.newProviderEnvironment) ?? activation.providerEnvironment;
    if (plan) facts.plan = plan;
  }
  if (Object.keys(carrierData).length > 0) facts.carrierData = carrierData;
  return facts;
}

function failureOf(kind: OperationKind, activation: StnActivation): NonNullable<CarrierStatusUpdate['failure']> {
  const info = (activation.info ?? {}) as Record<string, unknown>;
  const reason = text(info.errorMessage) ?? text(info.error) ?? text(info.message);
  const status = activation.status.toUpperCase();
  if (isCancellationKind(kind)) {
    return { code: status, message: `sTN carried out activation ${activation.id} before it could be cancelled` };
  }
  if (kind === 'change_port_in' && status !== 'ERROR') {
    return { code: status, message: `The port-in (activation ${activation.id}) is being cancelled or was cancelled` };
  }
  const message = reason ?? `sTN activation ${activation.id} ended in ${activation.status}`;
  if (kind === 'port_in') return { code: status, message, reason: stnPortingRejectionReason(reason) };
  return { code: status, message };
}

/** What the line is at sTN, read when the activation's status alone does not decide (stn-cancellation-outcome.ts). */
export interface LineState {
  /** The subscription's `state`; undefined when sTN has no such subscription. */
  state: string | undefined;
}

export function toStatusUpdate(kind: OperationKind, activation: StnActivation, line?: LineState): CarrierStatusUpdate {
  // A line was read only where the status alone cannot decide (lineStateFor); a cancellation's final word always needs it.
  if (!line && isCancellationKind(kind) && needsLineState(kind, activation.status, false)) {
    throw new Error(`sTN ${activation.status} of a ${kind} needs the line's state`);
  }
  const decidedByLine = line !== undefined && needsLineState(kind, activation.status, true);
  const state =
    decidedByLine && line
      ? outcomeFromLine(kind, line.state)
      : progressOf(kind, { status: activation.status, info: activation.info as Record<string, unknown> });
  const update: CarrierStatusUpdate = {
    carrierReference: activation.id,
    state,
    carrierStatus: activation.status,
  };
  if (state === 'failed') update.failure = failureOf(kind, activation);
  if (!isCancellationKind(kind)) {
    const warnings: string[] = [];
    const facts = factsOf(kind, activation, warnings);
    if (Object.keys(facts).length > 0) update.facts = facts;
    if (warnings.length > 0) update.warnings = warnings;
  }
  return update;
}
