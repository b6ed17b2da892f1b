import type { SubmitRequest } from '../../core/adapter.js';
import { CarrierRejectedError, ValidationError } from '../../core/errors.js';
import type { OperationRequest } from '../../core/operation-requests.js';
import { callSps, type SpsApiClient } from './client/sps-client.js';
import { spsCarrierId } from './client/sps-rejection.js';
import type {
  SpsActivateSubscriptionRequest,
  SpsChangeDeviceSimRequest,
  SpsChangeGpsiRequest,
  SpsPortInActivateRequest,
  SpsStatusAction,
  SpsSubscriptionMacdRequest,
} from './sps-api-types.js';
import { isSpsSupportedKind, type SpsSupportedKind } from './sps-capabilities.js';
import type { SpsCarrierOptions } from './sps-carrier-options.js';
import { msisdnToGpsi } from './sps-gpsi.js';
import { spsLineKey } from './sps-line-key.js';
import { spsPortingRejectionReason } from './sps-porting-rejections.js';
import { parseSpsRequest } from './sps-request-validation.js';
import { productsForServices } from './sps-services-mapping.js';

/**
 * Canonical operation → the one SPS write that carries it out. Our operation id is the partnerTransactionId, so a
 * submission can always be found again with Get Transaction Status.
 */
const statusActions = {
  suspend: 'Suspend',
  resume: 'Resume',
  cease: 'Cease',
  reactivate: 'Reactivate',
} as const satisfies Partial<Record<SpsSupportedKind, SpsStatusAction>>;

function simFields(sim: OperationRequest<'activate'>['sim']) {
  return sim.type === 'physical' ? { iccid: sim.iccid } : { eid: sim.eid, eSIMDeliveryMethod: 'QR' as const };
}

function activationBody(
  submit: SubmitRequest,
  request: OperationRequest<'activate'> | OperationRequest<'port_in'>,
  options: SpsCarrierOptions<'activate'>,
): SpsActivateSubscriptionRequest {
  const pei = request.imei ?? options.pei;
  // Services first, then the caller's own products; validate() refused a product set both ways.
  const products = [...productsForServices(request.services), ...(options.products ?? [])];
  return {
    partnerTransactionId: submit.operation.id,
    subscriberId: options.subscriberId ?? submit.subscription.id,
    // validate() made sure of it; the fallback keeps a stored request that predates that check honest.
    wholesalePlanId: request.plan ?? '',
    location: { ...options.location, country: options.location.country ?? 'US' },
    ...(options.bucketRefId ? { bucketRefId: options.bucketRefId } : {}),
    ...(products.length > 0 ? { products } : {}),
    ...(options.billCycleStartDay !== undefined ? { billCycleStartDay: options.billCycleStartDay } : {}),
    ...(pei ? { pei } : {}),
    ...simFields(request.sim),
  };
}

export type SpsWrite = (client: SpsApiClient) => Promise<unknown>;

async function checkPortInEligibility(client: SpsApiClient, gpsi: string): Promise<void> {
  const eligibility = await callSps(
    () => client.POST('/portin/eligibility', { body: { gpsi } }),
    'check port-in eligibility',
    { isWrite: false },
  );
  if (eligibility?.eligibilityStatus === 'Reject') {
    const reason = eligibility.reasonDesc ?? 'not eligible';
    throw new CarrierRejectedError(`SPS says ${gpsi} cannot be ported in: ${reason}`, {
      id: spsCarrierId,
      ...(eligibility.reasonCode ? { code: eligibility.reasonCode } : {}),
      reason: spsPortingRejectionReason(eligibility.reasonCode),
      message: reason,
      httpStatus: 200,
    });
  }
}

/** The brand this one request acts for (`carrierOptions.sps.wholesaleCustomerId`), as its header; none: the connection's. */
function brandOf(submit: SubmitRequest): Record<string, string> {
  const options = (submit.operation.request as { carrierOptions?: Record<string, { wholesaleCustomerId?: unknown }> })
    .carrierOptions?.[spsCarrierId];
  const brand = options?.wholesaleCustomerId;
  return typeof brand === 'string' ? { wholesaleCustomerId: brand } : {};
}

/** Sends the SPS request for `submit`; resolves once SPS acknowledged it. */
export async function sendSpsSubmission(client: SpsApiClient, submit: SubmitRequest): Promise<void> {
  const kind = submit.operation.kind;
  if (!isSpsSupportedKind(kind)) {
    throw new ValidationError(`SPS does not support ${kind}.`, [{ pointer: '/kind', detail: 'not supported by SPS' }]);
  }
  const partnerTransactionId = submit.operation.id;
  const write = { isWrite: true } as const;

  switch (kind) {
    case 'activate': {
      const { request, options } = parseSpsRequest('activate', submit.operation.request);
      const body = activationBody(submit, request, options);
      await callSps(
        () => client.POST('/subscription/activate', { body, headers: brandOf(submit) }),
        'activate the subscription',
        write,
      );
      return;
    }
    case 'port_in': {
      const { request, options } = parseSpsRequest('port_in', submit.operation.request);
      const gpsi = msisdnToGpsi(request.portIn.msisdn);
      if (!gpsi)
        throw new ValidationError('SPS needs a number of 11 to 15 digits.', [
          { pointer: '/portIn/msisdn', detail: 'not a GPSI' },
        ]);
      // SPS lists the eligibility check as a prerequisite; refusing here saves a transaction that can only fail.
      await checkPortInEligibility(client, gpsi);
      const body: SpsPortInActivateRequest = {
        ...activationBody(submit, request, options),
        gpsi,
        donorAccount: {
          accountNumber: request.portIn.donorAccountNumber ?? '',
          pin: request.portIn.donorAccountPin ?? '',
          ...(request.portIn.donorAccountName ? { accountName: request.portIn.donorAccountName } : {}),
        },
      };
      await callSps(
        () => client.POST('/portin/activate', { body, headers: brandOf(submit) }),
        'port the number in',
        write,
      ).catch((error: unknown) => {
        // A refusal of the port itself (another port of the number under way) gets its canonical reason too.
        if (error instanceof CarrierRejectedError && error.carrier?.code) {
          const reason = spsPortingRejectionReason(error.carrier.code);
          if (reason !== 'other') {
            throw new CarrierRejectedError(error.message, { ...error.carrier, reason }, error.errors);
          }
        }
        throw error;
      });
      return;
    }
    case 'suspend':
    case 'resume':
    case 'cease':
    case 'reactivate': {
      const body = { partnerTransactionId, action: statusActions[kind], ...spsLineKey(submit.subscription) };
      await callSps(
        () => client.PATCH('/subscription/status', { body, headers: brandOf(submit) }),
        `${kind} the subscription`,
        write,
      );
      return;
    }
    case 'sim_swap': {
      const { request, options } = parseSpsRequest('sim_swap', submit.operation.request);
      const pei = request.imei ?? options.pei;
      const body: SpsChangeDeviceSimRequest = {
        partnerTransactionId,
        ...spsLineKey(submit.subscription),
        ...(request.sim.type === 'physical'
          ? { newIccid: request.sim.iccid }
          : { newEid: request.sim.eid, eSIMDeliveryMethod: 'QR' as const }),
        ...(pei ? { newPei: pei } : {}),
      };
      await callSps(() => client.POST('/device/change', { body, headers: brandOf(submit) }), 'change the SIM', write);
      return;
    }
    case 'change_number': {
      const { request, options } = parseSpsRequest('change_number', submit.operation.request);
      const newGpsi = request.msisdn ? msisdnToGpsi(request.msisdn) : null;
      const body: SpsChangeGpsiRequest = {
        partnerTransactionId,
        ...spsLineKey(submit.subscription),
        ...(newGpsi ? { newGpsi } : {}),
        ...(options.gpsiReservationId ? { gpsiReservationId: options.gpsiReservationId } : {}),
      };
      await callSps(
        () => client.POST('/number/change', { body, headers: brandOf(submit) }),
        'change the number',
        write,
      );
      return;
    }
    case 'change_plan': {
      const { request, options } = parseSpsRequest('change_plan', submit.operation.request);
      const body: SpsSubscriptionMacdRequest = {
        partnerTransactionId,
        ...spsLineKey(submit.subscription),
        wholesalePlanId: request.plan,
        ...(options.bucketRefId ? { bucketRefId: options.bucketRefId } : {}),
        ...(options.products ? { products: options.products } : {}),
      };
      await callSps(
        () => client.POST('/subscription/macd', { body, headers: brandOf(submit) }),
        'change the plan',
        write,
      );
      return;
    }
    case 'change_services': {
      const { request } = parseSpsRequest('change_services', submit.operation.request);
      const body: SpsSubscriptionMacdRequest = {
        partnerTransactionId,
        ...spsLineKey(submit.subscription),
        products: productsForServices(request.services),
      };
      await callSps(
        () => client.POST('/subscription/macd', { body, headers: brandOf(submit) }),
        'change the services',
        write,
      );
      return;
    }
  }
}
