import createClient, { type Client } from 'openapi-fetch';
import { type CarrierTransport, createCarrierTransport } from '../../../adapter/index.js';
import type { paths } from '../generated/sps-api.js';
import type { SpsConnectionConfig } from '../sps-connection-config.js';
import { joinUrl } from './sps-paths.js';
import { spsCarrierId, spsRejection, spsUnavailable } from './sps-rejection.js';
import { createSpsRequestRouting, spsClientOrigin } from './sps-request-routing.js';
import { createSpsTokenCache, type SpsTokenCache } from './sps-token-cache.js';

/** The typed SPS client: openapi-fetch over the generated paths, through the SPS transport. */
export type SpsApiClient = Client<paths>;

export interface SpsClient {
  api: SpsApiClient;
  tokens: SpsTokenCache;
  transport: CarrierTransport;
}

export interface SpsClientDependencies {
  fetch: typeof globalThis.fetch;
  now: () => Date;
  timeoutMs: number;
  newCorrelationId?: () => string;
}

export function createSpsClient(config: SpsConnectionConfig, dependencies: SpsClientDependencies): SpsClient {
  const transport = createCarrierTransport({
    carrierId: spsCarrierId,
    carrierName: 'SPS',
    fetch: dependencies.fetch,
    timeoutMs: dependencies.timeoutMs,
    now: dependencies.now,
    redact: { values: [config.clientSecret, config.callbackSecret] },
  });
  const tokens = createSpsTokenCache({
    fetch: (url, init) => transport.fetch(url, init),
    now: dependencies.now,
    tokenUrl: joinUrl(config.baseUrl, config.tokenPath),
    clientId: config.clientId,
    clientSecret: config.clientSecret,
  });
  const routing = createSpsRequestRouting({
    transport,
    config,
    tokens,
    ...(dependencies.newCorrelationId ? { newCorrelationId: dependencies.newCorrelationId } : {}),
  });
  return { api: createClient<paths>({ baseUrl: spsClientOrigin, fetch: routing }), tokens, transport };
}

interface SpsResult<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

/**
 * Runs one typed call and returns its data, or throws a core error. `what` completes "SPS refused to …".
 * `allowNotFound` lets lookups treat 404 as an answer (null) rather than a rejection.
 */
export async function callSps<Data>(
  call: () => Promise<SpsResult<Data>>,
  what: string,
  options: { isWrite: boolean; allowNotFound?: boolean },
): Promise<Data | null> {
  let result: SpsResult<Data>;
  try {
    result = await call();
  } catch (error) {
    // The transport has classified everything transient; what is left to us is a 2xx whose body was not JSON (a
    // proxy's error page, a truncated answer): we cannot tell what SPS did. Anything else is a bug, passed on.
    if (!(error instanceof SyntaxError)) throw error;
    throw spsUnavailable(`SPS answered with a body we could not read while trying to ${what}`, {
      requestMayHaveArrived: options.isWrite,
      cause: error,
    });
  }
  const { response } = result;
  if (response.status === 404 && options.allowNotFound) return null;
  if (!response.ok) throw spsRejection(response.status, result.error, what);
  if (result.data === undefined) {
    throw spsUnavailable(`SPS answered HTTP ${response.status} without a body while trying to ${what}`, {
      requestMayHaveArrived: options.isWrite,
    });
  }
  return result.data;
}
