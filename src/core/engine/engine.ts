import type { CarrierStatusUpdate, SubmitRequest, SubmitResult } from '../adapter.js';
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
import type { AttemptPhase, Clock, OperationAttempt, Store, StoredOperation } from '../ports.js';
import { applyOperationOutcome, type OperationOutcome, outcomeFromUpdate } from './apply-carrier-update.js';
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
  /** Authenticate and apply a carrier's callback request. */
  receiveCallback(connectionId: string, carrierId: string, request: Request): Promise<number>;
}

/** A carrier connection's carrier, resolved at most once per tick. */
type CarrierLookup = (connectionId: string) => Promise<ResolvedCarrier>;

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

  async function startAttempt(
    operation: StoredOperation,
    phase: AttemptPhase,
    request: unknown,
  ): Promise<OperationAttempt> {
    return store.attempts.insert({
      id: ids.newId('att'),
      operationId: operation.id,
      phase,
      outcome: 'started',
      request,
      response: null,
      httpStatus: null,
      latencyMs: null,
      error: null,
      startedAt: clock.now(),
      finishedAt: null,
    });
  }

  async function finishAttempt(
    attempt: OperationAttempt,
    result: { outcome: OperationAttempt['outcome']; response?: unknown; error?: unknown },
  ) {
    const finishedAt = clock.now();
    const gatewayError = result.error === undefined ? null : toGatewayError(result.error);
    await store.attempts.finish(attempt.id, {
      outcome: result.outcome,
      response: result.response ?? null,
      httpStatus: gatewayError ? (gatewayError.carrier?.httpStatus ?? null) : 200,
      latencyMs: finishedAt.getTime() - attempt.startedAt.getTime(),
      error: gatewayError ? gatewayError.toProblem() : null,
      finishedAt,
    });
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
      changes: {
        attempts: operation.attempts,
        warnings: operation.warnings,
        consecutiveFailures: operation.consecutiveFailures,
        ...(operation.carrierReference ? { carrierReference: operation.carrierReference } : {}),
        ...(operation.submittedAt ? { submittedAt: operation.submittedAt } : {}),
      },
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

  async function submitRequestFor(operation: StoredOperation): Promise<SubmitRequest> {
    const stored = await store.subscriptions.get(operation.tenantId, operation.subscriptionId);
    if (!stored) throw new GatewayError('internal', `subscription ${operation.subscriptionId} is missing`);
    // A migration's step acts on the line as its own carrier knows it (the source's old line, the target's new one).
    const subscription = await lineForStep(store, operation, stored);
    const target = operation.targetOperationId ? await store.operations.getById(operation.targetOperationId) : null;
    return {
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
    };
  }

  /**
   * Send a pending operation to its carrier — at most once. The attempt is written before the call; an attempt
   * left `started` (we crashed) or `unknown` (timeout, 5xx) means the carrier may have it, so we ask the carrier
   * by our correlation id before sending anything again.
   */
  async function submitOne(operation: StoredOperation, report: TickReport, lookup: CarrierLookup): Promise<void> {
    const serving = await carrierServing([operation], report, lookup);
    if (!serving) return;
    const { adapter, plugin } = serving.carrier;
    const connectionName = serving.carrier.connection.name;
    const request = await submitRequestFor(operation);
    const attempts = await store.attempts.listForOperation(operation.id);
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
      const lookup = await startAttempt(current, 'find_submission', { correlationId: operation.correlationId });
      current = { ...current, attempts: current.attempts + 1 };
      try {
        const found = await adapter.findSubmission(request);
        // An answer, whatever it says: the run of failed calls is over.
        current = { ...current, consecutiveFailures: 0 };
        await finishAttempt(lookup, { outcome: 'succeeded', response: found });
        for (const attempt of unresolved) {
          await store.attempts.finish(attempt.id, {
            outcome: found.found ? 'succeeded' : 'failed',
            response: found.found
              ? { reconciled: true, carrierReference: found.carrierReference, update: found.update }
              : { reconciled: true, received: false },
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
        await finishAttempt(lookup, { outcome: 'failed', error });
        report.retried++;
        const failures = current.consecutiveFailures + 1;
        await reschedule(current, { consecutiveFailures: failures }, retryDelay(failures));
        return;
      }
    }

    const attempt = await startAttempt(current, 'submit', redactedSubmission(request));
    current = { ...current, attempts: current.attempts + 1 };
    let result: SubmitResult;
    try {
      result = await adapter.submit(request);
    } catch (error) {
      if (CarrierUnavailableError.isInstance(error)) {
        await finishAttempt(attempt, { outcome: error.requestMayHaveArrived ? 'unknown' : 'failed', error });
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
      await finishAttempt(attempt, { outcome: 'failed', error });
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
    await finishAttempt(attempt, { outcome: 'succeeded', response: result });
    await afterSubmission(
      { ...current, consecutiveFailures: 0 },
      result.carrierReference,
      result.update,
      result.warnings ?? [],
      plugin.id,
      adapter.capabilities.callbacks,
      connectionName,
    );
    report.submitted++;
  }

  async function afterSubmission(
    operation: StoredOperation,
    carrierReference: string,
    update: CarrierStatusUpdate,
    warnings: string[],
    carrierId: string,
    callbacks: boolean,
    connectionName: string,
  ) {
    const submitted: StoredOperation = {
      ...operation,
      submittedAt: clock.now(),
      carrierReference,
      warnings: [...operation.warnings, ...warnings],
    };
    const outcome = outcomeFor(submitted, update, carrierId, later(pollDelayFor(submitted, callbacks)));
    await finish(submitted, outcome, connectionName);
  }

  /** Ask one carrier connection about many submitted operations in as few calls as it allows. */
  async function pollGroup(group: StoredOperation[], report: TickReport, lookup: CarrierLookup): Promise<void> {
    if (group.length === 0) return;
    const serving = await carrierServing(group, report, lookup);
    if (!serving) return;
    const { operations } = serving;
    const { adapter, plugin } = serving.carrier;
    const references = operations.map((operation) => ({
      operationId: operation.id,
      kind: operation.kind,
      carrierReference: operation.carrierReference ?? '',
    }));
    const startedAt = clock.now();
    let updates: CarrierStatusUpdate[];
    try {
      updates = await adapter.poll(references);
    } catch (error) {
      const problem = toGatewayError(error).toProblem();
      for (const operation of operations) {
        await store.attempts.insert({
          id: ids.newId('att'),
          operationId: operation.id,
          phase: 'poll',
          outcome: 'failed',
          request: { carrierReference: operation.carrierReference },
          response: null,
          httpStatus: problem.carrier?.httpStatus ?? null,
          latencyMs: clock.now().getTime() - startedAt.getTime(),
          error: problem,
          startedAt,
          finishedAt: clock.now(),
        });
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
    const latencyMs = clock.now().getTime() - startedAt.getTime();
    for (const operation of operations) {
      const update =
        updates.find((candidate) => candidate.operationId === operation.id) ??
        updates.find(
          (candidate) => !candidate.operationId && candidate.carrierReference === operation.carrierReference,
        );
      await store.attempts.insert({
        id: ids.newId('att'),
        operationId: operation.id,
        phase: 'poll',
        outcome: update ? 'succeeded' : 'unknown',
        request: { carrierReference: operation.carrierReference, batchSize: operations.length },
        response: update ?? null,
        httpStatus: 200,
        latencyMs,
        error: null,
        startedAt,
        finishedAt: clock.now(),
      });
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
      await finish(polled, outcome, serving.carrier.connection.name);
      if (outcome.state !== 'in_progress') report.finished++;
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
      const byConnection = new Map<string, StoredOperation[]>();
      for (const operation of claimed) {
        if (operation.status !== 'submitted') continue;
        const group = byConnection.get(operation.carrierConnectionId) ?? [];
        group.push(operation);
        byConnection.set(operation.carrierConnectionId, group);
      }
      const guard = async (operation: StoredOperation, work: () => Promise<void>) => {
        try {
          await work();
        } catch (error) {
          // One broken operation must not stop the others; its lease runs out and it is tried again.
          logger.error(
            { operationId: operation.id, err: error instanceof Error ? error.stack : String(error) },
            'engine step failed',
          );
        }
      };
      // The one place pacing is applied: every carrier step of a tick asks its connection's pacer first.
      const paced = async (group: StoredOperation[], work: () => Promise<void>) => {
        const first = group[0] as StoredOperation;
        const limits = await lookup(first.carrierConnectionId).then(
          (carrier) => carrier.connection.pacing,
          () => null, // the step itself fails the operations of a connection that cannot be resolved
        );
        const admission = pacer.admit(first.carrierConnectionId, limits, clock.now().getTime());
        if (!admission.granted) {
          const delay = Math.max(0, admission.retryAt - clock.now().getTime());
          for (const operation of group) await reschedule(operation, {}, delay);
          return;
        }
        try {
          await work();
        } finally {
          admission.release();
        }
      };
      await Promise.all([
        eachWithConcurrency(toSubmit, settings.submitConcurrency, (operation) =>
          guard(operation, () => paced([operation], () => submitOne(operation, report, lookup))),
        ),
        ...[...byConnection.values()].map((group) =>
          guard(group[0] as StoredOperation, () => paced(group, () => pollGroup(group, report, lookup))),
        ),
      ]);
      return report;
    },
    applyCallback,
    async receiveCallback(connectionId, carrierId, request) {
      const carrier = await carriers.byConnectionId(connectionId);
      const { adapter, connection } = carrier;
      if (connection.carrier !== carrierId || !adapter.parseCallback) {
        throw new UnauthorisedError(`Connection ${connectionId} does not take ${carrierId} callbacks.`);
      }
      const updates = await adapter.parseCallback(request);
      return applyUpdates(carrier, updates);
    },
  };
}
