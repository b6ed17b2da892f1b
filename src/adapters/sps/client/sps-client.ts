import createClient, { type Client } from 'openapi-fetch';
import { GatewayError } from '../../../core/errors.js';
import type { paths } from '../generated/sps-api.js';
import type { SpsConnectionConfig } from '../sps-connection-config.js';
import { spsRejection, spsUnavailable } from './sps-carrier-errors.js';
import { joinUrl } from './sps-paths.js';
import { createSpsTokenCache, type SpsTokenCache } from './sps-token-cache.js';
import { createSpsTransport, spsClientOrigin } from './sps-transport.js';

/** The typed SPS client: openapi-fetch over the generated paths, through the SPS transport. */
export type SpsApiClient = Client<paths>;

export interface SpsClient {
  api: SpsApiClient;
  tokens: SpsTokenCache;
}

export interface SpsClientDependencies {
  fetch: typeof globalThis.fetch;
  now: () => Date;
  timeoutMs: number;
  newCorrelationId?: () => string;
}

export function createSpsClient(config: SpsConnectionConfig, dependencies: SpsClientDependencies): SpsClient {
  const tokens = createSpsTokenCache({
    fetch: dependencies.fetch,
    now: dependencies.now,
    timeoutMs: dependencies.timeoutMs,
    tokenUrl: joinUrl(config.baseUrl, config.tokenPath),
    clientId: config.clientId,
    clientSecret: config.clientSecret,
  });
  const transport = createSpsTransport({
    fetch: dependencies.fetch,
    timeoutMs: dependencies.timeoutMs,
    config,
    tokens,
    ...(dependencies.newCorrelationId ? { newCorrelationId: dependencies.newCorrelationId } : {}),
  });
  return { api: createClient<paths>({ baseUrl: spsClientOrigin, fetch: transport }), tokens };
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
    if (GatewayError.isInstance(error)) throw error;
    // The body of a 2xx was not JSON (a proxy's error page, a truncated answer): we cannot tell what SPS did.
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
