import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';

/**
 * Fault injection for simulators: the ways real carriers misbehave, at configurable rates. Rates are
 * probabilities per request (0..1), drawn from an injectable random source so tests can be deterministic.
 */
export const faultConfigSchema = z.strictObject({
  /** Answer 500 with the carrier's error shape. */
  errorRate: z.number().min(0).max(1).default(0),
  /** Answer 429. */
  rateLimitRate: z.number().min(0).max(1).default(0),
  /**
   * Seconds sent as `Retry-After` on an injected 429. Neither carrier documents the header, so by default
   * (null) none is sent, and clients must cope with its absence; set it to see how they use one.
   */
  retryAfterSeconds: z.number().int().min(0).max(3600).nullable().default(null),
  /** Answer 403 Forbidden (a caller lacking permission; documented by sTN, and by SPS for a foreign brand). */
  forbiddenRate: z.number().min(0).max(1).default(0),
  /** Added to every response. */
  latencyMs: z.number().int().min(0).max(120_000).default(0),
  /** Never answer (until the client gives up); the request is still handled, as a real timeout may be. */
  timeoutRate: z.number().min(0).max(1).default(0),
  /** Answer 200 with a body that is not JSON. */
  malformedRate: z.number().min(0).max(1).default(0),
  /** How long a "timeout" holds the response, in milliseconds. */
  timeoutHoldMs: z.number().int().min(0).max(600_000).default(30_000),
});
export type FaultConfig = z.infer<typeof faultConfigSchema>;

export const noFaults: FaultConfig = faultConfigSchema.parse({});

export interface FaultControl {
  get(): FaultConfig;
  set(config: Partial<FaultConfig>): FaultConfig;
}

export function createFaultControl(initial: Partial<FaultConfig> = {}): FaultControl {
  let current = faultConfigSchema.parse(initial);
  return {
    get: () => current,
    set: (config) => {
      current = faultConfigSchema.parse({ ...current, ...config });
      return current;
    },
  };
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Applies the configured faults. `errorBody` builds the carrier's own error shape for an injected 500/429.
 * A timeout lets the handler run (the carrier acted) and then holds the response: exactly the case where the
 * gateway cannot know the outcome and must reconcile.
 */
export function faultMiddleware(
  faults: FaultControl,
  errorBody: (status: 403 | 429 | 500) => unknown,
  random: () => number = Math.random,
): MiddlewareHandler {
  return async (context, next) => {
    if (new URL(context.req.url).pathname.startsWith('/_sim')) return next();
    const config = faults.get();
    if (config.latencyMs > 0) await sleep(config.latencyMs);
    if (config.forbiddenRate > 0 && random() < config.forbiddenRate) {
      return context.json(errorBody(403), 403);
    }
    if (config.rateLimitRate > 0 && random() < config.rateLimitRate) {
      const headers: Record<string, string> =
        config.retryAfterSeconds === null ? {} : { 'Retry-After': String(config.retryAfterSeconds) };
      return context.json(errorBody(429), 429, headers);
    }
    if (config.errorRate > 0 && random() < config.errorRate) {
      return context.json(errorBody(500), 500);
    }
    await next();
    if (config.timeoutRate > 0 && random() < config.timeoutRate) {
      await sleep(config.timeoutHoldMs);
      return;
    }
    if (config.malformedRate > 0 && random() < config.malformedRate) {
      context.res = new Response('{"offset":0,"results":[{"id":', {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }
  };
}
