import type { Hono } from 'hono';
import { normaliseStnPhoneNumber } from '../stn-phone-number.js';
import {
  activationResponse,
  compact,
  createActivation,
  ensureEsimCapacity,
  findActivation,
  holdSimFor,
  isEsimRequest,
  oneOf,
  providerEnvironments,
  readDto,
  readServices,
  requireEsimDetails,
  requireFields,
  resolveSubscription,
} from './route-helpers.js';
import { enforceRule, reject, type SimulatorContext } from './simulator-context.js';
import { type ActivationType, findSimcardByNumber, type SubscriptionRecord } from './simulator-state.js';
import { canCancel, canCarrySubscriptionType, canChangeLine, canPortIn, canUseSim } from './state-rules.js';
import type { DtoDescriptor } from './stn-request-binding.js';
import { stringField } from './stn-request-binding.js';
import {
  cancelInPortSubscriptionDto,
  cancelPortingOutSubscriptionDto,
  cancelTerminateSubscriptionDto,
  changeInPortSubscriptionDto,
  inPortSubscriptionDto,
  portingOutSubscriptionDto,
  terminateSubscriptionDto,
} from './stn-request-dtos.js';

/** InPort, ChangeInPort, CancelInPort, PortingOut, CancelPortingOut, Terminate, CancelTerminate. */
export function registerPortingAndTerminationRoutes(app: Hono, simulator: SimulatorContext): void {
  const { state } = simulator;

  app.post('/api/InPortSubscription', async (context) => {
    const dto = await readDto(context, inPortSubscriptionDto);
    requireFields(dto, ['phoneNumber', 'donorCustomerNumber']);
    const isdn = normaliseStnPhoneNumber(stringField(dto, 'phoneNumber') ?? '');
    if (!isdn) reject(`'${stringField(dto, 'phoneNumber')}' is not a valid Dutch mobile phone number`);
    const providerEnvironment = oneOf(dto, 'providerEnvironment', providerEnvironments, 'SP16001');
    const subscriptionType = oneOf(dto, 'subscriptionType', ['VOICEDATA', 'DATAONLY'], 'VOICEDATA');
    const accessType = oneOf(dto, 'accessType', ['INTERNETACCESS', 'MOBILEPAY'], 'INTERNETACCESS');
    const eSim = isEsimRequest(dto);
    const esimDetails = eSim ? requireEsimDetails(dto) : undefined;
    if (eSim) ensureEsimCapacity(simulator);
    const simCardNumber = eSim ? undefined : stringField(dto, 'simCardNumber');
    const sim = simCardNumber ? findSimcardByNumber(state, simCardNumber) : undefined;
    if (!eSim) {
      if (!simCardNumber) reject('simCardNumber is required when not activating an eSim');
      if (!sim) reject(`Simcard ${simCardNumber} not found`);
      enforceRule(simulator, canUseSim(sim));
      enforceRule(simulator, canCarrySubscriptionType(sim, subscriptionType));
    }
    enforceRule(simulator, canPortIn(state, isdn));
    const { services, invalid } = readServices(dto.services);
    const subscription: SubscriptionRecord = {
      id: simulator.identifiers.objectId(),
      state: 'PENDING',
      phoneNumber: isdn,
      providerGroup: 'KPNMOBIEL',
      isDataSim: subscriptionType === 'DATAONLY',
      isEsim: eSim,
      providerEnvironment,
      services: {},
      customerId: state.customerId,
    };
    const activation = createActivation(simulator, {
      activationType: 'INPORT',
      providerEnvironment,
      referenceNumber: stringField(dto, 'referenceNumber'),
      subscriptionId: subscription.id,
      phoneNumber: isdn,
      info: compact({
        isdn,
        simCardNumber,
        eSim,
        subscriptionType,
        accessType,
        portingStatus: 'INIT',
        email: esimDetails?.email,
        confirmationCode: esimDetails?.confirmationCode,
        stnCustomerId: stringField(dto, 'stnCustomerId') ?? state.stnCustomerId,
        portingWishDate: stringField(dto, 'portingWishDate'),
        donorCustomerNumber: stringField(dto, 'donorCustomerNumber'),
        donorCustomerName: stringField(dto, 'donorCustomerName'),
        note: stringField(dto, 'note'),
        services: dto.services === undefined ? undefined : services,
      }),
      effectiveAt: stringField(dto, 'portingWishDate'),
      invalidServices: invalid,
    });
    holdSimFor(simulator, activation, { eSim, sim });
    state.subscriptions.set(subscription.id, subscription);
    simulator.progress.start(activation);
    return activationResponse(context, simulator, activation);
  });

  app.post('/api/ChangeInPortSubscription', async (context) => {
    const dto = await readDto(context, changeInPortSubscriptionDto);
    const activation = findActivation(simulator, dto);
    if (activation.activationType !== 'INPORT') reject(`Activation ${activation.id} is not an inport`);
    const rule = canCancel(activation);
    if (rule) reject(rule);
    const donorCustomerNumber = stringField(dto, 'donorCustomerNumber');
    const portingWishDate = stringField(dto, 'portingWishDate');
    if (!donorCustomerNumber && !portingWishDate) reject('donorCustomerNumber or portingWishDate is required');
    if (donorCustomerNumber) activation.info.donorCustomerNumber = donorCustomerNumber;
    if (portingWishDate) {
      activation.info.portingWishDate = portingWishDate;
      activation.effectiveAt = new Date(portingWishDate);
    }
    activation.modifiedAt = simulator.now();
    simulator.progress.replan(activation);
    return activationResponse(context, simulator, activation);
  });

  const cancelRoute = (
    path: string,
    descriptor: DtoDescriptor,
    type: ActivationType,
    beforeCancel?: (info: Record<string, unknown>) => void,
  ) =>
    app.post(path, async (context) => {
      const dto = await readDto(context, descriptor);
      const activation = findActivation(simulator, dto);
      if (activation.activationType !== type) reject(`Activation ${activation.id} is not of type ${type}`);
      const rule = canCancel(activation);
      if (rule) reject(rule);
      beforeCancel?.(activation.info);
      simulator.progress.cancel(activation, stringField(dto, 'note'));
      return activationResponse(context, simulator, activation);
    });

  cancelRoute('/api/CancelInPortSubscription', cancelInPortSubscriptionDto, 'INPORT', (info) => {
    // Documented: rejected while the porting status is still INIT (the wording is ours).
    if (info.portingStatus === 'INIT') reject('The inport cannot be cancelled while its portingStatus is INIT');
  });
  cancelRoute('/api/CancelPortingOutSubscription', cancelPortingOutSubscriptionDto, 'OUTPORT');
  cancelRoute('/api/CancelTerminateSubscription', cancelTerminateSubscriptionDto, 'TERMINATE');

  const datedLineChange = (path: string, descriptor: DtoDescriptor, type: ActivationType) =>
    app.post(path, async (context) => {
      const dto = await readDto(context, descriptor);
      const subscription = resolveSubscription(simulator, dto);
      enforceRule(simulator, canChangeLine(subscription));
      const wishDate = stringField(dto, 'wishDate');
      const activation = createActivation(simulator, {
        activationType: type,
        providerEnvironment: subscription.providerEnvironment,
        referenceNumber: stringField(dto, 'referenceNumber'),
        subscriptionId: subscription.id,
        phoneNumber: subscription.phoneNumber,
        info: compact({ wishDate }),
        effectiveAt: wishDate,
      });
      simulator.progress.start(activation);
      return activationResponse(context, simulator, activation);
    });

  datedLineChange('/api/PortingOutSubscription', portingOutSubscriptionDto, 'OUTPORT');
  datedLineChange('/api/TerminateSubscription', terminateSubscriptionDto, 'TERMINATE');
}
