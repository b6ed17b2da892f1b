import { type FieldError, type OperationKind, UnsupportedByCarrierError, ValidationError } from 'mvno-gateway/adapter';
import { z } from 'zod';
import { dutchtelCapabilities } from './dutchtel-capabilities.js';

/** DutchTel's own options, per kind, under `carrierOptions.dutchtel`. Only a port-out has any. */
const portOutOptionsSchema = z.strictObject({
  /** The operator the customer is moving to: DutchTel's port-out order names it. */
  recipientOperator: z.string().min(1).max(40),
});
const noOptionsSchema = z.strictObject({});

const dutchMobile = /^\+316[0-9]{8}$/;

function optionErrors(kind: OperationKind, options: unknown): FieldError[] {
  const schema = kind === 'port_out' ? portOutOptionsSchema : noOptionsSchema;
  const parsed = schema.safeParse(options ?? (kind === 'port_out' ? undefined : {}));
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = [...issue.path, ...unknownKeys.slice(0, 1)].map(String);
    return { pointer: ['/carrierOptions/dutchtel', ...path].join('/'), detail: issue.message };
  });
}

/**
 * What DutchTel needs beyond the canonical schemas (which the gateway has checked already): Dutch mobile numbers,
 * the donor's customer number for a port-in, its tariffs, and the recipient operator of a port-out.
 */
export function validateForDutchTel(kind: OperationKind, request: Record<string, unknown>): { warnings: string[] } {
  if (!dutchtelCapabilities.operations.includes(kind)) {
    throw new UnsupportedByCarrierError('dutchtel', `DutchTel does not support ${kind.replaceAll('_', ' ')}.`);
  }
  const errors: FieldError[] = [];
  const carrierOptions = request.carrierOptions as Record<string, unknown> | undefined;
  errors.push(...optionErrors(kind, carrierOptions?.dutchtel));
  const plan = request.plan as string | undefined;
  if (plan !== undefined && !dutchtelCapabilities.plans.values?.includes(plan)) {
    errors.push({
      pointer: '/plan',
      detail: `must be a DutchTel tariff: ${dutchtelCapabilities.plans.values?.join(', ')}`,
    });
  }
  if (kind === 'port_in') {
    const portIn = request.portIn as { msisdn: string; donorAccountNumber?: string };
    if (!dutchMobile.test(portIn.msisdn)) {
      errors.push({ pointer: '/portIn/msisdn', detail: 'DutchTel ports in Dutch mobile numbers only (+316…)' });
    }
    if (!portIn.donorAccountNumber) {
      errors.push({
        pointer: '/portIn/donorAccountNumber',
        detail: "DutchTel needs the customer's number at the donor operator",
      });
    } else if (portIn.donorAccountNumber.length > 20) {
      errors.push({ pointer: '/portIn/donorAccountNumber', detail: 'at most 20 characters at DutchTel' });
    }
  }
  if (errors.length > 0) throw new ValidationError('The request cannot be sent to DutchTel as it is.', errors);
  return { warnings: [] };
}
