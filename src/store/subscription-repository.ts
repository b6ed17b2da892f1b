import { and, asc, desc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { StoredSubscription, SubscriptionFilter, SubscriptionRepository } from '../core/ports.js';
import { toCarrierConnection } from './carrier-connection-repository.js';
import type { StoreDatabase } from './database.js';
import { toPage } from './page.js';
import { preparedOnce } from './prepared.js';
import { carrierConnections, subscriptions } from './schema.js';

type SubscriptionRow = typeof subscriptions.$inferSelect;

function toSubscription(row: SubscriptionRow): StoredSubscription {
  return {
    id: row.id,
    tenantId: row.tenantId,
    carrierConnectionId: row.carrierConnectionId,
    carrier: row.carrier,
    carrierSubscriptionId: row.carrierSubscriptionId,
    msisdn: row.msisdn,
    iccid: row.iccid,
    esim: row.esim,
    eid: row.eid,
    imei: row.imei,
    plan: row.plan,
    services: row.services,
    status: row.status,
    version: row.version,
    carrierData: row.carrierData,
    externalReference: row.externalReference,
    carrierHistory: row.carrierHistory,
    ...(row.lastRefreshedAt ? { lastRefreshedAt: row.lastRefreshedAt } : {}),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** `carrier` filters by adapter id (`stn`); `carrierConnectionId` by the tenant's connection. */
function filterConditions(filter: SubscriptionFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.status !== undefined) conditions.push(eq(subscriptions.status, filter.status));
  if (filter.carrier !== undefined) conditions.push(eq(subscriptions.carrier, filter.carrier));
  if (filter.carrierConnectionId !== undefined) {
    conditions.push(eq(subscriptions.carrierConnectionId, filter.carrierConnectionId));
  }
  if (filter.msisdn !== undefined) conditions.push(eq(subscriptions.msisdn, filter.msisdn));
  if (filter.iccid !== undefined) conditions.push(eq(subscriptions.iccid, filter.iccid));
  return conditions;
}

export function createSubscriptionRepository(db: StoreDatabase): SubscriptionRepository {
  const byId = and(
    eq(subscriptions.tenantId, sql.placeholder('tenantId')),
    eq(subscriptions.id, sql.placeholder('id')),
  );
  const getOne = preparedOnce(() => db.select().from(subscriptions).where(byId).prepare('subscription_get'));
  const getWithName = preparedOnce(() =>
    db
      .select({ subscription: subscriptions, connectionName: carrierConnections.name })
      .from(subscriptions)
      .leftJoin(
        carrierConnections,
        and(
          eq(carrierConnections.tenantId, subscriptions.tenantId),
          eq(carrierConnections.id, subscriptions.carrierConnectionId),
        ),
      )
      .where(byId)
      .prepare('subscription_get_with_connection_name'),
  );
  // The connection by id alone, as CarrierDirectory.byConnectionId reads it: the line's own connection, in the same
  // round trip as the line (a mutation needs both).
  const getWithFullConnection = preparedOnce(() =>
    db
      .select({ subscription: subscriptions, connection: carrierConnections })
      .from(subscriptions)
      .leftJoin(carrierConnections, eq(carrierConnections.id, subscriptions.carrierConnectionId))
      .where(byId)
      .prepare('subscription_get_with_connection'),
  );
  return {
    async insert(subscription) {
      const [row] = await db.insert(subscriptions).values(subscription).returning();
      return toSubscription(row!);
    },
    async get(tenantId, id) {
      const [row] = await getOne().execute({ tenantId, id });
      return row ? toSubscription(row) : null;
    },
    async getWithConnectionName(tenantId, id) {
      const [row] = await getWithName().execute({ tenantId, id });
      return row ? { subscription: toSubscription(row.subscription), connectionName: row.connectionName } : null;
    },
    async getWithConnection(tenantId, id) {
      const [row] = await getWithFullConnection().execute({ tenantId, id });
      if (!row) return null;
      return {
        subscription: toSubscription(row.subscription),
        connection: row.connection ? toCarrierConnection(row.connection) : null,
      };
    },
    async update(subscription) {
      const { id, tenantId, createdAt: _createdAt, ...changes } = subscription;
      // Optimistic concurrency: the write lands only on the version the caller read.
      const [row] = await db
        .update(subscriptions)
        .set(changes)
        .where(
          and(
            eq(subscriptions.tenantId, tenantId),
            eq(subscriptions.id, id),
            eq(subscriptions.version, subscription.version - 1),
          ),
        )
        .returning();
      return row ? toSubscription(row) : null;
    },
    async listStale(before, limit) {
      const rows = await db
        .select()
        .from(subscriptions)
        .where(
          and(
            inArray(subscriptions.status, ['active', 'suspended']),
            or(isNull(subscriptions.lastRefreshedAt), lt(subscriptions.lastRefreshedAt, before)),
          ),
        )
        .orderBy(sql`${subscriptions.lastRefreshedAt} asc nulls first`, asc(subscriptions.id))
        .limit(limit);
      return rows.map(toSubscription);
    },
    async list(tenantId, filter, page) {
      const conditions = [eq(subscriptions.tenantId, tenantId), ...filterConditions(filter)];
      if (page.cursor !== undefined) conditions.push(lt(subscriptions.id, page.cursor));
      const rows = await db
        .select()
        .from(subscriptions)
        .where(and(...conditions))
        .orderBy(desc(subscriptions.id))
        .limit(page.limit + 1);
      return toPage(rows.map(toSubscription), page.limit);
    },
    async getByIds(ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .select()
        .from(subscriptions)
        .where(inArray(subscriptions.id, [...new Set(ids)]));
      return rows.map(toSubscription);
    },
  };
}
