import { and, eq, lt, lte, or } from 'drizzle-orm';
import type { IdempotencyRepository } from '../core/ports.js';
import type { StoreDatabase } from './database.js';
import { idempotencyKeys } from './schema.js';

/**
 * A key can vanish between our insert and our read (a sweeper deleting expired keys); then we try again. Two rounds
 * suffice unless keys are being deleted in a loop, so a few more than that is a bug, not bad luck.
 */
const maximumRounds = 5;

export function createIdempotencyRepository(db: StoreDatabase): IdempotencyRepository {
  return {
    async begin({ tenantId, key, fingerprint, now, lockedUntil, expiredBefore }) {
      for (let round = 0; round < maximumRounds; round++) {
        // Insert if absent, or take over an entry that is expired or a claim whose lease passed with no response
        // stored, in one statement: of several concurrent requests with the same key exactly one gets a row back.
        // A claim without a lease (`locked_until` null, written before leases existed) never passes as stale: its
        // work may have committed, so it waits for expiry rather than risk running twice.
        const started = await db
          .insert(idempotencyKeys)
          .values({ tenantId, key, fingerprint, state: 'in_progress', createdAt: now, lockedUntil })
          .onConflictDoUpdate({
            target: [idempotencyKeys.tenantId, idempotencyKeys.key],
            set: {
              fingerprint,
              state: 'in_progress',
              responseStatus: null,
              responseBody: null,
              createdAt: now,
              completedAt: null,
              lockedUntil,
            },
            setWhere: or(
              lt(idempotencyKeys.createdAt, expiredBefore),
              and(eq(idempotencyKeys.state, 'in_progress'), lte(idempotencyKeys.lockedUntil, now)),
            ),
          })
          .returning({ key: idempotencyKeys.key });
        if (started.length > 0) return { state: 'started' };

        const [existing] = await db
          .select()
          .from(idempotencyKeys)
          .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)));
        if (!existing) continue;
        if (existing.fingerprint !== fingerprint) return { state: 'mismatch' };
        if (existing.state !== 'completed' || existing.responseStatus === null) return { state: 'in_progress' };
        return { state: 'completed', responseStatus: existing.responseStatus, responseBody: existing.responseBody };
      }
      throw new Error(`idempotency key ${key} kept disappearing while it was being claimed`);
    },
    async complete({ tenantId, key, fingerprint, responseStatus, responseBody, now }) {
      // Overwrites only the claim this request holds: in progress, with its fingerprint.
      const completed = await db
        .update(idempotencyKeys)
        .set({
          state: 'completed',
          responseStatus,
          responseBody: responseBody ?? null,
          completedAt: now,
          lockedUntil: null,
        })
        .where(
          and(
            eq(idempotencyKeys.tenantId, tenantId),
            eq(idempotencyKeys.key, key),
            eq(idempotencyKeys.fingerprint, fingerprint),
            eq(idempotencyKeys.state, 'in_progress'),
          ),
        )
        .returning({ key: idempotencyKeys.key });
      if (completed.length === 0) throw new Error(`idempotency key ${key} is not claimed by this request`);
    },
  };
}
