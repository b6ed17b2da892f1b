/**
 * Whether the cron that fires at `scheduledTime` also runs a drift sweep. A worker has no interval loop, so
 * DRIFT_SWEEP_INTERVAL_MS is honoured on the minute cron: a sweep runs on the first cron of each interval (every
 * cron when the interval is shorter than a minute). The sweep itself picks only lines not seen for
 * DRIFT_SWEEP_STALE_AFTER_MS, so a cron that runs late or twice re-reads nothing twice.
 */
export function driftSweepDue(scheduledTime: number, intervalMs: number, cronPeriodMs = 60_000): boolean {
  if (intervalMs <= 0) return false;
  if (intervalMs <= cronPeriodMs) return true;
  return Math.floor(scheduledTime / intervalMs) !== Math.floor((scheduledTime - cronPeriodMs) / intervalMs);
}
