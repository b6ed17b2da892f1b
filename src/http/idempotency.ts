import type { Context } from 'hono';
import {
  type CarrierDirectory,
  IdempotencyMismatchError,
  RequestInProgressError,
  type StoreScope,
  sha256Hex,
  ValidationError,
} from '../core/index.js';
import type { AppDependencies, AppEnvironment } from './app-environment.js';

export const idempotencyHeader = 'Idempotency-Key';
const dayMs = 24 * 60 * 60 * 1000;
/**
 * The claim's lease. Our claims commit only together with their response, so it never shows; it is there for a claim
 * committed without one (see IdempotencyRepository.begin), which then blocks its key this long, not for a day.
 */
const claimLeaseMs = 30_000;
/** Deeper bodies are refused before the fingerprint recursion; our schemas nest a handful of levels. */
export const maximumFingerprintDepth = 64;

export interface JsonResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * What the work of a keyed request must use: the store and carrier directory of the transaction that also holds the
 * key's claim and stores the response. Anything read or written through `dependencies.store` instead would happen
 * outside that transaction (and on PGlite wait for it forever).
 */
export interface IdempotentScope {
  store: StoreScope;
  carriers: CarrierDirectory;
}

function tooDeep(): ValidationError {
  return new ValidationError(`The request body is nested more than ${maximumFingerprintDepth} levels deep.`, [
    { pointer: '', detail: `nested more than ${maximumFingerprintDepth} levels deep` },
  ]);
}

/** Key order must not make two equal bodies look different. Recursion is bounded by the depth limit. */
function stableJson(value: unknown, depth: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (depth >= maximumFingerprintDepth) throw tooDeep();
  if (Array.isArray(value)) return `[${value.map((entry) => stableJson(entry, depth + 1)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, entry]) => entry !== undefined)
    .sort(([left], [right]) => (left < right ? -1 : 1));
  return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${stableJson(entry, depth + 1)}`).join(',')}}`;
}

/** SHA-256 of method, path and the body with keys sorted; a ValidationError (400) for a body nested too deep. */
export async function requestFingerprint(
  method: string,
  path: string,
  body: unknown,
  // The runtime's synchronous SHA-256 where it has one (Web Crypto's async digest was ≈ 4% of a suspend's CPU).
  hash: (text: string) => string | Promise<string> = sha256Hex,
): Promise<string> {
  return hash(`${method} ${path}\n${stableJson(body ?? null, 0)}`);
}

type Claimed =
  | { state: 'ran'; result: JsonResult }
  | { state: 'completed'; responseStatus: number; responseBody: unknown }
  | { state: 'in_progress' }
  | { state: 'mismatch' };

/**
 * Idempotency-Key handling, after the IETF draft and Stripe's practice (docs/decisions/http-idempotency.md): the
 * claim of the key, the work and the stored response are one transaction. So a request that is refused (any error
 * the work throws) or killed leaves the key unused, and one that committed has its response stored with it: a retry
 * replays it (`Idempotent-Replayed: true`). The same key with another request answers 422. A concurrent request
 * with the same key waits for the first one's transaction and then replays its response (or, if it rolled back,
 * runs). Keys are per tenant and kept at least 24 hours.
 */
export async function withIdempotency(
  context: Context<AppEnvironment>,
  dependencies: AppDependencies,
  body: unknown,
  handler: (scope: IdempotentScope) => Promise<JsonResult>,
): Promise<Response> {
  const key = context.req.header(idempotencyHeader);
  if (key === undefined) return respond(await handler({ store: dependencies.store, carriers: dependencies.carriers }));
  if (key.length < 1 || key.length > 255) {
    throw new ValidationError('The Idempotency-Key header must be 1 to 255 characters.', [
      { pointer: idempotencyHeader, detail: 'must be 1 to 255 characters' },
    ]);
  }
  const tenantId = context.get('tenant').id;
  const fingerprint = await requestFingerprint(
    context.req.method,
    new URL(context.req.url).pathname,
    body,
    dependencies.sha256Hex,
  );
  const now = dependencies.clock.now();
  const retention = Math.max(dayMs, dependencies.idempotencyRetentionMs ?? dayMs);

  const claimed = await dependencies.store.transaction(async (scope): Promise<Claimed> => {
    const begun = await scope.idempotency.begin({
      tenantId,
      key,
      fingerprint,
      now,
      lockedUntil: new Date(now.getTime() + claimLeaseMs),
      expiredBefore: new Date(now.getTime() - retention),
    });
    if (begun.state !== 'started') return begun;
    // A throw from here rolls the claim back with the work: the key stays unused and the error is answered as usual.
    // So the work's own transactions join this one instead of opening a savepoint (two round trips each): whatever
    // they would roll back alone, the throw rolls back here anyway.
    const joined: StoreScope = { ...scope, transaction: (work) => work(joined) };
    const result = await handler({ store: joined, carriers: dependencies.carriers.reading(scope.carrierConnections) });
    await scope.idempotency.complete({
      tenantId,
      key,
      fingerprint,
      responseStatus: result.status,
      responseBody: result.body,
      now: dependencies.clock.now(),
    });
    return { state: 'ran', result };
  });

  switch (claimed.state) {
    case 'ran':
      return respond(claimed.result);
    case 'completed':
      return respond({ status: claimed.responseStatus, body: claimed.responseBody }, { 'Idempotent-Replayed': 'true' });
    case 'in_progress':
      throw new RequestInProgressError();
    case 'mismatch':
      throw new IdempotencyMismatchError();
  }
}

function respond(result: JsonResult, extra: Record<string, string> = {}): Response {
  const isProblem = result.status >= 400;
  const headers: Record<string, string> = {
    'content-type': isProblem ? 'application/problem+json' : 'application/json',
    ...result.headers,
    ...extra,
  };
  const operationId =
    (result.body as { object?: string; id?: string } | null)?.object === 'operation'
      ? (result.body as { id: string }).id
      : null;
  if (operationId && !headers.location) headers.location = `/v1/operations/${operationId}`;
  return new Response(JSON.stringify(result.body), { status: result.status, headers });
}
