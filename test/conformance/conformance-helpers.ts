import { expect } from 'vitest';
import type { RequestLedger } from '../../src/adapters/simulator-kit/ledger.js';
import {
  asSubmitRequest,
  type CarrierStatusUpdate,
  createIdGenerator,
  type ErrorCode,
  GatewayError,
  type OperationKind,
  type PollReference,
  type SubmitRequest,
} from '../../src/core/index.js';
import type { CarrierUnderTest } from './conformance-fixture.js';

/** How many simulator steps a request may take to finish before the suite calls it stuck. */
export const maxAdvanceSteps = 30;

export const writeMethods = ['POST', 'PATCH', 'PUT', 'DELETE'] as const;

const ids = createIdGenerator();

/** A SubmitRequest as the engine builds it for a new line: fresh operation and correlation ids, a pending line. */
export function submitRequestFor(kind: OperationKind, request: Record<string, unknown>): SubmitRequest {
  return asSubmitRequest({
    operation: {
      id: ids.newId('op'),
      kind,
      correlationId: ids.newCorrelationId(),
      request,
      scheduledFor: null,
      carrierConnectionId: 'cc_conformance',
    },
    subscription: {
      id: ids.newId('sub'),
      carrierSubscriptionId: null,
      msisdn: null,
      iccid: null,
      esim: false,
      eid: null,
      imei: null,
      plan: null,
      services: {},
      status: 'pending',
      carrierData: {},
    },
  });
}

export function pollReferenceFor(submission: SubmitRequest, carrierReference: string): PollReference {
  return { operationId: submission.operation.id, kind: submission.operation.kind, carrierReference };
}

/** Advances the simulator and polls, as the engine would, until the carrier reports an outcome. */
export async function pollUntilSettled(
  carrier: CarrierUnderTest,
  reference: PollReference,
): Promise<CarrierStatusUpdate> {
  let last: CarrierStatusUpdate | undefined;
  for (let step = 0; step < maxAdvanceSteps; step++) {
    await carrier.advance();
    const updates = await carrier.adapter.poll([reference]);
    last = updates.find((update) => update.carrierReference === reference.carrierReference) ?? last;
    if (last && last.state !== 'in_progress') return last;
  }
  throw new Error(
    `no outcome for ${reference.carrierReference} after ${maxAdvanceSteps} steps; last: ${JSON.stringify(last)}`,
  );
}

/** The value a call threw (or its promise rejected with); fails the check when it did not throw. */
export async function errorFrom(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw, but it succeeded');
}

function describeError(error: unknown): string {
  if (GatewayError.isInstance(error)) return `${error.name} (${error.code}): ${error.message}`;
  return `${String(error)} — not a core GatewayError`;
}

/**
 * Asserts a core error with `code`. By code, not by class: every subclass inherits `GatewayError.isInstance`, so
 * `ValidationError.isInstance` is true of any core error, and `instanceof` fails across duplicate module copies.
 */
export function expectCoreError(error: unknown, code: ErrorCode | readonly ErrorCode[]): GatewayError {
  const codes: readonly ErrorCode[] = typeof code === 'string' ? [code] : code;
  expect(GatewayError.isInstance(error), describeError(error)).toBe(true);
  const gatewayError = error as GatewayError;
  expect(codes, describeError(error)).toContain(gatewayError.code);
  return gatewayError;
}

/** `ledgerCount` for a simulator built on the simulator kit; `ignoredPaths` are credential exchanges. */
export function countLedgerRequests(
  ledger: RequestLedger,
  methods: readonly string[] | undefined,
  ignoredPaths: readonly string[] = [],
): number {
  return ledger
    .all()
    .filter((entry) => !ignoredPaths.includes(entry.path))
    .filter((entry) => methods === undefined || methods.includes(entry.method)).length;
}
