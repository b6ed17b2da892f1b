/**
 * Remembers the callbacks already accepted, so a captured callback cannot be delivered again within the timestamp
 * tolerance (after it, the timestamp check refuses it anyway). Keyed by signature: the simulator signs each delivery
 * attempt afresh, so a retry after our failure is a new key, while a byte-for-byte replay is not.
 * In the gateway this is the database (AdapterDependencies.callbackReplays, table callback_replays); the memory
 * store below is for adapter unit tests and standalone use, where a restart forgets what it saw.
 */
export interface SpsReplayStore {
  /** Record `key` until `expiresAtMs`; false when it was already recorded and has not expired. */
  rememberOnce(key: string, expiresAtMs: number, nowMs: number): boolean | Promise<boolean>;
}

/**
 * In memory and bounded: expired keys are dropped first; if it is still full, the oldest keys go. Dropping a live
 * key only re-opens a replay of a callback we already applied, which moves nothing (its result is final).
 */
export function createMemoryReplayStore(maxEntries = 10_000): SpsReplayStore {
  const expiries = new Map<string, number>();
  return {
    rememberOnce(key, expiresAtMs, nowMs) {
      const known = expiries.get(key);
      if (known !== undefined && known > nowMs) return false;
      if (expiries.size >= maxEntries) {
        for (const [storedKey, expiresAt] of expiries) if (expiresAt <= nowMs) expiries.delete(storedKey);
        for (const storedKey of expiries.keys()) {
          if (expiries.size < maxEntries) break;
          expiries.delete(storedKey);
        }
      }
      expiries.delete(key);
      expiries.set(key, expiresAtMs);
      return true;
    },
  };
}
