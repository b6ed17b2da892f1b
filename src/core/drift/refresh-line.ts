import type { CarrierSubscriptionView } from '../adapter.js';
import { NotFoundError, UnsupportedByCarrierError } from '../errors.js';
import { type EventDraft, recordEvents } from '../events/record-events.js';
import type { DriftPolicy, StoredSubscription } from '../ports.js';
import type { OperationServiceDependencies } from '../use-cases/request-operation.js';
import { toSubscriptionView } from '../views.js';

/** One thing the carrier says differently from us. */
export interface Drift {
  field: 'status' | 'msisdn' | 'iccid' | 'plan' | `services.${string}`;
  ours: unknown;
  carrier: unknown;
}

export interface RefreshResult {
  subscription: StoredSubscription;
  connectionName: string;
  drift: Drift[];
  /** True when our view now follows the carrier's (policy `adopt`, no operation under way). */
  adopted: boolean;
  carrierStatus: string;
}

/** What the carrier's view says that ours does not. Fields the carrier does not report (null, unknown) are skipped. */
export function findDrift(
  line: StoredSubscription,
  view: CarrierSubscriptionView,
  services: readonly string[],
): Drift[] {
  const drift: Drift[] = [];
  if (view.status !== 'unknown' && view.status !== line.status) {
    drift.push({ field: 'status', ours: line.status, carrier: view.status });
  }
  if (view.msisdn && view.msisdn !== line.msisdn)
    drift.push({ field: 'msisdn', ours: line.msisdn, carrier: view.msisdn });
  if (view.iccid && view.iccid !== line.iccid) drift.push({ field: 'iccid', ours: line.iccid, carrier: view.iccid });
  if (view.plan && view.plan !== line.plan) drift.push({ field: 'plan', ours: line.plan, carrier: view.plan });
  // Only services we hold a value for: the carrier reports its defaults for all the others, which we never set and
  // so cannot disagree with.
  for (const name of services) {
    const ours = (line.services as Record<string, unknown>)[name];
    const theirs = (view.services as Record<string, unknown>)[name];
    if (ours !== undefined && theirs !== undefined && JSON.stringify(theirs) !== JSON.stringify(ours)) {
      drift.push({ field: `services.${name}`, ours, carrier: theirs });
    }
  }
  return drift;
}

function adopt(line: StoredSubscription, drift: Drift[]): StoredSubscription {
  const next: StoredSubscription = { ...line, services: { ...line.services } };
  for (const entry of drift) {
    if (entry.field === 'status') next.status = entry.carrier as StoredSubscription['status'];
    else if (entry.field === 'msisdn') next.msisdn = entry.carrier as string;
    else if (entry.field === 'iccid') next.iccid = entry.carrier as string;
    else if (entry.field === 'plan') next.plan = entry.carrier as string;
    else (next.services as Record<string, unknown>)[entry.field.slice('services.'.length)] = entry.carrier;
  }
  return next;
}

/**
 * Read a line from its carrier (the adapter's `getSubscription`) and compare: each disagreement becomes a
 * `subscription.drift_detected` event with both values. With the tenant's policy `adopt` our view follows the
 * carrier's — unless an operation is under way on the line, whose outcome will say what the line is; then it is
 * only flagged. The line's `lastRefreshedAt` is written either way, with its version as the condition.
 */
export async function refreshLine(
  dependencies: OperationServiceDependencies,
  input: { tenantId: string; subscriptionId: string; policy?: DriftPolicy },
): Promise<RefreshResult> {
  const line = await dependencies.store.subscriptions.get(input.tenantId, input.subscriptionId);
  if (!line) throw new NotFoundError('Subscription', input.subscriptionId);
  const carrier = await dependencies.carriers.byConnectionId(line.carrierConnectionId);
  if (!carrier.adapter.getSubscription) {
    throw new UnsupportedByCarrierError(carrier.plugin.id, `${carrier.plugin.id} offers no read of a line.`);
  }
  const view = await carrier.adapter.getSubscription({
    carrierSubscriptionId: line.carrierSubscriptionId,
    msisdn: line.msisdn,
    iccid: line.iccid,
  });
  const drift = findDrift(line, view, carrier.adapter.capabilities.services);
  const policy = input.policy ?? (await dependencies.store.tenantSettings.getDriftPolicy(input.tenantId));
  const busy = (await dependencies.store.operations.listOpen(line.id)).length > 0;
  const adopted = policy === 'adopt' && !busy && drift.length > 0;
  const now = dependencies.clock.now();
  const next: StoredSubscription = {
    ...(adopted ? adopt(line, drift) : line),
    lastRefreshedAt: now,
    version: line.version + 1,
    updatedAt: now,
  };
  const drafts: EventDraft[] = drift.map((entry) => ({
    type: 'subscription.drift_detected',
    subscriptionId: line.id,
    operationId: null,
    data: {
      field: entry.field,
      ours: entry.ours,
      carrier: entry.carrier,
      carrierStatus: view.carrierStatus,
      policy,
      adopted,
      ...(busy ? { note: 'an operation is under way on the line; its outcome will settle the line' } : {}),
      subscription: toSubscriptionView(next, carrier.connection.name),
    },
  }));
  const written = await dependencies.store.transaction(async (repositories) => {
    const stored = await repositories.subscriptions.update(next);
    // Someone changed the line while we read the carrier: their write is newer than our comparison; report nothing.
    if (!stored) return null;
    await recordEvents(repositories, { tenantId: input.tenantId, ids: dependencies.ids, now, drafts });
    return stored;
  });
  return {
    subscription: written ?? line,
    connectionName: carrier.connection.name,
    drift: written ? drift : [],
    adopted: Boolean(written) && adopted,
    carrierStatus: view.carrierStatus,
  };
}
