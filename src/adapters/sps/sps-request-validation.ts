import type { z } from 'zod';
import { type FieldError, UnsupportedByCarrierError, ValidationError } from '../../core/errors.js';
import type { OperationKind } from '../../core/operation.js';
import { type OperationRequest, operationRequestSchemas } from '../../core/operation-requests.js';
import { spsCarrierId } from './client/sps-rejection.js';
import { isSpsSupportedKind, type SpsSupportedKind } from './sps-capabilities.js';
import { type SpsActivationOptions, type SpsCarrierOptions, spsCarrierOptionSchemas } from './sps-carrier-options.js';
import { msisdnToGpsi } from './sps-gpsi.js';
import { serviceFindings } from './sps-services-validation.js';

/**
 * Checks a canonical request against what SPS accepts, before anything is stored: the carrier options, SPS's
 * tighter formats (ICCID 19–20 digits, PEI 15–17, GPSI 11–15) and what SPS cannot do at all (scheduling, services
 * without an SPS product).
 * Pointers point into OUR canonical request, so a caller can fix the field they sent.
 */
const iccidPattern = /^[0-9]{19,20}$/;
const peiPattern = /^[0-9]{15,17}$/;

function escapePointerSegment(segment: PropertyKey): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

export function issuesToFieldErrors(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldError[] {
  return issues.map((issue) => ({
    pointer: prefix + issue.path.map((segment) => `/${escapePointerSegment(segment)}`).join(''),
    detail: issue.message,
  }));
}

export interface ValidatedSpsRequest<K extends SpsSupportedKind> {
  request: OperationRequest<K>;
  options: SpsCarrierOptions<K>;
  warnings: string[];
}

/** Parses the canonical request and `carrierOptions.sps` of a supported kind; throws ValidationError. */
export function parseSpsRequest<K extends SpsSupportedKind>(
  kind: K,
  input: Record<string, unknown>,
): { request: OperationRequest<K>; options: SpsCarrierOptions<K> } {
  const canonical = operationRequestSchemas[kind].safeParse(input);
  if (!canonical.success) {
    throw new ValidationError('The request is not valid.', issuesToFieldErrors(canonical.error.issues));
  }
  const request = canonical.data as OperationRequest<K>;
  const rawOptions = request.carrierOptions?.[spsCarrierId] ?? {};
  const options = spsCarrierOptionSchemas[kind].safeParse(rawOptions);
  if (!options.success) {
    throw new ValidationError(
      'carrierOptions.sps is not valid for SPS.',
      issuesToFieldErrors(options.error.issues, `/carrierOptions/${spsCarrierId}`),
    );
  }
  return { request, options: options.data as SpsCarrierOptions<K> };
}

type Finding = { kind: 'invalid' | 'unsupported'; error: FieldError };

function checkSim(
  sim: { type: 'physical'; iccid: string } | { type: 'esim'; eid?: string | undefined },
  found: Finding[],
) {
  if (sim.type === 'physical' && !iccidPattern.test(sim.iccid)) {
    found.push({ kind: 'invalid', error: { pointer: '/sim/iccid', detail: 'SPS needs an ICCID of 19 or 20 digits' } });
  }
  if (sim.type === 'esim' && !sim.eid) {
    found.push({
      kind: 'invalid',
      error: { pointer: '/sim/eid', detail: "SPS needs the device's EID to provision an eSIM (BYOD)" },
    });
  }
}

function esimDeliveryWarnings(sim: Record<string, unknown>): string[] {
  const ignored = ['deliveryEmail', 'confirmationCode'].filter((field) => sim[field] !== undefined);
  return ignored.map(
    (field) => `SPS ignores sim.${field}: it delivers eSIM profiles as a QR activation code in the operation result.`,
  );
}

function checkDevice(imei: string | undefined, pei: string | undefined, found: Finding[]) {
  if (imei !== undefined && !peiPattern.test(imei)) {
    found.push({ kind: 'invalid', error: { pointer: '/imei', detail: 'SPS needs a PEI/IMEI of 15 to 17 digits' } });
  }
  if (imei !== undefined && pei !== undefined && imei !== pei) {
    found.push({
      kind: 'invalid',
      error: { pointer: '/carrierOptions/sps/pei', detail: 'differs from imei; give the device once' },
    });
  }
}

function unsupportedField(pointer: string, detail: string): Finding {
  return { kind: 'unsupported', error: { pointer, detail } };
}

function collectFindings(kind: SpsSupportedKind, request: Record<string, unknown>, options: Record<string, unknown>) {
  const found: Finding[] = [];
  const warnings: string[] = [];
  const typed = request as Record<string, never>;
  if (kind === 'activate' || kind === 'port_in') {
    const activation = request as OperationRequest<'activate'>;
    if (!activation.plan) {
      found.push({
        kind: 'invalid',
        error: { pointer: '/plan', detail: 'SPS needs the wholesale plan id (wholesalePlanId)' },
      });
    }
    checkSim(activation.sim, found);
    warnings.push(...esimDeliveryWarnings(activation.sim));
    checkDevice(activation.imei, options.pei as string | undefined, found);
    found.push(
      ...serviceFindings(activation.services, options.products as SpsActivationOptions['products'], {
        requireSome: false,
      }),
    );
  }
  if (kind === 'activate' && typed.activateAt !== undefined) {
    found.push(unsupportedField('/activateAt', 'SPS activates as soon as it can; it cannot schedule an activation'));
  }
  if (kind === 'port_in') {
    const portIn = (request as OperationRequest<'port_in'>).portIn;
    if (msisdnToGpsi(portIn.msisdn) === null) {
      found.push({
        kind: 'invalid',
        error: { pointer: '/portIn/msisdn', detail: 'SPS needs a number of 11 to 15 digits' },
      });
    }
    if (!portIn.donorAccountNumber) {
      found.push({
        kind: 'invalid',
        error: { pointer: '/portIn/donorAccountNumber', detail: 'SPS needs the donor account number' },
      });
    }
    if (!portIn.donorAccountPin) {
      found.push({
        kind: 'invalid',
        error: { pointer: '/portIn/donorAccountPin', detail: 'SPS needs the donor account PIN' },
      });
    }
    if (portIn.portAt !== undefined) {
      found.push(
        unsupportedField(
          '/portIn/portAt',
          'SPS ports a number as soon as the donor releases it; it cannot schedule a port',
        ),
      );
    }
    if (portIn.note !== undefined) warnings.push('SPS has no field for portIn.note; it was not sent.');
  }
  if (kind === 'sim_swap') {
    const swap = request as OperationRequest<'sim_swap'>;
    checkSim(swap.sim, found);
    warnings.push(...esimDeliveryWarnings(swap.sim));
    checkDevice(swap.imei, options.pei as string | undefined, found);
  }
  if (kind === 'cease' && typed.ceaseAt !== undefined) {
    found.push(unsupportedField('/ceaseAt', 'SPS ceases at once; it cannot schedule a cease'));
  }
  if (kind === 'change_services') {
    found.push(
      ...serviceFindings((request as OperationRequest<'change_services'>).services, [], { requireSome: true }),
    );
  }
  if (kind === 'change_plan' && typed.effectiveAt !== undefined) {
    found.push(unsupportedField('/effectiveAt', 'SPS changes the plan at once; it cannot schedule the change'));
  }
  if (kind === 'change_number') {
    const msisdn = (request as OperationRequest<'change_number'>).msisdn;
    if (msisdn !== undefined && msisdnToGpsi(msisdn) === null) {
      found.push({ kind: 'invalid', error: { pointer: '/msisdn', detail: 'SPS needs a number of 11 to 15 digits' } });
    }
    if (msisdn !== undefined && options.gpsiReservationId === undefined) {
      found.push({
        kind: 'invalid',
        error: {
          pointer: '/carrierOptions/sps/gpsiReservationId',
          detail: 'SPS changes to a chosen number only with the number-selection order that reserved it',
        },
      });
    }
  }
  if (typed.reason !== undefined) warnings.push('SPS has no field for a reason; it was not sent.');
  return { found, warnings };
}

export function validateSpsRequest(kind: OperationKind, input: Record<string, unknown>): { warnings: string[] } {
  if (!isSpsSupportedKind(kind)) {
    throw new UnsupportedByCarrierError(spsCarrierId, `SPS does not support ${kind} through this gateway.`);
  }
  const { request, options } = parseSpsRequest(kind, input);
  const { found, warnings } = collectFindings(kind, request as Record<string, unknown>, options);
  const invalid = found.filter((finding) => finding.kind === 'invalid').map((finding) => finding.error);
  if (invalid.length > 0) throw new ValidationError('The request does not meet what SPS needs.', invalid);
  const unsupported = found.filter((finding) => finding.kind === 'unsupported').map((finding) => finding.error);
  if (unsupported.length > 0) {
    throw new UnsupportedByCarrierError(spsCarrierId, unsupported.map((error) => error.detail).join('; '), unsupported);
  }
  return { warnings };
}
