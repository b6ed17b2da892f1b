import { findCarrierAction, parseCarrierActionInput } from '../carrier-actions.js';
import { checkCapabilities } from '../carriers/capability-check.js';
import type { CarrierDirectory, ResolvedCarrier } from '../carriers/carrier-directory.js';
import { GatewayError, NotFoundError, StateConflictError, ValidationError } from '../errors.js';
import { subscriptionEventType } from '../events/event-types.js';
import { type EventDraft, recordEvents } from '../events/record-events.js';
import type { IdGenerator } from '../ids.js';
import { isTargetingKind, type OperationKind, targetingKinds } from '../operation.js';
import { operationRequestSchemas } from '../operation-requests.js';
import type { Clock, StoredOperation, StoredSubscription, StoreScope } from '../ports.js';
import { chooseConnection, type RoutingDecision } from '../routing/routing-rules.js';
import type { SubscriptionStatus } from '../subscription.js';
import { decideTransition } from '../subscription-state-machine.js';
import { parseOrThrow } from '../validation.js';
import { toOperationView, toSubscriptionView } from '../views.js';

export interface OperationServiceDependencies {
  /** The Store, or a transaction's scope: then the request's checks and writes happen inside that transaction. */
  store: StoreScope;
  carriers: CarrierDirectory;
  clock: Clock;
  ids: IdGenerator;
}

export interface RequestOperationInput {
  tenantId: string;
  kind: OperationKind;
  /** The request body as received; validated here against the kind's canonical schema. */
  body: unknown;
  /** The line acted on (absent for activate and port_in). */
  subscriptionId?: string;
  /** The operation acted on (cancellations, port-in changes). */
  targetOperationId?: string;
  idempotencyKey?: string | null;
}

export interface RequestOperationResult {
  operation: StoredOperation;
  subscription: StoredSubscription;
  connectionName: string;
}

const creatingStatus: Partial<Record<OperationKind, SubscriptionStatus>> = {
  activate: 'pending',
  port_in: 'porting_in',
};

/** When the carrier should act: the request's date for that kind, if any. */
function scheduledMoment(kind: OperationKind, request: Record<string, unknown>): Date | null {
  const portIn = request.portIn as { portAt?: string } | undefined;
  const value =
    (kind === 'activate' && request.activateAt) ||
    (kind === 'port_in' && portIn?.portAt) ||
    (kind === 'cease' && request.ceaseAt) ||
    (kind === 'change_plan' && request.effectiveAt) ||
    ((kind === 'port_out' || kind === 'change_port_in') && request.portAt) ||
    null;
  return typeof value === 'string' ? new Date(value) : null;
}

/**
 * Every canonical action goes through here: validate the request, find the carrier, check its capabilities and
 * the state machine, then store the operation (pending) and the subscription change in one transaction. Nothing
 * is sent to a carrier here — the engine does that — and a refused request stores nothing.
 */
export async function requestOperation(
  dependencies: OperationServiceDependencies,
  input: RequestOperationInput,
): Promise<RequestOperationResult> {
  const request = parseOrThrow(operationRequestSchemas[input.kind], input.body ?? {}, 'Invalid request body') as Record<
    string,
    unknown
  >;
  const startStatus = creatingStatus[input.kind];
  if (startStatus) return createLine(dependencies, input, request, startStatus);
  return actOnLine(dependencies, input, request);
}

function newOperation(
  dependencies: OperationServiceDependencies,
  options: {
    input: RequestOperationInput;
    request: Record<string, unknown>;
    subscriptionId: string;
    carrier: ResolvedCarrier;
    warnings: string[];
    targetOperationId: string | null;
    now: Date;
  },
): StoredOperation {
  const { input, request, now } = options;
  return {
    id: dependencies.ids.newId('op'),
    tenantId: input.tenantId,
    subscriptionId: options.subscriptionId,
    carrierConnectionId: options.carrier.connection.id,
    carrier: options.carrier.plugin.id,
    kind: input.kind,
    status: 'pending',
    correlationId: dependencies.ids.newCorrelationId(),
    targetOperationId: options.targetOperationId,
    request,
    carrierReference: null,
    carrierStatus: null,
    result: null,
    error: null,
    warnings: options.warnings,
    attempts: 0,
    nextAttemptAt: now,
    scheduledFor: scheduledMoment(input.kind, request),
    idempotencyKey: input.idempotencyKey ?? null,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    leaseExpiresAt: null,
    leaseOwner: null,
    consecutiveFailures: 0,
    submittedAt: null,
    version: 0,
  };
}

/** The connection a creating request names: `connection`, or its deprecated name `carrier`; both must agree. */
function connectionNamed(request: Record<string, unknown>): string | undefined {
  const { connection, carrier } = request as { connection?: string; carrier?: string };
  if (connection !== undefined && carrier !== undefined && connection !== carrier) {
    throw new ValidationError('`connection` and its deprecated name `carrier` name different connections.', [
      { pointer: '/connection', detail: `"${connection}" here, "${carrier}" in /carrier; send only connection` },
    ]);
  }
  return connection ?? carrier;
}

async function createLine(
  dependencies: OperationServiceDependencies,
  input: RequestOperationInput,
  request: Record<string, unknown>,
  startStatus: SubscriptionStatus,
): Promise<RequestOperationResult> {
  const routedBy = await routeNewLine(dependencies, input, request);
  const carrier = await dependencies.carriers
    .resolve(input.tenantId, routedBy.by === 'default' ? undefined : routedBy.connection)
    .catch((error: unknown) => {
      // The directory points at /carrier; a request that said `connection` is told about `connection`.
      if (request.connection === undefined || !ValidationError.isInstance(error)) throw error;
      throw new ValidationError(
        error.message,
        (error.errors ?? []).map((item) => (item.pointer === '/carrier' ? { ...item, pointer: '/connection' } : item)),
      );
    });
  checkCapabilities({
    carrierId: carrier.plugin.id,
    capabilities: carrier.adapter.capabilities,
    kind: input.kind,
    request,
  });
  const { warnings } = carrier.adapter.validate(input.kind, request);
  const now = dependencies.clock.now();
  const sim = request.sim as { type: 'physical'; iccid: string } | { type: 'esim'; eid?: string };
  const portIn = request.portIn as { msisdn: string } | undefined;
  const subscription: StoredSubscription = {
    id: dependencies.ids.newId('sub'),
    tenantId: input.tenantId,
    carrierConnectionId: carrier.connection.id,
    carrier: carrier.plugin.id,
    carrierSubscriptionId: null,
    msisdn: portIn?.msisdn ?? null,
    iccid: sim.type === 'physical' ? sim.iccid : null,
    esim: sim.type === 'esim',
    eid: sim.type === 'esim' ? (sim.eid ?? null) : null,
    imei: (request.imei as string | undefined) ?? null,
    plan: (request.plan as string | undefined) ?? null,
    services: (request.services as StoredSubscription['services'] | undefined) ?? {},
    status: startStatus,
    version: 1,
    carrierData: { routedBy },
    externalReference: (request.externalReference as string | undefined) ?? null,
    createdAt: now,
    updatedAt: now,
  };
  const operation = newOperation(dependencies, {
    input,
    request,
    subscriptionId: subscription.id,
    carrier,
    warnings,
    targetOperationId: null,
    now,
  });
  await dependencies.store.transaction(async (repositories) => {
    await repositories.subscriptions.insert(subscription);
    await repositories.operations.insert(operation);
    await recordEvents(repositories, {
      tenantId: input.tenantId,
      ids: dependencies.ids,
      now,
      drafts: [
        {
          type: 'subscription.created',
          subscriptionId: subscription.id,
          operationId: operation.id,
          data: { subscription: toSubscriptionView(subscription, carrier.connection.name) },
        },
        {
          type: 'operation.created',
          subscriptionId: subscription.id,
          operationId: operation.id,
          data: { operation: toOperationView(operation) },
        },
      ],
    });
  });
  return { operation, subscription, connectionName: carrier.connection.name };
}

/** Which connection a new line goes to: the one the request names, else the first routing rule that matches. */
async function routeNewLine(
  dependencies: OperationServiceDependencies,
  input: RequestOperationInput,
  request: Record<string, unknown>,
): Promise<RoutingDecision> {
  const named = connectionNamed(request);
  const rules = named ? [] : ((await dependencies.store.routingRules.get(input.tenantId))?.rules ?? []);
  return chooseConnection(rules, {
    kind: input.kind as 'activate' | 'port_in',
    sim: request.sim as { type: 'physical' | 'esim' },
    ...(named ? { carrier: named } : {}),
    ...(typeof request.plan === 'string' ? { plan: request.plan } : {}),
    ...(typeof request.routing === 'string' ? { routing: request.routing } : {}),
    ...(request.portIn ? { portIn: request.portIn as { msisdn: string } } : {}),
  });
}

/** The operation a cancellation or port-in change acts on, checked to be open and of the right kind. */
async function findTarget(
  dependencies: OperationServiceDependencies,
  input: RequestOperationInput,
): Promise<StoredOperation | null> {
  if (!isTargetingKind(input.kind)) return null;
  if (!input.targetOperationId) throw new GatewayError('internal', `${input.kind} needs a target operation`);
  const target = await dependencies.store.operations.get(input.tenantId, input.targetOperationId);
  if (!target) throw new NotFoundError('Operation', input.targetOperationId);
  const expectedKinds: readonly OperationKind[] = targetingKinds[input.kind];
  if (!expectedKinds.includes(target.kind)) {
    throw new StateConflictError(
      `Operation ${target.id} is a ${target.kind.replaceAll('_', ' ')}; it cannot be ${input.kind === 'change_port_in' ? 'changed' : 'cancelled'}.`,
    );
  }
  if (target.status === 'pending') {
    throw new StateConflictError(
      `Operation ${target.id} has not reached the carrier yet; try again in a moment, once its status is submitted.`,
    );
  }
  if (target.status !== 'submitted') {
    throw new StateConflictError(
      `Operation ${target.id} has already ${target.status === 'succeeded' ? 'succeeded' : target.status === 'failed' ? 'failed' : 'been cancelled'}.`,
    );
  }
  if (input.kind === 'cancel_cease') {
    const now = dependencies.clock.now();
    if (!target.scheduledFor || target.scheduledFor <= now) {
      throw new StateConflictError(
        `Operation ${target.id} is not a cease scheduled for the future; only those can be cancelled.`,
      );
    }
  }
  return target;
}

/** An open operation blocks others on the same line, except a cease scheduled for later (the line lives until then). */
function blocksOthers(operation: StoredOperation, now: Date): boolean {
  return !(operation.kind === 'cease' && operation.scheduledFor !== null && operation.scheduledFor > now);
}

/**
 * A carrier action that changes the line must be one of the carrier's write actions, with an input its own schema
 * accepts (pointers name the fields of the HTTP body, which is the input). The parsed input is what is stored.
 */
function checkCarrierActionRequest(carrier: ResolvedCarrier, request: Record<string, unknown>): void {
  const spec = findCarrierAction(carrier.plugin.id, carrier.adapter.carrierActions, String(request.action));
  if (spec.effect !== 'write') {
    throw new GatewayError('internal', `Carrier action ${spec.name} is a read; it is not run as an operation`);
  }
  request.input = parseCarrierActionInput(spec, request.input);
}

async function actOnLine(
  dependencies: OperationServiceDependencies,
  input: RequestOperationInput,
  request: Record<string, unknown>,
): Promise<RequestOperationResult> {
  const target = await findTarget(dependencies, input);
  const subscriptionId = target?.subscriptionId ?? input.subscriptionId;
  if (!subscriptionId) throw new GatewayError('internal', `${input.kind} needs a subscription`);
  // The line and its connection in one round trip (a mutation's latency is its count of round trips).
  const found = await dependencies.store.subscriptions.getWithConnection(input.tenantId, subscriptionId);
  if (!found) throw new NotFoundError('Subscription', subscriptionId);
  const { subscription } = found;

  const decision = decideTransition(subscription.status, input.kind);
  if (!decision.allowed) throw new StateConflictError(decision.reason);
  const carrier = found.connection
    ? dependencies.carriers.forConnection(found.connection)
    : await dependencies.carriers.byConnectionId(subscription.carrierConnectionId);
  checkCapabilities({
    carrierId: carrier.plugin.id,
    capabilities: carrier.adapter.capabilities,
    kind: input.kind,
    request,
    status: subscription.status,
  });
  const now = dependencies.clock.now();
  const open = await dependencies.store.operations.listOpen(subscription.id);
  const blocking = open.find((operation) => operation.id !== target?.id && blocksOthers(operation, now));
  if (blocking) {
    throw new StateConflictError(
      `Operation ${blocking.id} (${blocking.kind.replaceAll('_', ' ')}) is still in progress on this subscription; wait for it to finish${isTargetingKind(input.kind) ? '' : ' or cancel it'}.`,
    );
  }
  if (input.kind === 'cease' && open.some((operation) => operation.kind === 'cease')) {
    throw new StateConflictError(
      'A cease is already scheduled for this subscription; cancel it first to change its date.',
    );
  }
  if (input.kind === 'carrier_action') checkCarrierActionRequest(carrier, request);
  const { warnings } = carrier.adapter.validate(input.kind, request);

  const operation = newOperation(dependencies, {
    input,
    request,
    subscriptionId: subscription.id,
    carrier,
    warnings,
    targetOperationId: target?.id ?? null,
    now,
  });
  // Bumping the version even when the status stays is what stops two racing requests from both passing the checks.
  const updated: StoredSubscription = {
    ...subscription,
    status: decision.transition.whilePending,
    version: subscription.version + 1,
    updatedAt: now,
  };
  await dependencies.store.transaction(async (repositories) => {
    const written = await repositories.subscriptions.update(updated);
    if (!written) {
      throw new StateConflictError('The subscription changed while this request was being checked; send it again.');
    }
    await repositories.operations.insert(operation);
    const drafts: EventDraft[] = [
      {
        type: 'operation.created',
        subscriptionId: subscription.id,
        operationId: operation.id,
        data: { operation: toOperationView(operation) },
      },
    ];
    if (updated.status !== subscription.status) {
      drafts.push({
        type: subscriptionEventType(subscription.status, updated.status, input.kind),
        subscriptionId: subscription.id,
        operationId: operation.id,
        data: { subscription: toSubscriptionView(updated, carrier.connection.name) },
      });
    }
    await recordEvents(repositories, { tenantId: input.tenantId, ids: dependencies.ids, now, drafts });
  });
  return { operation, subscription: updated, connectionName: carrier.connection.name };
}
