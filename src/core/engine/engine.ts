import {
  asSubmitRequest,
  type CarrierCapabilities,
  type CarrierStatusUpdate,
  type SubmitRequest,
  type SubmitResult,
} from '../adapter.js';
import type { CarrierDirectory, ResolvedCarrier } from '../carriers/carrier-directory.js';
import {
  CarrierNotConfiguredError,
  CarrierStatusUnrecognisedError,
  CarrierUnavailableError,
  GatewayError,
  NotFoundError,
  toGatewayError,
  UnauthorisedError,
} from '../errors.js';
import type { IdGenerator } from '../ids.js';
import { lineForStep } from '../migration/migration-saga.js';
import type {
  AttemptFinish,
  AttemptPhase,
  Clock,
  OperationAttempt,
  Store,
  StoredOperation,
  StoredSubscription,
} from '../ports.js';
import { withoutSecretFields } from '../secret-fields.js';
import {
  applyOperationOutcome,
  applyOutcomesTogether,
  type HeldOutcome,
  type OperationOutcome,
  outcomeFromUpdate,
  progressed,
  progressNeedsTransaction,
} from './apply-carrier-update.js';
import { backoffDelayMs, pollDelayMs } from './backoff.js';
import { createPacer, type Pacer } from './pacing.js';

export interface EngineLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface EngineOptions {
  store: Store;
  carriers: CarrierDirectory;
  clock: Clock;
  ids: IdGenerator;
  /** Names this engine in leases, so two processes never hold the same operation. */
  owner: string;
  logger?: EngineLogger;
  random?: () => number;
  /** Operations claimed per tick. */
  batchSize?: number;
  /** How long a claim holds before another engine may take the operation (a crashed engine's work). */
  leaseMs?: number;
  /** Submissions in flight at once per tick. */
  submitConcurrency?: number;
  /** Carrier calls before a submission that keeps failing transiently is given up. */
  maxSubmitAttempts?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  pollBaseMs?: number;
  pollMaxMs?: number;
  /** Where the carrier calls us back, polling is only the safety net: this often. */
  callbackSafetyPollMs?: number;
  /**
   * How long an operation may go on reporting a status word its adapter does not know, counted from its creation
   * (or its scheduled moment, if later), before it fails quoting the word. Default 24 hours.
   */
  unknownStatusDeadlineMs?: number;
  /** Per-connection pacing (engine/pacing.ts); one per engine by default. */
  pacer?: Pacer;
}

export interface TickReport {
  claimed: number;
  submitted: number;
  polled: number;
  finished: number;
  retried: number;
}

export interface Engine {
  /** Claim due operations and carry each one step further. Safe to run in many processes at once. */
  tick(): Promise<TickReport>;
  /** Apply carrier push notifications for a connection (already parsed and authenticated by the adapter). */
  applyCallback(connectionId: string, updates: CarrierStatusUpdate[]): Promise<number>;
  /**
   * Authenticate and apply a carrier's callback request. `resolved`: the connection's carrier as the caller has just
   * resolved it (the callback route does, to answer 404), so it is not read twice.
   */
  receiveCallback(
    connectionId: string,
    carrierId: string,
    request: Request,
    resolved?: ResolvedCarrier,
  ): Promise<number>;
}

/** Final outcomes written in one transaction at most: enough to share its fixed costs, short enough not to stall reads. */
const outcomesPerTransaction = 25;

/** A carrier connection's carrier, resolved at most once per tick. */
type CarrierLookup = (connectionId: string) => Promise<ResolvedCarrier>;

/** What a submission needs, read for the whole batch; `started` when the batch wrote its first attempt. */
interface PreparedSubmission {
  carrier: ResolvedCarrier;
  request: SubmitRequest;
  attempts: OperationAttempt[];
  started?: OperationAttempt;
}

function byConnection(operations: readonly StoredOperation[]): Map<string, StoredOperation[]> {
  const groups = new Map<string, StoredOperation[]>();
  for (const operation of operations) {
    const group = groups.get(operation.carrierConnectionId) ?? [];
    group.push(operation);
    groups.set(operation.carrierConnectionId, group);
  }
  return groups;
}

/** What the engine changed on a claimed operation (attempts, reference, warnings, failures), to write with its outcome. */
function heldChanges(operation: StoredOperation) {
  return {
    attempts: operation.attempts,
    warnings: operation.warnings,
    consecutiveFailures: operation.consecutiveFailures,
    ...(operation.carrierReference ? { carrierReference: operation.carrierReference } : {}),
    ...(operation.submittedAt ? { submittedAt: operation.submittedAt } : {}),
  };
}

const quietLogger: EngineLogger = { info: () => {}, warn: () => {}, error: () => {} };

async function eachWithConcurrency<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(workers);
}

/**
 * A connection's due polls cut into the batches one `poll()` call may carry: the carrier's `maxBatchSize`, or one
 * reference per call where it takes no batches.
 */
export function pollBatches<T>(items: readonly T[], batchPolling: CarrierCapabilities['batchPolling']): T[][] {
  const size = batchPolling ? Math.max(1, Math.floor(batchPolling.maxBatchSize)) : 1;
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

/** The carrier's answer to an earlier submission of this operation, if one was recorded (the newest). */
function recordedSubmission(attempts: readonly OperationAttempt[]): SubmitResult | null {
  for (const attempt of [...attempts].reverse()) {
    if (attempt.phase !== 'submit' || attempt.outcome !== 'succeeded') continue;
    const response = attempt.response as Partial<SubmitResult> | null;
    if (typeof response?.carrierReference === 'string' && response.update && typeof response.update === 'object') {
      return response as SubmitResult;
    }
  }
  return null;
}

/** What we keep of a carrier call in the attempt record: our canonical request, never credentials. */
function redactedSubmission(request: SubmitRequest) {
  return {
    kind: request.operation.kind,
    correlationId: request.operation.correlationId,
    request: request.operation.request,
    scheduledFor: request.operation.scheduledFor,
    subscription: {
      carrierSubscriptionId: request.subscription.carrierSubscriptionId,
      msisdn: request.subscription.msisdn,
      iccid: request.subscription.iccid,
    },
    target: request.target ? { id: request.target.id, carrierReference: request.target.carrierReference } : undefined,
  };
}

export function createEngine(options: EngineOptions): Engine {
  const settings = {
    batchSize: options.batchSize ?? 100,
    leaseMs: options.leaseMs ?? 60_000,
    submitConcurrency: options.submitConcurrency ?? 8,
    maxSubmitAttempts: options.maxSubmitAttempts ?? 8,
    retryBaseMs: options.retryBaseMs ?? 1_000,
    retryMaxMs: options.retryMaxMs ?? 300_000,
    pollBaseMs: options.pollBaseMs ?? 1_000,
    pollMaxMs: options.pollMaxMs ?? 30_000,
    callbackSafetyPollMs: options.callbackSafetyPollMs ?? 60_000,
    unknownStatusDeadlineMs: options.unknownStatusDeadlineMs ?? 24 * 60 * 60_000,
  };
  const { store, carriers, clock, ids } = options;
  const logger = options.logger ?? quietLogger;
  const random = options.random ?? Math.random;
  const pacer = options.pacer ?? createPacer(() => clock.now().getTime());

  const later = (milliseconds: number) => new Date(clock.now().getTime() + milliseconds);

  async function guard(operation: StoredOperation, work: () => Promise<void>) {
    try {
      await work();
    } catch (error) {
      // One broken operation must not stop the others; its lease runs out and it is tried again.
      logger.error(
        { operationId: operation.id, err: error instanceof Error ? error.stack : String(error) },
        'engine step failed',
      );
    }
  }

  /** `secretFields`: the plugin's secretConfigFields, censored in everything an attempt keeps. */
  function newAttempt(
    operation: StoredOperation,
    phase: AttemptPhase,
    request: unknown,
    secretFields: readonly string[],
  ): OperationAttempt {
    return {
      id: ids.newId('att'),
      operationId: operation.id,
      phase,
      outcome: 'started',
      request: withoutSecretFields(request, secretFields),
      response: null,
      httpStatus: null,
      latencyMs: null,
      error: null,
      startedAt: clock.now(),
      finishedAt: null,
    };
  }

  async function startAttempt(
    operation: StoredOperation,
    phase: AttemptPhase,
    request: unknown,
    secretFields: readonly string[],
  ): Promise<OperationAttempt> {
    return store.attempts.insert(newAttempt(operation, phase, request, secretFields));
  }

  function attemptFinish(
    attempt: OperationAttempt,
    result: { outcome: OperationAttempt['outcome']; response?: unknown; error?: unknown },
    secretFields: readonly string[],
  ): AttemptFinish {
    const finishedAt = clock.now();
    const gatewayError = result.error === undefined ? null : toGatewayError(result.error);
    return {
      outcome: result.outcome,
      response: withoutSecretFields(result.response ?? null, secretFields),
      httpStatus: gatewayError ? (gatewayError.carrier?.httpStatus ?? null) : 200,
      latencyMs: finishedAt.getTime() - attempt.startedAt.getTime(),
      error: gatewayError ? withoutSecretFields(gatewayError.toProblem(), secretFields) : null,
      finishedAt,
    };
  }

  async function finishAttempt(
    attempt: OperationAttempt,
    result: { outcome: OperationAttempt['outcome']; response?: unknown; error?: unknown },
    secretFields: readonly string[],
  ) {
    await store.attempts.finish(attempt.id, attemptFinish(attempt, result, secretFields));
  }

  /**
   * Record an outcome, with what this engine changed on the operation (attempts, reference, warnings, failure
   * count), in one write. applyOperationOutcome reads the operation afresh and retries when it loses a race, so
   * news from the carrier is applied to the newest state, never over it.
   */
  async function finish(operation: StoredOperation, outcome: OperationOutcome, connectionName?: string) {
    return applyOperationOutcome({
      ...(connectionName ? { connectionName } : {}),
      // As claimed: no one but a callback writes a claimed operation, and then this falls back to a fresh read.
      held: operation,
      store,
      ids,
      now: clock.now(),
      operationId: operation.id,
      changes: heldChanges(operation),
      outcome,
    });
  }

  /**
   * Put an operation back in the queue for later, keeping what we know — if it is still as we claimed it. The write
   * names the version our claim left; if a callback (or another engine, after our lease ran out) wrote since, the
   * operation has moved on without us and our retry plan is dropped: writing it would undo their change.
   */
  async function reschedule(operation: StoredOperation, changes: Partial<StoredOperation>, delayMs: number) {
    const written = await store.operations.update({
      ...operation,
      ...changes,
      nextAttemptAt: later(delayMs),
      leaseExpiresAt: null,
      leaseOwner: null,
      updatedAt: clock.now(),
    });
    if (!written) {
      logger.info({ operationId: operation.id }, 'retry not scheduled: the operation changed while we held it');
    }
  }

  const retryDelay = (failures: number) =>
    backoffDelayMs(failures, { baseMs: settings.retryBaseMs, maxMs: settings.retryMaxMs, random });

  /**
   * The carrier of a connection's operations, after failing those it can never serve: the plugin is not installed,
   * the connection was deleted, or it now names another carrier than the operation was made for. None of these
   * mends by waiting. Anything else (a database hiccup) is rethrown, so the lease runs out and the step is tried
   * again. Null when no operation is left to carry on.
   */
  async function carrierServing(
    operations: StoredOperation[],
    report: TickReport,
    lookup: CarrierLookup,
  ): Promise<{ carrier: ResolvedCarrier; operations: StoredOperation[] } | null> {
    const connectionId = (operations[0] as StoredOperation).carrierConnectionId;
    let carrier: ResolvedCarrier;
    try {
      carrier = await lookup(connectionId);
    } catch (error) {
      const reason = CarrierNotConfiguredError.isInstance(error)
        ? error
        : NotFoundError.isInstance(error)
          ? new CarrierNotConfiguredError(`The carrier connection ${connectionId} was deleted.`)
          : null;
      if (!reason) throw error;
      for (const operation of operations) await failWithoutCarrier(operation, reason, report);
      return null;
    }
    const serving: StoredOperation[] = [];
    for (const operation of operations) {
      if (operation.carrier === carrier.plugin.id) {
        serving.push(operation);
        continue;
      }
      const reason = new CarrierNotConfiguredError(
        `The carrier connection "${carrier.connection.name}" now uses the carrier "${carrier.plugin.id}", not "${operation.carrier}".`,
      );
      await failWithoutCarrier(operation, reason, report);
    }
    return serving.length > 0 ? { carrier, operations: serving } : null;
  }

  /** End an operation the gateway can no longer carry out, saying why and what the carrier may still do. */
  async function failWithoutCarrier(operation: StoredOperation, error: CarrierNotConfiguredError, report: TickReport) {
    let reached = operation.status === 'submitted';
    if (!reached) {
      const attempts = await store.attempts.listForOperation(operation.id);
      reached = attempts.some(
        (attempt) => attempt.phase === 'submit' && (attempt.outcome === 'started' || attempt.outcome === 'unknown'),
      );
    }
    const consequence = reached
      ? ` The request may have reached the carrier${operation.carrierReference ? ` (reference ${operation.carrierReference})` : ''}; whether it was carried out is unknown.`
      : ' Nothing was sent to the carrier.';
    logger.warn({ operationId: operation.id, reason: error.message }, 'operation failed: no carrier to carry it out');
    const problem = new CarrierNotConfiguredError(`${error.message}${consequence}`).toProblem();
    const finished = await finish(operation, { state: 'failed', carrierStatus: null, problem });
    if (finished) report.finished++;
  }

  /**
   * What an update means for the operation. An unknown status word keeps it running until its deadline for unknown
   * statuses (creation, or its scheduled moment if later, plus `unknownStatusDeadlineMs`); after that it fails,
   * quoting the word.
   */
  function outcomeFor(
    operation: StoredOperation,
    update: CarrierStatusUpdate,
    carrierId: string,
    nextAttemptAt: Date,
  ): OperationOutcome {
    if (!update.unrecognisedStatus || update.state !== 'in_progress') {
      return outcomeFromUpdate(update, carrierId, nextAttemptAt);
    }
    const start = Math.max(operation.createdAt.getTime(), operation.scheduledFor?.getTime() ?? 0);
    const deadline = new Date(start + settings.unknownStatusDeadlineMs);
    if (operation.carrierStatus !== update.carrierStatus) {
      logger.warn(
        { operationId: operation.id, carrierStatus: update.carrierStatus, deadline: deadline.toISOString() },
        'the carrier reported a status its adapter does not know; waiting for a known one until the deadline',
      );
    }
    if (clock.now() >= deadline) {
      const hours = Math.round((settings.unknownStatusDeadlineMs / 3_600_000) * 10) / 10;
      const problem = new CarrierStatusUnrecognisedError(
        `${carrierId} reported the status "${update.carrierStatus}", which its adapter does not know, and no known status followed within ${hours} h; the gateway stopped waiting. Whether the carrier carried out the request (reference ${update.carrierReference}) is unknown: check with the carrier.`,
        { id: carrierId, message: update.carrierStatus },
      ).toProblem();
      return { state: 'failed', carrierStatus: update.carrierStatus, problem };
    }
    // Ask again no later than the deadline, so the operation fails close to it rather than a poll period after.
    return outcomeFromUpdate(update, carrierId, nextAttemptAt < deadline ? nextAttemptAt : deadline);
  }

  function pollDelayFor(operation: StoredOperation, callbacks: boolean): number {
    if (callbacks) return settings.callbackSafetyPollMs;
    // From the carrier's acceptance: failed submissions and lookups before it must not slow its first polls.
    const since =
      operation.submittedAt?.getTime() ??
      Math.max(operation.createdAt.getTime(), operation.scheduledFor?.getTime() ?? 0);
    return pollDelayMs(clock.now().getTime() - since, { baseMs: settings.pollBaseMs, maxMs: settings.pollMaxMs });
  }

  async function submitRequestFor(
    operation: StoredOperation,
    stored: StoredSubscription | undefined,
  ): Promise<SubmitRequest> {
    if (!stored || stored.tenantId !== operation.tenantId)
      throw new GatewayError('internal', `subscription ${operation.subscriptionId} is missing`);
    // A migration's step acts on the line as its own carrier knows it (the source's old line, the target's new one).
    const subscription = await lineForStep(store, operation, stored);
    const target = operation.targetOperationId ? await store.operations.getById(operation.targetOperationId) : null;
    // The stored request was validated against its kind's schema when the operation was accepted.
    return asSubmitRequest({
      operation: {
        id: operation.id,
        kind: operation.kind,
        correlationId: operation.correlationId,
        request: operation.request,
        scheduledFor: operation.scheduledFor?.toISOString() ?? null,
        carrierConnectionId: operation.carrierConnectionId,
      },
      subscription,
      ...(target
        ? {
            target: {
              id: target.id,
              kind: target.kind,
              carrierReference: target.carrierReference,
              correlationId: target.correlationId,
            },
          }
        : {}),
    });
  }

  /**
   * Send a pending operation to its carrier — at most once. The attempt is written before the call; an attempt
   * left `started` (we crashed) or `unknown` (timeout, 5xx) means the carrier may have it, so we ask the carrier
   * by our correlation id before sending anything again.
   */
  async function submitOne(
    operation: StoredOperation,
    report: TickReport,
    prepared: PreparedSubmission,
  ): Promise<void> {
    const { request, attempts, started } = prepared;
    const { adapter, plugin } = prepared.carrier;
    const connectionName = prepared.carrier.connection.name;
    // The carrier answered a submission but we died before the operation recorded it (the attempt and the outcome are
    // two writes): carry on from the recorded answer. Sending again would reach the carrier twice.
    const answered = recordedSubmission(attempts);
    if (answered) {
      logger.info({ operationId: operation.id }, 'resumed: the carrier had answered the submission before a restart');
      await afterSubmission(
        { ...operation, consecutiveFailures: 0 },
        answered.carrierReference,
        answered.update,
        answered.warnings ?? [],
        plugin.id,
        adapter.capabilities.callbacks,
        connectionName,
      );
      report.submitted++;
      return;
    }
    const unresolved = attempts.filter(
      (attempt) => attempt.phase === 'submit' && (attempt.outcome === 'started' || attempt.outcome === 'unknown'),
    );
    let current = operation;
    if (unresolved.length > 0) {
      const secrets = plugin.secretConfigFields;
      const lookup = await startAttempt(
        current,
        'find_submission',
        { correlationId: operation.correlationId },
        secrets,
      );
      current = { ...current, attempts: current.attempts + 1 };
      try {
        const found = await adapter.findSubmission(request);
        // An answer, whatever it says: the run of failed calls is over.
        current = { ...current, consecutiveFailures: 0 };
        await finishAttempt(lookup, { outcome: 'succeeded', response: found }, secrets);
        for (const attempt of unresolved) {
          await store.attempts.finish(attempt.id, {
            outcome: found.found ? 'succeeded' : 'failed',
            response: withoutSecretFields(
              found.found
                ? { reconciled: true, carrierReference: found.carrierReference, update: found.update }
                : { reconciled: true, received: false },
              secrets,
            ),
            httpStatus: null,
            latencyMs: null,
            error: null,
            finishedAt: clock.now(),
          });
        }
        if (found.found) {
          logger.info({ operationId: operation.id }, 'reconciled: the carrier had received the submission');
          await afterSubmission(
            current,
            found.carrierReference,
            found.update,
            [],
            plugin.id,
            adapter.capabilities.callbacks,
            connectionName,
          );
          report.submitted++;
          return;
        }
      } catch (error) {
        await finishAttempt(lookup, { outcome: 'failed', error }, secrets);
        report.retried++;
        const failures = current.consecutiveFailures + 1;
        await reschedule(current, { consecutiveFailures: failures }, retryDelay(failures));
        return;
      }
    }

    // Written before the call (by the batch, or here after a lookup found nothing): the carrier may have it from now.
    const attempt =
      started ?? (await startAttempt(current, 'submit', redactedSubmission(request), plugin.secretConfigFields));
    current = { ...current, attempts: current.attempts + 1 };
    let result: SubmitResult;
    try {
      result = await adapter.submit(request);
    } catch (error) {
      if (CarrierUnavailableError.isInstance(error)) {
        await finishAttempt(
          attempt,
          { outcome: error.requestMayHaveArrived ? 'unknown' : 'failed', error },
          plugin.secretConfigFields,
        );
        const submits = attempts.filter((previous) => previous.phase === 'submit').length + 1;
        const failures = current.consecutiveFailures + 1;
        if (submits >= settings.maxSubmitAttempts) {
          await finish(
            { ...current, consecutiveFailures: failures },
            { state: 'failed', carrierStatus: null, problem: error.toProblem() },
            connectionName,
          );
          report.finished++;
          return;
        }
        // Every submit attempt so far failed (a success would have ended submitting), so `submits` counts failures
        // too; a lookup's "not found" in between resets `consecutiveFailures` but must not shorten the backoff.
        const delay = Math.max((error.retryAfterSeconds ?? 0) * 1000, retryDelay(Math.max(submits, failures)));
        report.retried++;
        await reschedule(current, { consecutiveFailures: failures }, delay);
        return;
      }
      await finishAttempt(attempt, { outcome: 'failed', error }, plugin.secretConfigFields);
      const gatewayError = toGatewayError(error);
      if (gatewayError.code === 'internal')
        logger.error({ operationId: operation.id, err: String(error) }, 'adapter failed');
      await finish(
        current,
        { state: 'failed', carrierStatus: null, problem: gatewayError.toProblem() },
        connectionName,
      );
      report.finished++;
      return;
    }
    // Outside the try: a failure to record the answer is ours, not the carrier's. The operation stays claimed, and
    // after its lease the next engine resumes from the recorded answer (recordedSubmission) without sending again.
    await afterSubmission(
      { ...current, consecutiveFailures: 0 },
      result.carrierReference,
      result.update,
      result.warnings ?? [],
      plugin.id,
      adapter.capabilities.callbacks,
      connectionName,
      {
        id: attempt.id,
        result: attemptFinish(attempt, { outcome: 'succeeded', response: result }, plugin.secretConfigFields),
      },
    );
    report.submitted++;
  }

  /**
   * The pending operations of a tick, prepared together: their carriers (one read per connection), their lines and
   * their attempts so far (one read each for the batch), and, for those never sent before, the `started` attempt
   * every submission writes before its call, all in one insert that lands before any call is made. Then each is
   * sent on its own, at most `submitConcurrency` at once.
   */
  /**
   * Pacing, the one place it is applied: every carrier step asks its connection's pacer (pacing.ts) first. A step
   * refused now is put back for when a slot frees — nothing waits — and null is returned; else the release.
   */
  async function admit(group: StoredOperation[], carrier: ResolvedCarrier): Promise<(() => void) | null> {
    const first = group[0] as StoredOperation;
    const admission = pacer.admit(first.carrierConnectionId, carrier.connection.pacing, clock.now().getTime());
    if (admission.granted) return () => admission.release();
    const delay = Math.max(0, admission.retryAt - clock.now().getTime());
    for (const operation of group) await reschedule(operation, {}, delay);
    return null;
  }

  async function pacedPoll(group: StoredOperation[], report: TickReport, lookup: CarrierLookup) {
    const first = group[0] as StoredOperation;
    // A connection that cannot be resolved is failed by pollGroup itself, unpaced: nothing reaches a carrier.
    const carrier = await lookup(first.carrierConnectionId).catch(() => null);
    const release = carrier ? await admit(group, carrier) : () => {};
    if (!release) return;
    try {
      await pollGroup(group, report, lookup);
    } finally {
      release();
    }
  }

  async function submitBatch(operations: StoredOperation[], report: TickReport, lookup: CarrierLookup) {
    const servable: Array<{ operation: StoredOperation; carrier: ResolvedCarrier; release: () => void }> = [];
    for (const group of byConnection(operations).values()) {
      const serving = await carrierServing(group, report, lookup);
      if (!serving) continue;
      // Admitted before the first attempt is written: a step put back by pacing leaves no attempt to reconcile.
      for (const operation of serving.operations) {
        const release = await admit([operation], serving.carrier);
        if (release) servable.push({ operation, carrier: serving.carrier, release });
      }
    }
    if (servable.length === 0) return;
    try {
      await submitAdmitted(servable, report);
    } finally {
      for (const { release } of servable) release();
    }
  }

  async function submitAdmitted(
    servable: Array<{ operation: StoredOperation; carrier: ResolvedCarrier }>,
    report: TickReport,
  ) {
    const ids = servable.map(({ operation }) => operation.id);
    const subscriptions = await store.subscriptions.getByIds(servable.map(({ operation }) => operation.subscriptionId));
    const attemptsOf = await store.attempts.listForOperations(ids);
    const lineOf = new Map(subscriptions.map((subscription) => [subscription.id, subscription]));
    const prepared: Array<{ operation: StoredOperation; submission: PreparedSubmission }> = [];
    const firstAttempts: OperationAttempt[] = [];
    for (const { operation, carrier } of servable) {
      await guard(operation, async () => {
        const request = await submitRequestFor(operation, lineOf.get(operation.subscriptionId));
        const attempts = attemptsOf.get(operation.id) ?? [];
        const submission: PreparedSubmission = { carrier, request, attempts };
        const untouched =
          !recordedSubmission(attempts) &&
          !attempts.some(
            (attempt) => attempt.phase === 'submit' && (attempt.outcome === 'started' || attempt.outcome === 'unknown'),
          );
        if (untouched) {
          submission.started = newAttempt(
            operation,
            'submit',
            redactedSubmission(request),
            carrier.plugin.secretConfigFields,
          );
          firstAttempts.push(submission.started);
        }
        prepared.push({ operation, submission });
      });
    }
    await store.attempts.insertMany(firstAttempts);
    await eachWithConcurrency(prepared, settings.submitConcurrency, ({ operation, submission }) =>
      guard(operation, () => submitOne(operation, report, submission)),
    );
  }

  async function afterSubmission(
    operation: StoredOperation,
    carrierReference: string,
    update: CarrierStatusUpdate,
    warnings: string[],
    carrierId: string,
    callbacks: boolean,
    connectionName: string,
    /** The submit attempt to finish with the carrier's answer, in the same statement as the progress where it can. */
    finishing?: { id: string; result: AttemptFinish },
  ) {
    const submitted: StoredOperation = {
      ...operation,
      submittedAt: clock.now(),
      carrierReference,
      warnings: [...operation.warnings, ...warnings],
    };
    const outcome = outcomeFor(submitted, update, carrierId, later(pollDelayFor(submitted, callbacks)));
    if (finishing && outcome.state === 'in_progress' && !progressNeedsTransaction(submitted, outcome)) {
      const written = await store.operations.updateFinishingAttempt(
        progressed(submitted, outcome, clock.now()),
        finishing,
      );
      if (written) return;
      // Someone wrote since our claim (a callback): the answer is recorded all the same; the news goes on below,
      // applied over what is stored now.
    } else if (finishing) {
      await store.attempts.finish(finishing.id, finishing.result);
    }
    await finish(submitted, outcome, connectionName);
  }

  /**
   * Ask one carrier connection about its due operations in as few calls as it allows: one `poll()` per batch of
   * at most the carrier's `batchPolling.maxBatchSize` references (one reference per call without batch polling).
   */
  async function pollGroup(group: StoredOperation[], report: TickReport, lookup: CarrierLookup): Promise<void> {
    if (group.length === 0) return;
    const serving = await carrierServing(group, report, lookup);
    if (!serving) return;
    const batches = pollBatches(serving.operations, serving.carrier.adapter.capabilities.batchPolling);
    await eachWithConcurrency(batches, settings.submitConcurrency, (batch) =>
      guard(batch[0] as StoredOperation, () => pollBatch(batch, serving.carrier, report)),
    );
  }

  /**
   * One poll call and what follows from it: the attempts of the whole batch in one insert, progress written per
   * operation (one conditional statement each), final outcomes together in one transaction (applyOutcomesTogether).
   */
  async function pollBatch(operations: StoredOperation[], carrier: ResolvedCarrier, report: TickReport) {
    const { adapter, plugin } = carrier;
    // One query for the batch: which of these requests a cancellation acts on (the adapter may need to look closer).
    const targeted = await store.operations.targetedAmong(operations.map((operation) => operation.id));
    const references = operations.map((operation) => ({
      operationId: operation.id,
      kind: operation.kind,
      carrierReference: operation.carrierReference ?? '',
      ...(targeted.has(operation.id) ? { cancellationRequested: true } : {}),
    }));
    const startedAt = clock.now();
    let updates: CarrierStatusUpdate[];
    try {
      updates = await adapter.poll(references);
    } catch (error) {
      const problem = toGatewayError(error).toProblem();
      const finishedAt = clock.now();
      await store.attempts.insertMany(
        operations.map((operation) => ({
          id: ids.newId('att'),
          operationId: operation.id,
          phase: 'poll' as const,
          outcome: 'failed' as const,
          request: { carrierReference: operation.carrierReference },
          response: null,
          httpStatus: problem.carrier?.httpStatus ?? null,
          latencyMs: finishedAt.getTime() - startedAt.getTime(),
          error: withoutSecretFields(problem, plugin.secretConfigFields),
          startedAt,
          finishedAt,
        })),
      );
      for (const operation of operations) {
        report.retried++;
        // The backoff grows with the failures in a row, not with the polls: one error late in a long operation's
        // life is retried soon.
        const failures = operation.consecutiveFailures + 1;
        await reschedule(
          { ...operation, attempts: operation.attempts + 1, consecutiveFailures: failures },
          {},
          retryDelay(failures),
        );
      }
      return;
    }
    const finishedAt = clock.now();
    const latencyMs = finishedAt.getTime() - startedAt.getTime();
    const answers = operations.map((operation) => ({
      operation,
      update:
        updates.find((candidate) => candidate.operationId === operation.id) ??
        updates.find(
          (candidate) => !candidate.operationId && candidate.carrierReference === operation.carrierReference,
        ),
    }));
    await store.attempts.insertMany(
      answers.map(({ operation, update }) => ({
        id: ids.newId('att'),
        operationId: operation.id,
        phase: 'poll' as const,
        outcome: update ? ('succeeded' as const) : ('unknown' as const),
        request: { carrierReference: operation.carrierReference, batchSize: operations.length },
        response: withoutSecretFields(update ?? null, plugin.secretConfigFields),
        httpStatus: 200,
        latencyMs,
        error: null,
        startedAt,
        finishedAt,
      })),
    );
    const finals: HeldOutcome[] = [];
    for (const { operation, update } of answers) {
      const polled = { ...operation, attempts: operation.attempts + 1, consecutiveFailures: 0 };
      report.polled++;
      if (!update) {
        await reschedule(polled, {}, pollDelayFor(polled, false));
        continue;
      }
      const outcome = outcomeFor(
        polled,
        update,
        plugin.id,
        later(pollDelayFor(polled, adapter.capabilities.callbacks)),
      );
      if (outcome.state === 'in_progress') {
        await finish(polled, outcome, carrier.connection.name);
        continue;
      }
      finals.push({ held: polled, changes: heldChanges(polled), outcome, connectionName: carrier.connection.name });
    }
    // Bounded transactions: on PGlite every other query (an API read) waits for the one connection until commit.
    for (let start = 0; start < finals.length; start += outcomesPerTransaction) {
      const items = finals.slice(start, start + outcomesPerTransaction);
      const finished = await applyOutcomesTogether({ store, ids, now: clock.now(), items });
      report.finished += finished.filter((written) => written !== null).length;
    }
  }

  async function applyCallback(connectionId: string, updates: CarrierStatusUpdate[]): Promise<number> {
    return applyUpdates(await carriers.byConnectionId(connectionId), updates);
  }

  async function applyUpdates(carrier: ResolvedCarrier, updates: CarrierStatusUpdate[]): Promise<number> {
    const { plugin, connection } = carrier;
    const connectionId = connection.id;
    let applied = 0;
    for (const update of updates) {
      const operation =
        (update.operationId ? await store.operations.getById(update.operationId) : null) ??
        (await store.operations.findByCarrierReference(connectionId, update.carrierReference));
      if (!operation || operation.carrierConnectionId !== connectionId) continue;
      const now = clock.now();
      await store.attempts.insert({
        id: ids.newId('att'),
        operationId: operation.id,
        phase: 'callback',
        outcome: 'succeeded',
        request: null,
        response: update,
        httpStatus: null,
        latencyMs: null,
        error: null,
        startedAt: now,
        finishedAt: now,
      });
      const outcome = outcomeFor(operation, update, plugin.id, later(settings.callbackSafetyPollMs));
      // Only the reference: the engine may hold this operation and count its attempts meanwhile.
      const finished = await applyOperationOutcome({
        store,
        ids,
        now: clock.now(),
        operationId: operation.id,
        // Just read: its version is the condition of the first try (a write since makes it read again).
        held: operation,
        changes: { carrierReference: update.carrierReference },
        outcome,
        connectionName: connection.name,
      });
      if (finished) applied++;
    }
    return applied;
  }

  return {
    async tick() {
      const now = clock.now();
      const claimed = await store.operations.claimDue({
        now,
        limit: settings.batchSize,
        owner: options.owner,
        leaseUntil: new Date(now.getTime() + settings.leaseMs),
      });
      const report: TickReport = { claimed: claimed.length, submitted: 0, polled: 0, finished: 0, retried: 0 };
      // One read of each connection per tick, not one per operation: a tick works from one look at the world.
      const resolving = new Map<string, Promise<ResolvedCarrier>>();
      const lookup: CarrierLookup = (connectionId) => {
        let found = resolving.get(connectionId);
        if (!found) {
          found = carriers.byConnectionId(connectionId);
          resolving.set(connectionId, found);
        }
        return found;
      };
      const toSubmit = claimed.filter((operation) => operation.status === 'pending');
      const toPoll = claimed.filter((operation) => operation.status === 'submitted');
      await Promise.all([
        submitBatch(toSubmit, report, lookup).catch((error: unknown) => {
          // The batch's reads or its first-attempt insert failed: nothing was sent; the leases run out and the
          // operations are tried again.
          logger.error({ err: error instanceof Error ? error.stack : String(error) }, 'engine submission batch failed');
        }),
        ...[...byConnection(toPoll).values()].map((group) =>
          guard(group[0] as StoredOperation, () => pacedPoll(group, report, lookup)),
        ),
      ]);
      return report;
    },
    applyCallback,
    async receiveCallback(connectionId, carrierId, request, resolved) {
      const carrier = resolved?.connection.id === connectionId ? resolved : await carriers.byConnectionId(connectionId);
      const { adapter, connection } = carrier;
      if (connection.carrier !== carrierId || !adapter.parseCallback) {
        throw new UnauthorisedError(`Connection ${connectionId} does not take ${carrierId} callbacks.`);
      }
      const updates = await adapter.parseCallback(request);
      return applyUpdates(carrier, updates);
    },
  };
}
