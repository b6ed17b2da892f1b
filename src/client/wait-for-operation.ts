import type { Client } from 'openapi-fetch';
import type { components, paths } from './generated/gateway-api.js';
import { unwrap } from './problem-error.js';

export type Operation = components['schemas']['Operation'];

export interface WaitOptions {
  /** Give up after this long (default 60 s): a GatewayTimeoutError, the operation still running. */
  timeoutMs?: number;
  /** First pause between polls (default 250 ms); each next one is 1.5 times longer, up to `maxIntervalMs`. */
  intervalMs?: number;
  maxIntervalMs?: number;
  signal?: AbortSignal;
}

const finished = new Set<Operation['status']>(['succeeded', 'failed', 'cancelled']);

export class OperationTimeoutError extends Error {
  override name = 'OperationTimeoutError';
  constructor(readonly operation: Operation) {
    super(`Operation ${operation.id} is still ${operation.status} after the wait`);
  }
}

function pause(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, milliseconds);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * Poll GET /v1/operations/{id} with backoff until the operation has finished — succeeded, failed or cancelled —
 * and return it. A failed operation is returned, not thrown: its `error` is the carrier's answer, which callers
 * usually want to show. A problem answer (no such operation, bad key) throws GatewayProblemError.
 */
export async function waitForOperation(
  client: Client<paths>,
  id: string,
  options: WaitOptions = {},
): Promise<Operation> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let interval = options.intervalMs ?? 250;
  for (;;) {
    const operation = await unwrap(
      client.GET('/v1/operations/{id}', {
        params: { path: { id } },
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    );
    if (finished.has(operation.status)) return operation;
    const left = deadline - Date.now();
    if (left <= 0) throw new OperationTimeoutError(operation);
    await pause(Math.min(interval, left), options.signal);
    interval = Math.min(interval * 1.5, options.maxIntervalMs ?? 5_000);
  }
}
