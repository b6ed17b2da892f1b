import createClient, { type Client } from 'openapi-fetch';
import { type AdapterDependencies, CarrierUnavailableError, type OperationKind } from '../../core/index.js';
import type { paths } from './generated/stn-api.js';
import type { StnConnectionConfig } from './stn-connection-config.js';
import { toCarrierRejection } from './stn-error-mapping.js';

/**
 * The typed sTN client (openapi-fetch over the types generated from openapi/stn.yaml) and the one place where a
 * carrier call's outcome becomes data or a core error:
 * - no answer: CarrierUnavailableError; `requestMayHaveArrived` for a write unless the connection was refused;
 * - 429: CarrierUnavailableError, and the request did not arrive (sTN refused it before acting);
 * - 5xx, or a body that is not JSON: CarrierUnavailableError; a write may have been carried out;
 * - any other error status: CarrierRejectedError with sTN's responseStatus.
 */
export type StnClient = Client<paths>;

export interface StnCall<T> {
  /** sTN operation name, for messages. */
  operation: string;
  /** A write may have changed something at sTN when we did not see the answer. */
  write: boolean;
  /** The canonical kind the call serves, to point field errors at our request. */
  kind?: OperationKind;
  send: (client: StnClient, signal: AbortSignal) => Promise<{ data?: T; error?: unknown; response: Response }>;
}

export interface StnHttp {
  call<T>(call: StnCall<T>): Promise<T>;
}

const refusedConnectionCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

function errorCodeOf(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

function retryAfterSeconds(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

export function createStnHttp(config: StnConnectionConfig, dependencies: AdapterDependencies): StnHttp {
  const client = createClient<paths>({
    baseUrl: config.baseUrl.replace(/\/+$/, ''),
    fetch: dependencies.fetch,
    headers: { 'stn-api-key': config.apiKey, accept: 'application/json' },
  });

  return {
    async call<T>({ operation, write, kind, send }: StnCall<T>): Promise<T> {
      const unavailable = (
        message: string,
        mayHaveArrived: boolean,
        extra: { cause?: unknown; httpStatus?: number; retryAfterSeconds?: number } = {},
      ) =>
        new CarrierUnavailableError(
          `sTN ${operation}: ${message}`,
          { id: 'stn', ...(extra.httpStatus ? { httpStatus: extra.httpStatus } : {}) },
          {
            requestMayHaveArrived: mayHaveArrived,
            cause: extra.cause,
            ...(extra.retryAfterSeconds !== undefined ? { retryAfterSeconds: extra.retryAfterSeconds } : {}),
          },
        );

      let result: Awaited<ReturnType<StnCall<T>['send']>>;
      try {
        result = await send(client, AbortSignal.timeout(dependencies.timeoutMs));
      } catch (error) {
        const name = (error as { name?: unknown } | null)?.name;
        if (error instanceof SyntaxError) {
          return Promise.reject(unavailable('the answer was not valid JSON', write, { cause: error }));
        }
        if (name === 'TimeoutError' || name === 'AbortError') {
          return Promise.reject(unavailable(`no answer within ${dependencies.timeoutMs} ms`, write, { cause: error }));
        }
        const code = errorCodeOf(error);
        const refused = code !== undefined && refusedConnectionCodes.has(code);
        return Promise.reject(
          unavailable(`could not reach sTN (${code ?? String(error)})`, write && !refused, { cause: error }),
        );
      }

      const { response } = result;
      if (response.ok) {
        if (typeof result.data !== 'object' || result.data === null) {
          throw unavailable('the answer had no JSON body', write, { httpStatus: response.status });
        }
        return result.data;
      }
      if (response.status === 429) {
        const retryAfter = retryAfterSeconds(response);
        throw unavailable('rate limited (429)', false, {
          httpStatus: 429,
          ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
        });
      }
      if (response.status >= 500) {
        throw unavailable(`server error (${response.status})`, write, { httpStatus: response.status });
      }
      throw toCarrierRejection(operation, kind, response.status, result.error);
    },
  };
}
