/**
 * The Node entry point (src/runtime/node.ts, @hono/node-server) run by Bun or Deno instead of Node, twice:
 *  1. sandbox mode on embedded PGlite (built-in simulators under /sandbox, and the example carrier loaded from
 *     examples/carrier-dutchtel as docs/migration.md shows), with `npm run demo` driven against it: every step on
 *     each carrier must succeed, and the demo's line must migrate to the example carrier and back;
 *  2. on PostgreSQL with the standalone simulators in other processes, driven through the shared line flow.
 *
 *   RUNTIMES_DATABASE_URL=postgres://… RUNTIME_TOOLS=<cache>/node_modules/.bin node test/runtimes/bun-deno-smoke.mjs bun|deno
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, freePort, repositoryRoot, runSmoke, startProcess, tail, waitForHttp } from './harness.mjs';
import { adminKey, driveLines, simulatorArguments, simulatorCredentials } from './line-flow.mjs';

const runtime = process.argv[2];
const serverUrl = process.env.RUNTIMES_DATABASE_URL;
const tools = process.env.RUNTIME_TOOLS;
if (!['bun', 'deno'].includes(runtime) || !serverUrl || !tools) {
  console.error('usage: RUNTIMES_DATABASE_URL=… RUNTIME_TOOLS=… node test/runtimes/bun-deno-smoke.mjs bun|deno');
  process.exit(64);
}

/** The gateway under this runtime. Deno needs --sloppy-imports for the `.js` specifiers of `.ts` files. */
function startGateway(name, env) {
  const [command, args] =
    runtime === 'bun'
      ? [join(tools, 'bun'), ['src/runtime/node.ts']]
      : [join(tools, 'deno'), ['run', '--sloppy-imports', '--allow-all', '--quiet', 'src/runtime/node.ts']];
  return startProcess(name, command, args, { env: { LOG_LEVEL: 'warn', ...env } });
}

const version = async () => {
  const handle = await startProcess(`${runtime}-version`, join(tools, runtime), ['--version']);
  await handle.exited;
  return (await handle.output()).split('\n')[0].trim();
};

/**
 * The example carrier as docs/migration.md loads it from this repository: by path, its `mvno-gateway` imports
 * resolving to this checkout's built entry points (dist/, which CI's example-carrier step builds). Without dist/ the
 * smoke runs the built-in carriers only and says so. Bun and Deno run at once: the link may already be there.
 */
const examplePlugin = './examples/carrier-dutchtel/src/index.ts';
async function exampleCarrierLoadable() {
  if (!existsSync(join(repositoryRoot, 'dist/adapter/index.js'))) return false;
  const modules = join(repositoryRoot, 'examples/carrier-dutchtel/node_modules');
  await mkdir(modules, { recursive: true });
  await symlink('../../..', join(modules, 'mvno-gateway')).catch((error) => {
    if (error?.code !== 'EEXIST') throw error;
  });
  return true;
}

await runSmoke(`${runtime} (${await version()}): sandbox on PGlite + npm run demo`, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), `mvno-${runtime}-pglite-`));
  try {
    const withExample = await exampleCarrierLoadable();
    const port = await freePort();
    const gatewayUrl = `http://127.0.0.1:${port}`;
    const gateway = await startGateway(`${runtime}-sandbox-gateway`, {
      PORT: String(port),
      DATA_DIR: dataDir,
      SANDBOX_CARRIER_DELAY_MS: '200',
      DATABASE_URL: '',
      ...(withExample ? { CARRIER_PLUGINS: `stn,sps,${examplePlugin}` } : {}),
    });
    await waitForHttp(`${gatewayUrl}/readyz`, gateway, 60_000);
    const demo = await startProcess(`${runtime}-demo`, process.execPath, ['--import', 'tsx', 'src/runtime/demo.ts'], {
      env: { GATEWAY_URL: gatewayUrl },
    });
    // A bound: an operation that never finishes would keep the demo polling for minutes.
    const timer = setTimeout(() => demo.stop(), 90_000);
    const { code } = await demo.exited;
    clearTimeout(timer);
    const output = await demo.output();
    if (code !== 0 || output.includes('✗')) throw new Error(`npm run demo failed (exit ${code}):\n${tail(output)}`);
    const moves = output.split('\n').filter((line) => /✓ migrate \S+ → \S+: succeeded/.test(line)).length;
    if (withExample && moves !== 2) throw new Error(`the demo did not migrate there and back:\n${tail(output)}`);
    const steps = output.split('\n').filter((line) => line.includes('✓')).length;
    const seconds = /([\d.]+)s\s+done/.exec(output)?.[1];
    const example = withExample
      ? ', 2 migrations with the example carrier'
      : ', without the example carrier (no dist/)';
    return `demo: ${steps} steps succeeded in ${seconds}s${example}`;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

await runSmoke(`${runtime}: PostgreSQL, standalone simulators`, async () => {
  const database = await createDatabase(serverUrl, `runtimes_${runtime}`);
  try {
    const [gatewayPort, stnPort, spsPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const simulator = (carrier, port) =>
      startProcess(`${carrier}-simulator`, process.execPath, [
        '--import',
        'tsx',
        'src/runtime/simulator-cli.ts',
        ...simulatorArguments(carrier, port, 300),
      ]);
    const [stn, sps] = await Promise.all([simulator('stn', stnPort), simulator('sps', spsPort)]);
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    const gateway = await startGateway(`${runtime}-postgres-gateway`, {
      PORT: String(gatewayPort),
      DATABASE_URL: database.url,
      SANDBOX: 'false',
      ADMIN_API_KEY: adminKey,
      LOG_LEVEL: 'info',
    });
    await Promise.all([
      waitForHttp(`http://127.0.0.1:${stnPort}/_sim/faults`, stn),
      waitForHttp(`http://127.0.0.1:${spsPort}/_sim/faults`, sps),
      waitForHttp(`${gatewayUrl}/readyz`, gateway, 60_000),
    ]);
    const figures = await driveLines({
      gatewayUrl,
      stnUrl: `http://127.0.0.1:${stnPort}`,
      spsUrl: `http://127.0.0.1:${spsPort}`,
    });
    const log = await gateway.output();
    for (const secret of [adminKey, ...Object.values(simulatorCredentials)]) {
      if (log.includes(secret)) throw new Error(`a secret reached the gateway's log: ${secret.slice(0, 6)}…`);
    }
    return figures;
  } finally {
    await database.drop().catch(() => {});
  }
});
