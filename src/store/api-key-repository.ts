import { and, desc, eq, isNull } from 'drizzle-orm';
import type { ApiKeyRecord, ApiKeyRepository } from '../core/ports.js';
import type { StoreDatabase } from './database.js';
import { apiKeys } from './schema.js';

type ApiKeyRow = typeof apiKeys.$inferSelect;

function toApiKey(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    tenantId: row.tenantId,
    keyHash: row.keyHash,
    keyPrefix: row.keyPrefix,
    label: row.label,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}

export function createApiKeyRepository(db: StoreDatabase): ApiKeyRepository {
  return {
    async create(key) {
      const [row] = await db.insert(apiKeys).values(key).returning();
      return toApiKey(row!);
    },
    async findActiveByHash(keyHash) {
      const [row] = await db
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
      return row ? toApiKey(row) : null;
    },
    async list(tenantId) {
      const rows = await db.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId)).orderBy(desc(apiKeys.id));
      return rows.map(toApiKey);
    },
    async revoke(tenantId, id, at) {
      const revoked = await db
        .update(apiKeys)
        .set({ revokedAt: at })
        .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id });
      return revoked.length > 0;
    },
  };
}
