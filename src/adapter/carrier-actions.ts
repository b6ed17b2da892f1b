import type { z } from 'zod';
import type { LineReference } from './spec.js';

/**
 * Carrier actions: the documented, typed escape hatch for a carrier feature that means something only at that
 * carrier (sTN's PUK, SPS's bill cycle), so a user never has to bypass the gateway to reach it. Each action names
 * its input as a zod schema, which the gateway validates (problem+json naming the field) and publishes as JSON
 * Schema on `GET /v1/subscriptions/{id}/carrier-actions`.
 *
 * - A `read` is a direct call while the caller waits: it changes nothing at the carrier.
 * - A `write` changes the line at the carrier, so it follows the rules every change follows: it is an operation of
 *   kind `carrier_action` (request `{action, input}`), carried by the engine through `submit`/`poll`/
 *   `findSubmission` — at most once, with the Idempotency-Key honoured.
 */
export interface CarrierActionSpec {
  /** kebab-case, unique per carrier (`sim-details`, `block-sim`). */
  readonly name: string;
  readonly summary: string;
  readonly effect: 'read' | 'write';
  /** The input, strict: what the HTTP body must be (an object). */
  readonly input: z.ZodType<Record<string, unknown>>;
  /**
   * `connection`: a read that needs no line — a check made before one exists (a SIM, a device, a number's port-in
   * eligibility) — run at a connection (`POST /v1/carriers/{connection}/carrier-actions/{name}`), where `read` gets
   * a line reference with every field null. `line` (the default): on a line.
   */
  readonly scope?: 'line' | 'connection';
}

export interface CarrierActionsV1 {
  readonly specs: readonly CarrierActionSpec[];
  /** Runs a `read` action for one line (all null for a `connection` action); `input` is already validated. */
  read(name: string, line: LineReference, input: Record<string, unknown>): Promise<Record<string, unknown>>;
}
