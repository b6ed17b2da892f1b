import type { OperationKind } from '../../core/index.js';
import { canonicalServiceNameForStn } from './stn-services-mapping.js';

/**
 * Where an sTN field came from in OUR canonical request, so a carrier rejection can point the caller at the field
 * they sent (`/sim/deliveryEmail`), not at sTN's name for it. Undefined when the field is ours, not the caller's
 * (referenceNumber carries our correlation id).
 */
export function canonicalPointerFor(kind: OperationKind, stnFieldName: string): string | undefined {
  const field = stnFieldName.toLowerCase();
  if (field.startsWith('services.')) {
    const service = canonicalServiceNameForStn(stnFieldName.slice('services.'.length));
    return service ? `/services/${service}` : '/services';
  }
  switch (field) {
    case 'email':
      return '/sim/deliveryEmail';
    case 'confirmationcode':
      return '/sim/confirmationCode';
    case 'simcardnumber':
    case 'newsimcardnumber':
    case 'esim':
      return '/sim';
    case 'services':
      return '/services';
    case 'providerenvironment':
    case 'newproviderenvironment':
      return '/plan';
    case 'subscriptiontype':
    case 'accesstype':
    case 'stncustomerid':
      return `/carrierOptions/stn/${stnFieldName}`;
    case 'wishdate':
      return { activate: '/activateAt', cease: '/ceaseAt', change_plan: '/effectiveAt', port_out: '/portAt' }[
        kind as 'activate' | 'cease' | 'change_plan' | 'port_out'
      ];
    case 'portingwishdate':
      return kind === 'port_in' ? '/portIn/portAt' : '/portAt';
    case 'donorcustomernumber':
      return kind === 'port_in' ? '/portIn/donorAccountNumber' : '/donorAccountNumber';
    case 'donorcustomername':
      return '/portIn/donorAccountName';
    case 'phonenumber':
      return kind === 'port_in' ? '/portIn/msisdn' : undefined;
    case 'note':
      return kind === 'port_in' ? '/portIn/note' : '/note';
    default:
      return undefined;
  }
}

/** Some sTN rejections name a field only in prose; these are the ones we know. */
const messagePointers: readonly [RegExp, string][] = [
  [/^Email address is required/i, 'email'],
  [/^Confirmation code is required/i, 'confirmationCode'],
  [/^Simcard .* (not found|not available)/i, 'simCardNumber'],
];

export function fieldNamedInMessage(message: string): string | undefined {
  return messagePointers.find(([pattern]) => pattern.test(message))?.[1];
}
