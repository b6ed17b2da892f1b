import { eq } from 'drizzle-orm';
import type { Tenant, TenantRepository } from '../core/ports.js';
import type { StoreDatabase } from './database.js';
import { tenants } from './schema.js';

type TenantRow = typeof tenants.$inferSelect;

function toTenant(row: TenantRow): Tenant {
  return { id: row.id, name: row.name, createdAt: row.createdAt };
}

export function createTenantRepository(db: StoreDatabase): TenantRepository {
  return {
    async create(tenant) {
      const [row] = await db.insert(tenants).values(tenant).returning();
      return toTenant(row!);
    },
    async get(id) {
      const [row] = await db.select().from(tenants).where(eq(tenants.id, id));
      return row ? toTenant(row) : null;
    },
  };
}
