/**
 * What the runtime smoke tests share: child processes with their output in files (shown when a test fails), free
 * loopback ports, HTTP readiness, a throwaway PostgreSQL database, JSON requests. Plain Node (no TypeScript, no
 * vitest): these run from .ci/runtimes.sh, not `npm test`.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

export const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
export const sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

const children = new Set();
let logFolder;

/** One folder per run for every process's log (a promise, so processes started together share it). */
export function logDirectory() {
  logFolder ??= mkdtemp(join(tmpdir(), 'mvno-runtimes-'));
  return logFolder;
}

/** A port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Start a process in its own process group, its output appended to `<name>.log`. */
export async function startProcess(name, command, args, options = {}) {
  const logPath = join(await logDirectory(), `${name}.log`);
  const log = createWriteStream(logPath, { flags: 'a' });
  const child = spawn(command, args, {
    cwd: options.cwd ?? repositoryRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const handle = {
    name,
    logPath,
    child,
    exited,
    async output() {
      return readFile(logPath, 'utf8').catch(() => '');
    },
    /** SIGTERM to the whole group, SIGKILL after a grace period. */
    async stop(graceMs = 5000) {
      children.delete(handle);
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  children.add(handle);
  return handle;
}

/** Stop every process this run started (a failing test leaves none behind). */
export async function stopAll() {
  await Promise.all([...children].map((handle) => handle.stop()));
}

/** Wait until `url` answers (2xx unless `anyStatus`); fail early if the process died. */
export async function waitForHttp(url, handle, timeoutMs = 60_000, { anyStatus = false } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (handle && (handle.child.exitCode !== null || handle.child.signalCode !== null)) {
      throw new Error(`${handle.name} exited before ${url} answered:\n${tail(await handle.output())}`);
    }
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) }).catch(() => null);
    if (response && (response.ok || anyStatus)) return;
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms${handle ? `:\n${tail(await handle.output())}` : ''}`);
}

export function tail(text, lines = 40) {
  return text.split('\n').slice(-lines).join('\n');
}

/** A new, empty database on the server at `serverUrl`; `drop()` removes it (and any connection left on it). */
export async function createDatabase(serverUrl, prefix) {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** A JSON request; throws with the body when the status is not the expected one. */
export async function call(baseUrl, method, path, { key, body, headers = {}, expect } = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  const expected = expect === undefined ? [200, 201, 202, 204] : [expect].flat();
  if (!expected.includes(response.status)) {
    throw new Error(`${method} ${path} answered ${response.status}, expected ${expected.join('/')}: ${text}`);
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Run `work`, print its duration on one line, and stop every process it started whatever happens. */
export async function runSmoke(name, work) {
  const started = Date.now();
  try {
    const figures = await work();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`ok   ${name} in ${seconds}s${figures ? ` (${figures})` : ''}`);
  } catch (error) {
    console.error(`FAIL ${name} after ${((Date.now() - started) / 1000).toFixed(1)}s`);
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    for (const handle of children)
      console.error(`--- ${handle.name} (${handle.logPath}):\n${tail(await handle.output())}`);
    process.exitCode = 1;
  } finally {
    await stopAll();
  }
}
