import type { SpsConnectionConfig } from '../sps-connection-config.js';
import { retryAfterSeconds, spsUnavailable } from './sps-carrier-errors.js';
import { resolveSpsUrl } from './sps-paths.js';
import { fetchWithTimeout, SpsTimeoutError } from './sps-timeout.js';
import type { SpsTokenCache } from './sps-token-cache.js';

/**
 * The `fetch` the typed client calls: it moves the request to the configured URL, adds the bearer token, a fresh
 * X-Correlation-Id and the wholesaleCustomerId, applies the timeout, refreshes the token once on a 401, and turns
 * every transient failure into CarrierUnavailableError. Other answers (2xx, other 4xx) go back to the caller, which
 * knows what the call meant.
 */
export interface SpsTransportOptions {
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  config: Pick<SpsConnectionConfig, 'baseUrl' | 'prefixes' | 'wholesaleCustomerId'>;
  tokens: SpsTokenCache;
  newCorrelationId?: () => string;
}

/** The origin the generated client builds URLs on; the transport replaces it with the connection's base URL. */
export const spsClientOrigin = 'http://sps.client.invalid';

export function createSpsTransport(options: SpsTransportOptions): (request: Request) => Promise<Response> {
  const newCorrelationId = options.newCorrelationId ?? (() => crypto.randomUUID());

  return async (request) => {
    const clientUrl = new URL(request.url);
    const url = resolveSpsUrl(options.config.baseUrl, options.config.prefixes, clientUrl.pathname + clientUrl.search);
    // Writes are the calls whose arrival matters: a lost answer to a write must be reconciled before resending.
    const isWrite = request.method !== 'GET' && request.method !== 'HEAD';
    const body = isWrite ? await request.text() : undefined;
    const correlationId = newCorrelationId();

    const send = async (token: string): Promise<Response> => {
      const headers = new Headers(request.headers);
      headers.set('Authorization', `Bearer ${token}`);
      headers.set('X-Correlation-Id', correlationId);
      if (options.config.wholesaleCustomerId) headers.set('wholesaleCustomerId', options.config.wholesaleCustomerId);
      try {
        return await fetchWithTimeout(
          options.fetch,
          url,
          { method: request.method, headers, ...(body !== undefined ? { body } : {}) },
          options.timeoutMs,
        );
      } catch (error) {
        const what = error instanceof SpsTimeoutError ? error.message : 'SPS could not be reached';
        throw spsUnavailable(`${what} (${request.method} ${new URL(url).pathname})`, {
          requestMayHaveArrived: isWrite,
          cause: error,
        });
      }
    };

    const firstToken = await options.tokens.getToken();
    let response = await send(firstToken);
    if (response.status === 401) {
      // Tokens can be revoked or expire early; one fresh token is worth one more try, a second 401 is not.
      options.tokens.invalidate(firstToken);
      response = await send(await options.tokens.getToken());
      if (response.status === 401) {
        throw spsUnavailable('SPS refused our access token twice; check the client id and secret', {
          requestMayHaveArrived: false,
          httpStatus: 401,
        });
      }
    }
    if (response.status === 429) {
      throw spsUnavailable('SPS is rate limiting our calls', {
        requestMayHaveArrived: false,
        httpStatus: 429,
        retryAfterSeconds: retryAfterSeconds(response),
      });
    }
    if (response.status >= 500) {
      throw spsUnavailable(`SPS answered HTTP ${response.status} (${request.method} ${new URL(url).pathname})`, {
        requestMayHaveArrived: isWrite,
        httpStatus: response.status,
      });
    }
    return response;
  };
}
