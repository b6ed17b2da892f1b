import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The gateway as `npm start` runs it, started with a setting that cannot work: it must say so in one line that
 * names the variable, and exit with the documented code (78 bad setting, 69 dependency unavailable, 73 DATA_DIR),
 * never with a stack trace, and never echoing a password.
 */
const repository = new URL('../..', import.meta.url).pathname;

function startGateway(environment: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/runtime/node.ts'], {
      cwd: repository,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', ...environment },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the gateway did not exit; stderr so far: ${stderr}`));
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'gateway-startup-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('start-up that cannot work stops with one line and a documented exit code', () => {
  it('an unreachable DATABASE_URL: 69, the server named, the password not', async () => {
    const result = await startGateway({ DATABASE_URL: 'postgres://gateway:hunter2-secret@127.0.0.1:1/gateway' });
    expect(result.stderr).toBe('DATABASE_URL: cannot connect to 127.0.0.1:1 (connection refused)\n');
    expect(result.code).toBe(69);
  });

  it.runIf(process.env.DATABASE_URL)("a PostgreSQL that refuses us: 69, in the server's words", async () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = '/no_such_database_for_startup_test';
    const result = await startGateway({ DATABASE_URL: url.toString() });
    expect(result.stderr).toBe(
      `DATABASE_URL: cannot connect to ${url.hostname}:${url.port || '5432'} (database "no_such_database_for_startup_test" does not exist)\n`,
    );
    expect(result.code).toBe(69);
  });

  it('a DATABASE_URL of another database system: 78, naming the schemes that work', async () => {
    const result = await startGateway({ DATABASE_URL: 'mysql://root:hunter2-secret@127.0.0.1/gateway' });
    expect(result.stderr).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL (got mysql://)');
    expect(result.stderr).not.toContain('hunter2');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(78);
  });

  it('a DATA_DIR that cannot be created: 73', async () => {
    const file = join(scratch, 'a-file');
    await writeFile(file, 'not a directory');
    const result = await startGateway({ DATA_DIR: join(file, 'data') });
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`DATA_DIR: cannot open ${join(file, 'data')} (a part of the path is not a directory)`);
    expect(lines.slice(0, -1).every((line) => line.startsWith('initialising the embedded database'))).toBe(true);
    expect(result.code).toBe(73);
  });

  describe('a PORT in use', () => {
    let occupied: Server;
    let port: number;
    beforeAll(async () => {
      occupied = createServer();
      await new Promise<void>((resolve) => occupied.listen(0, '127.0.0.1', resolve));
      port = (occupied.address() as { port: number }).port;
    });
    afterAll(async () => {
      await new Promise((resolve) => occupied.close(resolve));
    });

    it('exits 69 naming PORT', async () => {
      const result = await startGateway({ PORT: String(port), DATA_DIR: join(scratch, 'port-test') });
      // A fresh DATA_DIR may first say that it is initialising the database; the error is the one line after it.
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines.at(-1)).toBe(`PORT: ${port} is already in use`);
      expect(lines.slice(0, -1).every((line) => line.startsWith('initialising the embedded database'))).toBe(true);
      expect(result.code).toBe(69);
    }, 90_000);
  });
});
