/**
 * When to wake the engine between crons. Every round arms the Durable Object alarm for the next due time, however
 * far away: leaving "later than the next cron minute" to the cron lost work due just after a minute boundary (the
 * cron at :00 found nothing due yet, and a cron can be late or, under `wrangler dev`, never fire). The cron stays the
 * safety net. Alarms are never set closer together than `minimumGapMs`, so an operation that stays due (a backlog)
 * cannot spin the object.
 */
const minimumGapMs = 250;

/** The alarm time for a due time, or null when nothing is due. */
export function alarmTimeFor(dueAt: Date | null, nowMs: number): number | null {
  if (!dueAt) return null;
  return Math.max(dueAt.getTime(), nowMs + minimumGapMs);
}
