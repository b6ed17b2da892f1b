import type { CarrierActionSpec, CarrierActionsV1 } from '../adapter/carrier-actions.js';
import { NotFoundError, ValidationError } from './errors.js';

/** The spec's types live in src/adapter/carrier-actions.ts; the gateway's helpers for them follow. */
export type { CarrierActionSpec, CarrierActionsV1 };

/** The request of a `carrier_action` operation, as stored. */
export interface CarrierActionRequest {
  action: string;
  input: Record<string, unknown>;
}

export function findCarrierAction(carrierId: string, actions: CarrierActionsV1 | undefined, name: string) {
  const spec = actions?.specs.find((candidate) => candidate.name === name);
  if (!spec) throw new NotFoundError(`Carrier action of ${carrierId}`, name);
  return spec;
}

/** Validates `input` with the action's own schema; a problem names each field as a pointer into the body. */
export function parseCarrierActionInput(
  spec: CarrierActionSpec,
  input: unknown,
  pointerPrefix = '',
): Record<string, unknown> {
  const parsed = spec.input.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    `Invalid input for carrier action ${spec.name}`,
    parsed.error.issues.map((issue) => ({
      pointer: `${pointerPrefix}/${issue.path.map(String).join('/')}`.replace(/\/$/, '') || '/',
      detail: issue.message,
    })),
  );
}
