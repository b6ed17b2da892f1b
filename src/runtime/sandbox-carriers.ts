import { Hono } from 'hono';
import type { CarrierPluginV1, SandboxSimulatorV1 } from '../adapter/index.js';
import type { Store } from '../core/index.js';
import { sandboxGuide } from './sandbox-guide.js';
import { sandboxTenantId } from './sandbox-tenant.js';
import { exitCodes, StartupError } from './startup-errors.js';

/** Fixed ids, derived from the plugin id, so a restart finds the sandbox tenant's connections and operations again. */
export function sandboxConnectionId(pluginId: string): string {
  return `cc_sandbox_${pluginId}`;
}

export interface SandboxCarrier {
  plugin: CarrierPluginV1;
  simulator: SandboxSimulatorV1;
  /** Where the gateway serves it: `<publicUrl>/sandbox/<plugin id>`. */
  baseUrl: string;
}

export interface SandboxCarriers {
  /** Every plugin that contributes a sandbox, by plugin id, in CARRIER_PLUGINS order. */
  carriers: ReadonlyMap<string, SandboxCarrier>;
  /** The simulators under /sandbox/<plugin id>, to mount beside the gateway, and GET /sandbox. */
  app: Hono;
  startClocks(): () => void;
  /** Runs every simulator's due work now (tests step the simulators instead of running their clocks). */
  runDue(): Promise<void>;
}

/**
 * The same request at another URL. The init is built field by field, not `new Request(url, request)`: on Bun and
 * Deno that throws for the Request object @hono/node-server hands us ("Attempted to assign to readonly property",
 * "Cannot set property duplex"). The body is read whole (simulator requests are small), so no `duplex` is needed.
 */
async function requestAt(url: URL, request: Request): Promise<Request> {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    ...(hasBody ? { body: await request.arrayBuffer() } : {}),
  });
}

/** Hand a request for `/sandbox/<carrier>/…` to that simulator as if it were served at its own root. */
function mountAt(prefix: string, target: SandboxSimulatorV1) {
  return async (request: Request) => {
    const url = new URL(request.url);
    url.pathname = url.pathname.slice(prefix.length) || '/';
    return target.fetch(await requestAt(url, request));
  };
}

/**
 * Sandbox mode: the simulator of every plugin that contributes one, on the gateway's own server, and a connection of
 * the sandbox tenant to each, named after the plugin (the first one the default), so `npm start` needs no carrier
 * credentials.
 */
/** A simulator refusing its part of SANDBOX_SCENARIO stops the start with what is wrong, like any bad setting. */
function simulatorFor(carrierId: string, create: () => SandboxSimulatorV1): SandboxSimulatorV1 {
  try {
    return create();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(`SANDBOX_SCENARIO, part "${carrierId}": ${reason}`, exitCodes.config);
  }
}

export async function createSandboxCarriers(options: {
  store: Store;
  plugins: readonly CarrierPluginV1[];
  publicUrl: string;
  delayMs: number;
  now: Date;
  /** Delivers simulator callbacks; the runtime's fetch (over loopback) by default. */
  fetch?: typeof globalThis.fetch;
  /** Physical SIMs per simulator (benchmarks want more than a newcomer needs). */
  physicalSims?: number;
  /** A scenario file's content, keyed by carrier (plugin) id; each simulator validates its own part. */
  scenario?: Record<string, unknown>;
}): Promise<SandboxCarriers> {
  const carriers = new Map<string, SandboxCarrier>();
  const app = new Hono();
  let isDefault = true;
  for (const plugin of options.plugins) {
    if (!plugin.sandbox) continue;
    const connectionId = sandboxConnectionId(plugin.id);
    const prefix = `/sandbox/${plugin.id}`;
    const baseUrl = `${options.publicUrl}${prefix}`;
    const simulator = simulatorFor(plugin.id, () =>
      plugin.sandbox!.createSimulator({
        delayMs: options.delayMs,
        ...(plugin.capabilities.callbacks
          ? { callbackUrl: `${options.publicUrl}/v1/callbacks/${plugin.id}/${connectionId}` }
          : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.physicalSims ? { physicalSims: options.physicalSims } : {}),
        ...(options.scenario?.[plugin.id] !== undefined ? { scenario: options.scenario[plugin.id] } : {}),
      }),
    );
    carriers.set(plugin.id, { plugin, simulator, baseUrl });
    app.all(`${prefix}/*`, (context) => mountAt(prefix, simulator)(context.req.raw));
    await options.store.carrierConnections.upsert({
      id: connectionId,
      tenantId: sandboxTenantId,
      name: plugin.id,
      carrier: plugin.id,
      config: plugin.sandbox.connectionConfig({ baseUrl }) as Record<string, unknown>,
      isDefault,
      createdAt: options.now,
    });
    isDefault = false;
  }
  app.get('/sandbox', (context) => context.json(sandboxGuide([...carriers.values()])));
  return {
    carriers,
    app,
    startClocks() {
      const stops = [...carriers.values()].map(({ simulator }) => simulator.startClock());
      return () => {
        for (const stop of stops) stop();
      };
    },
    async runDue() {
      for (const { simulator } of carriers.values()) await simulator.runDue?.();
    },
  };
}
