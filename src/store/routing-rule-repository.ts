import { and, eq } from 'drizzle-orm';
import type { RoutingRuleRepository } from '../core/ports.js';
import type { StoreDatabase } from './database.js';
import { routingRules } from './schema.js';

export function createRoutingRuleRepository(db: StoreDatabase): RoutingRuleRepository {
  return {
    async get(tenantId) {
      const [row] = await db.select().from(routingRules).where(eq(routingRules.tenantId, tenantId));
      return row ? { ...row } : null;
    },
    async put(set) {
      // Conditional: the first write inserts (and loses to a concurrent first write), later ones name the version.
      if (set.version === 1) {
        const inserted = await db.insert(routingRules).values(set).onConflictDoNothing().returning();
        return inserted[0] ? { ...inserted[0] } : null;
      }
      const [row] = await db
        .update(routingRules)
        .set({ rules: set.rules, version: set.version, updatedAt: set.updatedAt })
        .where(and(eq(routingRules.tenantId, set.tenantId), eq(routingRules.version, set.version - 1)))
        .returning();
      return row ? { ...row } : null;
    },
  };
}
