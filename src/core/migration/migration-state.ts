import { GatewayError } from '../errors.js';
import type { MigrateRequest } from '../operation-requests.js';
import type { StoredOperation, StoredSubscription } from '../ports.js';

/** The line as it was at the source when the migration started: what the source's cease acts on. */
export interface MigrationSourceLine {
  connectionId: string;
  connectionName: string;
  carrier: string;
  carrierSubscriptionId: string | null;
  iccid: string | null;
  esim: boolean;
  eid: string | null;
  imei: string | null;
  plan: string | null;
  services: StoredSubscription['services'];
  carrierData: Record<string, unknown>;
}

export type MigrationPhase =
  | 'porting_in'
  | 'waiting_for_number'
  | 'cancelling'
  | 'ceasing_source'
  | 'moving'
  | 'finished';

/**
 * A migration's saga state, kept on the parent operation (`result`) in the database and advanced only by conditional
 * writes (the parent's version) in the same transaction as the step that moved it: a gateway that crashes between
 * steps finds it where it was, with the next step already stored as an ordinary pending operation.
 */
export interface MigrationState {
  phase: MigrationPhase;
  progress: { step: number; of: number; description: string };
  source: MigrationSourceLine;
  target: { connectionId: string; connectionName: string; carrier: string };
  /**
   * The steps stored so far. A move within one carrier account (`move`, the carrier's own operation at the source)
   * has no port-in and no cease.
   */
  steps: { portIn?: string; move?: string; cancel?: string; cease?: string };
  servicesLost: string[];
  /** When the port-in at the target succeeded: from then on the migration cannot be cancelled. */
  numberMovedAt?: string;
  /** When the target must have completed the port-in; after it the saga cancels the port-in (absent: no deadline). */
  deadline?: string;
  /** Set when the deadline passed and the saga asked the target to cancel (once). */
  deadlinePassedAt?: string;
  /** Who asked for the cancellation under way: the caller's ends the migration `cancelled`, the deadline's `failed`. */
  cancelledBy?: 'caller' | 'deadline';
}

/** The default deadline of a migration's port-in when neither the request nor the gateway's configuration names one. */
export const defaultMigrationDeadlineSeconds = 30 * 86_400;

export const migrationStepCount = 3;

export function migrationStateOf(parent: StoredOperation): MigrationState {
  return parent.result as unknown as MigrationState;
}

export function progressAt(step: number, description: string, of = migrationStepCount): MigrationState['progress'] {
  return { step, of, description };
}

/** The one step of a move within one carrier account. */
export function describeMove(state: { target: { connectionName: string } }, plan: string): string {
  return `Move the line to ${state.target.connectionName} (the carrier's environment ${plan}), keeping its SIM`;
}

/** The SIM a port-in path migration uses at the target; the plan made sure there is one. */
export function targetSimOf(request: MigrateRequest): NonNullable<MigrateRequest['sim']> {
  if (!request.sim) throw new GatewayError('internal', 'a port-in migration without a SIM at the target');
  return request.sim;
}

export function describeStep(step: 1 | 2 | 3, state: Pick<MigrationState, 'source' | 'target'>): string {
  switch (step) {
    case 1:
      return `Port the number in at ${state.target.connectionName}`;
    case 2:
      return `Wait until the line is active at ${state.target.connectionName}`;
    case 3:
      return `Cease the line at ${state.source.connectionName}`;
  }
}
