import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CarrierPluginV1 } from '../../src/adapter/index.js';
import { loadCarrierPlugins } from '../../src/runtime/carrier-plugin-loader.js';
import { freePort, repository } from './child-gateway.js';

/**
 * An operator's project: the example installed under node_modules as its package name, and `mvno-gateway` as the
 * entry points it imports (pointing at this checkout's sources, so nothing needs building first).
 */
export function createOperatorProject(): string {
  const project = mkdtempSync(join(tmpdir(), 'mvno-operator-'));
  const modules = join(project, 'node_modules');
  const example = join(modules, 'mvno-carrier-dutchtel');
  mkdirSync(example, { recursive: true });
  for (const part of ['src', 'package.json']) {
    cpSync(join(repository, 'examples/carrier-dutchtel', part), join(example, part), { recursive: true });
  }
  const gateway = join(modules, 'mvno-gateway');
  mkdirSync(gateway);
  symlinkSync(join(repository, 'src'), join(gateway, 'src'));
  writeFileSync(
    join(gateway, 'package.json'),
    JSON.stringify({
      name: 'mvno-gateway',
      type: 'module',
      exports: {
        './adapter': './src/adapter/index.ts',
        './simulator-kit': './src/adapters/simulator-kit/index.ts',
      },
    }),
  );
  for (const dependency of ['hono', 'zod', 'openapi-fetch']) {
    symlinkSync(join(repository, 'node_modules', dependency), join(modules, dependency));
  }
  return project;
}

/**
 * The example carrier (examples/carrier-dutchtel) installed into an operator's project as its package, next to
 * `mvno-gateway` whose entry points are this checkout's sources, and loaded in this process from
 * `CARRIER_PLUGINS=stn,sps,mvno-carrier-dutchtel`: the gateway's code never imports it. The copy is made now, so it
 * is the example as it stands in this checkout.
 */
export async function installDutchTel(): Promise<{
  plugins: CarrierPluginV1[];
  /** The installed package's own module (its simulator), as a test outside the gateway would import it. */
  module: Record<string, unknown>;
  remove(): void;
}> {
  const project = createOperatorProject();
  const example = join(project, 'node_modules', 'mvno-carrier-dutchtel');
  const plugins = await loadCarrierPlugins('stn,sps,mvno-carrier-dutchtel', { cwd: project });
  const module = (await import(join(example, 'src/index.ts'))) as Record<string, unknown>;
  return { plugins, module, remove: () => rmSync(project, { recursive: true, force: true }) };
}

export interface OperatorGateway {
  url: string;
  stop(): void;
}

/**
 * `src/runtime/node.ts` started from an operator's project with `CARRIER_PLUGINS=stn,sps,mvno-carrier-dutchtel`, on
 * embedded PGlite in the project, fast sandbox timings; resolves once `readyPath` answers 200. Up to 60 s: on a
 * loaded machine, with another test's gateway starting at the same time, 30 s was not enough.
 */
export async function startOperatorGateway(
  project: string,
  environment: Record<string, string>,
  readyPath = '/healthz',
): Promise<OperatorGateway> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), join(repository, 'src/runtime/node.ts')],
    {
      cwd: project,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: '',
        DATA_DIR: join(project, 'gateway-data'),
        CARRIER_PLUGINS: 'stn,sps,mvno-carrier-dutchtel',
        SANDBOX_CARRIER_DELAY_MS: '100',
        ENGINE_INTERVAL_MS: '100',
        LOG_LEVEL: 'warn',
        ...environment,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let errors = '';
  child.stdout?.on('data', (chunk) => {
    if (process.env.DEBUG_CHILD) process.stdout.write(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    errors += String(chunk);
  });
  const stop = () => {
    child.kill('SIGTERM');
  };
  for (let attempt = 0; attempt < 600; attempt++) {
    const ready = await fetch(`${url}${readyPath}`).catch(() => null);
    if (ready?.ok) return { url, stop };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  stop();
  throw new Error(`the gateway did not start from the operator's project: ${errors}`);
}
