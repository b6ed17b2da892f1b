import type { Store, Tenant } from '../core/index.js';

export interface TenantKeyCacheOptions {
  /** How long an answer is trusted. A key revoked on another instance keeps working here for at most this long. */
  ttlMs: number;
  /** Oldest entries go first beyond this, so a stream of distinct keys cannot grow the process. */
  maxEntries: number;
  now: () => number;
}

/** One second: the longest a revoked key may go on working on an instance other than the one that revoked it. */
export const tenantKeyCacheTtlMs = 1_000;

/**
 * The store, with "which tenant owns the active key with this hash" remembered for a moment: every authenticated
 * request asks it, and the answer almost never changes. Only found tenants are kept (an unknown key asks the
 * database each time, as before). A revocation through this store forgets everything at once, so on this instance a
 * revoked key stops at the next request; elsewhere within `ttlMs`.
 */
export function withTenantKeyCache(store: Store, options: TenantKeyCacheOptions): Store {
  const entries = new Map<string, { tenant: Tenant; expiresAt: number }>();
  // One look-up per key at a time: when an entry expires under load, every request in flight for that key would
  // otherwise ask the database at once (≈ 47 a second at 50 connections in the bench).
  const lookingUp = new Map<string, Promise<Tenant | null>>();
  // Bumped by a revocation here: a look-up that began before it may have seen the key still active, so its answer
  // goes to the requests that waited for it but is not remembered.
  let generation = 0;
  const cached: Pick<Store['apiKeys'], 'findTenantByActiveKeyHash' | 'revoke'> = {
    async findTenantByActiveKeyHash(keyHash) {
      const hit = entries.get(keyHash);
      if (hit && hit.expiresAt > options.now()) return hit.tenant;
      entries.delete(keyHash);
      const running = lookingUp.get(keyHash);
      if (running) return running;
      const startedIn = generation;
      const answer: Promise<Tenant | null> = store.apiKeys
        .findTenantByActiveKeyHash(keyHash)
        .then((tenant) => {
          if (tenant && startedIn === generation) {
            if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value as string);
            entries.set(keyHash, { tenant, expiresAt: options.now() + options.ttlMs });
          }
          return tenant;
        })
        .finally(() => {
          if (lookingUp.get(keyHash) === answer) lookingUp.delete(keyHash);
        });
      lookingUp.set(keyHash, answer);
      return answer;
    },
    async revoke(tenantId, id, at) {
      try {
        return await store.apiKeys.revoke(tenantId, id, at);
      } finally {
        generation++;
        entries.clear();
        lookingUp.clear();
      }
    },
  };
  // Proxies, not copies: everything else is looked up on `store` at each use, so whoever replaces a method of the
  // store later (a test making the store fail) is heard here too. Made at first use: building the app touches no
  // repository (write-openapi builds it over a store that refuses every use).
  let apiKeys: Store['apiKeys'] | undefined;
  const cachedApiKeys = () => {
    apiKeys ??= new Proxy(store.apiKeys, {
      get: (_target, property, receiver) =>
        property === 'findTenantByActiveKeyHash' || property === 'revoke'
          ? cached[property]
          : Reflect.get(store.apiKeys, property, receiver),
    });
    return apiKeys;
  };
  return new Proxy(store, {
    get: (target, property, receiver) =>
      property === 'apiKeys' ? cachedApiKeys() : Reflect.get(target, property, receiver),
  });
}
