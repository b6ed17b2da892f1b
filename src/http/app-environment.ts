import type { CarrierDirectory, Clock, Engine, IdGenerator, Store, Tenant } from '../core/index.js';
import type { Logger } from './logger.js';

/** Everything the HTTP app needs from outside, handed to it by a runtime (src/runtime). */
export interface AppDependencies {
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  /** Carrier connections and their adapters. */
  carriers: CarrierDirectory;
  /** Consumes carrier callbacks; the runtime also runs its ticks. */
  engine: Engine;
  /** Called after a carrier callback was applied, so the runtime can run the engine at once. */
  onCallbackReceived?: () => void;
  /** How long an Idempotency-Key is remembered (at least 24 hours). */
  idempotencyRetentionMs?: number;
  /** Authorises POST /v1/tenants; tenant creation is off when absent. */
  adminApiKey?: string;
  /** The Scalar API-reference script, served by us so /docs works without internet. */
  docsScript?: () => Promise<string>;
  version: string;
}

/** Hono's typed context variables for this app. */
export interface AppEnvironment {
  Variables: {
    requestId: string;
    tenant: Tenant;
  };
}
