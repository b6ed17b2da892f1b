import type { ConnectionPacing } from '../ports.js';

/**
 * Per-connection pacing: how many carrier requests the engine may start per second on a connection, and how many
 * may be in flight at once, so that a bulk move never turns into a storm of 429s. The engine asks before each carrier
 * step (a submission, a lookup, a batched poll); a refused step is not waited for — the operation is put back in the
 * queue for the moment a slot frees, so no lease is held while waiting and no timer runs in the core.
 *
 * Limits are per gateway process: two instances sharing a database each keep their own count (a shared limit would
 * need a shared counter; say so in the connection's limits by dividing them).
 */
export type Admission = { granted: true; release(): void } | { granted: false; retryAt: number };

export interface Pacer {
  /** Admit one carrier step on `connectionId` at `now` (epoch milliseconds). */
  admit(connectionId: string, limits: ConnectionPacing | null | undefined, now: number): Admission;
}

/** When only the concurrency limit holds a step back: look again this soon. */
const concurrencyRetryMs = 25;

interface ConnectionWindow {
  /** When recent steps ended, oldest first. */
  ended: number[];
  inFlight: number;
  /** Steps deferred to the same slot so far, so that deferred steps are spread out rather than all retried at once. */
  queuedFor: number;
  queued: number;
}

function rateOf(limits: ConnectionPacing): { cap: number; windowMs: number } | null {
  const rate = limits.requestsPerSecond;
  if (!rate) return null;
  // Fractional rates (0.5/s) become one request per longer window.
  const windowMs = Math.max(1000, 1000 / rate);
  return { cap: Math.max(1, Math.floor((rate * windowMs) / 1000)), windowMs };
}

/**
 * A step's request reaches the carrier somewhere between its admission and its end (the engine reads and writes the
 * database around the call, which takes a varying time). So a step counts against the window from its admission
 * until a full window after it ended: of any `cap + 1` steps, the last is admitted a window after the first ended,
 * and their requests cannot arrive within one window, whatever the latency on the way.
 */
export function createPacer(now: () => number): Pacer {
  const windows = new Map<string, ConnectionWindow>();
  return {
    admit(connectionId, limits, at) {
      if (!limits || (!limits.requestsPerSecond && !limits.maxConcurrent)) return { granted: true, release: () => {} };
      let window = windows.get(connectionId);
      if (!window) {
        window = { ended: [], inFlight: 0, queuedFor: 0, queued: 0 };
        windows.set(connectionId, window);
      }
      const rate = rateOf(limits);
      if (rate) window.ended = window.ended.filter((end) => end > at - rate.windowMs);
      const counted = window.inFlight + window.ended.length;
      if (rate && counted >= rate.cap) {
        // Enough of the ended steps must leave the window; while steps in flight alone fill it, look again soon.
        const mustLeave = counted - rate.cap + 1;
        const leaves = window.ended[mustLeave - 1];
        if (leaves === undefined) return { granted: false, retryAt: at + concurrencyRetryMs };
        const frees = leaves + rate.windowMs;
        if (window.queuedFor !== frees) {
          window.queuedFor = frees;
          window.queued = 0;
        }
        return { granted: false, retryAt: frees + window.queued++ * (rate.windowMs / rate.cap) };
      }
      if (limits.maxConcurrent !== undefined && window.inFlight >= limits.maxConcurrent) {
        return { granted: false, retryAt: at + concurrencyRetryMs };
      }
      window.inFlight++;
      const held = window;
      let released = false;
      return {
        granted: true,
        release: () => {
          if (released) return;
          released = true;
          held.inFlight--;
          held.ended.push(now());
        },
      };
    },
  };
}
