/**
 * The few Cloudflare Workers runtime types the worker uses, declared here rather than pulling in
 * @cloudflare/workers-types (whose globals would clash with the DOM and Node types the rest of the code base uses).
 */
export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

export interface ScheduledController {
  readonly scheduledTime: number;
  readonly cron: string;
}

export interface DurableObjectStorage {
  getAlarm(): Promise<number | null>;
  setAlarm(scheduledTime: number): Promise<void>;
}

export interface DurableObjectState {
  readonly storage: DurableObjectStorage;
  waitUntil(promise: Promise<unknown>): void;
}

export interface DurableObjectStub {
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

export interface DurableObjectNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): DurableObjectStub;
}

/** A Hyperdrive binding: a pooled, nearby connection string for the origin database. */
export interface HyperdriveBinding {
  readonly connectionString: string;
}

/** What wrangler.toml binds: variables and secrets (strings), the engine scheduler, optionally Hyperdrive. */
export interface WorkerBindings {
  ENGINE_SCHEDULER?: DurableObjectNamespace;
  HYPERDRIVE?: HyperdriveBinding;
  [variable: string]: unknown;
}
