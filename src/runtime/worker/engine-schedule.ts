/**
 * When to wake the engine between crons. wrangler.toml runs the cron every minute (`* * * * *`), so a due time
 * before the next minute gets an alarm; a later one is found by a cron, which schedules again. Alarms are never
 * set closer together than `minimumGapMs`, so an operation that stays due (a backlog) cannot spin the object.
 */
export const cronIntervalMs = 60_000;
const minimumGapMs = 250;

export function nextCronAt(nowMs: number): number {
  return (Math.floor(nowMs / cronIntervalMs) + 1) * cronIntervalMs;
}

/** The alarm time for a due time, or null when the next cron comes first (or nothing is due). */
export function alarmTimeFor(dueAt: Date | null, nowMs: number): number | null {
  if (!dueAt) return null;
  const at = Math.max(dueAt.getTime(), nowMs + minimumGapMs);
  return at < nextCronAt(nowMs) ? at : null;
}
