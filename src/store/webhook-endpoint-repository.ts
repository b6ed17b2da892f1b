import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { WebhookEndpoint, WebhookEndpointRepository } from '../core/ports.js';
import type { StoreDatabase } from './database.js';
import { builtOnce } from './prepared.js';
import { webhookEndpoints } from './schema.js';

type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;

function toWebhookEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    tenantId: row.tenantId,
    url: row.url,
    secret: row.secret,
    eventTypes: row.eventTypes,
    description: row.description,
    createdAt: row.createdAt,
    deletedAt: row.deletedAt,
  };
}

/** Read with every event appended (to fan it out): built once per process (builtOnce). */
const listLive = builtOnce<{ tenantId: string }, WebhookEndpointRow[]>('webhook_endpoints_list', (db) =>
  db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, sql.placeholder('tenantId')), isNull(webhookEndpoints.deletedAt)))
    .orderBy(desc(webhookEndpoints.id)),
);

/** A deleted endpoint is kept (its deliveries point at it) but is gone for every read. */
export function createWebhookEndpointRepository(db: StoreDatabase): WebhookEndpointRepository {
  return {
    async create(endpoint) {
      const [row] = await db.insert(webhookEndpoints).values(endpoint).returning();
      return toWebhookEndpoint(row!);
    },
    async get(tenantId, id) {
      const [row] = await db
        .select()
        .from(webhookEndpoints)
        .where(
          and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)),
        );
      return row ? toWebhookEndpoint(row) : null;
    },
    async list(tenantId) {
      const rows = await listLive(db, { tenantId });
      return rows.map(toWebhookEndpoint);
    },
    async delete(tenantId, id, at) {
      const deleted = await db
        .update(webhookEndpoints)
        .set({ deletedAt: at })
        .where(
          and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)),
        )
        .returning({ id: webhookEndpoints.id });
      return deleted.length > 0;
    },
  };
}
