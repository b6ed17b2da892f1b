/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so retries from many operations
 * that failed together (a carrier outage) spread out instead of arriving together when it comes back.
 */
export function backoffDelayMs(
  attempt: number,
  options: { baseMs: number; maxMs: number; random: () => number },
): number {
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (exponential / 2) * options.random());
}

/**
 * How long to wait before asking the carrier again about a request under way: quick at first, then slower — half
 * the time since the carrier accepted it, between `baseMs` and `maxMs` (the schedule of a 1.5× backoff per poll).
 * Counted from the acceptance, not from a count of attempts: failed submissions and lookups before it must not make
 * its first polls slow (a poll every 30 s right after a carrier outage, found by the carrier-fault drill).
 */
export function pollDelayMs(underWayMs: number, options: { baseMs: number; maxMs: number }): number {
  return Math.min(options.maxMs, Math.max(options.baseMs, Math.round(Math.max(0, underWayMs) / 2)));
}
