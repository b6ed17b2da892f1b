import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildGateway, repository, startChildGateway } from '../helpers/child-gateway.js';

/**
 * The SDK as a user gets it: `npm run build && npm pack`, the tarball installed into a fresh project outside the
 * repository, and examples/activate-line.mjs (the README's SDK example) run there with plain Node against a
 * gateway started as `npm start` starts it. The install is from the npm cache (`--prefer-offline`).
 */
const run = promisify(execFile);
let project: string;
let gateway: ChildGateway | undefined;
let baseUrl: string;
const timings: Record<string, number> = {};

async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings[name] = Date.now() - started;
  }
}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'mvno-sdk-'));
  await timed('build', () => run('npm', ['run', 'build'], { cwd: repository }));
  const packed = await timed('pack', () =>
    run('npm', ['pack', '--pack-destination', project, '--json'], { cwd: repository }),
  );
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'sdk-user', private: true, type: 'module' }));
  await timed('install', () =>
    run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(project, filename)],
      { cwd: project },
    ),
  );
  await cp(join(repository, 'examples/activate-line.mjs'), join(project, 'activate-line.mjs'));

  gateway = await timed('gateway start', () => startChildGateway(project));
  baseUrl = gateway.baseUrl;
}, 300_000);

afterAll(async () => {
  await gateway?.stop();
  if (project) await rm(project, { recursive: true, force: true });
  console.log('packed SDK timings (ms):', JSON.stringify(timings));
});

describe('the packed SDK', () => {
  it('ships only what a user needs, under the Apache-2.0 licence', async () => {
    const installed = join(project, 'node_modules/mvno-gateway');
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8'));
    expect(manifest.license).toBe('Apache-2.0');
    expect(await readFile(join(installed, 'LICENSE'), 'utf8')).toContain('Apache License');
    await expect(readFile(join(installed, 'dist/client/index.d.ts'), 'utf8')).resolves.toContain('waitForOperation');
    await expect(readFile(join(installed, 'src/runtime/node.ts'), 'utf8')).rejects.toThrow();
  });

  it('is the example the README shows', async () => {
    const readme = await readFile(join(repository, 'README.md'), 'utf8');
    expect(readme).toContain(await readFile(join(repository, 'examples/activate-line.mjs'), 'utf8'));
  });

  it('runs the README example from plain Node ESM: activates a line, waits for it, verifies its webhook', async () => {
    const { stdout } = await timed('example', () =>
      run(process.execPath, ['activate-line.mjs'], {
        cwd: project,
        env: { ...process.env, GATEWAY_URL: baseUrl },
        timeout: 90_000,
      }),
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(result).toMatchObject({
      operation: 'succeeded',
      webhook: 'subscription.activated',
      line: 'active',
    });
    expect(result.msisdn).toMatch(/^\+31\d{9}$/);
  }, 120_000);

  it('type-checks from TypeScript: typed SIM cards, problems and events', async () => {
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          lib: ['ES2023', 'DOM'],
          types: [],
        },
        include: ['check.ts'],
      }),
    );
    await writeFile(
      join(project, 'check.ts'),
      `import { createGatewayClient, GatewayProblemError, type ProblemCode, type SimCard, type WebhookEvent, verifyWebhook } from 'mvno-gateway/client';
const gateway = createGatewayClient({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k' });
export async function check(): Promise<string> {
  const { data } = await gateway.GET('/v1/sim-cards', { params: { query: { status: 'available' } } });
  const sim: SimCard | undefined = data?.data[0];
  const code: ProblemCode = 'carrier_rejected';
  const event: WebhookEvent = await verifyWebhook('{}', {}, 'whsec_x');
  const error = new GatewayProblemError({ type: 't', title: 't', status: 422, code });
  const operation = await gateway.waitForOperation('op_1', { timeoutMs: 10 });
  // @ts-expect-error a SIM card has no such field
  sim?.colour;
  return [sim?.iccid, event.type, error.code, operation.status].join();
}
`,
    );
    await timed('tsc', () =>
      run(process.execPath, [join(repository, 'node_modules/typescript/bin/tsc'), '-p', project]),
    );
  }, 60_000);
});
