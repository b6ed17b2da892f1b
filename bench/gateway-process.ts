/**
 * The gateway as the bench runs it: the real composition (composeGateway, the store, the engine and webhook loops,
 * both simulators under /sandbox with no delay) served by @hono/node-server on loopback, like `npm start`, with two
 * additions only a bench needs: simulators stocked with enough SIMs, and a count of database statements. The parent
 * (run.ts) drives it over the IPC channel. Env: PORT, BENCH_DATABASE_URL or DATA_DIR, BENCH_SIMS.
 */
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import type { SpsSandboxSimulator } from '../src/adapters/sps/index.js';
import type { StnSandboxSimulator } from '../src/adapters/stn/index.js';
import { createIdGenerator } from '../src/core/index.js';
import { silentLogger } from '../src/http/logger.js';
import { composeGateway } from '../src/runtime/compose-gateway.js';
import { loadConfig } from '../src/runtime/config.js';
import { nodeSha256Hex } from '../src/runtime/node-sha256.js';
import {
  createStoreOnDatabase,
  defaultMigrationsFolder,
  openPgliteDatabase,
  openPostgresDatabase,
} from '../src/store/index.js';
import { benchApiKey } from './gateway-constants.js';

const port = Number(process.env.PORT);
const publicUrl = `http://127.0.0.1:${port}`;
const sims = Number(process.env.BENCH_SIMS ?? 3000);
const databaseUrl = process.env.BENCH_DATABASE_URL;

let statements = 0;
// BENCH_STATEMENTS=1: also count each statement's text, reported after the engine row (which queries dominate).
const byText = process.env.BENCH_STATEMENTS ? new Map<string, number>() : null;
const onQuery = (statement: string) => {
  statements++;
  if (byText) byText.set(statement, (byText.get(statement) ?? 0) + 1);
};
const opened = databaseUrl
  ? await openPostgresDatabase({ databaseUrl, migrationsFolder: defaultMigrationsFolder(), onQuery })
  : await openPgliteDatabase({ dataDir: process.env.DATA_DIR!, migrationsFolder: defaultMigrationsFolder(), onQuery });
const store = createStoreOnDatabase(opened);
const rawQuery = (query: ReturnType<typeof sql>) => opened.db.execute(query);
const clock = { now: () => new Date() };
const gateway = await composeGateway({
  config: loadConfig({
    SANDBOX_API_KEY: benchApiKey,
    PUBLIC_URL: publicUrl,
    SANDBOX_CARRIER_DELAY_MS: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, SANDBOX: 'true' } : {}),
  }),
  store,
  logger: silentLogger,
  clock,
  ids: createIdGenerator(clock.now),
  environment: {},
  fetch: globalThis.fetch,
  sha256Hex: nodeSha256Hex,
  sandboxPhysicalSims: sims,
});
// The bench drives sTN and SPS by name; their simulators with their own types.
const simulatorOf = (id: string) => gateway.sandbox!.carriers.get(id)!.simulator;
const sandbox = {
  stn: simulatorOf('stn') as StnSandboxSimulator,
  sps: simulatorOf('sps') as SpsSandboxSimulator,
};
const server = serve({ fetch: gateway.fetch, port, hostname: '127.0.0.1' });

async function call(method: string, path: string, body?: unknown) {
  const response = await gateway.fetch(
    new Request(`${publicUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${benchApiKey}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    }),
  );
  const json = (await response.json()) as Record<string, unknown>;
  if (response.status !== 202) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

const location = { addressLine1: '9601 S Meridian Blvd', city: 'Englewood', state: 'CO', zipCode: '80112' };

/** `perCarrier` activations on each carrier, left pending: the engine is not running yet. */
async function prepare(perCarrier: number) {
  const bodies = [
    ...sandbox.stn
      .listFreeSims()
      .slice(0, perCarrier)
      .map((iccid) => ({ sim: { type: 'physical', iccid } })),
    ...sandbox.sps
      .listAvailableSims()
      .slice(0, perCarrier)
      .map((iccid) => ({
        carrier: 'sps',
        sim: { type: 'physical', iccid },
        plan: 'Plan001',
        carrierOptions: { sps: { location } },
      })),
  ];
  await inParallel(bodies, 8, (body) => call('POST', '/v1/subscriptions', body));
  return { operations: bodies.length };
}

const rowsOf = (result: unknown) =>
  (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;

/** Start the engine and webhook loops as `npm start` does, and time them until nothing is left to do. */
async function runEngine(timeoutMs: number) {
  for (const carrier of ['stn', 'sps'] as const) sandbox[carrier].ledger.clear();
  // { stn: { succeeded: 2500 }, sps: { … } }
  const count = async () => {
    const rows = rowsOf(
      await rawQuery(sql`select carrier, status, count(*)::int as n from operations group by carrier, status`),
    );
    const byCarrier: Record<string, Record<string, number>> = {};
    for (const row of rows) {
      const byStatus = byCarrier[row.carrier as string] ?? {};
      byStatus[row.status as string] = row.n as number;
      byCarrier[row.carrier as string] = byStatus;
    }
    return byCarrier;
  };
  const sum = (counts: Record<string, Record<string, number>>, statuses?: string[]) =>
    Object.values(counts)
      .flatMap((byStatus) => Object.entries(byStatus))
      .filter(([status]) => !statuses || statuses.includes(status))
      .reduce((total, [, n]) => total + n, 0);
  const before = await count();
  const total = sum(before);
  const statementsBefore = statements;
  byText?.clear();
  let polls = 0;
  const started = performance.now();
  gateway.startBackgroundWork();
  let now = before;
  while (performance.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    now = await count();
    polls++;
    if (sum(now, ['succeeded', 'failed', 'cancelled']) >= total) break;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    total,
    statuses: now,
    // Our own progress query is one statement a poll; it is not the engine's.
    statements: statements - statementsBefore - polls,
    carrierRequests: { stn: sandbox.stn.ledger.count(), sps: sandbox.sps.ledger.count() },
    ...(byText
      ? {
          topStatements: [...byText.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 25)
            .map(([text, n]) => `${(n / total).toFixed(2)}/op  ${text.replace(/\s+/g, ' ').slice(0, 160)}`),
        }
      : {}),
  };
}

/**
 * Lines active both in the gateway and in the sTN simulator (a direct suspend needs the simulator's own id), and
 * how many of the gateway's active lines the simulator does not know as active (reported: a mismatch is a finding).
 */
async function activeStnSubscriptions(limit: number) {
  const rows = rowsOf(
    await rawQuery(sql`select id, carrier_subscription_id from subscriptions
      where carrier = 'stn' and status = 'active' order by id`),
  );
  const lines = rows.map((row) => ({
    id: row.id as string,
    carrierSubscriptionId: row.carrier_subscription_id as string,
  }));
  const known = lines.filter((line) => sandbox.stn.subscription(line.carrierSubscriptionId)?.state === 'ACTIVE');
  return { lines: known.slice(0, limit), unknownToSimulator: lines.length - known.length };
}

process.on('message', async (message: { id: number; cmd: string; [key: string]: unknown }) => {
  try {
    let result: unknown;
    if (message.cmd === 'prepare') result = await prepare(message.perCarrier as number);
    else if (message.cmd === 'engine') result = await runEngine(message.timeoutMs as number);
    else if (message.cmd === 'active-stn') result = await activeStnSubscriptions(message.limit as number);
    else if (message.cmd === 'statements') result = statements;
    else if (message.cmd === 'statement-texts') {
      // BENCH_STATEMENTS: the statements since the last call, most frequent first, and start counting afresh.
      result = [...(byText ?? new Map()).entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 25)
        .map(([text, n]) => `${n}  ${text.replace(/\s+/g, ' ').slice(0, 140)}`);
      byText?.clear();
    } else if (message.cmd === 'memory') {
      // Where the RSS is: V8's heap (JS objects: the simulators' state and ledgers, caches), buffers, and the rest
      // (code, PGlite's WASM memory, the loader).
      const usage = process.memoryUsage();
      const mb = (bytes: number) => Math.round(bytes / 1048576);
      result = `rss ${mb(usage.rss)} MB: V8 heap used ${mb(usage.heapUsed)} of ${mb(usage.heapTotal)}, external ${mb(usage.external)}, array buffers ${mb(usage.arrayBuffers)}`;
    } else if (message.cmd === 'stop-loops')
      result = await gateway.stop(); // BENCH_QUIET_SUSPEND: an experiment
    else throw new Error(`unknown command ${message.cmd}`);
    process.send!({ id: message.id, result });
  } catch (error) {
    process.send!({ id: message.id, error: error instanceof Error ? error.stack : String(error) });
  }
});

process.on('SIGTERM', () => {
  server.close();
  void gateway
    .stop()
    .then(() => store.close())
    .finally(() => process.exit(0));
});
