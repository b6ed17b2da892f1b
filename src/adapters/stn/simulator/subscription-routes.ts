import type { Hono } from 'hono';
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
  resolveSubscription,
} from './route-helpers.js';
import { enforceRule, reject, type SimulatorContext } from './simulator-context.js';
import { findSimcardByNumber, type SubscriptionRecord } from './simulator-state.js';
import {
  canCancel,
  canCarrySubscriptionType,
  canChangeLine,
  canMoveEnvironment,
  canResume,
  canSuspend,
  canUseSim,
} from './state-rules.js';
import { stringField } from './stn-request-binding.js';
import {
  cancelNewSubscriptionDto,
  moveEnvironmentSubscriptionDto,
  newSubscriptionDto,
  resumeSubscriptionDto,
  setServicesSubscriptionDto,
  simSwapSubscriptionDto,
  suspendSubscriptionDto,
} from './stn-request-dtos.js';

/** NewSubscription, CancelNewSubscription and the POSTs that change an existing line. */
export function registerSubscriptionRoutes(app: Hono, simulator: SimulatorContext): void {
  const { state } = simulator;

  app.post('/api/NewSubscription', async (context) => {
    const dto = await readDto(context, newSubscriptionDto);
    const providerEnvironment = oneOf(dto, 'providerEnvironment', providerEnvironments, 'SP16001');
    const subscriptionType = oneOf(dto, 'subscriptionType', ['VOICEDATA', 'DATAONLY'], 'VOICEDATA');
    const accessType = oneOf(dto, 'accessType', ['INTERNETACCESS', 'MOBILEPAY'], 'INTERNETACCESS');
    const eSim = isEsimRequest(dto);
    // Documented: with eSim=true the simCardNumber is ignored.
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
    const { services, invalid } = readServices(dto.services);
    const subscription: SubscriptionRecord = {
      id: simulator.identifiers.objectId(),
      state: 'PENDING',
      providerGroup: 'KPNMOBIEL',
      isDataSim: subscriptionType === 'DATAONLY',
      isEsim: eSim,
      providerEnvironment,
      services: {},
      customerId: state.customerId,
    };
    const activation = createActivation(simulator, {
      activationType: 'ACTIVATENEW',
      providerEnvironment,
      referenceNumber: stringField(dto, 'referenceNumber'),
      subscriptionId: subscription.id,
      info: compact({
        simCardNumber,
        eSim,
        subscriptionType,
        accessType,
        customerId: state.customerId,
        stnCustomerId: stringField(dto, 'stnCustomerId') ?? state.stnCustomerId,
        wishDate: stringField(dto, 'wishDate'),
        email: esimDetails?.email,
        confirmationCode: esimDetails?.confirmationCode,
        services: dto.services === undefined ? undefined : services,
      }),
      effectiveAt: stringField(dto, 'wishDate'),
      invalidServices: invalid,
    });
    holdSimFor(simulator, activation, { eSim, sim });
    state.subscriptions.set(subscription.id, subscription);
    simulator.progress.start(activation);
    return activationResponse(context, simulator, activation);
  });

  app.post('/api/CancelNewSubscription', async (context) => {
    const dto = await readDto(context, cancelNewSubscriptionDto);
    const activation = findActivation(simulator, dto);
    if (activation.activationType !== 'ACTIVATENEW') reject(`Activation ${activation.id} is not a new subscription`);
    const rule = canCancel(activation);
    if (rule) reject(rule);
    simulator.progress.cancel(activation, stringField(dto, 'note'));
    return activationResponse(context, simulator, activation);
  });

  const lineChange = (subscription: SubscriptionRecord, dto: Record<string, unknown>) => ({
    providerEnvironment: subscription.providerEnvironment,
    referenceNumber: stringField(dto, 'referenceNumber'),
    subscriptionId: subscription.id,
    phoneNumber: subscription.phoneNumber,
  });

  app.post('/api/SuspendSubscription', async (context) => {
    const dto = await readDto(context, suspendSubscriptionDto);
    const subscription = resolveSubscription(simulator, dto);
    enforceRule(simulator, canSuspend(subscription));
    const activation = createActivation(simulator, {
      activationType: 'SUSPEND',
      ...lineChange(subscription, dto),
      // stn.md §3.6: the INIT answer of the Suspend example already carries "providerOrderNumber": "03####0/2##5".
      providerOrderNumber: simulator.identifiers.providerOrderNumber(simulator.now().getUTCFullYear()),
      info: {},
    });
    simulator.progress.start(activation);
    return activationResponse(context, simulator, activation);
  });

  app.post('/api/ResumeSubscription', async (context) => {
    const dto = await readDto(context, resumeSubscriptionDto);
    const subscription = resolveSubscription(simulator, dto);
    enforceRule(simulator, canResume(subscription));
    const activation = createActivation(simulator, {
      activationType: 'RESUME',
      ...lineChange(subscription, dto),
      info: {},
    });
    simulator.progress.start(activation);
    return activationResponse(context, simulator, activation);
  });

  app.post('/api/SimSwapSubscription', async (context) => {
    const dto = await readDto(context, simSwapSubscriptionDto);
    const subscription = resolveSubscription(simulator, dto);
    enforceRule(simulator, canChangeLine(subscription));
    const eSim = isEsimRequest(dto);
    const esimDetails = eSim ? requireEsimDetails(dto) : undefined;
    if (eSim) ensureEsimCapacity(simulator);
    const newSimCardNumber = eSim ? undefined : stringField(dto, 'newSimCardNumber');
    const sim = newSimCardNumber ? findSimcardByNumber(state, newSimCardNumber) : undefined;
    if (!eSim) {
      if (!newSimCardNumber) reject('newSimCardNumber is required when not swapping to an eSim');
      if (!sim) reject(`Simcard ${newSimCardNumber} not found`);
      enforceRule(simulator, canUseSim(sim));
    }
    const activation = createActivation(simulator, {
      activationType: 'SIMSWAP',
      ...lineChange(subscription, dto),
      info: compact({
        eSim,
        email: esimDetails?.email,
        confirmationCode: esimDetails?.confirmationCode,
        newSimCardNumber,
      }),
    });
    holdSimFor(simulator, activation, { eSim, sim });
    simulator.progress.start(activation);
    return activationResponse(context, simulator, activation);
  });

  app.post('/api/SetServicesSubscription', async (context) => {
    const dto = await readDto(context, setServicesSubscriptionDto);
    const subscription = resolveSubscription(simulator, dto);
    if (dto.services === undefined || dto.services === null) reject('services is required');
    enforceRule(simulator, canChangeLine(subscription));
    const { services, invalid } = readServices(dto.services);
    const activation = createActivation(simulator, {
      activationType: 'SETSERVICES',
      ...lineChange(subscription, dto),
      info: { services },
      invalidServices: invalid,
    });
    simulator.progress.start(activation);
    return activationResponse(context, simulator, activation);
  });

  app.post('/api/MoveEnvironmentSubscription', async (context) => {
    const dto = await readDto(context, moveEnvironmentSubscriptionDto);
    const subscription = resolveSubscription(simulator, dto);
    if (!stringField(dto, 'newProviderEnvironment')) reject('newProviderEnvironment is required');
    const target = oneOf(dto, 'newProviderEnvironment', providerEnvironments, '');
    enforceRule(simulator, canMoveEnvironment(state, subscription, target, simulator.now()));
    const activation = createActivation(simulator, {
      activationType: 'MOVEENVIRONMENT',
      ...lineChange(subscription, dto),
      info: compact({ newProviderEnvironment: target, wishDate: stringField(dto, 'wishDate') }),
      effectiveAt: stringField(dto, 'wishDate'),
    });
    simulator.progress.start(activation);
    return activationResponse(context, simulator, activation);
  });
}
