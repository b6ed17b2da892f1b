/**
 * `npm run bench`: the gateway's costs, each beside its floor measured in the same run, as ratios (absolute times
 * are this machine's only: compare ratios, never times across machines). Every figure comes from real processes on
 * loopback: `npm start`'s compiled entry for boot times, bench/gateway-process.ts compiled the same way (the real
 * composition, its carriers the stocked zero-delay simulators in their own processes) for the rest,
 * bench/floor-server.ts for the floors. PGlite always; PostgreSQL when
 * BENCH_DATABASE_URL is set (a fresh database is created on that server and dropped after). Prints one table and
 * writes it as JSON to bench/results/latest.json.
 *
 * BENCH_OPERATIONS (5000, split over sTN and SPS), BENCH_SECONDS (8 per read row), BENCH_SUSPENDS (400 each side).
 * For before/after comparisons of one part: BENCH_ROWS=engine (no boot rows, stop after the engine rows),
 * BENCH_ROWS=suspend or read (no boot rows); BENCH_DRIVERS=postgres (or pglite) runs one driver only.
 * BENCH_HEAP_SNAPSHOT=<dir> writes the gateway's V8 heap snapshot there after each engine row;
 * BENCH_PGLITE_SETTINGS=name=value,… starts the gateway's PGlite with those Postgres settings too.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { stnSandboxApiKey } from '../src/adapters/stn/stn-sandbox.js';
import { sandboxConnectionId } from '../src/runtime/sandbox-carriers.js';
import { type BenchChild, startChild, waitForOk } from './child-process.js';
import { benchApiKey } from './gateway-constants.js';
import { type LoadResult, runLoad } from './load.js';

const operations = Number(process.env.BENCH_OPERATIONS ?? 5000);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const suspends = Number(process.env.BENCH_SUSPENDS ?? 400);
const engineTimeoutMs = Number(process.env.BENCH_ENGINE_TIMEOUT_MS ?? 100_000);
const benchDatabaseUrl = process.env.BENCH_DATABASE_URL;
const onlyRows = process.env.BENCH_ROWS;
const drivers = (process.env.BENCH_DRIVERS ?? 'pglite,postgres').split(',');
const auth = { authorization: `Bearer ${benchApiKey}` };
// The gateway runs compiled, as `npm start` runs it (its prestart bundles src/runtime/node.ts): the boot rows start
// that bundle, the other rows the same bundling of bench/gateway-process.ts. Both are brought up to date first.
execFileSync(process.execPath, ['src/runtime/bundle-gateway.mjs', '--bench'], { stdio: 'inherit' });
const gatewayScript = '.cache/bench/gateway-process.mjs';
/** `npm start` is `node <flags> <script>`: the same flags (the V8 heap's bounds) for every gateway the bench starts. */
const [startScript, ...startFlags] = (() => {
  const [command, ...words] = (
    JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }
  ).scripts.start.split(/\s+/);
  if (command !== 'node') throw new Error(`package.json "start" should run node, not ${command}`);
  return [words.at(-1)!, ...words.slice(0, -1)];
})();
// BENCH_NODE_OPTIONS="--max-old-space-size=…": other flags for the service rows' gateway instead, to compare.
const gatewayFlags = process.env.BENCH_NODE_OPTIONS?.split(/\s+/).filter(Boolean) ?? startFlags;
/** A port nobody listens on now (the machine is shared: a fixed port may be another gateway's). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

type Driver = 'pglite' | 'postgres';
interface Row {
  driver: Driver;
  measure: string;
  gateway: number | null;
  floor: number | null;
  /** gateway ÷ floor for rates, gateway − floor for added latency; null where there is no floor. */
  ratio: number | null;
  unit: string;
  goal: string;
  met: boolean | null;
  note?: string;
}
const rows: Row[] = [];
const skipped: string[] = [];
const notes: string[] = [];
const add = (row: Row) => {
  rows.push(row);
  console.error(`  ${row.driver} ${row.measure}: ${row.gateway?.toFixed(2)} ${row.unit}`);
};

async function bootTime(driver: Driver, target: Record<string, string>): Promise<{ ms: number; rssMb: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = startChild(
    startScript,
    { ...target, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SANDBOX_API_KEY: benchApiKey },
    { quiet: true, nodeArgs: startFlags },
  );
  try {
    await waitForOk(`http://127.0.0.1:${port}/healthz`, child);
    return { ms: performance.now() - started, rssMb: child.peakRssMb() };
  } finally {
    await child.stop();
    void driver;
  }
}

async function loadRow(
  child: BenchChild,
  options: Parameters<typeof runLoad>[0],
  /** Runs between the warm-up and the measured load: start counting here, or the warm-up's work is counted too. */
  beforeMeasure?: () => Promise<void>,
): Promise<LoadResult & { rssMb: number }> {
  await runLoad({ ...options, durationSeconds: 2 }); // warm-up: JIT, prepared statements, caches
  child.resetPeak();
  await beforeMeasure?.();
  const result = await runLoad(options);
  if (result.unexpected > 0) throw new Error(`${options.url}: unexpected answers ${JSON.stringify(result.statuses)}`);
  return { ...result, rssMb: child.peakRssMb() };
}

async function benchDriver(driver: Driver, target: Record<string, string>, gatewayEnv: Record<string, string>) {
  if (!onlyRows) await bootRows(driver, target);
  await serviceRows(driver, gatewayEnv);
}

async function bootRows(driver: Driver, target: Record<string, string>) {
  console.error(`${driver}: boot`);
  const fresh = await bootTime(driver, target);
  const warm = await bootTime(driver, target);
  add({
    driver,
    measure: 'first boot to /healthz 200',
    gateway: fresh.ms / 1000,
    floor: null,
    ratio: null,
    unit: 's',
    goal: '≤ 10 s',
    met: fresh.ms <= 10_000,
  });
  add({
    driver,
    measure: 'warm boot to /healthz 200',
    gateway: warm.ms / 1000,
    floor: null,
    ratio: null,
    unit: 's',
    goal: '≤ 2 s',
    met: warm.ms <= 2_000,
  });
}

/** The sTN and SPS simulators as their own processes (`npm run simulator`), zero delay, stocked for the run. */
async function startSimulators(gatewayPort: number) {
  const sims = String(Math.ceil(operations / 2) + 10);
  const started: Partial<Record<'stn' | 'sps', { child: BenchChild; url: string }>> = {};
  for (const carrier of ['stn', 'sps'] as const) {
    const port = await freePort();
    const callback =
      carrier === 'sps'
        ? ['--callback-url', `http://127.0.0.1:${gatewayPort}/v1/callbacks/sps/${sandboxConnectionId('sps')}`]
        : [];
    const child = startChild(
      'src/runtime/simulator-cli.ts',
      {},
      { args: [carrier, '--port', String(port), '--delay-ms', '0', '--sims', sims, ...callback] },
    );
    started[carrier] = { child, url: `http://127.0.0.1:${port}` };
  }
  const simulators = started as Record<'stn' | 'sps', { child: BenchChild; url: string }>;
  for (const { child, url } of Object.values(simulators)) await waitForOk(`${url}/_sim/faults`, child);
  return simulators;
}

/** Requests the simulator received since its ledger was last cleared (GET /_sim/ledger, read by this process). */
async function ledgerCount(url: string): Promise<number> {
  const response = await fetch(`${url}/_sim/ledger`);
  return ((await response.json()) as { entries: unknown[] }).entries.length;
}

async function clearLedger(url: string): Promise<void> {
  const response = await fetch(`${url}/_sim/ledger`, { method: 'DELETE' });
  if (response.status !== 204) throw new Error(`DELETE ${url}/_sim/ledger: ${response.status}`);
}

async function serviceRows(driver: Driver, gatewayEnv: Record<string, string>) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const simulators = await startSimulators(port);
  const gateway = startChild(
    gatewayScript,
    {
      ...gatewayEnv,
      PORT: String(port),
      BENCH_STN_URL: simulators.stn.url,
      BENCH_SPS_URL: simulators.sps.url,
      ...(process.env.BENCH_STATEMENTS ? { BENCH_STATEMENTS: '1' } : {}),
      ...(process.env.BENCH_PGLITE_SETTINGS ? { BENCH_PGLITE_SETTINGS: process.env.BENCH_PGLITE_SETTINGS } : {}),
    },
    { nodeArgs: gatewayFlags },
  );
  try {
    await waitForOk(`${base}/healthz`, gateway);
    console.error(`${driver}: ${operations} activations (pending)`);
    await gateway.ask({ cmd: 'prepare', perCarrier: Math.ceil(operations / 2) });
    console.error(`${driver}: engine`);
    for (const { url } of Object.values(simulators)) await clearLedger(url);
    gateway.resetPeak();
    const engine = await gateway.ask<{
      seconds: number;
      total: number;
      statuses: Record<string, Record<string, number>>;
      statements: number;
    }>({ cmd: 'engine', timeoutMs: engineTimeoutMs });
    const engineRss = gateway.peakRssMb();
    const carrierRequests: Record<string, number> = {
      stn: await ledgerCount(simulators.stn.url),
      sps: await ledgerCount(simulators.sps.url),
    };
    notes.push(
      `${driver}: simulators' peak RSS in the engine row (their own processes): sTN ${simulators.stn.child.peakRssMb().toFixed(0)} MB, SPS ${simulators.sps.child.peakRssMb().toFixed(0)} MB`,
    );
    notes.push(`${driver}: after the engine row, ${await gateway.ask<string>({ cmd: 'memory' })}`);
    if (process.env.BENCH_HEAP_SNAPSHOT) {
      await mkdir(process.env.BENCH_HEAP_SNAPSHOT, { recursive: true });
      const written = await gateway.ask<string>({ cmd: 'heap-snapshot', dir: process.env.BENCH_HEAP_SNAPSHOT });
      console.error(`${driver}: heap snapshot ${written} (tsx bench/heap-summary.ts ${written})`);
    }
    const { topStatements } = engine as { topStatements?: string[] };
    if (topStatements)
      console.error(`${driver}: statements per operation in the engine row:\n  ${topStatements.join('\n  ')}`);
    const succeeded = Object.values(engine.statuses).reduce((sum, byStatus) => sum + (byStatus.succeeded ?? 0), 0);
    const goalOps = driver === 'postgres' ? 1000 : 300;
    add({
      driver,
      measure: `engine: operations/s pending → succeeded (${succeeded}/${engine.total})`,
      gateway: succeeded / engine.seconds,
      floor: null,
      ratio: null,
      unit: 'ops/s',
      goal: `≥ ${goalOps}`,
      met: succeeded / engine.seconds >= goalOps && succeeded === engine.total,
    });
    add({
      driver,
      measure: 'engine: database statements per completed operation',
      gateway: engine.statements / Math.max(1, succeeded),
      floor: null,
      ratio: null,
      unit: 'statements',
      goal: '≤ 6',
      met: engine.statements / Math.max(1, succeeded) <= 6,
    });
    for (const carrier of ['stn', 'sps']) {
      const done = engine.statuses[carrier]?.succeeded ?? 0;
      add({
        driver,
        measure: `engine: ${carrier} requests per completed operation`,
        gateway: (carrierRequests[carrier] ?? 0) / Math.max(1, done),
        floor: null,
        ratio: null,
        unit: 'requests',
        goal: carrier === 'stn' ? '≈ 1.01 (keep)' : '≈ 1.00 (keep)',
        met: null,
      });
    }
    add({
      driver,
      measure: 'engine: peak RSS',
      gateway: engineRss,
      floor: null,
      ratio: null,
      unit: 'MB',
      goal: driver === 'postgres' ? '≤ 150' : '≤ 300',
      met: engineRss <= (driver === 'postgres' ? 150 : 300),
    });
    if (onlyRows === 'engine') return;

    const { lines, unknownToSimulator } = await gateway.ask<{
      lines: Array<{ id: string; carrierSubscriptionId: string }>;
      unknownToSimulator: number;
    }>({ cmd: 'active-stn', limit: 1 + 2 * (suspends + 10) });
    if (unknownToSimulator > 0)
      notes.push(`${driver}: ${unknownToSimulator} lines active in the gateway are not active in the sTN simulator`);
    const [target0] = lines;
    if (!target0) throw new Error('no active sTN subscription to read');
    const path = `/v1/subscriptions/${target0.id}`;
    console.error(`${driver}: GET ${path}`);
    let statementsBefore = 0;
    const read = await loadRow(
      gateway,
      { url: `${base}${path}`, connections: 50, durationSeconds: seconds, headers: auth, expectStatus: 200 },
      async () => {
        // Counted from here: the warm-up's requests are not in `read.requests` (counting them said 1.24 per GET).
        statementsBefore = await gateway.ask<number>({ cmd: 'statements' });
        if (process.env.BENCH_STATEMENTS) await gateway.ask({ cmd: 'statement-texts' });
      },
    );
    const statementsAfter = await gateway.ask<number>({ cmd: 'statements' });
    if (process.env.BENCH_STATEMENTS) {
      console.error(`${driver}: statements during the GET row, by SQL text`);
      console.error((await gateway.ask<string[]>({ cmd: 'statement-texts' })).join('\n'));
    }

    console.error(`${driver}: suspend`);
    const direct = lines.slice(1, 11 + suspends).map((line) => ({
      method: 'POST',
      path: '/api/SuspendSubscription',
      headers: { 'stn-api-key': stnSandboxApiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ subscriptionId: line.carrierSubscriptionId, referenceNumber: 'bench' }),
    }));
    const viaGateway = lines.slice(11 + suspends, 21 + 2 * suspends).map((line, index) => ({
      method: 'POST',
      path: `/v1/subscriptions/${line.id}/suspend`,
      headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': `bench-${driver}-${index}` },
      body: '{}',
    }));
    // BENCH_QUIET_SUSPEND=1 (an experiment, not the table): the engine and webhook loops stopped first, to see what
    // of the added latency is the engine working the same process and database meanwhile.
    if (process.env.BENCH_QUIET_SUSPEND) await gateway.ask({ cmd: 'stop-loops' });
    gateway.resetPeak();
    const directResult = await runLoad({
      url: simulators.stn.url,
      connections: 10,
      requests: direct,
      expectStatus: 200,
    });
    const suspendStatementsBefore = await gateway.ask<number>({ cmd: 'statements' });
    if (process.env.BENCH_STATEMENTS) await gateway.ask({ cmd: 'statement-texts' });
    const gatewayResult = await runLoad({ url: base, connections: 10, requests: viaGateway, expectStatus: 202 });
    if (process.env.BENCH_QUIET_SUSPEND) {
      const perRequest =
        ((await gateway.ask<number>({ cmd: 'statements' })) - suspendStatementsBefore) / viaGateway.length;
      notes.push(`${driver}: loops stopped for the suspend rows; ${perRequest.toFixed(2)} statements per suspend`);
      if (process.env.BENCH_STATEMENTS)
        console.error((await gateway.ask<string[]>({ cmd: 'statement-texts' })).join('\n'));
    }
    const suspendRss = gateway.peakRssMb();
    for (const [name, result, list] of [
      ['direct', directResult, direct],
      ['gateway', gatewayResult, viaGateway],
    ] as const) {
      if (result.unexpected === 0) continue;
      // Say why: send the first request again and quote its answer.
      const first = list[0]!;
      const answer = await fetch(`${name === 'direct' ? simulators.stn.url : base}${first.path}`, {
        method: first.method,
        headers: first.headers,
        body: first.body,
      });
      throw new Error(
        `suspend ${name}: unexpected answers ${JSON.stringify(result.statuses)}; e.g. ${answer.status} ${await answer.text()}`,
      );
    }
    await gateway.stop();

    console.error(`${driver}: floor`);
    const floorPort = await freePort();
    const floor = startChild('bench/floor-server.ts', {
      PORT: String(floorPort),
      ...(driver === 'postgres'
        ? { FLOOR_DRIVER: 'postgres', FLOOR_DATABASE_URL: gatewayEnv.BENCH_DATABASE_URL! }
        : { FLOOR_DRIVER: 'pglite', FLOOR_DATA_DIR: gatewayEnv.DATA_DIR! }),
    });
    let floorRead: LoadResult & { rssMb: number };
    try {
      await waitForOk(`http://127.0.0.1:${floorPort}/healthz`, floor);
      floorRead = await loadRow(floor, {
        url: `http://127.0.0.1:${floorPort}${path}`,
        connections: 50,
        durationSeconds: seconds,
        expectStatus: 200,
      });
    } finally {
      await floor.stop();
    }
    const readGoal = driver === 'postgres' ? 0.5 : 0.3;
    add({
      driver,
      measure: 'GET subscription, 50 connections: req/s',
      gateway: read.requestsPerSecond,
      floor: floorRead.requestsPerSecond,
      ratio: read.requestsPerSecond / floorRead.requestsPerSecond,
      unit: 'req/s',
      goal: `≥ ${readGoal} of floor`,
      met: read.requestsPerSecond / floorRead.requestsPerSecond >= readGoal,
    });
    add({
      driver,
      measure: 'GET subscription: p50',
      gateway: read.p50Ms,
      floor: floorRead.p50Ms,
      ratio: read.p50Ms / Math.max(floorRead.p50Ms, 0.01),
      unit: 'ms',
      goal: '',
      met: null,
    });
    add({
      driver,
      measure: 'GET subscription: p99',
      gateway: read.p99Ms,
      floor: floorRead.p99Ms,
      ratio: read.p99Ms / Math.max(floorRead.p99Ms, 0.01),
      unit: 'ms',
      goal: '< 50 ms',
      met: read.p99Ms < 50,
    });
    add({
      driver,
      measure: 'GET subscription: database statements per request',
      gateway: (statementsAfter - statementsBefore) / Math.max(1, read.requests),
      floor: 1,
      ratio: null,
      unit: 'statements',
      goal: '1',
      met: (statementsAfter - statementsBefore) / Math.max(1, read.requests) <= 1.05,
    });
    add({
      driver,
      measure: 'GET subscription: peak RSS',
      gateway: read.rssMb,
      floor: floorRead.rssMb,
      ratio: read.rssMb / floorRead.rssMb,
      unit: 'MB',
      goal: driver === 'postgres' ? '≤ 150' : '≤ 300',
      met: read.rssMb <= (driver === 'postgres' ? 150 : 300),
    });
    add({
      driver,
      measure: 'POST suspend → 202 vs direct sTN: p50 (ratio = added ms)',
      gateway: gatewayResult.p50Ms,
      floor: directResult.p50Ms,
      ratio: gatewayResult.p50Ms - directResult.p50Ms,
      unit: 'ms',
      goal: 'added ≤ 5 ms',
      met: gatewayResult.p50Ms - directResult.p50Ms <= 5,
    });
    add({
      driver,
      measure: 'POST suspend → 202 vs direct sTN: p99 (ratio = added ms)',
      gateway: gatewayResult.p99Ms,
      floor: directResult.p99Ms,
      ratio: gatewayResult.p99Ms - directResult.p99Ms,
      unit: 'ms',
      goal: 'added ≤ 20 ms',
      met: gatewayResult.p99Ms - directResult.p99Ms <= 20,
    });
    add({
      driver,
      measure: 'suspend rows: peak RSS',
      gateway: suspendRss,
      floor: null,
      ratio: null,
      unit: 'MB',
      goal: driver === 'postgres' ? '≤ 150' : '≤ 300',
      met: suspendRss <= (driver === 'postgres' ? 150 : 300),
    });
  } finally {
    await gateway.stop();
    for (const { child } of Object.values(simulators)) await child.stop();
  }
}

function format(value: number | null, digits = 1) {
  if (value === null) return '';
  return value >= 100 ? value.toFixed(0) : value.toFixed(digits);
}

function table(): string {
  const header = ['driver', 'measure', 'gateway', 'floor', 'ratio', 'unit', 'goal', 'met'];
  const body = rows.map((row) => [
    row.driver,
    row.measure,
    format(row.gateway, 2),
    format(row.floor, 2),
    format(row.ratio, 2),
    row.unit,
    row.goal,
    row.met === null ? '' : row.met ? 'yes' : 'NO',
  ]);
  const lines = [header, header.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`);
  return lines.join('\n');
}

const startedAt = new Date();
const started = performance.now();
const scratch = await mkdtemp(join(tmpdir(), 'mvno-bench-'));
try {
  const dataDir = join(scratch, 'pglite');
  if (drivers.includes('pglite')) await benchDriver('pglite', { DATA_DIR: dataDir }, { DATA_DIR: dataDir });
  if (benchDatabaseUrl && drivers.includes('postgres')) {
    const admin = postgres(benchDatabaseUrl, { max: 1, onnotice: () => {} });
    const name = `mvno_bench_${process.pid}`;
    await admin.unsafe(`create database ${name}`);
    const url = new URL(benchDatabaseUrl);
    url.pathname = `/${name}`;
    try {
      await benchDriver('postgres', { DATABASE_URL: url.href }, { BENCH_DATABASE_URL: url.href });
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  } else {
    skipped.push('PostgreSQL rows skipped: set BENCH_DATABASE_URL to a server the bench may create a database on.');
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
const totalSeconds = (performance.now() - started) / 1000;
console.log(`\nmvno-gateway bench, ${startedAt.toISOString()}, ${machine}, ${totalSeconds.toFixed(0)} s\n`);
console.log(table());
for (const line of [...skipped, ...notes]) console.log(`\n${line}`);
await mkdir('bench/results', { recursive: true });
// A partial run (BENCH_ROWS, BENCH_DRIVERS) is a comparison of one part, not the table the README quotes.
const partial = Boolean(onlyRows) || !drivers.includes('pglite') || !drivers.includes('postgres');
await writeFile(
  partial ? 'bench/results/partial.json' : 'bench/results/latest.json',
  `${JSON.stringify({ startedAt, machine, totalSeconds, operations, seconds, suspends, rows, skipped, notes }, null, 2)}\n`,
);
