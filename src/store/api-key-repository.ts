import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { ApiKeyRecord, ApiKeyRepository } from '../core/ports.js';
import type { StoreDatabase } from './database.js';
import { preparedOnce } from './prepared.js';
import { apiKeys, tenants } from './schema.js';

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

/** `db.execute` returns `{ rows }` on PGlite and an array on postgres.js. */
function rowsOf(result: unknown): unknown[] {
  return Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
}

export function createApiKeyRepository(db: StoreDatabase): ApiKeyRepository {
  const tenantByActiveKeyHash = preparedOnce(() =>
    db
      .select({ id: tenants.id, name: tenants.name, createdAt: tenants.createdAt })
      .from(apiKeys)
      .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
      .where(and(eq(apiKeys.keyHash, sql.placeholder('keyHash')), isNull(apiKeys.revokedAt)))
      .prepare('tenant_by_active_key_hash'),
  );
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
    async findTenantByActiveKeyHash(keyHash) {
      const [row] = await tenantByActiveKeyHash().execute({ keyHash });
      return row ?? null;
    },
    async list(tenantId) {
      const rows = await db.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId)).orderBy(desc(apiKeys.id));
      return rows.map(toApiKey);
    },
    async revoke(tenantId, id, at) {
      // The CTE locks every active key of the tenant (in id order, so two revocations cannot deadlock) before
      // counting them. A concurrent revocation waits for our commit, then re-reads the locked rows and sees ours
      // revoked: of two racing for the last two keys, the second finds one left and changes nothing. A plain
      // `EXISTS (another active key)` would not do: each would see the other's key still active and both commit.
      const result = await db.execute(sql`
        with active as (
          select ${apiKeys.id} as id from ${apiKeys}
          where ${apiKeys.tenantId} = ${tenantId} and ${apiKeys.revokedAt} is null
          order by ${apiKeys.id}
          for update
        )
        update ${apiKeys} set revoked_at = ${at.toISOString()}::timestamptz
        where ${apiKeys.tenantId} = ${tenantId} and ${apiKeys.id} = ${id} and ${apiKeys.revokedAt} is null
          and ${apiKeys.id} in (select id from active)
          and (select count(*) from active) > 1
        returning ${apiKeys.id}`);
      if (rowsOf(result).length > 0) return 'revoked';
      const [still] = await db
        .select({ id: apiKeys.id })
        .from(apiKeys)
        .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
      return still ? 'last_active_key' : 'not_found';
    },
  };
}
