import type { Context } from 'hono';
import { normaliseStnPhoneNumber } from '../stn-phone-number.js';
import { findStnService, isAllowedStnServiceValue } from '../stn-services-catalogue.js';
import { enforceRule, reject, type SimulatorContext, StnRejection } from './simulator-context.js';
import type { ActivationRecord, ActivationType, SimcardRecord, SubscriptionRecord } from './simulator-state.js';
import { canStartLineChange } from './state-rules.js';
import { renderActivation } from './stn-rendering.js';
import { type BoundDto, bindDto, booleanField, type DtoDescriptor, stringField } from './stn-request-binding.js';
import { notEmptyError, validationErrorBody } from './stn-response-status.js';

/** Reads and binds the body, or answers 400 with the binding/validation error. */
export async function readDto(context: Context, descriptor: DtoDescriptor): Promise<BoundDto> {
  const result = bindDto(descriptor, await context.req.text());
  if (!result.ok) throw new StnRejection(result.body);
  return result.dto;
}

/** FluentValidation NotEmpty for properties the docs mark required but that are not `required` in the DTO. */
export function requireFields(dto: BoundDto, names: readonly string[]): void {
  const errors = names.filter((name) => stringField(dto, name) === undefined).map(notEmptyError);
  if (errors.length > 0) throw new StnRejection(validationErrorBody(errors));
}

export function oneOf(dto: BoundDto, name: string, allowed: readonly string[], fallback: string): string {
  const value = stringField(dto, name) ?? fallback;
  if (!allowed.includes(value)) reject(`'${value}' is not a valid value for ${name}. Allowed: ${allowed.join(', ')}`);
  return value;
}

export const providerEnvironments = ['SP16001', 'SP16002'] as const;

/** Either subscriptionId or phoneNumber (with or without the dash); subscriptionId wins when both are sent. */
export function resolveSubscription(context: SimulatorContext, dto: BoundDto): SubscriptionRecord {
  const subscriptionId = stringField(dto, 'subscriptionId');
  const phoneNumber = stringField(dto, 'phoneNumber');
  if (!subscriptionId && !phoneNumber) reject('Either subscriptionId or phoneNumber is required');
  if (subscriptionId) {
    const subscription = context.state.subscriptions.get(subscriptionId);
    if (!subscription) reject(`Subscription ${subscriptionId} not found`);
    return subscription;
  }
  const normalised = normaliseStnPhoneNumber(phoneNumber ?? '');
  const candidates = [...context.state.subscriptions.values()].filter(
    (subscription) => normalised !== null && subscription.phoneNumber === normalised,
  );
  const live = candidates.find((subscription) => subscription.state === 'ACTIVE' || subscription.state === 'SUSPENDED');
  const found = live ?? candidates.at(-1);
  if (!found) reject(`Subscription with phoneNumber ${phoneNumber} not found`);
  return found;
}

/**
 * The services of a request as sTN treats them (documented): unknown names are dropped silently; a known name
 * with a value outside its list is kept, and makes the whole activation end in ERROR later.
 */
export function readServices(raw: unknown): { services: Record<string, unknown>; invalid: string[] } {
  const services: Record<string, unknown> = {};
  const invalid: string[] = [];
  if (typeof raw !== 'object' || raw === null) return { services, invalid };
  for (const [name, value] of Object.entries(raw)) {
    const definition = findStnService(name);
    if (!definition) continue;
    services[definition.name] = value;
    if (!isAllowedStnServiceValue(definition, value)) invalid.push(definition.name);
  }
  return { services, invalid };
}

/** eSIM requests need an e-mail address (documented text) and a confirmation code (our wording). */
export function requireEsimDetails(dto: BoundDto): { email: string; confirmationCode: string } {
  const email = stringField(dto, 'email');
  if (!email) reject('Email address is required when activating an eSim');
  const confirmationCode = stringField(dto, 'confirmationCode');
  if (!confirmationCode) reject('Confirmation code is required when activating an eSim');
  return { email, confirmationCode };
}

export function isEsimRequest(dto: BoundDto): boolean {
  return booleanField(dto, 'eSim');
}

/** Checked before anything is stored, so a refused request leaves no trace. */
export function ensureEsimCapacity(context: SimulatorContext): void {
  if (context.state.esimCapacity <= 0) reject('No eSim profiles available for your organisation');
}

export function reserveEsimProfile(context: SimulatorContext, activation: ActivationRecord): void {
  context.state.esimCapacity -= 1;
  activation.holdsEsimProfile = true;
}

/** Creates an activation in INIT, stores it and sets it going. */
/** A pending activation holds what it will use: an eSIM profile, or its physical SIM (FREE → BUSY). */
export function holdSimFor(
  context: SimulatorContext,
  activation: ActivationRecord,
  target: { eSim: boolean; sim: SimcardRecord | undefined },
): void {
  if (target.eSim) reserveEsimProfile(context, activation);
  else if (target.sim && target.sim.status === 'FREE') {
    Object.assign(target.sim, { status: 'BUSY', reservedBy: activation.id });
  }
}

export function createActivation(
  context: SimulatorContext,
  fields: {
    activationType: ActivationType;
    providerEnvironment: string;
    referenceNumber?: string | undefined;
    subscriptionId?: string;
    phoneNumber?: string | undefined;
    /** Set at once where the docs show it in the INIT answer (Suspend); otherwise assigned when KPN picks it up. */
    providerOrderNumber?: string;
    info: Record<string, unknown>;
    effectiveAt?: string | undefined;
    invalidServices?: string[];
  },
): ActivationRecord {
  const moment = context.now();
  const changesLine = fields.activationType !== 'ACTIVATENEW' && fields.activationType !== 'INPORT';
  if (changesLine && fields.subscriptionId && context.oneChangePerLine) {
    enforceRule(context, canStartLineChange(context.state, fields.subscriptionId, moment));
  }
  const activation: ActivationRecord = {
    id: context.identifiers.objectId(),
    createdAt: moment,
    modifiedAt: moment,
    status: 'INIT',
    activationType: fields.activationType,
    providerEnvironment: fields.providerEnvironment,
    referenceNumber: fields.referenceNumber ?? '',
    ...(fields.subscriptionId ? { subscriptionId: fields.subscriptionId } : {}),
    ...(fields.phoneNumber ? { phoneNumber: fields.phoneNumber } : {}),
    ...(fields.providerOrderNumber ? { providerOrderNumber: fields.providerOrderNumber } : {}),
    info: fields.info,
    ...(fields.effectiveAt ? { effectiveAt: new Date(fields.effectiveAt) } : {}),
    generation: 0,
    invalidServices: fields.invalidServices ?? [],
    holdsEsimProfile: false,
  };
  context.state.activations.set(activation.id, activation);
  return activation;
}

export function findActivation(context: SimulatorContext, dto: BoundDto): ActivationRecord {
  const activationId = stringField(dto, 'activationId') ?? '';
  const activation = context.state.activations.get(activationId);
  if (!activation) reject(`Activation ${activationId} not found`);
  return activation;
}

/** A POST's answer: the activation as this request left it (its fresh timestamps with 7 fractional digits). */
export function activationResponse(context: Context, _simulator: SimulatorContext, activation: ActivationRecord) {
  return context.json(renderActivation(activation, { answeringPost: true }));
}

/** Drops undefined values so `info` shows only what was sent (documented: only given optional fields appear). */
export function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
