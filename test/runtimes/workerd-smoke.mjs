/**
 * The gateway on workerd: `wrangler dev --local` runs wrangler.toml (src/runtime/worker.ts) against a real
 * PostgreSQL and the standalone simulators. Local wrangler never fires crons by itself, so the polled sTN activation
 * succeeding (in under 30 s) proves the waitUntil wake and the Durable Object alarm; the cron handler is then run
 * once through wrangler's /__scheduled endpoint. Also: /openapi.json is the Node one, /docs is served with its
 * script, and no secret reaches the worker's log.
 *
 *   RUNTIMES_DATABASE_URL=postgres://… RUNTIME_TOOLS=<cache>/node_modules/.bin node test/runtimes/workerd-smoke.mjs
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  call,
  createDatabase,
  freePort,
  repositoryRoot,
  runSmoke,
  sleep,
  startProcess,
  stopAll,
  waitForHttp,
} from './harness.mjs';
import { adminKey, driveLines, simulatorArguments, simulatorCredentials } from './line-flow.mjs';

const serverUrl = process.env.RUNTIMES_DATABASE_URL;
const tools = process.env.RUNTIME_TOOLS;
if (!serverUrl || !tools) {
  console.error('set RUNTIMES_DATABASE_URL (a PostgreSQL server) and RUNTIME_TOOLS (the folder holding wrangler)');
  process.exit(64);
}

await runSmoke('workerd (wrangler dev --local, PostgreSQL, standalone simulators)', async () => {
  const database = await createDatabase(serverUrl, 'runtimes_workerd');
  const stateDirectories = [];
  try {
    const [gatewayPort, stnPort, spsPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const stnUrl = `http://127.0.0.1:${stnPort}`;
    const spsUrl = `http://127.0.0.1:${spsPort}`;
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    const simulator = (carrier, port) =>
      startProcess(`${carrier}-simulator`, process.execPath, [
        '--import',
        'tsx',
        'src/runtime/simulator-cli.ts',
        ...simulatorArguments(carrier, port, 300),
      ]);
    const [stn, sps] = await Promise.all([simulator('stn', stnPort), simulator('sps', spsPort)]);

    const stateDirectory = async () => {
      const folder = await mkdtemp(join(tmpdir(), 'mvno-wrangler-state-'));
      stateDirectories.push(folder);
      return folder;
    };
    const wrangler = async (name, port, variables) =>
      startProcess(
        name,
        join(tools, 'wrangler'),
        [
          'dev',
          '--local',
          '--ip',
          '127.0.0.1',
          '--port',
          String(port),
          '--inspector-port',
          String(await freePort()),
          '--persist-to',
          await stateDirectory(),
          '--test-scheduled',
          '--show-interactive-dev-session=false',
          ...Object.entries(variables).flatMap(([variable, value]) => ['--var', `${variable}:${value}`]),
        ],
        { env: { CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: 'true' } },
      );
    const started = Date.now();
    // The drift sweep runs on the cron in a worker (no interval loop): on every cron, for every line read before now.
    const worker = await wrangler('wrangler', gatewayPort, {
      DATABASE_URL: database.url,
      ADMIN_API_KEY: adminKey,
      DRIFT_SWEEP_INTERVAL_MS: '60000',
      DRIFT_SWEEP_STALE_AFTER_MS: '0',
    });
    // A second worker configured as a newcomer might on Node: no database, sandbox on. It must refuse, by name.
    const refusingPort = await freePort();
    const refusing = await wrangler('wrangler-misconfigured', refusingPort, { SANDBOX: 'true' });
    await Promise.all([
      waitForHttp(`${stnUrl}/_sim/faults`, stn),
      waitForHttp(`${spsUrl}/_sim/faults`, sps),
      waitForHttp(`${gatewayUrl}/healthz`, worker, 90_000),
    ]);
    const startSeconds = ((Date.now() - started) / 1000).toFixed(1);

    await waitForHttp(`http://127.0.0.1:${refusingPort}/healthz`, refusing, 90_000, { anyStatus: true });
    const refusal = await fetch(`http://127.0.0.1:${refusingPort}/v1/subscriptions`);
    const refusalBody = await refusal.text();
    if (
      refusal.status !== 500 ||
      !/DATABASE_URL: required on Workers/.test(refusalBody) ||
      !/SANDBOX:/.test(refusalBody)
    ) {
      throw new Error(`a worker without a database and with SANDBOX=true answered ${refusal.status}: ${refusalBody}`);
    }
    await refusing.stop();

    const served = await call(gatewayUrl, 'GET', '/openapi.json');
    const committed = JSON.parse(await readFile(join(repositoryRoot, 'openapi/gateway.json'), 'utf8'));
    if (JSON.stringify(served.body) !== JSON.stringify(committed)) {
      throw new Error('the worker serves another /openapi.json than openapi/gateway.json');
    }
    const docs = await fetch(`${gatewayUrl}/docs`);
    const script = await fetch(`${gatewayUrl}/docs/scalar.js`);
    const scriptLength = (await script.text()).length;
    if (!docs.ok || !(await docs.text()).includes('/docs/scalar.js') || !script.ok || scriptLength < 1_000_000) {
      throw new Error(`/docs: ${docs.status}, /docs/scalar.js: ${script.status} (${scriptLength} characters)`);
    }

    const figures = await driveLines({ gatewayUrl, stnUrl, spsUrl, stnActivationLimitSeconds: 30 });

    const cron = await fetch(`${gatewayUrl}/__scheduled?cron=${encodeURIComponent('* * * * *')}`);
    if (!cron.ok) throw new Error(`/__scheduled answered ${cron.status}`);
    let log = '';
    for (let round = 0; round < 25 && !log.includes('"msg":"cron"'); round++) {
      await sleep(200);
      log = await worker.output();
    }
    if (!log.includes('"msg":"cron"')) throw new Error('the scheduled handler did not run');
    for (let round = 0; round < 50 && !log.includes('"msg":"drift sweep"'); round++) {
      await sleep(200);
      log = await worker.output();
    }
    const sweep = log.split('\n').find((line) => line.includes('"msg":"drift sweep"'));
    const checked = Number(/"checked":(\d+)/.exec(sweep ?? '')?.[1] ?? Number.NaN);
    if (!(checked > 0))
      throw new Error(`the cron's drift sweep did not re-read the lines: ${sweep ?? 'no sweep logged'}`);
    for (const failure of [
      'engine round failed',
      'waking the engine failed',
      'database unavailable',
      'drift sweep failed',
    ]) {
      if (log.includes(failure)) throw new Error(`the worker logged "${failure}"`);
    }
    if (!log.includes('"why":"alarm"')) throw new Error('no engine round ran from the Durable Object alarm');
    for (const secret of [adminKey, ...Object.values(simulatorCredentials), database.url]) {
      if (log.includes(secret)) throw new Error(`a secret reached the worker's log: ${secret.slice(0, 6)}…`);
    }
    return `wrangler ready in ${startSeconds}s; ${figures}; cron ran, its drift sweep re-read ${checked} lines`;
  } finally {
    await stopAll();
    await database.drop().catch(() => {});
    await Promise.all(stateDirectories.map((folder) => rm(folder, { recursive: true, force: true })));
  }
});
