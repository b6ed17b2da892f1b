import type { CarrierTransport } from '../../../adapter/index.js';
import type { SpsConnectionConfig } from '../sps-connection-config.js';
import { resolveSpsUrl } from './sps-paths.js';
import { spsUnavailable } from './sps-rejection.js';
import type { SpsTokenCache } from './sps-token-cache.js';

/**
 * The `fetch` the typed SPS client calls: it moves the request to the connection's configured URL, adds the bearer
 * token, a fresh X-Correlation-Id and the wholesaleCustomerId, and refreshes the token once on a 401. It sends
 * through the shared carrier transport, which owns the timeout and the classification of 429, 5xx and no answer.
 * Other answers (2xx, other 4xx) go back to the caller, which knows what the call meant.
 */
export interface SpsRequestRoutingOptions {
  transport: CarrierTransport;
  config: Pick<SpsConnectionConfig, 'baseUrl' | 'prefixes' | 'wholesaleCustomerId'>;
  tokens: SpsTokenCache;
  newCorrelationId?: () => string;
}

/** The origin the generated client builds URLs on; the routing replaces it with the connection's base URL. */
export const spsClientOrigin = 'http://sps.client.invalid';

export function createSpsRequestRouting(options: SpsRequestRoutingOptions): (request: Request) => Promise<Response> {
  const newCorrelationId = options.newCorrelationId ?? (() => crypto.randomUUID());

  return async (request) => {
    const clientUrl = new URL(request.url);
    const url = resolveSpsUrl(options.config.baseUrl, options.config.prefixes, clientUrl.pathname + clientUrl.search);
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const body = hasBody ? await request.text() : undefined;
    const correlationId = newCorrelationId();

    const send = (token: string): Promise<Response> => {
      const headers = new Headers(request.headers);
      headers.set('Authorization', `Bearer ${token}`);
      headers.set('X-Correlation-Id', correlationId);
      // A request's own brand (carrierOptions.sps.wholesaleCustomerId) wins over the connection's.
      if (options.config.wholesaleCustomerId && !headers.has('wholesaleCustomerId'))
        headers.set('wholesaleCustomerId', options.config.wholesaleCustomerId);
      return options.transport.fetch(url, { method: request.method, headers, ...(body !== undefined ? { body } : {}) });
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
    return response;
  };
}
