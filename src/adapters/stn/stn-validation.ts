import type { z } from 'zod';
import {
  type FieldError,
  type OperationKind,
  operationRequestSchemas,
  UnsupportedByCarrierError,
  ValidationError,
} from '../../core/index.js';
import { stnCapabilities, stnProviderEnvironments } from './stn-capabilities.js';
import { stnCarrierOptionsSchema } from './stn-carrier-options.js';
import { isDutchMobileE164 } from './stn-phone-number.js';
import { stnServiceNameOf } from './stn-services-mapping.js';

/**
 * What sTN needs from a canonical request, checked before anything is stored: an eSIM needs the e-mail address
 * the profile is sent to and the confirmation code the user types; a plan is an sTN provider environment; a port-in
 * needs the donor customer number; `carrierOptions.stn` must match its strict schema. Fields sTN has no place for
 * come back as warnings (soft gaps), not errors.
 */
function pointerOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '' : `/${path.map(String).join('/')}`;
}

function zodErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => ({ pointer: prefix + pointerOf(issue.path), detail: issue.message }));
}

type Request = Record<string, unknown>;

function record(value: unknown): Request | undefined {
  return typeof value === 'object' && value !== null ? (value as Request) : undefined;
}

function checkSim(sim: Request | undefined, errors: FieldError[], warnings: string[]): void {
  if (sim?.type !== 'esim') return;
  if (!sim.deliveryEmail) {
    errors.push({
      pointer: '/sim/deliveryEmail',
      detail: 'sTN e-mails the eSIM profile: give the address to send it to',
    });
  }
  if (!sim.confirmationCode) {
    errors.push({
      pointer: '/sim/confirmationCode',
      detail: 'sTN needs a confirmation code (at most 10 characters) that the user types to install the eSIM',
    });
  }
  if (sim.eid) warnings.push('sTN does not take an EID; /sim/eid is not sent.');
}

export function validateStnRequest(kind: OperationKind, request: Request): { warnings: string[] } {
  if (!stnCapabilities.operations.includes(kind)) {
    throw new UnsupportedByCarrierError('stn', `sTN does not support ${kind}.`);
  }
  const parsed = operationRequestSchemas[kind].safeParse(request);
  if (!parsed.success) throw new ValidationError('The request is not valid.', zodErrors(parsed.error));

  const errors: FieldError[] = [];
  const warnings: string[] = [];
  const options = stnCarrierOptionsSchema.safeParse(record(request.carrierOptions)?.stn ?? {});
  if (!options.success) errors.push(...zodErrors(options.error, '/carrierOptions/stn'));

  if (kind === 'activate' || kind === 'port_in' || kind === 'sim_swap') checkSim(record(request.sim), errors, warnings);
  if ((kind === 'activate' || kind === 'port_in' || kind === 'change_plan') && request.plan !== undefined) {
    if (!(stnProviderEnvironments as readonly unknown[]).includes(request.plan)) {
      errors.push({
        pointer: '/plan',
        detail: `sTN plans are provider environments: ${stnProviderEnvironments.join(' or ')}`,
      });
    }
  }
  const services = record(request.services);
  if (services) {
    const unsupported = Object.keys(services).filter((name) => !(name in stnServiceNameOf));
    if (unsupported.length > 0) {
      throw new UnsupportedByCarrierError(
        'stn',
        `sTN does not support the services ${unsupported.join(', ')}.`,
        unsupported.map((name) => ({ pointer: `/services/${name}`, detail: 'not supported by sTN' })),
      );
    }
  }
  if (kind === 'port_in') {
    const portIn = record(request.portIn) ?? {};
    if (typeof portIn.msisdn === 'string' && !isDutchMobileE164(portIn.msisdn)) {
      errors.push({ pointer: '/portIn/msisdn', detail: 'sTN ports Dutch mobile numbers only (+316 and 8 digits)' });
    }
    if (!portIn.donorAccountNumber) {
      errors.push({ pointer: '/portIn/donorAccountNumber', detail: 'sTN requires the customer number at the donor' });
    }
    if (portIn.donorAccountPin)
      warnings.push('sTN does not take a donor account PIN; /portIn/donorAccountPin is not sent.');
  }
  if (kind === 'change_port_in' && !request.portAt && !request.donorAccountNumber) {
    errors.push({ pointer: '', detail: 'Give portAt or donorAccountNumber: sTN changes only those' });
  }
  if ((kind === 'activate' || kind === 'sim_swap' || kind === 'port_in') && request.imei) {
    warnings.push('sTN does not take an IMEI; /imei is not sent.');
  }
  if (request.reason !== undefined) warnings.push(`sTN has no field for a reason on ${kind}; /reason is not sent.`);
  if (errors.length > 0) throw new ValidationError('The request does not meet sTN requirements.', errors);
  return { warnings };
}
