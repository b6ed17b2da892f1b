import { z } from 'zod';
import { isCidrList, loopbackCidrs, type WebhookTargetPolicyOptions } from '../core/index.js';
import { defaultCarrierPluginList } from './carrier-plugins.js';

/**
 * All configuration, from environment variables, validated once at start. A bad value stops the process with a
 * message naming the variable; nothing else in the code base reads process.env.
 */
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

function schemeOf(input: unknown): string | undefined {
  return typeof input === 'string' ? /^([a-z][a-z0-9+.-]*):/i.exec(input)?.[1] : undefined;
}

/**
 * What tenants and admins may make the gateway reach (issue 8): environment variables a carrier connection may
 * reference, and private webhook targets. Sandbox mode allows loopback receivers unless told otherwise.
 */
const reachConfig = {
  CARRIER_ENV_PREFIX: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'letters, digits and _, starting with a letter')
    .default('CARRIER_'),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: optionalText.pipe(booleanText.optional()),
  WEBHOOK_ALLOWED_PRIVATE_CIDRS: optionalText
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .refine(isCidrList, 'a comma-separated list of CIDR ranges, e.g. 10.20.0.0/16,fd00::/8'),
};

function webhookTargetsFrom(config: z.infer<typeof configSchema>, sandbox: boolean): WebhookTargetPolicyOptions {
  const sandboxLoopback = sandbox && config.WEBHOOK_ALLOW_PRIVATE_TARGETS !== false ? loopbackCidrs : [];
  return {
    allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_TARGETS ?? false,
    allowedCidrs: [...config.WEBHOOK_ALLOWED_PRIVATE_CIDRS, ...sandboxLoopback],
  };
}

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** 127.0.0.1 by default: the sandbox key is public, so listening on every interface must be a choice. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** The URL callers (and carriers, for callbacks) reach this gateway at. */
  PUBLIC_URL: z.url().optional(),
  /** postgres://… selects PostgreSQL; without it the gateway uses embedded PGlite in DATA_DIR. */
  DATABASE_URL: optionalText.pipe(
    z
      .url({
        protocol: /^postgres(ql)?$/,
        // Only the scheme is repeated: the URL may carry a password.
        error: (issue) =>
          `must be a postgres:// or postgresql:// URL${schemeOf(issue.input) ? ` (got ${schemeOf(issue.input)}://)` : ''}; leave it unset for embedded PGlite`,
      })
      .optional(),
  ),
  DATA_DIR: z.string().min(1).default('./.data'),
  DATABASE_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(200).default(10),
  /** Authorises tenant administration (POST /v1/tenants). Off when unset. */
  ADMIN_API_KEY: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  SANDBOX_API_KEY: z.string().min(16, 'must be at least 16 characters').default('sk_sandbox_mvno_gateway'),
  /** Force sandbox mode on or off; by default it is on when no carrier credentials are configured. */
  SANDBOX: optionalText.pipe(booleanText.optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Browser origins allowed to call the API (CORS), comma-separated, e.g. https://app.example.com; none by default. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ''),
    )
    .pipe(
      z.array(
        z
          .string()
          .refine(
            (origin) => URL.canParse(origin) && new URL(origin).origin === origin,
            'each must be an origin such as https://app.example.com (scheme, host and port only, no trailing slash)',
          ),
      ),
    ),
  /**
   * The carrier plugins to load: built-in ids and module names or paths, comma-separated
   * (`stn,sps,@acme/mvno-carrier-x`); see carrier-plugin-loader.ts.
   */
  CARRIER_PLUGINS: z.string().default(defaultCarrierPluginList),
  /** sTN Partner API credentials: with them the gateway talks to the real sTN instead of the simulator. */
  STN_BASE_URL: optionalText.pipe(z.url().optional()),
  STN_API_KEY: optionalText,
  /** SPS Subscriptions v5 credentials. */
  SPS_BASE_URL: optionalText.pipe(z.url().optional()),
  SPS_CLIENT_ID: optionalText,
  SPS_CLIENT_SECRET: optionalText,
  SPS_CALLBACK_SECRET: optionalText,
  /** How long the simulators take per asynchronous step in sandbox mode. */
  SANDBOX_CARRIER_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
  /** A scenario file (JSON keyed by carrier id) for the sandbox's simulators: stock, numbers, donors, faults, timing. */
  SANDBOX_SCENARIO: optionalText,
  /** How often the engine claims due operations, and webhook deliveries are sent. */
  ENGINE_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  WEBHOOK_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /** How long an engine's claim on an operation holds; after a crash, its work is picked up once this has passed. */
  ENGINE_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** How long an operation may report a carrier status word its adapter does not know before it fails (24 h). */
  ENGINE_UNKNOWN_STATUS_DEADLINE_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .max(30 * 86_400_000)
    .default(86_400_000),
  /** How long a migration's port-in may take before the saga cancels it (a request's deadlineSeconds wins): 30 days. */
  MIGRATION_DEADLINE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(90 * 86_400)
    .default(30 * 86_400),
  /** Carrier calls are abandoned after this long (a write's outcome is then reconciled before any resend). */
  CARRIER_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  /** Drift sweep (issue 13): how often, how many lines per round, and how old a line's last read must be. 0: off. */
  DRIFT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(0),
  DRIFT_SWEEP_BATCH: z.coerce.number().int().min(1).max(10_000).default(100),
  DRIFT_SWEEP_STALE_AFTER_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(24 * 60 * 60_000),
  /** Names this process in operation leases; random by default. */
  INSTANCE_ID: optionalText,
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** The largest request body the HTTP API reads (callbacks included); larger ones are answered 413. */
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  ...reachConfig,
});

export type RawConfig = z.infer<typeof configSchema>;

export interface GatewayConfig extends RawConfig {
  sandbox: boolean;
  publicUrl: string;
  webhookTargets: WebhookTargetPolicyOptions;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(environment: Record<string, string | undefined>): GatewayConfig {
  const parsed = configSchema.safeParse(environment);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '(environment)');
      return `  ${variable}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  const carrierCredentials = Boolean(config.STN_API_KEY || config.SPS_CLIENT_ID);
  const stnPartial = Boolean(config.STN_BASE_URL) !== Boolean(config.STN_API_KEY);
  if (stnPartial) throw new ConfigError('Invalid configuration:\n  STN_BASE_URL and STN_API_KEY go together');
  const spsParts = [config.SPS_BASE_URL, config.SPS_CLIENT_ID, config.SPS_CLIENT_SECRET, config.SPS_CALLBACK_SECRET];
  if (spsParts.some(Boolean) && !spsParts.every(Boolean)) {
    throw new ConfigError(
      'Invalid configuration:\n  SPS_BASE_URL, SPS_CLIENT_ID, SPS_CLIENT_SECRET and SPS_CALLBACK_SECRET go together',
    );
  }
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const sandbox = config.SANDBOX ?? !carrierCredentials;
  return {
    ...config,
    sandbox,
    publicUrl: config.PUBLIC_URL ?? `http://${host}:${config.PORT}`,
    webhookTargets: webhookTargetsFrom(config, sandbox),
  };
}
