/**
 * How long an idempotency key may stay claimed by a request that never finished (a killed process): the drills start
 * the gateway with this lease and retry every key once it has passed. A retry after the lease must replay the stored
 * answer or run the request; a 409 then means the key is stuck.
 */
export const idempotencyLeaseMs = Number(process.env.DRILLS_IDEMPOTENCY_LEASE_MS ?? 30_000);

/** The gateway's variable for it, should it have one (the lease is 30 s, fixed, when these drills were written). */
export const idempotencyLeaseEnv = { IDEMPOTENCY_LEASE_MS: String(idempotencyLeaseMs) };
