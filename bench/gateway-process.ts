/**
 * The gateway as the bench runs it: the real composition (composeGateway, the store, the engine and webhook loops)
 * served by the same HTTP server as `npm start` on loopback, with one addition only a bench needs: a count of
 * database statements. The carriers are NOT in this process: the sTN and SPS simulators run as their own processes
 * (src/runtime/simulator-cli.ts, started by run.ts, zero delay, enough stock), so this process's CPU and RSS are the
 * gateway's alone. Its sandbox tenant's connections point at them, under the same ids sandbox mode gives them, so
 * SPS's callbacks (sent to the URL run.ts gave the simulator) reach this gateway. The parent drives it over the IPC
 * channel. Env: PORT, BENCH_DATABASE_URL or DATA_DIR, BENCH_STN_URL, BENCH_SPS_URL.
 */
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { sql } from 'drizzle-orm';
import { stnSandboxApiKey } from '../src/adapters/stn/stn-sandbox.js';
import { createIdGenerator } from '../src/core/index.js';
import { silentLogger } from '../src/http/logger.js';
import { builtInPluginsNamed } from '../src/runtime/carrier-plugin-check.js';
import { builtInCarrierPlugins } from '../src/runtime/carrier-plugins.js';
import { composeGateway } from '../src/runtime/compose-gateway.js';
import { loadConfig } from '../src/runtime/config.js';
import { serveGateway } from '../src/runtime/http-server.js';
import { nodeSha256Hex } from '../src/runtime/node-sha256.js';
import { sandboxConnectionId } from '../src/runtime/sandbox-carriers.js';
import { sandboxTenantId } from '../src/runtime/sandbox-tenant.js';
import {
  createStoreOnDatabase,
  defaultMigrationsFolder,
  openPgliteDatabase,
  openPostgresDatabase,
} from '../src/store/index.js';
import { benchApiKey } from './gateway-constants.js';

const port = Number(process.env.PORT);
const publicUrl = `http://127.0.0.1:${port}`;
const databaseUrl = process.env.BENCH_DATABASE_URL;
const simulatorUrls: Record<'stn' | 'sps', string> = {
  stn: process.env.BENCH_STN_URL!,
  sps: process.env.BENCH_SPS_URL!,
};

let statements = 0;
// BENCH_STATEMENTS=1: also count each statement's text, reported after the engine row (which queries dominate).
const byText = process.env.BENCH_STATEMENTS ? new Map<string, number>() : null;
const onQuery = (statement: string) => {
  statements++;
  if (byText) byText.set(statement, (byText.get(statement) ?? 0) + 1);
};
const opened = databaseUrl
  ? await openPostgresDatabase({ databaseUrl, migrationsFolder: defaultMigrationsFolder(), onQuery })
  : await openPgliteDatabase({
      dataDir: process.env.DATA_DIR!,
      migrationsFolder: defaultMigrationsFolder(),
      onQuery,
      // BENCH_PGLITE_SETTINGS="work_mem=1MB,temp_buffers=1MB": other Postgres settings for PGlite, to compare.
      settings: (process.env.BENCH_PGLITE_SETTINGS ?? '').split(',').filter(Boolean),
    });
const store = createStoreOnDatabase(opened);
const rawQuery = (query: ReturnType<typeof sql>) => opened.db.execute(query);
const clock = { now: () => new Date() };
const config = loadConfig({
  SANDBOX_API_KEY: benchApiKey,
  PUBLIC_URL: publicUrl,
  SANDBOX: 'true',
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
});
// Sandbox mode for its tenant and key, but with the plugins' simulators left out of this process: the connections
// go to the simulator processes instead, with the config each plugin's sandbox gives a simulator at that address.
const plugins = builtInPluginsNamed(config.CARRIER_PLUGINS, builtInCarrierPlugins);
const gateway = await composeGateway({
  config,
  plugins: plugins.map(({ sandbox: _simulatorHere, ...plugin }) => plugin),
  store,
  logger: silentLogger,
  clock,
  ids: createIdGenerator(clock.now),
  environment: {},
  fetch: globalThis.fetch,
  sha256Hex: nodeSha256Hex,
});
let isDefault = true;
for (const carrier of ['stn', 'sps'] as const) {
  const plugin = plugins.find((candidate) => candidate.id === carrier)!;
  await store.carrierConnections.upsert({
    id: sandboxConnectionId(carrier),
    tenantId: sandboxTenantId,
    name: carrier,
    carrier,
    config: plugin.sandbox!.connectionConfig({ baseUrl: simulatorUrls[carrier] }) as Record<string, unknown>,
    isDefault,
    createdAt: clock.now(),
  });
  isDefault = false;
}
const server = serveGateway({ fetch: gateway.fetch, port, hostname: '127.0.0.1' });

/** A simulator's own control route (`/_sim/…`), as JSON. */
async function simulatorJson<T>(carrier: 'stn' | 'sps', path: string): Promise<T> {
  const response = await fetch(`${simulatorUrls[carrier]}${path}`);
  if (!response.ok) throw new Error(`${carrier} simulator ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

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
    ...(await simulatorJson<{ simCardNumbers: string[] }>('stn', '/_sim/free-sims')).simCardNumbers
      .slice(0, perCarrier)
      .map((iccid) => ({ sim: { type: 'physical', iccid } })),
    ...(await simulatorJson<{ iccids: string[] }>('sps', '/_sim/available-sims')).iccids
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
  // The simulator's own view, over its query API (AutoQuery pages of at most 1000).
  const activeThere = new Set<string>();
  for (let skip = 0; ; skip += 1000) {
    const response = await fetch(`${simulatorUrls.stn}/api/QuerySubscription?state=ACTIVE&skip=${skip}&take=1000`, {
      headers: { 'stn-api-key': stnSandboxApiKey },
    });
    const page = (await response.json()) as { results: Array<{ id: string }> };
    for (const record of page.results) activeThere.add(record.id);
    if (page.results.length < 1000) break;
  }
  const known = lines.filter((line) => activeThere.has(line.carrierSubscriptionId));
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
    } else if (message.cmd === 'heap-snapshot') {
      // BENCH_HEAP_SNAPSHOT=<dir>: what the heap holds after the engine row (summarise with bench/heap-summary.ts).
      result = writeHeapSnapshot(join(message.dir as string, `gateway-${process.pid}.heapsnapshot`));
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
