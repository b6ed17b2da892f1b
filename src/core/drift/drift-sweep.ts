import type { Pacer } from '../engine/pacing.js';
import type { Clock, Store } from '../ports.js';
import type { OperationServiceDependencies } from '../use-cases/request-operation.js';
import { refreshLine } from './refresh-line.js';

export interface DriftSweepReport {
  checked: number;
  drifted: number;
  /** Lines left for the next sweep because their connection's pacing was full, or the read failed. */
  skipped: number;
}

/**
 * One round of the drift sweep: the lines not read from their carrier for `staleAfterMs` (never-read first), each
 * refreshed (refreshLine) — paced by the same per-connection pacer as the engine, so the sweep never pushes a
 * connection past its limits; a line whose connection is full waits for the next round. Runtimes call it on an
 * interval.
 */
export async function sweepDrift(
  dependencies: Omit<OperationServiceDependencies, 'store'> & { store: Store; clock: Clock; pacer: Pacer },
  options: { staleAfterMs: number; limit: number },
): Promise<DriftSweepReport> {
  const now = dependencies.clock.now();
  const stale = await dependencies.store.subscriptions.listStale(
    new Date(now.getTime() - options.staleAfterMs),
    options.limit,
  );
  const report: DriftSweepReport = { checked: 0, drifted: 0, skipped: 0 };
  for (const line of stale) {
    let limits = null;
    try {
      limits = (await dependencies.carriers.byConnectionId(line.carrierConnectionId)).connection.pacing;
    } catch {
      report.skipped++;
      continue;
    }
    const admission = dependencies.pacer.admit(line.carrierConnectionId, limits, dependencies.clock.now().getTime());
    if (!admission.granted) {
      report.skipped++;
      continue;
    }
    try {
      const result = await refreshLine(dependencies, { tenantId: line.tenantId, subscriptionId: line.id });
      report.checked++;
      if (result.drift.length > 0) report.drifted++;
    } catch {
      // A carrier that cannot be read now is read in a later round; the line's lastRefreshedAt is unchanged.
      report.skipped++;
    } finally {
      admission.release();
    }
  }
  return report;
}
