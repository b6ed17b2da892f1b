import type { SameAccountMoveV1 } from '../adapter.js';
import { checkCapabilities } from '../carriers/capability-check.js';
import type { ResolvedCarrier } from '../carriers/carrier-directory.js';
import { missingPortInFields, servesNumber } from '../carriers/coverage-check.js';
import {
  type GatewayError,
  NotFoundError,
  StateConflictError,
  toGatewayError,
  UnsupportedByCarrierError,
  ValidationError,
} from '../errors.js';
import { type MigrateRequest, migrateRequestSchema, portInRequestSchema } from '../operation-requests.js';
import type { StoredSubscription } from '../ports.js';
import type { Problem } from '../problem.js';
import type { CanonicalServices } from '../services-catalogue.js';
import { decideTransition } from '../subscription-state-machine.js';
import type { OperationServiceDependencies } from '../use-cases/request-operation.js';
import { parseOrThrow } from '../validation.js';
import { describeMove, describeStep, type MigrationSourceLine } from './migration-state.js';

/** Everything a migration would do, found without sending anything: what a dry run answers, and what a run uses. */
export interface MigrationPlan {
  request: MigrateRequest;
  subscription: StoredSubscription;
  source: ResolvedCarrier;
  target: ResolvedCarrier;
  sourceLine: MigrationSourceLine;
  /** The canonical port-in request of the first step, at the target. */
  portInRequest: Record<string, unknown>;
  /** Set when source and target are one carrier account's two connections: one move at the source instead. */
  move: SameAccountMoveV1 | null;
  servicesCarried: CanonicalServices;
  servicesLost: string[];
  warnings: string[];
  /** What stops it; empty when it may run. */
  errors: GatewayError[];
}

/**
 * Check a migration of a line to another connection: the line's state, the target's capabilities (port-in, eSIM),
 * coverage (can it hold this number?), the port-in details it needs, what the source must do (cease), and which
 * services and plan survive the move through the canonical catalogue. Throws only for what makes a plan impossible
 * (bad body, unknown line or connection); everything else is collected in `errors`, so a dry run lists it all.
 */
export async function planMigration(
  dependencies: OperationServiceDependencies,
  input: { tenantId: string; subscriptionId: string; body: unknown },
): Promise<MigrationPlan> {
  const request = parseOrThrow(migrateRequestSchema, input.body ?? {}, 'Invalid request body');
  const subscription = await dependencies.store.subscriptions.get(input.tenantId, input.subscriptionId);
  if (!subscription) throw new NotFoundError('Subscription', input.subscriptionId);
  const source = await dependencies.carriers.byConnectionId(subscription.carrierConnectionId);
  const target = await dependencies.carriers.resolve(input.tenantId, request.targetConnection);
  if (target.connection.id === source.connection.id) {
    throw new ValidationError(`The line is already at "${target.connection.name}".`, [
      { pointer: '/targetConnection', detail: 'name another connection than the one the line is at' },
    ]);
  }
  const errors: GatewayError[] = [];
  const warnings: string[] = [];
  const move = dependencies.carriers.sameAccountMove(source, target);

  const decision = decideTransition(subscription.status, 'migrate');
  if (!decision.allowed) errors.push(new StateConflictError(decision.reason));
  const open = await dependencies.store.operations.listOpen(subscription.id);
  if (open[0]) {
    errors.push(
      new StateConflictError(
        `Operation ${open[0].id} (${open[0].kind.replaceAll('_', ' ')}) is still in progress on this line; wait for it to finish.`,
      ),
    );
  }
  const msisdn = subscription.msisdn;
  if (!msisdn) errors.push(new StateConflictError('The line has no number yet; only a line with a number can move.'));
  const coverage = target.adapter.capabilities.coverage;
  if (msisdn && !servesNumber(coverage, msisdn)) {
    errors.push(
      new UnsupportedByCarrierError(
        target.plugin.id,
        `"${target.connection.name}" (${target.plugin.id}) serves ${coverage?.countries.join(', ')} numbers starting ${coverage?.numberPrefixes.join(', ')}; ${msisdn} cannot move there.`,
        [{ pointer: '/targetConnection', detail: `does not serve ${msisdn}` }],
      ),
    );
  }
  if (move) {
    return planMove({ request, subscription, source, target, move, errors, warnings });
  }
  if (!request.sim) {
    errors.push(
      new ValidationError(`A move to "${target.connection.name}" is a port-in there: name the SIM the line uses.`, [
        { pointer: '/sim', detail: `required: the SIM at ${target.connection.name}` },
      ]),
    );
  }
  const missing = missingPortInFields(coverage, request.portIn);
  if (missing.length > 0) {
    errors.push(
      new ValidationError(
        `"${target.connection.name}" needs ${missing.map((field) => `portIn.${field}`).join(', ')} to port the number in.`,
        missing.map((field) => ({ pointer: `/portIn/${field}`, detail: `required by ${target.plugin.id}` })),
      ),
    );
  }
  const collect = (work: () => void) => {
    try {
      work();
    } catch (error) {
      errors.push(toGatewayError(error));
    }
  };
  collect(() =>
    checkCapabilities({
      carrierId: source.plugin.id,
      capabilities: source.adapter.capabilities,
      kind: 'cease',
      request: {},
      status: 'active',
    }),
  );

  // Services through the canonical catalogue: what the target can set travels, the rest is named as lost.
  const servicesCarried: CanonicalServices = {};
  const servicesLost: string[] = [];
  for (const [name, value] of Object.entries(subscription.services)) {
    if ((target.adapter.capabilities.services as readonly string[]).includes(name)) {
      (servicesCarried as Record<string, unknown>)[name] = value;
    } else {
      servicesLost.push(name);
    }
  }
  if (servicesLost.length > 0) {
    warnings.push(`${target.connection.name} cannot set ${servicesLost.join(', ')}: the line loses them in the move.`);
  }
  const targetPlans = target.adapter.capabilities.plans.values;
  const plan =
    request.plan ??
    (subscription.plan &&
    (!targetPlans || targetPlans.includes(subscription.plan)) &&
    source.plugin.id === target.plugin.id
      ? subscription.plan
      : undefined);
  if (subscription.plan && !request.plan && plan === undefined) {
    warnings.push(
      `The plan ${subscription.plan} means nothing at ${target.connection.name} (${target.adapter.capabilities.plans.meaning}); its default plan applies unless you name one in plan.`,
    );
  }
  const portInRequest: Record<string, unknown> = {
    sim: request.sim,
    portIn: { ...(request.portIn ?? {}), msisdn: msisdn ?? '+10000000' },
    ...(plan ? { plan } : {}),
    ...(Object.keys(servicesCarried).length > 0 ? { services: servicesCarried } : {}),
    ...(request.carrierOptions ? { carrierOptions: request.carrierOptions } : {}),
    ...(request.externalReference ? { externalReference: request.externalReference } : {}),
  };
  collect(() => {
    parseOrThrow(portInRequestSchema, portInRequest, 'Invalid port-in at the target');
    checkCapabilities({
      carrierId: target.plugin.id,
      capabilities: target.adapter.capabilities,
      kind: 'port_in',
      request: portInRequest,
    });
    warnings.push(...target.adapter.validate('port_in', portInRequest).warnings);
  });

  return {
    request,
    subscription,
    source,
    target,
    move: null,
    sourceLine: sourceLineOf(subscription, source),
    portInRequest,
    servicesCarried,
    servicesLost,
    warnings,
    errors,
  };
}

function sourceLineOf(subscription: StoredSubscription, source: ResolvedCarrier): MigrationSourceLine {
  return {
    connectionId: source.connection.id,
    connectionName: source.connection.name,
    carrier: source.plugin.id,
    carrierSubscriptionId: subscription.carrierSubscriptionId,
    iccid: subscription.iccid,
    esim: subscription.esim,
    eid: subscription.eid,
    imei: subscription.imei,
    plan: subscription.plan,
    services: subscription.services,
    carrierData: subscription.carrierData,
  };
}

/**
 * The plan of a move within one carrier account: the line stays the same line at the carrier (SIM, number, services),
 * so the checks are the source's: can it change the plan to the target's, and was the request meant for a move
 * (no other SIM, no other plan; port-in details are not needed and refused as a sign of a mix-up).
 */
function planMove(options: {
  request: MigrateRequest;
  subscription: StoredSubscription;
  source: ResolvedCarrier;
  target: ResolvedCarrier;
  move: SameAccountMoveV1;
  errors: GatewayError[];
  warnings: string[];
}): MigrationPlan {
  const { request, subscription, source, target, move, errors } = options;
  const where = `"${source.connection.name}" and "${target.connection.name}" are one ${source.plugin.id} account`;
  const sim = request.sim;
  if (sim && !(sim.type === 'physical' && sim.iccid === subscription.iccid)) {
    errors.push(
      new ValidationError(`${where}: the line moves with its SIM. Leave sim out.`, [
        { pointer: '/sim', detail: 'the line keeps its SIM in a move within one account' },
      ]),
    );
  }
  if (request.plan && request.plan !== move.plan) {
    errors.push(
      new ValidationError(`${where}: the line's plan at "${target.connection.name}" is ${move.plan}.`, [
        { pointer: '/plan', detail: `must be ${move.plan} (or absent)` },
      ]),
    );
  }
  if (request.portIn) {
    errors.push(
      new ValidationError(`${where}: nothing is ported, so no port-in details are needed. Leave portIn out.`, [
        { pointer: '/portIn', detail: 'not used by a move within one account' },
      ]),
    );
  }
  const moveRequest = { plan: move.plan };
  try {
    checkCapabilities({
      carrierId: source.plugin.id,
      capabilities: source.adapter.capabilities,
      kind: move.kind,
      request: moveRequest,
      status: 'active',
    });
    options.warnings.push(...source.adapter.validate(move.kind, moveRequest).warnings);
  } catch (error) {
    errors.push(toGatewayError(error));
  }
  return {
    request,
    subscription,
    source,
    target,
    move,
    sourceLine: sourceLineOf(subscription, source),
    portInRequest: moveRequest,
    servicesCarried: subscription.services,
    servicesLost: [],
    warnings: options.warnings,
    errors,
  };
}

/** The dry run's answer: the steps, the carriers, the checks, what would be lost, and what would stop it. */
export function dryRunView(plan: MigrationPlan) {
  const names = {
    source: { connectionName: plan.source.connection.name },
    target: { connectionName: plan.target.connection.name },
  } as Parameters<typeof describeStep>[1];
  const problems: Problem[] = plan.errors.map((error) => error.toProblem());
  return {
    object: 'migration_plan' as const,
    subscriptionId: plan.subscription.id,
    msisdn: plan.subscription.msisdn,
    allowed: problems.length === 0,
    source: { connection: plan.source.connection.name, carrierType: plan.source.plugin.id },
    target: { connection: plan.target.connection.name, carrierType: plan.target.plugin.id },
    steps: plan.move
      ? [
          {
            step: 1,
            kind: plan.move.kind,
            connection: plan.source.connection.name,
            description: describeMove(names, plan.move.plan),
          },
        ]
      : [
          { step: 1, kind: 'port_in', connection: plan.target.connection.name, description: describeStep(1, names) },
          { step: 2, kind: null, connection: plan.target.connection.name, description: describeStep(2, names) },
          { step: 3, kind: 'cease', connection: plan.source.connection.name, description: describeStep(3, names) },
        ],
    servicesCarried: plan.servicesCarried,
    servicesLost: plan.servicesLost,
    plan: (plan.portInRequest.plan as string | undefined) ?? null,
    warnings: plan.warnings,
    problems,
  };
}
