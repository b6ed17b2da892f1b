import { CarrierUnavailableError, GatewayError } from './errors.js';

/**
 * The HTTP transport every carrier adapter shares: one timeout, one classification of transient failures into
 * CarrierUnavailableError, one redacted capture of what was sent and answered.
 *
 * - No answer within `timeoutMs`: the request is aborted and, for a write, may have arrived (the carrier may be
 *   acting on it), so the engine reconciles with `findSubmission` before it sends anything again.
 * - The connection could not be opened (refused, DNS, unreachable host): the request did not arrive.
 * - Any other network failure (reset, closed mid-answer): a write may have arrived.
 * - 429: the carrier refused before acting; not arrived, with `retryAfterSeconds` when `Retry-After` says so.
 * - 5xx: a write may have been carried out (503 with `Retry-After` passes it on too).
 * - Everything else (2xx, other 4xx) is returned: only the adapter knows what the carrier's answer means.
 *
 * Use it as the `fetch` of an openapi-fetch client (`createClient({ baseUrl, fetch: transport.fetch })`), or as
 * that client's last middleware (`client.use(transport.middleware)`), or call `transport.fetch` directly.
 */
export interface CarrierTransportOptions {
  /** The carrier (plugin) id, for the errors' `carrier.id`. */
  carrierId: string;
  /** The carrier's name in messages ("sTN", "SPS"); the id when absent. */
  carrierName?: string;
  fetch: typeof globalThis.fetch;
  /** Milliseconds before a call is abandoned. */
  timeoutMs: number;
  /** For `Retry-After` dates and capture timings; the wall clock when absent. */
  now?: () => Date;
  /** What never leaves the transport in a capture. Authorization, Proxy-Authorization and cookies always. */
  redact?: CarrierRedaction;
  /** Receives every exchange, redacted: for attempt records, logs and tests. */
  onExchange?: (exchange: CarrierExchange) => void;
  /** Which calls change something at the carrier, so a lost answer may mean it acted. Default: not GET/HEAD/OPTIONS. */
  isWrite?: (request: Request) => boolean;
}

export interface CarrierRedaction {
  /** Header names carrying secrets (`stn-api-key`), any case. */
  headers?: readonly string[];
  /** JSON field names (at any depth) and form/query parameter names carrying secrets (`client_secret`). */
  fields?: readonly string[];
  /** Secret values themselves (an API key), masked wherever they appear, under whatever name. */
  values?: readonly string[];
}

/** One call as it is safe to keep: secrets replaced by `[redacted]`. */
export interface CarrierExchange {
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: unknown;
  /** null when no answer came. */
  status: number | null;
  responseHeaders: Record<string, string>;
  responseBody: unknown;
  durationMs: number;
  /** Set when the call ended in a CarrierUnavailableError (timeout, network, 429, 5xx). */
  error?: { message: string; requestMayHaveArrived: boolean; retryAfterSeconds?: number };
}

/** The subset of openapi-fetch's `Middleware` this transport implements (structural, so no import is needed). */
export interface CarrierTransportMiddleware {
  onRequest(options: { request: Request }): Promise<Response>;
}

export interface CarrierTransport {
  /** A `fetch` with the timeout, classification and capture applied. */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /**
   * openapi-fetch middleware doing the same: its `onRequest` sends the request through this transport's `fetch` and
   * answers with the response, so register it last (`client.use(...others, transport.middleware)`).
   */
  readonly middleware: CarrierTransportMiddleware;
  /**
   * Runs one openapi-fetch call: a body the client could not parse (a proxy's error page, a truncated answer)
   * becomes CarrierUnavailableError, arrived if the call was a write. Core errors pass through.
   */
  call<Result>(send: () => Promise<Result>, options: { write: boolean; what: string }): Promise<Result>;
  /** A CarrierUnavailableError for this carrier, for answers only the adapter can judge (a 2xx without a body). */
  unavailable(
    message: string,
    options: { requestMayHaveArrived: boolean; httpStatus?: number; retryAfterSeconds?: number; cause?: unknown },
  ): CarrierUnavailableError;
}

const alwaysRedactedHeaders = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];
const unreachedCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const censor = '[redacted]';

class TransportTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

/** The system error code of a failed fetch (undici puts it on `cause`), if any. */
function networkCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** `Retry-After` as seconds from now: a number of seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterSeconds(response: Response, now: Date = new Date()): number | undefined {
  const header = response.headers.get('retry-after')?.trim();
  if (!header) return undefined;
  if (/^[0-9]+$/.test(header)) return Number(header);
  const at = Date.parse(header);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * Calls `run` with a signal that aborts after `timeoutMs`, and gives up at that moment even if `run` ignores the
 * signal (an in-process simulator holding its answer), so a hung carrier never hangs the gateway.
 */
async function withTimeout<T>(timeoutMs: number, outer: AbortSignal | null, run: (signal: AbortSignal) => Promise<T>) {
  const controller = new AbortController();
  const abortFromOuter = () => controller.abort(outer?.reason);
  if (outer?.aborted) abortFromOuter();
  outer?.addEventListener('abort', abortFromOuter, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TransportTimeout(timeoutMs);
      // Settle the race first: a fetch that honours the abort rejects at once, and its AbortError must not win.
      reject(error);
      controller.abort(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([run(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', abortFromOuter);
  }
}

function createRedactor(redaction: CarrierRedaction = {}) {
  const headers = new Set([...alwaysRedactedHeaders, ...(redaction.headers ?? [])].map((name) => name.toLowerCase()));
  const fields = new Set((redaction.fields ?? []).map((name) => name.toLowerCase()));
  // Longest first, so a secret containing another is masked whole.
  const values = [...(redaction.values ?? [])].filter((value) => value.length >= 4).sort((a, b) => b.length - a.length);

  const maskValues = (text: string) => values.reduce((masked, value) => masked.split(value).join(censor), text);
  const clean = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return maskValues(value);
    if (depth > 32 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => clean(item, depth + 1));
    return Object.fromEntries(
      Object.entries(value).map(([name, inner]) => [
        name,
        fields.has(name.toLowerCase()) ? censor : clean(inner, depth + 1),
      ]),
    );
  };

  return {
    headers(source: Headers): Record<string, string> {
      const result: Record<string, string> = {};
      source.forEach((value, name) => {
        result[name] = headers.has(name.toLowerCase()) ? censor : maskValues(value);
      });
      return result;
    },
    url(url: string): string {
      const parsed = new URL(url);
      for (const name of [...parsed.searchParams.keys()]) {
        if (fields.has(name.toLowerCase())) parsed.searchParams.set(name, censor);
      }
      return maskValues(parsed.toString());
    },
    body(text: string, contentType: string | null): unknown {
      if (text === '') return null;
      if (contentType?.includes('json')) {
        try {
          return clean(JSON.parse(text), 0);
        } catch {
          // Not JSON after all: kept as (masked) text, which is the evidence of what was sent.
        }
      }
      if (contentType?.includes('application/x-www-form-urlencoded')) {
        const form = new URLSearchParams(text);
        for (const name of [...form.keys()]) if (fields.has(name.toLowerCase())) form.set(name, censor);
        return maskValues(form.toString());
      }
      return maskValues(text);
    },
  };
}

/** A CarrierUnavailableError naming `carrierId`, with only the details that are known. */
export function carrierUnavailable(
  carrierId: string,
  message: string,
  details: { requestMayHaveArrived: boolean; httpStatus?: number; retryAfterSeconds?: number; cause?: unknown },
): CarrierUnavailableError {
  return new CarrierUnavailableError(
    message,
    { id: carrierId, ...(details.httpStatus ? { httpStatus: details.httpStatus } : {}) },
    {
      requestMayHaveArrived: details.requestMayHaveArrived,
      ...(details.retryAfterSeconds !== undefined ? { retryAfterSeconds: details.retryAfterSeconds } : {}),
      ...(details.cause !== undefined ? { cause: details.cause } : {}),
    },
  );
}

export function createCarrierTransport(options: CarrierTransportOptions): CarrierTransport {
  const now = options.now ?? (() => new Date());
  const name = options.carrierName ?? options.carrierId;
  const isWrite = options.isWrite ?? ((request: Request) => !['GET', 'HEAD', 'OPTIONS'].includes(request.method));
  const redactor = createRedactor(options.redact);

  const unavailable: CarrierTransport['unavailable'] = (message, details) =>
    carrierUnavailable(options.carrierId, message, details);

  async function send(input: Request | string | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const write = isWrite(request);
    const where = `${request.method} ${new URL(request.url).pathname}`;
    const startedAt = now().getTime();
    const requestText = options.onExchange && request.body ? await request.clone().text() : '';

    const capture = async (response: Response | null, error?: CarrierUnavailableError) => {
      if (!options.onExchange) return;
      const responseText = response
        ? await response
            .clone()
            .text()
            .catch(() => '')
        : '';
      options.onExchange({
        method: request.method,
        url: redactor.url(request.url),
        requestHeaders: redactor.headers(request.headers),
        requestBody: redactor.body(requestText, request.headers.get('content-type')),
        status: response?.status ?? null,
        responseHeaders: response ? redactor.headers(response.headers) : {},
        responseBody: response ? redactor.body(responseText, response.headers.get('content-type')) : null,
        durationMs: now().getTime() - startedAt,
        ...(error
          ? {
              error: {
                message: error.message,
                requestMayHaveArrived: error.requestMayHaveArrived,
                ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
              },
            }
          : {}),
      });
    };

    let response: Response;
    try {
      // The signal travels in `init`, not in a new Request: a Request's own signal only weakly follows the one it
      // was built with, and a fetch may never see that abort once the intermediate Request is collected.
      response = await withTimeout(options.timeoutMs, request.signal, (signal) => options.fetch(request, { signal }));
    } catch (cause) {
      let error: CarrierUnavailableError;
      if (cause instanceof TransportTimeout) {
        error = unavailable(`${name} ${where}: ${cause.message}`, { requestMayHaveArrived: write, cause });
      } else {
        const code = networkCode(cause);
        const unreached = code !== undefined && unreachedCodes.has(code);
        error = unavailable(`${name} ${where}: could not reach ${name} (${code ?? String(cause)})`, {
          requestMayHaveArrived: write && !unreached,
          cause,
        });
      }
      await capture(null, error);
      throw error;
    }

    let error: CarrierUnavailableError | undefined;
    if (response.status === 429) {
      const retryAfter = retryAfterSeconds(response, now());
      error = unavailable(`${name} ${where}: rate limited (429)`, {
        requestMayHaveArrived: false,
        httpStatus: 429,
        ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
      });
    } else if (response.status >= 500) {
      const retryAfter = retryAfterSeconds(response, now());
      error = unavailable(`${name} ${where}: server error (${response.status})`, {
        requestMayHaveArrived: write,
        httpStatus: response.status,
        ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
      });
    }
    await capture(response, error);
    if (error) throw error;
    return response;
  }

  return {
    fetch: send,
    middleware: { onRequest: ({ request }) => send(request) },
    unavailable,
    async call(run, { write, what }) {
      try {
        return await run();
      } catch (cause) {
        // Only an unparseable body is ours to classify; core errors and bugs pass through as they are.
        if (GatewayError.isInstance(cause) || !(cause instanceof SyntaxError)) throw cause;
        throw unavailable(`${name} answered with a body we could not read while trying to ${what}`, {
          requestMayHaveArrived: write,
          cause,
        });
      }
    },
  };
}
