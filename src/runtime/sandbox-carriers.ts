import { Hono } from 'hono';
import { createSpsSimulator, type SpsSimulator, spsScenarioOptions } from '../adapters/sps/index.js';
import type { SpsSimulatorSeed } from '../adapters/sps/simulator/index.js';
import { createStnSimulator, type StnSimulator, stnScenarioOptions } from '../adapters/stn/index.js';
import type { StnSeedOptions } from '../adapters/stn/simulator/index.js';
import type { Store } from '../core/index.js';
import { sandboxGuide } from './sandbox-guide.js';
import { sandboxTenantId } from './sandbox-tenant.js';

/** Fixed ids, so a restart finds the sandbox tenant's connections and their operations again. */
export const sandboxConnectionIds = { stn: 'cc_sandbox_stn', sps: 'cc_sandbox_sps' } as const;

/** Sandbox credentials: the simulators are local, so these protect nothing; they exist to exercise the auth code. */
const sandboxCredentials = {
  stnApiKey: 'sandbox-stn-api-key',
  spsClientId: 'sandbox-sps-client',
  spsClientSecret: 'sandbox-sps-secret',
  spsCallbackSecret: 'sandbox-sps-callback-secret',
};

export interface SandboxCarriers {
  stn: StnSimulator;
  sps: SpsSimulator;
  /** The simulators under /sandbox/stn and /sandbox/sps, to mount beside the gateway. */
  app: Hono;
  startClocks(): () => void;
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
function mountAt(prefix: string, target: { fetch: (request: Request) => Response | Promise<Response> }) {
  return async (request: Request) => {
    const url = new URL(request.url);
    url.pathname = url.pathname.slice(prefix.length) || '/';
    return target.fetch(await requestAt(url, request));
  };
}

/**
 * Sandbox mode: both carrier simulators on the gateway's own server, and the sandbox tenant's two carrier
 * connections pointed at them (sTN the default), so `npm start` needs no carrier credentials.
 */
export async function createSandboxCarriers(options: {
  store: Store;
  publicUrl: string;
  delayMs: number;
  now: Date;
  /** Delivers SPS callbacks; the runtime's fetch (over loopback) by default. */
  fetch?: typeof globalThis.fetch;
  /** Stock and catalogue of the simulators (benchmarks want more SIMs than a newcomer needs). */
  seed?: { stn?: StnSeedOptions; sps?: SpsSimulatorSeed };
  /** A scenario file's content, `{stn?, sps?}`, each validated by its simulator (stn-scenario.ts, sps-scenario.ts). */
  scenario?: { stn?: unknown; sps?: unknown };
}): Promise<SandboxCarriers> {
  const stn = createStnSimulator({
    apiKey: sandboxCredentials.stnApiKey,
    delayMs: options.delayMs,
    ...(options.seed?.stn ? { seed: options.seed.stn } : {}),
    ...(options.scenario?.stn ? stnScenarioOptions(options.scenario.stn) : {}),
  });
  const sps = createSpsSimulator({
    clientId: sandboxCredentials.spsClientId,
    clientSecret: sandboxCredentials.spsClientSecret,
    callbackUrl: `${options.publicUrl}/v1/callbacks/sps/${sandboxConnectionIds.sps}`,
    callbackSecret: sandboxCredentials.spsCallbackSecret,
    delayMs: options.delayMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.seed?.sps ? { seed: options.seed.sps } : {}),
    ...(options.scenario?.sps ? spsScenarioOptions(options.scenario.sps) : {}),
  });
  const app = new Hono();
  app.get('/sandbox', (context) =>
    context.json(
      sandboxGuide({
        publicUrl: options.publicUrl,
        stn,
        sps,
        credentials: sandboxCredentials,
        ...(options.seed?.sps ? { spsSeed: options.seed.sps } : {}),
      }),
    ),
  );
  app.all('/sandbox/stn/*', (context) => mountAt('/sandbox/stn', stn.app)(context.req.raw));
  app.all('/sandbox/sps/*', (context) => mountAt('/sandbox/sps', sps.app)(context.req.raw));

  await options.store.carrierConnections.upsert({
    id: sandboxConnectionIds.stn,
    tenantId: sandboxTenantId,
    name: 'stn',
    carrier: 'stn',
    config: { baseUrl: `${options.publicUrl}/sandbox/stn`, apiKey: sandboxCredentials.stnApiKey },
    isDefault: true,
    createdAt: options.now,
  });
  await options.store.carrierConnections.upsert({
    id: sandboxConnectionIds.sps,
    tenantId: sandboxTenantId,
    name: 'sps',
    carrier: 'sps',
    config: {
      baseUrl: `${options.publicUrl}/sandbox/sps`,
      clientId: sandboxCredentials.spsClientId,
      clientSecret: sandboxCredentials.spsClientSecret,
      callbackSecret: sandboxCredentials.spsCallbackSecret,
    },
    isDefault: false,
    createdAt: options.now,
  });
  return {
    stn,
    sps,
    app,
    startClocks() {
      const stops = [stn.startClock(), sps.startClock()];
      return () => {
        for (const stop of stops) stop();
      };
    },
  };
}
