import createClient, { type Client } from 'openapi-fetch';
import { type AdapterDependencies, createCarrierTransport, type OperationKind } from '../../adapter/index.js';
import type { paths } from './generated/stn-api.js';
import type { StnConnectionConfig } from './stn-connection-config.js';
import { toCarrierRejection } from './stn-error-mapping.js';

/**
 * The typed sTN client (openapi-fetch over the types generated from openapi/stn.yaml) over the shared carrier
 * transport, which owns the timeout and turns no answer, 429 and 5xx into CarrierUnavailableError. What is left to
 * sTN is what only sTN's answers mean: a 2xx without a JSON body (unavailable: a write may have been carried out)
 * and any other error status (CarrierRejectedError with sTN's responseStatus).
 */
export type StnClient = Client<paths>;

export interface StnCall<T> {
  /** sTN operation name, for messages. */
  operation: string;
  /** A write may have changed something at sTN when we did not see the answer. */
  write: boolean;
  /** The canonical kind the call serves, to point field errors at our request. */
  kind?: OperationKind;
  send: (client: StnClient) => Promise<{ data?: T; error?: unknown; response: Response }>;
}

export interface StnHttp {
  call<T>(call: StnCall<T>): Promise<T>;
}

/** The header sTN's API key travels in; never captured or logged. */
export const stnApiKeyHeader = 'stn-api-key';

export function createStnHttp(config: StnConnectionConfig, dependencies: AdapterDependencies): StnHttp {
  const transport = createCarrierTransport({
    carrierId: 'stn',
    carrierName: 'sTN',
    fetch: dependencies.fetch,
    timeoutMs: dependencies.timeoutMs,
    now: dependencies.now,
    redact: { headers: [stnApiKeyHeader], values: [config.apiKey] },
  });
  const client = createClient<paths>({
    baseUrl: config.baseUrl.replace(/\/+$/, ''),
    fetch: transport.fetch,
    headers: { [stnApiKeyHeader]: config.apiKey, accept: 'application/json' },
  });

  return {
    async call<T>({ operation, write, kind, send }: StnCall<T>): Promise<T> {
      const result = await transport.call(() => send(client), { write, what: operation });
      const { response } = result;
      if (response.ok) {
        if (typeof result.data !== 'object' || result.data === null) {
          throw transport.unavailable(`sTN ${operation}: the answer had no JSON body`, {
            requestMayHaveArrived: write,
            httpStatus: response.status,
          });
        }
        return result.data;
      }
      throw toCarrierRejection(operation, kind, response.status, result.error);
    },
  };
}
