import type { CarrierFacts, CarrierStatusUpdate } from '../adapter.js';
import { CarrierRejectedError } from '../errors.js';
import { subscriptionEventType } from '../events/event-types.js';
import { type EventDraft, recordEvents } from '../events/record-events.js';
import type { IdGenerator } from '../ids.js';
import { migrationStepFinished, migrationStepProgressed } from '../migration/migration-saga.js';
import { terminalOperationStatuses } from '../operation.js';
import type { Repositories, Store, StoredOperation, StoredSubscription } from '../ports.js';
import type { Problem } from '../problem.js';
import type { SubscriptionStatus } from '../subscription.js';
import { transitionUnderWay } from '../subscription-state-machine.js';
import { toOperationView, toSubscriptionView } from '../views.js';
import { ConcurrentWrite } from './concurrent-write.js';

/** How an operation ends (or progresses), in our terms. */
export type OperationOutcome =
  | { state: 'in_progress'; carrierStatus: string; nextAttemptAt: Date; porting?: Record<string, unknown> }
  | { state: 'succeeded'; carrierStatus: string; facts?: CarrierFacts; warnings?: string[] }
  | { state: 'failed'; carrierStatus: string | null; problem: Problem }
  | { state: 'cancelled'; carrierStatus: string };

export function outcomeFromUpdate(
  update: CarrierStatusUpdate,
  carrierId: string,
  nextAttemptAt: Date,
): OperationOutcome {
  switch (update.state) {
    case 'in_progress': {
      const porting = portingProgressOf(update);
      return {
        state: 'in_progress',
        carrierStatus: update.carrierStatus,
        nextAttemptAt,
        ...(porting ? { porting } : {}),
      };
    }
    case 'succeeded':
      return {
        state: 'succeeded',
        carrierStatus: update.carrierStatus,
        facts: update.facts,
        warnings: update.warnings,
      };
    case 'cancelled':
      return { state: 'cancelled', carrierStatus: update.carrierStatus };
    case 'failed': {
      const message = update.failure?.message ?? `The carrier reported ${update.carrierStatus}.`;
      const problem = new CarrierRejectedError(`${carrierId} could not carry out the request: ${message}`, {
        id: carrierId,
        ...(update.failure?.code ? { code: update.failure.code } : {}),
        message,
        ...(update.failure?.reason ? { reason: update.failure.reason } : {}),
      }).toProblem();
      return { state: 'failed', carrierStatus: update.carrierStatus, problem };
    }
  }
}

/**
 * What the carrier says about a port under way (sTN portingStatus, the approved porting date, its order number):
 * kept on the operation (`result.porting`) and the line (`porting`) instead of dropped until the port ends.
 */
function portingProgressOf(update: CarrierStatusUpdate): Record<string, unknown> | undefined {
  const data = update.facts?.carrierData;
  if (!data) return undefined;
  const porting = Object.fromEntries(Object.entries(data).filter(([key]) => /porting|ordernumber|wishdate/i.test(key)));
  return Object.keys(porting).length > 0 ? { ...porting, carrierStatus: update.carrierStatus } : undefined;
}

const portingKinds = new Set(['port_in', 'port_out', 'change_port_in']);

/** Whether an update brings porting news the operation does not show yet. */
/**
 * Progress that cannot be one conditional statement on the operation: a migration's step (its progress may move the
 * parent on) and porting news (the line shows it too, with an event). Those go through the transaction.
 */
export function progressNeedsTransaction(operation: StoredOperation, outcome: OperationOutcome): boolean {
  return Boolean(operation.parentOperationId) || portingNews(operation, outcome);
}

function portingNews(operation: StoredOperation, outcome: OperationOutcome): boolean {
  if (outcome.state !== 'in_progress' || !outcome.porting || !portingKinds.has(operation.kind)) return false;
  return JSON.stringify(operation.result?.porting ?? null) !== JSON.stringify(outcome.porting);
}

/** What a successful operation teaches us about the line. */
function lineAfterSuccess(
  subscription: StoredSubscription,
  operation: StoredOperation,
  facts: CarrierFacts | undefined,
) {
  const request = operation.request as {
    sim?: { type: 'physical'; iccid: string } | { type: 'esim'; eid?: string };
    services?: StoredSubscription['services'];
    plan?: string;
    imei?: string;
  };
  const next: StoredSubscription = { ...subscription };
  if (operation.kind === 'sim_swap' && request.sim) {
    next.esim = request.sim.type === 'esim';
    next.iccid = request.sim.type === 'physical' ? request.sim.iccid : null;
    next.eid = request.sim.type === 'esim' ? (request.sim.eid ?? null) : null;
    if (request.imei) next.imei = request.imei;
  }
  if (operation.kind === 'change_services' && request.services)
    next.services = { ...next.services, ...request.services };
  if (operation.kind === 'change_plan' && request.plan) next.plan = request.plan;
  if (facts) {
    if (facts.carrierSubscriptionId) next.carrierSubscriptionId = facts.carrierSubscriptionId;
    if (facts.msisdn) next.msisdn = facts.msisdn;
    if (facts.iccid) next.iccid = facts.iccid;
    if (facts.esim !== undefined) next.esim = facts.esim;
    if (facts.eid) next.eid = facts.eid;
    if (facts.imei) next.imei = facts.imei;
    if (facts.plan) next.plan = facts.plan;
    if (facts.services) next.services = { ...next.services, ...facts.services };
    if (facts.carrierData) next.carrierData = { ...next.carrierData, ...facts.carrierData };
  }
  return next;
}

function statusAfter(
  subscription: StoredSubscription,
  operation: StoredOperation,
  state: 'succeeded' | 'failed' | 'cancelled',
): SubscriptionStatus {
  const transition = transitionUnderWay(subscription.status, operation.kind);
  if (!transition) return subscription.status;
  if (state === 'succeeded') return transition.onSuccess;
  // A creating operation the carrier cancelled leaves a line that never existed.
  if (state === 'cancelled' && (operation.kind === 'activate' || operation.kind === 'port_in')) return 'cancelled';
  return transition.onFailure;
}

/** The operation with news that it is still under way at the carrier: submitted, next look at `nextAttemptAt`. */
export function progressed(
  operation: StoredOperation,
  outcome: Extract<OperationOutcome, { state: 'in_progress' }>,
  now: Date,
): StoredOperation {
  const porting = outcome.porting && portingKinds.has(operation.kind) ? outcome.porting : undefined;
  return {
    ...operation,
    ...(porting ? { result: { ...(operation.result ?? {}), porting } } : {}),
    status: 'submitted',
    carrierStatus: outcome.carrierStatus,
    nextAttemptAt: outcome.nextAttemptAt,
    leaseExpiresAt: null,
    leaseOwner: null,
    updatedAt: now,
  };
}

/**
 * Apply what a carrier said about an operation: finish it (or note its progress), move the subscription through
 * the state machine, and record events — one transaction. Safe to call twice or concurrently for the same news
 * (a callback racing a poll): every write names the version it read (the operation's, the subscription's), so
 * one writer wins; the loser's transaction rolls back and it starts again from a fresh read, where it finds the
 * operation finished (and stops) or still open (and applies its news to what is there now). Inside the
 * transaction only `repositories` may be used: PGlite has one connection, and a query outside the transaction
 * would wait for it forever.
 */
type ApplyOptions = {
  store: Store;
  ids: IdGenerator;
  now: Date;
  operationId: string;
  /**
   * What the caller learnt on the way (the carrier's reference, one more attempt, soft-gap warnings), written in
   * the same write as the outcome rather than in one of its own.
   */
  changes?: Partial<
    Pick<StoredOperation, 'carrierReference' | 'attempts' | 'warnings' | 'consecutiveFailures' | 'submittedAt'>
  >;
  outcome: OperationOutcome;
  /** The operation's carrier connection's name (events show it), when the caller has it: one read fewer. */
  connectionName?: string;
  /**
   * The operation as the caller holds it (the engine's claim, a callback's fresh read). Its version is the condition
   * of the first try, so it is not read again; only if someone wrote since is the operation read afresh.
   */
  held?: StoredOperation;
};

export async function applyOperationOutcome(options: ApplyOptions): Promise<StoredOperation | null> {
  const { outcome } = options;
  const held = options.held?.id === options.operationId ? options.held : undefined;
  // Progress news: one conditional statement, no transaction — unless progressNeedsTransaction.
  if (held && outcome.state === 'in_progress' && !progressNeedsTransaction(held, outcome)) {
    const written = await options.store.operations.update(
      progressed({ ...held, ...options.changes }, outcome, options.now),
    );
    if (written) return written;
  }
  for (let round = 0; round < 8; round++) {
    try {
      // The held version first (it spares a read); after a lost race, what is stored now.
      const start = round === 0 && outcome.state !== 'in_progress' ? held : undefined;
      return await options.store.transaction((repositories) => applyOnce(repositories, options, start));
    } catch (error) {
      if (!(error instanceof ConcurrentWrite)) throw error;
    }
  }
  throw new Error(`could not apply the outcome of ${options.operationId}: too many concurrent writes`);
}

async function applyOnce(
  repositories: Repositories,
  options: ApplyOptions,
  held: StoredOperation | undefined,
): Promise<StoredOperation | null> {
  const stored = held ?? (await repositories.operations.getById(options.operationId));
  if (!stored || terminalOperationStatuses.includes(stored.status)) return null;
  const subscription =
    options.outcome.state === 'in_progress'
      ? null
      : await repositories.subscriptions.get(stored.tenantId, stored.subscriptionId);
  const applied = await applyToRead(repositories, options, stored, subscription);
  await recordEvents(repositories, {
    tenantId: stored.tenantId,
    ids: options.ids,
    now: options.now,
    drafts: applied.drafts,
  });
  return applied.written;
}

/**
 * The writes of one outcome over what was read (the operation, and for a final outcome its subscription), each
 * conditional on the version read: ConcurrentWrite when one lost. Returns the events to record (the caller appends
 * them last, under the event lock).
 */
async function applyToRead(
  repositories: Repositories,
  options: Omit<ApplyOptions, 'store' | 'operationId' | 'held'>,
  stored: StoredOperation,
  subscription: StoredSubscription | null,
): Promise<{ written: StoredOperation; drafts: EventDraft[] }> {
  const { now, outcome } = options;
  const operation: StoredOperation = { ...stored, ...options.changes };
  const carrierReference = operation.carrierReference;

  if (outcome.state === 'in_progress') {
    const news = portingNews(operation, outcome);
    const written = await repositories.operations.update(progressed(operation, outcome, now));
    if (!written) throw new ConcurrentWrite();
    const drafts: EventDraft[] = [];
    if (news && outcome.porting) {
      drafts.push(...(await showPortingOnLine(repositories, options, written, outcome.porting)));
    }
    if (operation.parentOperationId) {
      drafts.push(
        ...(await migrationStepProgressed({ repositories, ids: options.ids, now }, written, outcome.carrierStatus)),
      );
    }
    return { written, drafts };
  }

  if (!subscription) throw new Error(`subscription ${operation.subscriptionId} of ${operation.id} is missing`);
  const connectionName =
    options.connectionName ??
    (await repositories.carrierConnections.getById(operation.carrierConnectionId))?.name ??
    operation.carrier;

  const facts = outcome.state === 'succeeded' ? outcome.facts : undefined;
  // A migration's step leaves the line to the saga (migrationStepFinished, below), which moves it between connections.
  const isStep = Boolean(operation.parentOperationId);
  const base =
    outcome.state === 'succeeded' && !isStep ? lineAfterSuccess(subscription, operation, facts) : subscription;
  const nextSubscription: StoredSubscription = isStep
    ? subscription
    : {
        ...base,
        status: statusAfter(subscription, operation, outcome.state),
        version: subscription.version + 1,
        updatedAt: now,
      };
  if (!isStep && !(await repositories.subscriptions.update(nextSubscription))) throw new ConcurrentWrite();

  const finished: StoredOperation = {
    ...operation,
    status: outcome.state,
    carrierReference,
    carrierStatus: outcome.carrierStatus ?? operation.carrierStatus,
    result: outcome.state === 'succeeded' ? resultFrom(facts) : operation.result,
    error: outcome.state === 'failed' ? outcome.problem : null,
    warnings:
      outcome.state === 'succeeded' && outcome.warnings
        ? [...operation.warnings, ...outcome.warnings]
        : operation.warnings,
    nextAttemptAt: null,
    leaseExpiresAt: null,
    leaseOwner: null,
    completedAt: now,
    updatedAt: now,
  };
  const written = await repositories.operations.update(finished);
  if (!written) throw new ConcurrentWrite();

  const drafts: EventDraft[] = [
    {
      type: `operation.${outcome.state}`,
      subscriptionId: subscription.id,
      operationId: operation.id,
      data: { operation: toOperationView(finished) },
    },
  ];

  // A confirmed cancellation ends the operation it cancelled.
  if (outcome.state === 'succeeded' && operation.targetOperationId && operation.kind !== 'change_port_in') {
    const target = await repositories.operations.getById(operation.targetOperationId);
    if (target && !terminalOperationStatuses.includes(target.status)) {
      const cancelled: StoredOperation = {
        ...target,
        status: 'cancelled',
        nextAttemptAt: null,
        leaseExpiresAt: null,
        leaseOwner: null,
        completedAt: now,
        updatedAt: now,
      };
      if (!(await repositories.operations.update(cancelled))) throw new ConcurrentWrite();
      drafts.push({
        type: 'operation.cancelled',
        subscriptionId: subscription.id,
        operationId: target.id,
        data: { operation: toOperationView(cancelled) },
      });
    }
  }

  const changed =
    nextSubscription.status !== subscription.status ||
    JSON.stringify({ ...nextSubscription, version: 0, updatedAt: 0 }) !==
      JSON.stringify({ ...subscription, version: 0, updatedAt: 0 });
  if (changed) {
    drafts.push({
      type: subscriptionEventType(subscription.status, nextSubscription.status, operation.kind),
      subscriptionId: subscription.id,
      operationId: operation.id,
      data: { subscription: toSubscriptionView(nextSubscription, connectionName) },
    });
  }
  if (isStep) drafts.push(...(await migrationStepFinished({ repositories, ids: options.ids, now }, written, outcome)));
  return { written, drafts };
}

/** The line shows the port's progress too (`porting` in its view); returns the event saying it changed. */
async function showPortingOnLine(
  repositories: Repositories,
  options: { now: Date; connectionName?: string },
  operation: StoredOperation,
  porting: Record<string, unknown>,
): Promise<EventDraft[]> {
  const line = await repositories.subscriptions.get(operation.tenantId, operation.subscriptionId);
  if (!line) return [];
  const next: StoredSubscription = {
    ...line,
    carrierData: { ...line.carrierData, porting: { ...porting, operationId: operation.id } },
    version: line.version + 1,
    updatedAt: options.now,
  };
  if (!(await repositories.subscriptions.update(next))) throw new ConcurrentWrite();
  const connectionName =
    options.connectionName ??
    (await repositories.carrierConnections.getById(line.carrierConnectionId))?.name ??
    line.carrier;
  return [
    {
      type: 'subscription.updated',
      subscriptionId: line.id,
      operationId: operation.id,
      data: { subscription: toSubscriptionView(next, connectionName) },
    },
  ];
}

function resultFrom(facts: CarrierFacts | undefined): Record<string, unknown> | null {
  if (!facts) return null;
  const { carrierData: _carrierData, ...rest } = facts;
  return Object.keys(rest).length > 0 ? (rest as Record<string, unknown>) : null;
}

/** One operation's final news, as the engine holds it after a batched poll. */
export interface HeldOutcome {
  held: StoredOperation;
  changes?: ApplyOptions['changes'];
  outcome: OperationOutcome;
  connectionName?: string;
}

/**
 * Apply many final outcomes (one poll batch's) in one transaction: the subscriptions read in one statement, each
 * operation and subscription written conditionally on the version held, the events of all appended at the end, per
 * tenant. Where that cannot be done as one (an operation that cancels another, two operations of one line, or any
 * write that lost a race), the transaction is rolled back and each outcome goes its own way through
 * applyOperationOutcome, which reads afresh: the batch only ever saves round trips, it never decides differently.
 */
export async function applyOutcomesTogether(options: {
  store: Store;
  ids: IdGenerator;
  now: Date;
  items: readonly HeldOutcome[];
}): Promise<Array<StoredOperation | null>> {
  const { store, ids, now, items } = options;
  const alone = (item: HeldOutcome) =>
    applyOperationOutcome({
      store,
      ids,
      now,
      operationId: item.held.id,
      held: item.held,
      outcome: item.outcome,
      ...(item.changes ? { changes: item.changes } : {}),
      ...(item.connectionName ? { connectionName: item.connectionName } : {}),
    });
  const lines = new Set<string>();
  const together: HeldOutcome[] = [];
  const separately: HeldOutcome[] = [];
  for (const item of items) {
    const single =
      item.outcome.state === 'in_progress' ||
      item.held.targetOperationId !== null ||
      lines.has(item.held.subscriptionId) ||
      terminalOperationStatuses.includes(item.held.status);
    (single ? separately : together).push(item);
    lines.add(item.held.subscriptionId);
  }
  const results = new Map<HeldOutcome, StoredOperation | null>();
  if (together.length === 1) separately.push(together.pop() as HeldOutcome);
  if (together.length > 0) {
    try {
      const written = await store.transaction(async (repositories) => {
        const subscriptions = await repositories.subscriptions.getByIds(
          together.map((item) => item.held.subscriptionId),
        );
        const byId = new Map(subscriptions.map((subscription) => [subscription.id, subscription]));
        const draftsByTenant = new Map<string, EventDraft[]>();
        const out: StoredOperation[] = [];
        for (const item of together) {
          const subscription = byId.get(item.held.subscriptionId);
          // Another tenant's line under this id would be a broken row: not ours to write.
          const own = subscription?.tenantId === item.held.tenantId ? subscription : null;
          const applied = await applyToRead(
            repositories,
            {
              ids,
              now,
              outcome: item.outcome,
              ...(item.changes ? { changes: item.changes } : {}),
              ...(item.connectionName ? { connectionName: item.connectionName } : {}),
            },
            item.held,
            own,
          );
          out.push(applied.written);
          const drafts = draftsByTenant.get(item.held.tenantId) ?? [];
          drafts.push(...applied.drafts);
          draftsByTenant.set(item.held.tenantId, drafts);
        }
        for (const [tenantId, drafts] of draftsByTenant)
          await recordEvents(repositories, { tenantId, ids, now, drafts });
        return out;
      });
      for (const [index, item] of together.entries()) results.set(item, written[index] ?? null);
    } catch {
      // Rolled back, whatever the reason (a lost race, a missing line): each outcome alone then meets its own fate.
      separately.push(...together);
    }
  }
  for (const item of separately) results.set(item, await alone(item));
  return items.map((item) => results.get(item) ?? null);
}
