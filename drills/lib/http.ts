/**
 * HTTP to the processes under test, always on loopback. Every reply keeps its status, headers, text, parsed JSON
 * (when it is JSON) and how long it took; a network error (the gateway was just killed) is thrown as NetworkError.
 */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
  ms: number;
}

export class NetworkError extends Error {
  override name = 'NetworkError';
}

export interface CallOptions {
  key?: string | null;
  /** Sent as JSON (content-type application/json unless `headers` says otherwise). */
  body?: unknown;
  /** Sent as is. */
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!loopbackHosts.has(host)) throw new Error(`drills only talk to loopback; refused ${url}`);
}

export async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const url = `${baseUrl}${path}`;
  assertLoopback(url);
  const headers = new Headers(options.headers);
  if (options.key) headers.set('authorization', `Bearer ${options.key}`);
  let body: string | Uint8Array | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body as BodyInit | undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    throw new NetworkError(`${method} ${path}: ${error instanceof Error ? (error.cause ?? error.message) : error}`);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new NetworkError(`${method} ${path} (reading the body): ${String(error)}`);
  }
  const ms = performance.now() - started;
  let json: unknown = null;
  if (text !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  return { status: response.status, headers: response.headers, text, json, ms };
}

/** Like `call`, but the reply must have one of `expected` statuses. */
export async function callExpecting(
  expected: number[],
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply> {
  const reply = await call(baseUrl, method, path, options);
  if (!expected.includes(reply.status)) {
    throw new Error(
      `${method} ${path}: expected ${expected.join('/')}, got ${reply.status}: ${reply.text.slice(0, 400)}`,
    );
  }
  return reply;
}

export const sleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/** Poll `check` until it returns a value (not undefined), or fail after `timeoutMs` naming `what`. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (${String(lastError)})` : ''}`,
      );
    }
    await sleep(100);
  }
}
