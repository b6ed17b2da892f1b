import { and, eq, lt } from 'drizzle-orm';
import type { IdempotencyRepository } from '../core/ports.js';
import type { StoreDatabase } from './database.js';
import { idempotencyKeys } from './schema.js';

/**
 * A key can vanish between our insert and our read (another request releases it); then we try again. Two rounds
 * suffice unless keys are being released in a loop, so a few more than that is a bug, not bad luck.
 */
const maximumRounds = 5;

export function createIdempotencyRepository(db: StoreDatabase): IdempotencyRepository {
  return {
    async begin({ tenantId, key, fingerprint, now, expiredBefore }) {
      for (let round = 0; round < maximumRounds; round++) {
        // Insert if absent, or take over an expired entry, in one statement: of several concurrent requests with
        // the same key exactly one gets a row back.
        const started = await db
          .insert(idempotencyKeys)
          .values({ tenantId, key, fingerprint, state: 'in_progress', createdAt: now })
          .onConflictDoUpdate({
            target: [idempotencyKeys.tenantId, idempotencyKeys.key],
            set: {
              fingerprint,
              state: 'in_progress',
              responseStatus: null,
              responseBody: null,
              createdAt: now,
              completedAt: null,
            },
            setWhere: lt(idempotencyKeys.createdAt, expiredBefore),
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
    async complete({ tenantId, key, responseStatus, responseBody, now }) {
      await db
        .update(idempotencyKeys)
        .set({ state: 'completed', responseStatus, responseBody: responseBody ?? null, completedAt: now })
        .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)));
    },
    async release({ tenantId, key }) {
      await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)));
    },
  };
}
