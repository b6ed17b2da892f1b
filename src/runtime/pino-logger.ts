import { type DestinationStream, pino } from 'pino';
import type { CarrierPluginV1 } from '../adapter/index.js';
import { alwaysRedactedFields, createSafeLogger, serializeError } from '../http/log-safety.js';
import type { Logger } from '../http/logger.js';

/** Every secret field name: the fixed list and whatever each loaded plugin declares secret. */
export function secretFieldNames(plugins: readonly Pick<CarrierPluginV1, 'secretConfigFields'>[]): string[] {
  return [...new Set([...alwaysRedactedFields, ...plugins.flatMap((plugin) => plugin.secretConfigFields)])];
}

/**
 * Structured JSON logs on stdout. Every call goes through the safe logger (errors without query parameters, secret
 * fields censored at any depth, secret-shaped tokens masked); pino's own redaction and error serializer stand
 * behind it for anything logged on `raw` directly.
 */
export function createPinoLogger(
  level: string,
  plugins: readonly Pick<CarrierPluginV1, 'secretConfigFields'>[],
  options: { destination?: DestinationStream } = {},
): Logger & { raw: pino.Logger } {
  const secrets = secretFieldNames(plugins);
  const raw = pino(
    {
      level,
      base: { service: 'mvno-gateway' },
      redact: { paths: secrets.flatMap((name) => [name, `*.${name}`]), censor: '[redacted]' },
      serializers: {
        err: (value: unknown) => (value instanceof Error ? serializeError(value) : value),
        error: (value: unknown) => (value instanceof Error ? serializeError(value) : value),
      },
    },
    options.destination,
  );
  const safe = createSafeLogger(
    {
      debug: (fields, message) => raw.debug(fields, message),
      info: (fields, message) => raw.info(fields, message),
      warn: (fields, message) => raw.warn(fields, message),
      error: (fields, message) => raw.error(fields, message),
      isLevelEnabled: (level) => raw.isLevelEnabled(level),
    },
    secrets,
  );
  return { raw, ...safe };
}
