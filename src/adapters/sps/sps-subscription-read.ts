import type { CarrierSubscriptionView, LineReference } from '../../core/adapter.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { SubscriptionStatus } from '../../core/subscription.js';
import { callSps, type SpsApiClient } from './client/sps-client.js';
import type { SpsSubscriptionDetails } from './sps-api-types.js';
import { msisdnToGpsi, readGpsi } from './sps-gpsi.js';
import { servicesFromProducts } from './sps-services-mapping.js';

/** `getSubscription` over SPS "Query subscription details" (path and body inferred). */
const statusByState: Record<string, SubscriptionStatus> = {
  active: 'active',
  suspended: 'suspended',
  ceased: 'ceased',
};

export async function readSpsSubscription(client: SpsApiClient, line: LineReference): Promise<CarrierSubscriptionView> {
  const gpsi = line.msisdn ? msisdnToGpsi(line.msisdn) : null;
  const query = gpsi ? { gpsi } : line.iccid ? { iccid: line.iccid } : null;
  if (!query) {
    throw new ValidationError('SPS looks a line up by its number or ICCID.', [
      { pointer: '/msisdn', detail: 'give an MSISDN of 11 to 15 digits or an ICCID' },
    ]);
  }
  const details: SpsSubscriptionDetails | null = await callSps(
    () => client.GET('/subscription/details', { params: { query } }),
    'read the subscription',
    { isWrite: false, allowNotFound: true },
  );
  if (!details) throw new NotFoundError('SPS subscription', gpsi ?? line.iccid ?? '');
  const msisdn = readGpsi(details.gpsi);
  return {
    ...(msisdn.warning ? { warnings: [msisdn.warning] } : {}),
    carrierSubscriptionId: details.subscriberId,
    msisdn: msisdn.value,
    iccid: details.iccid,
    status: statusByState[String(details.status).toLowerCase()] ?? 'unknown',
    carrierStatus: details.status,
    esim: details.eid !== undefined,
    plan: details.wholesalePlanId,
    services: servicesFromProducts(details.products) ?? {},
    raw: details as unknown as Record<string, unknown>,
  };
}
