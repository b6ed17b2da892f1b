import { eq } from 'drizzle-orm';
import type { TenantSettingsRepository } from '../core/ports.js';
import type { StoreDatabase } from './database.js';
import { tenantSettings } from './schema.js';

export function createTenantSettingsRepository(db: StoreDatabase): TenantSettingsRepository {
  return {
    async getDriftPolicy(tenantId) {
      const [row] = await db.select().from(tenantSettings).where(eq(tenantSettings.tenantId, tenantId));
      return row?.driftPolicy ?? 'flag';
    },
    async setDriftPolicy(tenantId, policy, at) {
      // The policy is replaced whole; the last writer's choice is the policy, which is what setting one means.
      await db
        .insert(tenantSettings)
        .values({ tenantId, driftPolicy: policy, updatedAt: at })
        .onConflictDoUpdate({ target: tenantSettings.tenantId, set: { driftPolicy: policy, updatedAt: at } });
    },
  };
}
