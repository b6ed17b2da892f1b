/**
 * The carrier adapter spec lives in src/adapter (published as `mvno-gateway/adapter`, with its own types so that
 * importing it loads nothing of the gateway). The core re-exports it and proves here, at compile time, that the
 * spec's written-out types are exactly the core's own, so the two cannot drift apart without a type error.
 */
import type { OperationRequests } from '../adapter/requests.js';
import type {
  OperationKind as SpecOperationKind,
  CanonicalServiceName as SpecServiceName,
  CanonicalServices as SpecServices,
  SubscriptionStatus as SpecSubscriptionStatus,
} from '../adapter/vocabulary.js';
import type { OperationKind } from './operation.js';
import type { OperationRequest } from './operation-requests.js';
import type { CanonicalServiceName, CanonicalServices } from './services-catalogue.js';
import type { SubscriptionStatus } from './subscription.js';

export * from '../adapter/spec.js';
export { asSubmitRequest, type UntypedSubmitRequest } from '../adapter/submit-request.js';

/** True when each type is assignable to the other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;

/** Compile-time only: a change to a core model that the spec does not follow (or back) fails `tsc` here. */
export type SpecMatchesCore = [
  Holds<Same<SpecOperationKind, OperationKind>>,
  Holds<Same<SpecSubscriptionStatus, SubscriptionStatus>>,
  Holds<Same<SpecServiceName, CanonicalServiceName>>,
  Holds<Same<SpecServices, CanonicalServices>>,
  Holds<{ [K in OperationKind]: Same<OperationRequests[K], OperationRequest<K>> }[OperationKind]>,
];
