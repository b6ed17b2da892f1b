import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The gateway as `npm start` runs it, as a child process on a free port with a fresh PGlite directory and fast
 * simulators: for tests whose client lives in another process (an installed SDK, a generated client).
 */
export const repository = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildGateway {
  baseUrl: string;
  /** SIGTERM, then waits for the process to end (SIGKILL after 5 s): its data directory may be removed after. */
  stop(): Promise<void>;
}

/** Stopping returns only once the child is gone: removing its PGlite directory while it flushes fails (ENOTEMPTY). */
function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startChildGateway(dataDirectory: string): Promise<ChildGateway> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
    cwd: repository,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: '',
      DATA_DIR: join(dataDirectory, 'gateway-data'),
      SANDBOX_CARRIER_DELAY_MS: '100',
      ENGINE_INTERVAL_MS: '100',
      WEBHOOK_INTERVAL_MS: '100',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  for (let attempt = 0; attempt < 300; attempt++) {
    const health = await fetch(`${baseUrl}/healthz`).catch(() => null);
    if (health?.ok) return { baseUrl, stop: stopper(child) };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopper(child)();
  throw new Error('the gateway did not start');
}
