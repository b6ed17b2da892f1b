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

/** How long to wait before asking the carrier again about a request under way: quick at first, then slower. */
export function pollDelayMs(polls: number, options: { baseMs: number; maxMs: number }): number {
  return Math.min(options.maxMs, Math.round(options.baseMs * 1.5 ** Math.max(0, polls)));
}
