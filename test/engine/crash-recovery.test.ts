import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStnSimulator, type StnSimulator } from '../../src/adapters/stn/index.js';

/**
 * The promise that matters most: a gateway killed with SIGKILL after it marked an attempt and while the carrier
 * was answering, then restarted, finishes the operation with exactly one carrier request. Real processes, real
 * HTTP on loopback, real database (PGlite on disk, or PostgreSQL when DATABASE_URL is set).
 */
const adminKey = 'crash-test-admin-key-0123456789';
const stnKey = 'crash-test-stn-key';
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

let simulator: StnSimulator;
let simulatorServer: ReturnType<typeof serve>;
let simulatorUrl: string;
let dataDir: string;
let databaseUrl: string | undefined;
let dropDatabase: (() => Promise<void>) | undefined;
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const probe = serve({ fetch: () => new Response(), port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => probe.once('listening', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function startGateway(port: number): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SANDBOX: 'false',
      ADMIN_API_KEY: adminKey,
      DATA_DIR: dataDir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '' }),
      ENGINE_INTERVAL_MS: '100',
      ENGINE_LEASE_MS: '1000',
      CARRIER_TIMEOUT_MS: '60000',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (let round = 0; round < 300; round++) {
    if (child.exitCode !== null) throw new Error(`gateway exited early:\n${output}`);
    const health = await fetch(`${url}/healthz`).catch(() => null);
    if (health?.ok) return { child, url, output: () => output };
    await sleep(100);
  }
  throw new Error(`gateway did not start:\n${output}`);
}

beforeAll(async () => {
  simulator = createStnSimulator({ apiKey: stnKey, delayMs: 50 });
  simulatorServer = serve({ fetch: simulator.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => simulatorServer.once('listening', resolve));
  simulatorUrl = `http://127.0.0.1:${(simulatorServer.address() as AddressInfo).port}`;
  simulator.startClock(20);
  dataDir = await mkdtemp(join(tmpdir(), 'mvno-crash-'));
  if (process.env.DATABASE_URL) {
    const name = `crash_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await new Promise((resolve) => simulatorServer?.close(resolve));
  await dropDatabase?.();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a gateway killed mid-submission', () => {
  it('completes the operation after a restart with exactly one carrier request', async () => {
    const first = await startGateway(await freePort());
    const tenant = await (
      await fetch(`${first.url}/v1/tenants`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Crash test' }),
      })
    ).json();
    const connection = await fetch(`${first.url}/v1/tenants/${tenant.tenant.id}/carrier-connections/stn`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ carrier: 'stn', config: { baseUrl: simulatorUrl, apiKey: stnKey }, isDefault: true }),
    });
    expect(connection.status).toBe(200);
    const auth = { authorization: `Bearer ${tenant.apiKey.key}`, 'content-type': 'application/json' };

    // sTN acts on the request but its answer never comes back while the first gateway lives.
    simulator.faults.set({ timeoutRate: 1, timeoutHoldMs: 20_000 });
    const accepted = await fetch(`${first.url}/v1/subscriptions`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ sim: { type: 'physical', iccid: simulator.listFreeSims()[0] } }),
    });
    expect(accepted.status).toBe(202);
    const operation = await accepted.json();
    for (let round = 0; round < 200 && simulator.ledger.count('POST', '/api/NewSubscription') === 0; round++)
      await sleep(50);
    expect(simulator.ledger.count('POST', '/api/NewSubscription')).toBe(1);

    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    simulator.faults.set({ timeoutRate: 0 });

    const second = await startGateway(await freePort());
    let finished: { status: string } | undefined;
    for (let round = 0; round < 300; round++) {
      finished = await (await fetch(`${second.url}/v1/operations/${operation.id}`, { headers: auth })).json();
      if (finished && ['succeeded', 'failed', 'cancelled'].includes(finished.status)) break;
      await sleep(100);
    }
    expect(finished, second.output()).toMatchObject({ status: 'succeeded' });
    expect(simulator.ledger.count('POST', '/api/NewSubscription')).toBe(1);
    const attempts = await (
      await fetch(`${second.url}/v1/operations/${operation.id}/attempts`, { headers: auth })
    ).json();
    expect(attempts.data.map((attempt: { phase: string }) => attempt.phase)).toContain('find_submission');
    second.child.kill('SIGTERM');
  }, 120_000);
});
