import type { CarrierPluginV1 } from '../adapter/index.js';
import {
  type Clock,
  createCarrierDirectory,
  createEngine,
  createPacer,
  createWebhookDispatcher,
  createWebhookTargetPolicy,
  type DriftSweepReport,
  type Engine,
  type EngineOptions,
  type IdGenerator,
  type Store,
  sweepDrift,
  type WebhookDispatcher,
} from '../core/index.js';
import { createApp } from '../http/app.js';
import { createSafeLogger } from '../http/log-safety.js';
import type { Logger } from '../http/logger.js';
import { type BackgroundLoop, startBackgroundLoop } from './background-loop.js';
import { builtInPluginsNamed } from './carrier-plugin-check.js';
import { builtInCarrierPlugins } from './carrier-plugins.js';
import type { GatewayConfig } from './config.js';
import { createSandboxCarriers, type SandboxCarriers } from './sandbox-carriers.js';
import { ensureSandboxTenant } from './sandbox-tenant.js';
import { createEnvReferencePolicy, createSecretResolver } from './secret-references.js';
import { gatewayVersion } from './version.js';
import { createWebhookAddressGuard, type ResolveHostname } from './webhook-address-guard.js';

export interface ComposeOptions {
  config: GatewayConfig;
  store: Store;
  logger: Logger;
  clock: Clock;
  ids: IdGenerator;
  environment: Record<string, string | undefined>;
  /** How the gateway reaches carriers and webhook receivers. Tests route it in process. */
  fetch: typeof globalThis.fetch;
  docsScript?: () => Promise<string>;
  /** Also told when a carrier callback was applied (the worker runs the engine then; Node wakes its loop anyway). */
  onCallbackReceived?: () => void;
  /** A synchronous SHA-256 (hex) where the runtime has one (Node's); the app falls back to Web Crypto. */
  sha256Hex?: (text: string) => string;
  webhookRetryScheduleMs?: readonly number[];
  /** How webhook hosts are resolved for the address check; the system's DNS by default. */
  resolveHostname?: ResolveHostname;
  /**
   * The carrier plugins, loaded and checked (Node: carrier-plugin-loader.ts). Without them, CARRIER_PLUGINS may name
   * built-in carriers only (the Workers runtime loads no modules by name).
   */
  plugins?: readonly CarrierPluginV1[];
  /** Physical SIMs per simulator in sandbox mode. */
  sandboxPhysicalSims?: number;
  /** SANDBOX_SCENARIO's content, read by the runtime (this module does no file access). */
  sandboxScenario?: Record<string, unknown>;
  /** Engine timing overrides (tests make polling fast). */
  engineOptions?: Partial<
    Pick<
      EngineOptions,
      'pollBaseMs' | 'pollMaxMs' | 'retryBaseMs' | 'retryMaxMs' | 'callbackSafetyPollMs' | 'batchSize'
    >
  >;
}

export interface Gateway {
  /** The whole server: the API, plus the carrier simulators under /sandbox in sandbox mode. */
  fetch: (request: Request) => Response | Promise<Response>;
  engine: Engine;
  webhooks: WebhookDispatcher;
  sandbox: SandboxCarriers | null;
  /** One round of the drift sweep (issue 13): re-read stale lines from their carriers, paced like the engine. */
  sweepDrift(): Promise<DriftSweepReport>;
  /** Start the engine and webhook loops (and the simulators' clocks). */
  startBackgroundWork(): void;
  stop(): Promise<void>;
}

/** Wires the parts together; used by the Node runtime and by tests that run the real app in process. */
/** Whether a URL's path is under /sandbox, read off the string: a `new URL` per request is ≈ 1.5% of a GET's CPU. */
function isSandboxPath(url: string): boolean {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  return start >= 0 && /^\/sandbox([/?#]|$)/.test(url.slice(start, start + 9));
}

export async function composeGateway(options: ComposeOptions): Promise<Gateway> {
  const { config, store, clock, ids } = options;
  const plugins = options.plugins ?? builtInPluginsNamed(config.CARRIER_PLUGINS, builtInCarrierPlugins);
  // Whatever logger we were given (pino, a test's recorder), nothing secret reaches it.
  const logger = createSafeLogger(
    options.logger,
    plugins.flatMap((plugin) => plugin.secretConfigFields),
  );
  const owner = config.INSTANCE_ID ?? `gw-${ids.newCorrelationId()}`;
  const envReferences = createEnvReferencePolicy(config.CARRIER_ENV_PREFIX);
  const webhookTargets = createWebhookTargetPolicy(config.webhookTargets);
  const carriers = createCarrierDirectory({
    connections: store.carrierConnections,
    plugins,
    dependencies: { fetch: options.fetch, now: () => clock.now(), timeoutMs: config.CARRIER_TIMEOUT_MS },
    resolveSecrets: createSecretResolver(options.environment, envReferences),
    callbackReplays: store.callbackReplays,
  });
  // One pacer for all carrier work of this process: the engine's steps and the drift sweep's reads.
  const pacer = createPacer(() => clock.now().getTime());
  const engine = createEngine({
    store,
    carriers,
    clock,
    ids,
    owner,
    pacer,
    logger,
    leaseMs: config.ENGINE_LEASE_MS,
    unknownStatusDeadlineMs: config.ENGINE_UNKNOWN_STATUS_DEADLINE_MS,
    ...options.engineOptions,
  });
  const webhooks = createWebhookDispatcher({
    store,
    fetch: options.fetch,
    clock,
    ids,
    owner,
    addressGuard: createWebhookAddressGuard(webhookTargets, options.resolveHostname),
    ...(options.webhookRetryScheduleMs ? { retryScheduleMs: options.webhookRetryScheduleMs } : {}),
  });

  let sandbox: SandboxCarriers | null = null;
  if (config.sandbox) {
    await ensureSandboxTenant({ store, ids, apiKey: config.SANDBOX_API_KEY, now: clock.now() });
    sandbox = await createSandboxCarriers({
      store,
      plugins,
      publicUrl: config.publicUrl,
      delayMs: config.SANDBOX_CARRIER_DELAY_MS,
      now: clock.now(),
      fetch: options.fetch,
      ...(options.sandboxPhysicalSims ? { physicalSims: options.sandboxPhysicalSims } : {}),
      ...(options.sandboxScenario ? { scenario: options.sandboxScenario } : {}),
    });
  }

  const loops: BackgroundLoop[] = [];
  let engineLoop: BackgroundLoop | undefined;
  const stopClocks: Array<() => void> = [];
  const app = createApp({
    store,
    clock,
    ids,
    logger,
    carriers,
    engine,
    adminApiKey: config.ADMIN_API_KEY,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    webhookTargets,
    envReferences,
    version: gatewayVersion,
    publicUrl: config.publicUrl,
    corsOrigins: config.CORS_ORIGINS,
    sandbox: config.sandbox,
    migrationDeadlineSeconds: config.MIGRATION_DEADLINE_SECONDS,
    // A callback means work is due now, not at the next interval.
    onCallbackReceived: () => {
      engineLoop?.wake();
      options.onCallbackReceived?.();
    },
    ...(options.docsScript ? { docsScript: options.docsScript } : {}),
    ...(options.sha256Hex ? { sha256Hex: options.sha256Hex } : {}),
  });

  const sweepOnce = () =>
    sweepDrift(
      { store, carriers, clock, ids, pacer },
      { staleAfterMs: config.DRIFT_SWEEP_STALE_AFTER_MS, limit: config.DRIFT_SWEEP_BATCH },
    );

  const sandboxApp = sandbox?.app;
  // The simulators answer under /sandbox; everything else (404s included) is the gateway's.
  const serve = (request: Request) =>
    sandboxApp && isSandboxPath(request.url) ? sandboxApp.fetch(request) : app.fetch(request);

  return {
    fetch: serve,
    engine,
    webhooks,
    sandbox,
    sweepDrift: sweepOnce,
    startBackgroundWork() {
      const report = (what: string) => (error: unknown) =>
        logger.error({ err: error instanceof Error ? error.stack : String(error) }, `${what} failed`);
      // A tick that claimed work may have left more due behind it (a backlog larger than one batch): run again at
      // once rather than an interval later. A tick that claimed nothing waits for the interval (or a callback).
      const tick = async () => {
        const done = await engine.tick();
        if (done.claimed > 0) engineLoop?.wake();
      };
      engineLoop = startBackgroundLoop(tick, config.ENGINE_INTERVAL_MS, report('engine tick'));
      loops.push(engineLoop);
      loops.push(
        startBackgroundLoop(() => webhooks.deliverDue(), config.WEBHOOK_INTERVAL_MS, report('webhook delivery')),
      );
      if (config.DRIFT_SWEEP_INTERVAL_MS > 0) {
        loops.push(
          startBackgroundLoop(
            async () => {
              await sweepOnce();
            },
            config.DRIFT_SWEEP_INTERVAL_MS,
            report('drift sweep'),
          ),
        );
      }
      if (sandbox) stopClocks.push(sandbox.startClocks());
    },
    async stop() {
      for (const stop of stopClocks) stop();
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };
}
