/** Load over loopback with autocannon: a fixed duration at N connections, or a fixed list of distinct requests. */
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Answers other than the expected status, and socket errors: a row with any is not a valid measurement. */
  unexpected: number;
  /** Count of answers by status code, for the message when a row is invalid. */
  statuses: Record<string, number>;
}

interface LoadOptions {
  url: string;
  connections: number;
  headers?: Record<string, string>;
  /** Run for this long … */
  durationSeconds?: number;
  /**
   * … or send these requests, each at most once: autocannon builds one request per connection ahead, so the last
   * `connections` of the list may go unsent (give that many spare); `amount` are sent.
   */
  requests?: Array<{ method: string; path: string; headers?: Record<string, string>; body?: string }>;
  expectStatus: number;
  amount?: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let unexpected = 0;
  const statuses: Record<string, number> = {};
  const list = options.requests;
  let next = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    headers: options.headers ?? {},
    ...(list
      ? {
          amount: options.amount ?? list.length - options.connections,
          requests: [
            {
              setupRequest: (request: Record<string, unknown>) => {
                // Never wraps: a list item sent twice would reuse its Idempotency-Key.
                const item = list[Math.min(next++, list.length - 1)]!;
                return {
                  ...request,
                  method: item.method,
                  path: item.path,
                  headers: { ...(request.headers as object), ...item.headers },
                  ...(item.body ? { body: item.body } : {}),
                };
              },
            },
          ],
        }
      : { duration: options.durationSeconds ?? 10 }),
  } as autocannon.Options);
  for (const [status, { count = 0 }] of Object.entries(result.statusCodeStats ?? {})) {
    statuses[status] = count;
    if (Number(status) !== options.expectStatus) unexpected += count;
  }
  if (result.errors + result.timeouts > 0) statuses.errors = result.errors + result.timeouts;
  unexpected += result.errors + result.timeouts;
  const seconds = result.duration;
  return {
    requestsPerSecond: result.requests.total / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    unexpected,
    statuses,
  };
}
