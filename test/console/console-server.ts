import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createIdGenerator } from '../../src/core/index.js';
import { silentLogger } from '../../src/http/logger.js';
import { composeGateway, type Gateway } from '../../src/runtime/compose-gateway.js';
import { loadConfig } from '../../src/runtime/config.js';
import { createTestStore } from '../helpers/test-store.js';

export const consoleSandboxKey = 'sk_sandbox_console_tests';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export interface ConsoleServer {
  baseUrl: string;
  gateway: Gateway;
  /** GET/POST the gateway's API with the sandbox key, as a test's own check (the browser does the real work). */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/**
 * The gateway as `npm start` runs it — a real HTTP server on loopback, sandbox mode, engine and webhook loops —
 * with fast simulator steps and loops, on a test database. A browser can only reach a real socket.
 */
export async function startConsoleServer(): Promise<ConsoleServer> {
  const { store, cleanup } = await createTestStore();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    SANDBOX_API_KEY: consoleSandboxKey,
    SANDBOX_CARRIER_DELAY_MS: '50',
    ENGINE_INTERVAL_MS: '50',
    WEBHOOK_INTERVAL_MS: '50',
  });
  const clock = { now: () => new Date() };
  const gateway = await composeGateway({
    config,
    store,
    logger: silentLogger,
    clock,
    ids: createIdGenerator(clock.now),
    environment: {},
    fetch: globalThis.fetch,
    webhookRetryScheduleMs: [50, 50, 50],
    engineOptions: { pollBaseMs: 20, pollMaxMs: 100, retryBaseMs: 20, retryMaxMs: 200, callbackSafetyPollMs: 500 },
  });
  const server = serve({ fetch: gateway.fetch, port, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  gateway.startBackgroundWork();
  return {
    baseUrl,
    gateway,
    async api(method, path, body) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${consoleSandboxKey}`,
          'content-type': 'application/json',
          ...(method === 'GET' ? {} : { 'idempotency-key': crypto.randomUUID() }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : {} };
    },
    async close() {
      await gateway.stop();
      await new Promise((resolve) => server.close(resolve));
      await cleanup();
    },
  };
}

/** A webhook receiver on loopback that answers 200 and remembers what arrived. */
export async function startReceiver(): Promise<{
  url: string;
  received: Array<{ id: string; body: string }>;
  close(): Promise<void>;
}> {
  const received: Array<{ id: string; body: string }> = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ id: String(request.headers['webhook-id'] ?? ''), body });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
