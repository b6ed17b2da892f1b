import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { CarrierConnection, CarrierConnectionRepository } from '../core/ports.js';
import type { StoreDatabase } from './database.js';
import { builtOnce } from './prepared.js';
import { carrierConnections } from './schema.js';

type CarrierConnectionRow = typeof carrierConnections.$inferSelect;

export function toCarrierConnection(row: CarrierConnectionRow): CarrierConnection {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    carrier: row.carrier,
    config: row.config,
    isDefault: row.isDefault,
    ...(row.pacing ? { pacing: row.pacing } : {}),
    createdAt: row.createdAt,
  };
}

/** Read by the engine once per tick and connection, and by every callback: built once per process (builtOnce). */
const getConnectionById = builtOnce<{ id: string }, CarrierConnectionRow[]>('carrier_connection_by_id', (db) =>
  db
    .select()
    .from(carrierConnections)
    .where(eq(carrierConnections.id, sql.placeholder('id'))),
);

export function createCarrierConnectionRepository(db: StoreDatabase): CarrierConnectionRepository {
  return {
    async upsert(connection) {
      return db.transaction(async (transaction) => {
        // A tenant has one default: making this one the default takes it from the others.
        if (connection.isDefault) {
          await transaction
            .update(carrierConnections)
            .set({ isDefault: false })
            .where(
              and(eq(carrierConnections.tenantId, connection.tenantId), ne(carrierConnections.name, connection.name)),
            );
        }
        // The existing row keeps its id and creation time: subscriptions and operations point at that id.
        const [row] = await transaction
          .insert(carrierConnections)
          .values(connection)
          .onConflictDoUpdate({
            target: [carrierConnections.tenantId, carrierConnections.name],
            set: {
              carrier: connection.carrier,
              config: connection.config,
              isDefault: connection.isDefault,
              pacing: connection.pacing ?? null,
            },
          })
          .returning();
        return toCarrierConnection(row!);
      });
    },
    async get(tenantId, id) {
      const [row] = await db
        .select()
        .from(carrierConnections)
        .where(and(eq(carrierConnections.tenantId, tenantId), eq(carrierConnections.id, id)));
      return row ? toCarrierConnection(row) : null;
    },
    async getById(id) {
      const [row] = await getConnectionById(db, { id });
      return row ? toCarrierConnection(row) : null;
    },
    async getByName(tenantId, name) {
      const [row] = await db
        .select()
        .from(carrierConnections)
        .where(and(eq(carrierConnections.tenantId, tenantId), eq(carrierConnections.name, name)));
      return row ? toCarrierConnection(row) : null;
    },
    async getDefault(tenantId) {
      const [row] = await db
        .select()
        .from(carrierConnections)
        .where(and(eq(carrierConnections.tenantId, tenantId), eq(carrierConnections.isDefault, true)))
        .orderBy(asc(carrierConnections.id))
        .limit(1);
      return row ? toCarrierConnection(row) : null;
    },
    async list(tenantId) {
      const rows = await db
        .select()
        .from(carrierConnections)
        .where(eq(carrierConnections.tenantId, tenantId))
        .orderBy(asc(carrierConnections.name));
      return rows.map(toCarrierConnection);
    },
    async listAll() {
      const rows = await db
        .select()
        .from(carrierConnections)
        .orderBy(asc(carrierConnections.tenantId), asc(carrierConnections.name));
      return rows.map(toCarrierConnection);
    },
  };
}
