import { and, asc, desc, eq, getTableColumns, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { StoredSubscription, SubscriptionFilter, SubscriptionRepository } from '../core/ports.js';
import { toCarrierConnection } from './carrier-connection-repository.js';
import type { StoreDatabase } from './database.js';
import { toPage } from './page.js';
import { builtOnce, maskedPlaceholders, preparedOnce, presentValues } from './prepared.js';
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

const columns = getTableColumns(subscriptions);

/** The columns an update writes: all but the key and the creation time (the caller sets the next version). */
const writtenColumns = Object.keys(columns).filter((key) => !['id', 'tenantId', 'createdAt'].includes(key));

// The engine's writes and batch reads of lines, built once per process (see builtOnce), on the pool or in a
// transaction.
const updateVersioned = builtOnce<Record<string, unknown>, SubscriptionRow[], number>(
  'subscription_update',
  (db, mask) =>
    db
      .update(subscriptions)
      .set(maskedPlaceholders(writtenColumns, mask))
      .where(
        and(
          eq(subscriptions.tenantId, sql.placeholder('tenantId')),
          eq(subscriptions.id, sql.placeholder('id')),
          eq(subscriptions.version, sql.placeholder('readVersion')),
        ),
      )
      .returning(),
);

const getById = builtOnce<{ tenantId: string; id: string }, SubscriptionRow[]>('subscription_get_once', (db) =>
  db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, sql.placeholder('tenantId')), eq(subscriptions.id, sql.placeholder('id')))),
);

/** One text per count of ids (a batch's size), each id its own placeholder. */
const getByIdList = builtOnce<Record<string, string>, SubscriptionRow[], number>('subscriptions_by_ids', (db, count) =>
  db
    .select()
    .from(subscriptions)
    .where(
      inArray(
        subscriptions.id,
        Array.from({ length: count }, (_, index) => sql.placeholder(`id${index}`)),
      ),
    ),
);

export function createSubscriptionRepository(db: StoreDatabase): SubscriptionRepository {
  const byId = and(
    eq(subscriptions.tenantId, sql.placeholder('tenantId')),
    eq(subscriptions.id, sql.placeholder('id')),
  );
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
      // Built once per process, on the pool or in a transaction (the engine's outcomes make a repository each).
      const [row] = await getById(db, { tenantId, id });
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
      const { id, tenantId } = subscription;
      const { mask, values } = presentValues(columns, writtenColumns, subscription);
      // Optimistic concurrency: the write lands only on the version the caller read.
      const [row] = await updateVersioned(db, { ...values, id, tenantId, readVersion: subscription.version - 1 }, mask);
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
      const distinct = [...new Set(ids)];
      const values = Object.fromEntries(distinct.map((id, index) => [`id${index}`, id]));
      const rows = await getByIdList(db, values, distinct.length);
      return rows.map(toSubscription);
    },
  };
}
