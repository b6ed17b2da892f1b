/**
 * The floor a read is measured against: Hono on @hono/node-server and one select of the same subscription row, with
 * no authentication, no validation and no mapping. FLOOR_DRIVER=postgres (postgres.js, a prepared statement, on
 * FLOOR_DATABASE_URL) or pglite (FLOOR_DATA_DIR, a copy of the gateway's data directory). PORT to listen on.
 */
import { PGlite } from '@electric-sql/pglite';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import postgres from 'postgres';

const selectRow = 'select * from subscriptions where tenant_id = $1 and id = $2';
const tenantId = process.env.FLOOR_TENANT_ID ?? 'ten_sandbox';

async function openSelect(): Promise<(id: string) => Promise<unknown>> {
  if (process.env.FLOOR_DRIVER === 'postgres') {
    const sql = postgres(process.env.FLOOR_DATABASE_URL!, { max: 10, prepare: true });
    return async (id) => (await sql.unsafe(selectRow, [tenantId, id], { prepare: true }))[0];
  }
  const client = await PGlite.create(process.env.FLOOR_DATA_DIR!);
  return async (id) => (await client.query(selectRow, [tenantId, id])).rows[0];
}

const select = await openSelect();
const app = new Hono();
app.get('/healthz', (context) => context.json({ status: 'ok' }));
app.get('/v1/subscriptions/:id', async (context) => {
  const row = await select(context.req.param('id'));
  return row ? context.json(row) : context.json({ title: 'Not found' }, 404);
});
const server = serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
process.on('SIGTERM', () => server.close(() => process.exit(0)));
