import {
  type ActivateRequest,
  type OperationKind,
  type OperationRequest,
  operationRequestSchemas,
  type PortInRequest,
  type SubmitRequest,
  UnsupportedByCarrierError,
  ValidationError,
} from '../../core/index.js';
import type { components, paths } from './generated/stn-api.js';
import { stnOptionsOf } from './stn-carrier-options.js';
import type { StnConnectionConfig } from './stn-connection-config.js';
import { e164ToStnPhoneNumber } from './stn-phone-number.js';
import { toStnServices } from './stn-services-mapping.js';

/**
 * A canonical operation → the sTN POST that carries it out. Our correlation id travels as `referenceNumber` on
 * every request that has one, so `findSubmission` can ask sTN whether a request arrived. Cancellations and
 * port-in changes name the activation they act on (`target.carrierReference`) and have no referenceNumber.
 */
type Schemas = components['schemas'];
type PostPath = {
  [P in keyof paths]: paths[P] extends { post: { requestBody: { content: { 'application/json': unknown } } } }
    ? P
    : never;
}[keyof paths];
type PostBody<P extends PostPath> = NonNullable<paths[P]['post']>['requestBody']['content']['application/json'];

export type StnPostRequest = { [P in PostPath]: { path: P; operation: string; body: PostBody<P> } }[PostPath];

function post<P extends PostPath>(path: P, body: PostBody<P>): StnPostRequest {
  return { path, operation: path.slice('/api/'.length), body } as StnPostRequest;
}

function lineReference(request: SubmitRequest): Schemas['SubscriptionReference'] {
  const { carrierSubscriptionId, msisdn } = request.subscription;
  if (carrierSubscriptionId) return { subscriptionId: carrierSubscriptionId };
  if (msisdn) return { phoneNumber: e164ToStnPhoneNumber(msisdn) };
  throw new ValidationError('The line has neither an sTN subscription id nor a phone number yet.', [
    { pointer: '/subscription', detail: 'sTN identifies a line by subscriptionId or phoneNumber' },
  ]);
}

function targetActivationId(request: SubmitRequest): string {
  const reference = request.target?.carrierReference;
  if (!reference) {
    throw new ValidationError('The operation to act on has no sTN activation id yet.', [
      { pointer: '/target', detail: 'sTN needs the activation id of the request to cancel or change' },
    ]);
  }
  return reference;
}

function when(requested: string | undefined, scheduledFor: string | null): { wishDate?: string } {
  const moment = requested ?? scheduledFor ?? undefined;
  return moment ? { wishDate: moment } : {};
}

/** SIM, plan, services and carrier options: shared by NewSubscription and InPortSubscription. */
function lineSetup(request: ActivateRequest | PortInRequest, config: StnConnectionConfig) {
  const options = stnOptionsOf(request as Record<string, unknown>);
  const stnCustomerId = options.stnCustomerId ?? config.stnCustomerId;
  // A connection that stands for one environment puts its new lines there unless the request names a plan.
  const environment = request.plan ?? config.providerEnvironment;
  const sim =
    request.sim.type === 'physical'
      ? { eSim: false, simCardNumber: request.sim.iccid }
      : {
          eSim: true,
          ...(request.sim.deliveryEmail ? { email: request.sim.deliveryEmail } : {}),
          ...(request.sim.confirmationCode ? { confirmationCode: request.sim.confirmationCode } : {}),
        };
  return {
    ...sim,
    ...(environment ? { providerEnvironment: environment as Schemas['ProviderEnvironment'] } : {}),
    ...(options.subscriptionType ? { subscriptionType: options.subscriptionType } : {}),
    ...(options.accessType ? { accessType: options.accessType } : {}),
    ...(stnCustomerId ? { stnCustomerId } : {}),
    ...(request.services ? { services: toStnServices(request.services) as Schemas['Services'] } : {}),
  };
}

function parse<K extends OperationKind>(kind: K, request: Record<string, unknown>): OperationRequest<K> {
  return operationRequestSchemas[kind].parse(request) as OperationRequest<K>;
}

export function buildStnRequest(request: SubmitRequest, config: StnConnectionConfig): StnPostRequest {
  const { kind, correlationId, scheduledFor } = request.operation;
  const raw = request.operation.request;
  const referenceNumber = correlationId;
  switch (kind) {
    case 'activate': {
      const canonical = parse('activate', raw);
      return post('/api/NewSubscription', {
        referenceNumber,
        ...when(canonical.activateAt, scheduledFor),
        ...lineSetup(canonical, config),
      });
    }
    case 'port_in': {
      const canonical = parse('port_in', raw);
      const options = stnOptionsOf(raw);
      const portIn = canonical.portIn;
      const donorCustomerName = portIn.donorAccountName ?? options.donorCustomerName;
      const portingWishDate = portIn.portAt ?? scheduledFor ?? undefined;
      return post('/api/InPortSubscription', {
        phoneNumber: e164ToStnPhoneNumber(portIn.msisdn),
        donorCustomerNumber: portIn.donorAccountNumber ?? '',
        ...(donorCustomerName ? { donorCustomerName } : {}),
        ...(portingWishDate ? { portingWishDate } : {}),
        ...(portIn.note ? { note: portIn.note } : {}),
        referenceNumber,
        ...lineSetup(canonical, config),
      });
    }
    case 'change_port_in': {
      const canonical = parse('change_port_in', raw);
      return post('/api/ChangeInPortSubscription', {
        activationId: targetActivationId(request),
        ...(canonical.donorAccountNumber ? { donorCustomerNumber: canonical.donorAccountNumber } : {}),
        ...(canonical.portAt ? { portingWishDate: canonical.portAt } : {}),
      });
    }
    case 'suspend':
      return post('/api/SuspendSubscription', { ...lineReference(request), referenceNumber });
    case 'resume':
      return post('/api/ResumeSubscription', { ...lineReference(request), referenceNumber });
    case 'cease': {
      const canonical = parse('cease', raw);
      return post('/api/TerminateSubscription', {
        ...lineReference(request),
        referenceNumber,
        ...when(canonical.ceaseAt, scheduledFor),
      });
    }
    case 'sim_swap': {
      const canonical = parse('sim_swap', raw);
      const sim =
        canonical.sim.type === 'physical'
          ? { eSim: false, newSimCardNumber: canonical.sim.iccid }
          : {
              eSim: true,
              ...(canonical.sim.deliveryEmail ? { email: canonical.sim.deliveryEmail } : {}),
              ...(canonical.sim.confirmationCode ? { confirmationCode: canonical.sim.confirmationCode } : {}),
            };
      return post('/api/SimSwapSubscription', { ...lineReference(request), referenceNumber, ...sim });
    }
    case 'change_services': {
      const canonical = parse('change_services', raw);
      return post('/api/SetServicesSubscription', {
        ...lineReference(request),
        referenceNumber,
        services: toStnServices(canonical.services) as Schemas['Services'],
      });
    }
    case 'change_plan': {
      const canonical = parse('change_plan', raw);
      return post('/api/MoveEnvironmentSubscription', {
        ...lineReference(request),
        referenceNumber,
        newProviderEnvironment: canonical.plan as Schemas['ProviderEnvironment'],
        ...when(canonical.effectiveAt, scheduledFor),
      });
    }
    case 'port_out': {
      const canonical = parse('port_out', raw);
      return post('/api/PortingOutSubscription', {
        ...lineReference(request),
        referenceNumber,
        ...when(canonical.portAt, scheduledFor),
      });
    }
    case 'cancel_activation':
    case 'cancel_port_in':
    case 'cancel_port_out':
    case 'cancel_cease': {
      const canonical = parse(kind, raw);
      const path = {
        cancel_activation: '/api/CancelNewSubscription',
        cancel_port_in: '/api/CancelInPortSubscription',
        cancel_port_out: '/api/CancelPortingOutSubscription',
        cancel_cease: '/api/CancelTerminateSubscription',
      } as const;
      return post(path[kind], {
        activationId: targetActivationId(request),
        ...(canonical.note ? { note: canonical.note } : {}),
      });
    }
    case 'reactivate':
    case 'change_number':
    // sTN's carrier actions are all reads (stn-carrier-actions.ts); none is submitted as an operation.
    case 'carrier_action':
    // A migration is the gateway's own parent operation; its steps reach the carrier, never the parent itself.
    case 'migrate':
    case 'migrate_bulk':
      throw new UnsupportedByCarrierError('stn', `sTN has no operation for ${kind}.`);
  }
}
