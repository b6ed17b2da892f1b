import { and, asc, desc, eq, inArray, isNull, lt, lte, notExists, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { WebhookDelivery, WebhookDeliveryRepository } from '../core/ports.js';
import type { StoreDatabase } from './database.js';
import { toPage } from './page.js';
import { webhookDeliveries } from './schema.js';

type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

function toWebhookDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    tenantId: row.tenantId,
    endpointId: row.endpointId,
    eventId: row.eventId,
    eventSequence: row.eventSequence,
    orderingKey: row.orderingKey,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    createdAt: row.createdAt,
    deliveredAt: row.deliveredAt,
  };
}

export function createWebhookDeliveryRepository(db: StoreDatabase): WebhookDeliveryRepository {
  return {
    async insertMany(deliveries) {
      if (deliveries.length === 0) return;
      await db.insert(webhookDeliveries).values(deliveries);
    },
    async claimDue({ now, limit, owner, leaseUntil }) {
      if (limit <= 0) return [];
      const earlier = alias(webhookDeliveries, 'earlier');
      return db.transaction(async (transaction) => {
        const due = await transaction
          .select({ id: webhookDeliveries.id })
          .from(webhookDeliveries)
          .where(
            and(
              eq(webhookDeliveries.status, 'pending'),
              lte(webhookDeliveries.nextAttemptAt, now),
              or(isNull(webhookDeliveries.leaseExpiresAt), lte(webhookDeliveries.leaseExpiresAt, now)),
              // In order per (endpoint, ordering key): a delivery waits while an earlier one of its key is pending,
              // whether that one is due, leased or backing off.
              notExists(
                transaction
                  .select({ id: earlier.id })
                  .from(earlier)
                  .where(
                    and(
                      eq(earlier.endpointId, webhookDeliveries.endpointId),
                      eq(earlier.orderingKey, webhookDeliveries.orderingKey),
                      eq(earlier.status, 'pending'),
                      lt(earlier.eventSequence, webhookDeliveries.eventSequence),
                    ),
                  ),
              ),
            ),
          )
          .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.eventSequence))
          .limit(limit)
          .for('update', { skipLocked: true });
        if (due.length === 0) return [];
        const rows = await transaction
          .update(webhookDeliveries)
          .set({ leaseOwner: owner, leaseExpiresAt: leaseUntil })
          .where(
            inArray(
              webhookDeliveries.id,
              due.map((row) => row.id),
            ),
          )
          .returning();
        return rows.map(toWebhookDelivery).sort(byNextAttempt);
      });
    },
    async update(delivery) {
      // Writing the outcome ends the claim: the lease is cleared so a retry is due at `nextAttemptAt`, not when
      // the lease would have run out.
      await db
        .update(webhookDeliveries)
        .set({
          status: delivery.status,
          attempts: delivery.attempts,
          nextAttemptAt: delivery.nextAttemptAt,
          lastStatusCode: delivery.lastStatusCode,
          lastError: delivery.lastError,
          deliveredAt: delivery.deliveredAt,
          leaseOwner: null,
          leaseExpiresAt: null,
        })
        .where(and(eq(webhookDeliveries.tenantId, delivery.tenantId), eq(webhookDeliveries.id, delivery.id)));
    },
    async list(tenantId, filter, page) {
      const conditions: SQL[] = [eq(webhookDeliveries.tenantId, tenantId)];
      if (filter.endpointId !== undefined) conditions.push(eq(webhookDeliveries.endpointId, filter.endpointId));
      if (filter.eventId !== undefined) conditions.push(eq(webhookDeliveries.eventId, filter.eventId));
      if (page.cursor !== undefined) conditions.push(lt(webhookDeliveries.id, page.cursor));
      const rows = await db
        .select()
        .from(webhookDeliveries)
        .where(and(...conditions))
        .orderBy(desc(webhookDeliveries.id))
        .limit(page.limit + 1);
      return toPage(rows.map(toWebhookDelivery), page.limit);
    },
    async get(tenantId, id) {
      const [row] = await db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, id)));
      return row ? toWebhookDelivery(row) : null;
    },
  };
}

function byNextAttempt(left: WebhookDelivery, right: WebhookDelivery): number {
  const difference = left.nextAttemptAt.getTime() - right.nextAttemptAt.getTime();
  return difference !== 0 ? difference : left.eventSequence - right.eventSequence;
}
