import type { SubmitRequest, SubmittedOperation, SubscriptionSnapshot, TargetOperation } from './spec.js';
import type { OperationKind } from './vocabulary.js';

/** A submit request whose kind and request are paired only at run time (read from a store, built in a test). */
export interface UntypedSubmitRequest {
  operation: Omit<SubmittedOperation, 'kind' | 'request'> & { kind: OperationKind; request: Record<string, unknown> };
  subscription: SubscriptionSnapshot;
  target?: TargetOperation;
}

/**
 * Types a submit request whose `request` is known to match its `kind`: the engine's stored operations were
 * validated against their kind's schema when accepted, and tests build their requests by hand. This is the one place
 * that pairing is asserted rather than proven, so adapters receive it already typed.
 */
export function asSubmitRequest(request: UntypedSubmitRequest): SubmitRequest {
  return request as SubmitRequest;
}
