/**
 * The failures the kit injects between an adapter and its simulator. Each is a way real carriers (or the network in
 * front of them) misbehave; `arrives` says whether the carrier saw the request, which is what decides whether the
 * gateway must reconcile before sending anything again.
 */
export const conformanceFaults = {
  server_error: { arrives: false, description: 'a 503 from in front of the carrier' },
  rate_limited_with_retry_after: { arrives: false, description: 'a 429 with Retry-After: 7' },
  rate_limited_without_retry_after: { arrives: false, description: 'a 429 without Retry-After' },
  timeout_before_arrival: { arrives: false, description: 'no answer, the request never reached the carrier' },
  timeout_after_arrival: { arrives: true, description: 'no answer, but the carrier received and handled the request' },
  malformed_answer: { arrives: true, description: 'a 200 whose body is not JSON, after the carrier handled it' },
} as const;
export type ConformanceFault = keyof typeof conformanceFaults;
export const conformanceFaultNames = Object.keys(conformanceFaults) as ConformanceFault[];

export const retryAfterSeconds = 7;

export interface FaultLayer {
  fetch: typeof globalThis.fetch;
  /** Fail the next `count` requests whose method is in `methods` (all methods when absent) with `fault`. */
  inject(fault: ConformanceFault, options?: { methods?: readonly string[]; count?: number }): void;
  clear(): void;
  /** How many injected faults have been used up. */
  readonly fired: number;
}

/** Waits until the caller gives up (its signal aborts), or `capMs` in real time, then throws as fetch would. */
function hangUntilAborted(signal: AbortSignal | null, capMs: number): Promise<never> {
  return new Promise((_resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new TypeError(`fetch failed: conformance kit gave up after ${capMs} ms (the adapter set no timeout)`)),
      capMs,
    );
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason ?? new DOMException('The operation was aborted.', 'AbortError'));
      },
      { once: true },
    );
  });
}

export function createFaultLayer(
  target: (request: Request) => Response | Promise<Response>,
  options: { hangCapMs: number; sparedPaths?: readonly string[] },
): FaultLayer {
  let pending: { fault: ConformanceFault; methods?: readonly string[]; count: number } | null = null;
  let fired = 0;
  const layer: FaultLayer = {
    get fired() {
      return fired;
    },
    inject(fault, injectOptions = {}) {
      pending = {
        fault,
        count: injectOptions.count ?? 1,
        ...(injectOptions.methods ? { methods: injectOptions.methods } : {}),
      };
    },
    clear() {
      pending = null;
    },
    async fetch(input, init) {
      const request = new Request(input, init);
      if (request.signal.aborted) throw request.signal.reason;
      // Credential exchanges are spared: a fault meant for a submission must hit the submission, not its token.
      const spared = options.sparedPaths?.includes(new URL(request.url).pathname) ?? false;
      const armed =
        pending && !spared && (!pending.methods || pending.methods.includes(request.method)) ? pending : null;
      if (!armed) return target(request);
      armed.count -= 1;
      if (armed.count <= 0) pending = null;
      fired += 1;
      switch (armed.fault) {
        case 'server_error':
          return Response.json({ error: 'service unavailable' }, { status: 503 });
        case 'rate_limited_with_retry_after':
          return Response.json(
            { error: 'too many requests' },
            { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
          );
        case 'rate_limited_without_retry_after':
          return Response.json({ error: 'too many requests' }, { status: 429 });
        case 'timeout_before_arrival':
          return hangUntilAborted(request.signal, options.hangCapMs);
        case 'timeout_after_arrival': {
          const answer = await target(request);
          await answer.arrayBuffer();
          return hangUntilAborted(request.signal, options.hangCapMs);
        }
        case 'malformed_answer': {
          const answer = await target(request);
          await answer.arrayBuffer();
          return new Response('{"id":"', { status: 200, headers: { 'content-type': 'application/json' } });
        }
      }
    },
  };
  return layer;
}
