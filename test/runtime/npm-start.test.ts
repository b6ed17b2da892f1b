import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/child-gateway.js';

/**
 * `npm start` as a newcomer and a plugin author run it. On a fresh DATA_DIR: PGlite's initdb takes seconds, and the
 * gateway says so instead of sitting mute. With a plugin named by the path of its TypeScript source: it loads.
 * Run as `npm start` itself: its prestart compiles the gateway (src/runtime/bundle-gateway.mjs) and it runs on Node
 * alone, so this also shows the compiled gateway finds its migrations and PGlite its files.
 */
const repository = new URL('../..', import.meta.url).pathname;

/** Resolves once no process of the group `pid` leads is left (at most 30 s). */
async function groupGone(pid: number): Promise<void> {
  for (let round = 0; round < 300; round++) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Start the gateway, wait until it is listening (its banner), stop it, and return what it printed on stderr. */
function bootOnce(dataDir: string, port: number, environment: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    // Its own process group: npm runs the gateway as its child, and both are stopped together.
    const child = spawn('npm', ['start', '--silent'], {
      detached: true,
      cwd: repository,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        LOG_LEVEL: 'silent',
        PORT: String(port),
        DATA_DIR: dataDir,
        ...environment,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let stopped = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopped) return;
      stopped = true;
      process.kill(-child.pid!, signal);
    };
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('is listening on')) stop('SIGTERM');
    });
    const timer = setTimeout(() => {
      stopped = false;
      stop('SIGKILL');
      reject(new Error(`the gateway did not start; stderr so far: ${stderr}`));
    }, 120_000);
    child.on('exit', () => {
      clearTimeout(timer);
      // npm exits at once on SIGTERM; the gateway under it is still closing its database. Wait until the whole
      // group is gone, or the next boot (or the clean-up) meets a data directory still being written.
      void groupGone(child.pid!).then(() => resolve(stderr));
    });
  });
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'gateway-first-boot-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

describe('the first start on a fresh data directory', () => {
  it('says it is initialising the embedded database before the banner, naming the directory', async () => {
    const dataDir = join(scratch, 'fresh');
    const stderr = await bootOnce(dataDir, await freePort());
    const notice = stderr.indexOf(`initialising the embedded database in ${dataDir}…`);
    expect(notice).toBeGreaterThanOrEqual(0);
    expect(notice).toBeLessThan(stderr.indexOf('is listening on'));
    // A restart finds the database: it never claims to initialise it again.
    expect(await bootOnce(dataDir, await freePort())).not.toContain('initialising');
  }, 240_000);
});

describe('npm start with a carrier plugin named by the path of its TypeScript source', () => {
  it('loads it, though the gateway runs compiled on a Node that cannot import TypeScript itself', async () => {
    const carriers = join(scratch, 'carriers');
    await mkdir(carriers, { recursive: true });
    // Type annotations: plain Node 20 fails on this file ("Unexpected token ':'"); through tsx it loads.
    await writeFile(
      join(carriers, 'typed.ts'),
      `const id: string = 'typed';
export default {
  specVersion: 'v1' as const,
  id,
  displayName: 'Typed Mobile',
  capabilities: { operations: ['activate'] },
  connectionConfigSchema: { safeParse: (value: unknown) => ({ success: true, data: value }) },
  secretConfigFields: [],
  createAdapter: () => ({}),
};
`,
    );
    const stderr = await bootOnce(join(scratch, 'typed'), await freePort(), {
      CARRIER_PLUGINS: `stn,sps,${join(carriers, 'typed.ts')}`,
    });
    expect(stderr).not.toContain('CARRIER_PLUGINS');
    expect(stderr).toContain('is listening on');
  }, 240_000);
});
