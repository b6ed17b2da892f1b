import type { CarrierPluginV1 } from '../../src/adapter/index.js';
import { createIdGenerator, type Store } from '../../src/core/index.js';
import { type Logger, silentLogger } from '../../src/http/logger.js';
import { composeGateway, type Gateway } from '../../src/runtime/compose-gateway.js';
import { loadConfig } from '../../src/runtime/config.js';
import { createTestStore } from './test-store.js';

export const sandboxKey = 'sk_sandbox_mvno_gateway_test';
export const adminKey = 'admin-key-for-tests-0123456789';
export const publicUrl = 'http://gateway.test';

export interface Harness {
  gateway: Gateway;
  store: Store;
  /** Call the gateway's HTTP API in process, with the sandbox key unless `key` is given (null: no key). */
  request(
    method: string,
    path: string,
    options?: { body?: unknown; key?: string | null; headers?: Record<string, string> },
  ): Promise<Response>;
  json<T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: { body?: unknown; key?: string | null; headers?: Record<string, string> },
  ): Promise<{ status: number; body: T; headers: Headers }>;
  /** Run simulators, engine and webhooks until `done` holds (or fail after `timeoutMs`). */
  settle(done: () => Promise<boolean>, timeoutMs?: number): Promise<void>;
  /** Settle until the operation is finished, and return it. */
  awaitOperation(id: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Outbound requests the gateway made to hosts other than itself (webhook receivers). */
  external: Map<string, (request: Request) => Promise<Response>>;
  close(): Promise<void>;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * The real gateway, composed as `npm start` composes it (sandbox mode, every loaded plugin's simulator), on a test store, with its
 * outbound HTTP routed in process: carrier calls reach the simulators through the gateway's own /sandbox mount,
 * webhook calls reach handlers the test registers in `external`.
 */
export async function startHarness(
  options: {
    delayMs?: number;
    environment?: Record<string, string>;
    logger?: Logger;
    /** Webhook host resolution for the address guard (only asked when private targets are not allowed). */
    resolveHostname?: (hostname: string) => Promise<string[]>;
    /** The process environment carrier connections' {"env": …} references resolve from (empty by default). */
    processEnvironment?: Record<string, string>;
    /** Run on an existing store (a "restart" on the same database); it is left open on close. */
    store?: Store;
    /** Sees every request the gateway's outbound fetch sends to the gateway itself (carrier callbacks). */
    tapSelf?: (request: Request) => void;
    /** The carrier plugins, as loaded from CARRIER_PLUGINS (the built-in ones by default). */
    plugins?: readonly CarrierPluginV1[];
    /** The gateway's clock (the engine's, the saga's deadlines): a test moves it on instead of waiting. */
    clock?: { now(): Date };
  } = {},
): Promise<Harness> {
  const { store, cleanup } = options.store
    ? { store: options.store, cleanup: async () => {} }
    : await createTestStore();
  const config = loadConfig({
    SANDBOX_API_KEY: sandboxKey,
    ADMIN_API_KEY: adminKey,
    PUBLIC_URL: publicUrl,
    SANDBOX_CARRIER_DELAY_MS: String(options.delayMs ?? 5),
    // The receivers tests register (`http://receiver.test`) are in process and resolve nowhere; SSRF tests say false.
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    ...options.environment,
  });
  const clock = options.clock ?? { now: () => new Date() };
  const ids = createIdGenerator(clock.now);
  const external = new Map<string, (request: Request) => Promise<Response>>();
  let gateway: Gateway | undefined;
  const fetchInProcess: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin === publicUrl) options.tapSelf?.(request.clone());
    const handler =
      url.origin === publicUrl ? (inner: Request) => Promise.resolve(gateway!.fetch(inner)) : external.get(url.origin);
    if (!handler) throw new TypeError(`fetch failed: no test host at ${url.origin}`);
    // Like a real fetch, give up when the caller's signal fires (a carrier call's timeout), whatever the server does.
    const signal = request.signal;
    if (signal.aborted) throw signal.reason;
    return new Promise<Response>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      handler(request).then(resolve, reject);
    });
  };
  gateway = await composeGateway({
    config,
    store,
    logger: options.logger ?? silentLogger,
    clock,
    ids,
    environment: options.processEnvironment ?? {},
    fetch: fetchInProcess,
    webhookRetryScheduleMs: [20, 20, 20, 20, 20],
    ...(options.plugins ? { plugins: options.plugins } : {}),
    ...(options.resolveHostname ? { resolveHostname: options.resolveHostname } : {}),
    engineOptions: { pollBaseMs: 5, pollMaxMs: 50, retryBaseMs: 10, retryMaxMs: 100, callbackSafetyPollMs: 200 },
  });
  const live = gateway;

  const request: Harness['request'] = (method, path, requestOptions = {}) => {
    const headers = new Headers(requestOptions.headers);
    const key = requestOptions.key === undefined ? sandboxKey : requestOptions.key;
    if (key) headers.set('authorization', `Bearer ${key}`);
    let body: string | undefined;
    if (requestOptions.body !== undefined) {
      body = typeof requestOptions.body === 'string' ? requestOptions.body : JSON.stringify(requestOptions.body);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    return Promise.resolve(live.fetch(new Request(`${publicUrl}${path}`, { method, headers, body })));
  };

  const harness: Harness = {
    gateway: live,
    store,
    external,
    request,
    async json(method, path, requestOptions) {
      const response = await request(method, path, requestOptions);
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
    },
    async settle(done, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (await done()) return;
        if (Date.now() > deadline) throw new Error('did not settle in time');
        await live.sandbox?.runDue();
        await live.engine.tick();
        await live.webhooks.deliverDue();
        await sleep(5);
      }
    },
    async awaitOperation(id, timeoutMs) {
      let operation: Record<string, unknown> = {};
      await harness.settle(async () => {
        operation = (await harness.json('GET', `/v1/operations/${id}`)).body;
        return ['succeeded', 'failed', 'cancelled'].includes(operation.status as string);
      }, timeoutMs);
      return operation;
    },
    async close() {
      await live.stop();
      await cleanup();
    },
  };
  return harness;
}
