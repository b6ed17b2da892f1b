import { ConfigError, type GatewayConfig, loadConfig } from '../config.js';
import type { WorkerBindings } from './workers-types.js';

export interface WorkerConfig {
  config: GatewayConfig;
  /** Where to connect: the Hyperdrive binding's connection string, else DATABASE_URL. */
  databaseUrl: string;
  /** The string bindings (variables and secrets), for `{"env": …}` references in carrier connections. */
  environment: Record<string, string>;
}

/** workerd allows six simultaneous open connections per invocation; leave room for carrier and webhook calls. */
const maxConnectionsPerRequest = 3;

/**
 * The worker's configuration: its string bindings validated by the same schema as Node's environment, plus what an
 * isolate cannot do refused by name. There is no start-up in a worker, so a refusal is thrown on the first request
 * or cron and answered as a problem naming the variable.
 */
export function loadWorkerConfig(bindings: WorkerBindings): WorkerConfig {
  const environment = Object.fromEntries(
    Object.entries(bindings).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const config = loadConfig(environment);
  const refusals: string[] = [];
  const databaseUrl = bindings.HYPERDRIVE?.connectionString ?? config.DATABASE_URL;
  if (!databaseUrl) {
    refusals.push(
      '  DATABASE_URL: required on Workers (embedded PGlite does not run in workerd); set it as a secret, or bind Hyperdrive as HYPERDRIVE',
    );
  }
  // On Node, sandbox mode is the default without carrier credentials; a worker has no in-process simulators and no
  // interval clocks, so it is off unless asked for, and asking for it is refused.
  if (config.SANDBOX === true) {
    refusals.push(
      '  SANDBOX: sandbox mode (built-in simulators) is not available on Workers; run the simulators elsewhere and connect them as carriers',
    );
  }
  if (!bindings.ENGINE_SCHEDULER) {
    refusals.push('  ENGINE_SCHEDULER: the Durable Object binding is missing (see wrangler.toml)');
  }
  if (refusals.length > 0) throw new ConfigError(`Invalid configuration:\n${refusals.join('\n')}`);
  return {
    config: {
      ...config,
      sandbox: false,
      DATABASE_MAX_CONNECTIONS: Math.min(config.DATABASE_MAX_CONNECTIONS, maxConnectionsPerRequest),
    },
    databaseUrl: databaseUrl as string,
    environment,
  };
}
