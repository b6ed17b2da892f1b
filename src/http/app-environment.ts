import type {
  CarrierDirectory,
  Clock,
  Engine,
  IdGenerator,
  Store,
  Tenant,
  WebhookTargetPolicy,
} from '../core/index.js';
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
  /** The largest request body read, in bytes (1 MiB when absent); larger ones are answered 413. */
  bodyLimitBytes?: number;
  /** Authorises POST /v1/tenants; tenant creation is off when absent. */
  adminApiKey?: string;
  /** The Scalar API-reference script, served by us so /docs works without internet. */
  docsScript?: () => Promise<string>;
  version: string;
  /** Where callers reach this gateway (PUBLIC_URL): the `servers` entry of /openapi.json. */
  publicUrl?: string;
  /** Browser origins allowed by CORS (CORS_ORIGINS); none when absent. */
  corsOrigins?: readonly string[];
  /** How long a migration's port-in may take when its request names no deadlineSeconds (30 days when absent). */
  migrationDeadlineSeconds?: number;
  /** Sandbox mode: GET / links to GET /sandbox. */
  sandbox?: boolean;
  /** Which webhook URLs a tenant may register; private and loopback targets are refused when absent. */
  webhookTargets?: WebhookTargetPolicy;
  /** Which environment variables a carrier connection may reference as {"env": …}; none when absent. */
  envReferences?: { allows(variable: string): boolean; description: string };
  /** A synchronous SHA-256 (hex) where the runtime has one; Web Crypto's asynchronous digest otherwise. */
  sha256Hex?: (text: string) => string;
}

/** Hono's typed context variables for this app. */
export interface AppEnvironment {
  Variables: {
    requestId: string;
    tenant: Tenant;
  };
}
